package dev.hud.trainer.worker;

import java.util.List;

import dev.hud.common.data.Dataset;
import dev.hud.common.messages.TrainingWork;
import dev.hud.trainer.model.Hyperparameters;
import dev.hud.trainer.search.SearchSettings;

/** A checked work message, ready to run. */
record WorkPlan(TrainingWork work, Dataset dataset, SearchSettings settings, List<Hyperparameters> cells) {
}
