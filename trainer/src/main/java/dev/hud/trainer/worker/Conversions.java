package dev.hud.trainer.worker;

import java.util.List;

import dev.hud.common.messages.Cell;
import dev.hud.common.messages.TrainingEvents;
import dev.hud.trainer.model.ClassificationMetrics;
import dev.hud.trainer.model.Hyperparameters;
import dev.hud.trainer.model.Optimizer;
import dev.hud.trainer.search.TrialResult;

/** Between the trainer's own types and the message records. */
final class Conversions {

    private Conversions() {
    }

    static Hyperparameters hyperparameters(Cell cell) {
        if (cell == null) {
            throw new IllegalArgumentException("a cell is null");
        }
        return new Hyperparameters(cell.learningRate(), cell.momentum(), cell.batchSize(), cell.epochs(),
                Optimizer.parse(cell.optimizer() == null ? "sgd" : cell.optimizer()));
    }

    static Cell cell(Hyperparameters hp) {
        return new Cell(hp.learningRate(), hp.momentum(), hp.batchSize(), hp.epochs(), hp.optimizer().label());
    }

    static TrainingEvents.TrialCompleted trialCompleted(String jobId, String trialId, TrialResult trial, String device,
            String workerId, double wallSeconds) {
        List<TrainingEvents.Fold> folds = trial.folds().stream().map(fold -> new TrainingEvents.Fold(fold.fold(), fold.bestEpoch(),
                fold.stoppedEpoch(), fold.validationAccuracy(), fold.validationLoss(), fold.history().stream()
                        .map(m -> new double[] { m.trainLoss(), m.trainAccuracy(), m.validationLoss(), m.validationAccuracy() })
                        .toList()))
                .toList();
        return new TrainingEvents.TrialCompleted(TrainingEvents.TrialCompleted.SCHEMA, jobId, trialId, cell(trial.hyperparameters()),
                trial.meanAccuracy(), trial.stdAccuracy(), trial.meanLoss(), folds, device, workerId, wallSeconds, false);
    }

    static TrainingEvents.Metrics metrics(ClassificationMetrics m) {
        return new TrainingEvents.Metrics(m.accuracy(), m.precision(), m.recall(), m.f1(), m.rocAuc(), m.truePositives(),
                m.falsePositives(), m.trueNegatives(), m.falseNegatives());
    }
}
