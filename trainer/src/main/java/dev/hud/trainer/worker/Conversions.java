package dev.hud.trainer.worker;

import java.util.ArrayList;
import java.util.List;

import dev.hud.common.messages.Cell;
import dev.hud.common.messages.TrainingEvents;
import dev.hud.common.messages.TrainingWork;
import dev.hud.trainer.model.ClassificationMetrics;
import dev.hud.trainer.model.EpochMetrics;
import dev.hud.trainer.model.Hyperparameters;
import dev.hud.trainer.model.Optimizer;
import dev.hud.trainer.search.FoldResult;
import dev.hud.trainer.search.TrialResult;

/** Between the trainer's own types and the message records. */
final class Conversions {

    private Conversions() {
    }

    static Hyperparameters hyperparameters(Cell cell) {
        return hyperparameters(cell, TrainingWork.SCHEMA);
    }

    /** A cell as the schema of its message means it: in v1, {@code sgd} was Nesterov momentum. */
    static Hyperparameters hyperparameters(Cell cell, String schema) {
        if (cell == null) {
            throw new IllegalArgumentException("a cell is null");
        }
        Optimizer optimizer = Optimizer.parse(cell.optimizer() == null ? "sgd" : cell.optimizer());
        if (TrainingWork.SCHEMA_V1.equals(schema) && optimizer == Optimizer.SGD) {
            optimizer = Optimizer.NESTEROV;
        }
        return new Hyperparameters(cell.learningRate(), cell.momentum(), cell.batchSize(), cell.epochs(), optimizer);
    }

    static Cell cell(Hyperparameters hp) {
        return new Cell(hp.learningRate(), hp.momentum(), hp.batchSize(), hp.epochs(), hp.optimizer().label());
    }

    static TrainingEvents.TrialCompleted trialCompleted(String jobId, String trialId, TrialResult trial, String device,
            String workerId, double wallSeconds) {
        List<TrainingEvents.Fold> folds = new ArrayList<>();
        for (int index = 0; index < trial.folds().size(); index++) {
            FoldResult fold = trial.folds().get(index);
            folds.add(new TrainingEvents.Fold(index, fold.repeat(), fold.trainRows(), fold.earlyStoppingRows(),
                    fold.scoredRows(),
                    fold.bestEpoch(), fold.stoppedEpoch(), fold.divergedEpoch(), fold.validationAccuracy(),
                    finiteOrNull(fold.validationLoss()),
                    fold.history().stream().map(Conversions::historyEntry).toList()));
        }
        return new TrainingEvents.TrialCompleted(TrainingEvents.TrialCompleted.SCHEMA, jobId, trialId,
                cell(trial.hyperparameters()),
                trial.meanAccuracy(), trial.stdAccuracy(), trial.intervalLow(), trial.intervalHigh(),
                finiteOrNull(trial.meanLoss()),
                trial.diverged(), folds, device, workerId, wallSeconds, false);
    }

    /**
     * [trainLoss, trainAcc, valLoss, valAcc], and [esLoss, esAcc] after them when early stopping had rows of its own.
     */
    private static double[] historyEntry(EpochMetrics m) {
        return Double.isNaN(m.earlyStoppingLoss())
                ? new double[] { m.trainLoss(), m.trainAccuracy(), m.validationLoss(), m.validationAccuracy() }
                : new double[] { m.trainLoss(), m.trainAccuracy(), m.validationLoss(), m.validationAccuracy(),
                        m.earlyStoppingLoss(),
                        m.earlyStoppingAccuracy() };
    }

    /** JSON has no NaN: a loss that does not exist (a diverged fit's) is sent as null. */
    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    static TrainingEvents.Metrics metrics(ClassificationMetrics m) {
        return new TrainingEvents.Metrics(m.accuracy(), m.precision(), m.recall(), m.f1(), m.rocAuc(),
                m.truePositives(),
                m.falsePositives(), m.trueNegatives(), m.falseNegatives());
    }
}
