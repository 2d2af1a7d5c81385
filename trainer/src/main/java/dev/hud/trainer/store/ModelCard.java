package dev.hud.trainer.store;

import java.util.List;

import dev.hud.common.messages.Cell;
import dev.hud.common.messages.TrainingEvents.Metrics;
import dev.hud.common.messages.TrainingEvents.Scaler;

/**
 * What a model is, beside its model.zip: the features it expects in order, what its output means,
 * how it was trained and how it did on the held-out rows.
 *
 * @param scaler  the ranges its scaler was fitted with (also inside model.zip); null in cards of older trainers
 */
public record ModelCard(String modelId, String jobId, String dataset, String label, List<String> features,
        String positiveClass, String negativeClass, Cell cell, int refitEpochs, Metrics holdout, String device,
        long createdAt, Scaler scaler) {
}
