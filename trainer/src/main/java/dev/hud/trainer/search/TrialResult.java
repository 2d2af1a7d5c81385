package dev.hud.trainer.search;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import dev.hud.trainer.model.Hyperparameters;

/**
 * One grid cell evaluated by cross-validation. Its score is the mean validation accuracy over its
 * folds (with the population standard deviation, as scikit-learn reports it).
 */
public record TrialResult(Hyperparameters hyperparameters, double meanAccuracy, double stdAccuracy,
        double meanLoss, List<FoldResult> folds) {

    /** Highest mean accuracy first; among equals, the lower mean validation loss. */
    public static final Comparator<TrialResult> BEST_FIRST = Comparator.comparingDouble(TrialResult::meanAccuracy).reversed()
            .thenComparingDouble(TrialResult::meanLoss);

    public static TrialResult of(Hyperparameters hyperparameters, List<FoldResult> folds) {
        double mean = folds.stream().mapToDouble(FoldResult::validationAccuracy).average().orElseThrow();
        double variance = folds.stream().mapToDouble(fold -> Math.pow(fold.validationAccuracy() - mean, 2)).average().orElseThrow();
        double loss = folds.stream().mapToDouble(FoldResult::validationLoss).average().orElseThrow();
        return new TrialResult(hyperparameters, mean, Math.sqrt(variance), loss, List.copyOf(folds));
    }

    /** Epochs to refit on all training rows: the folds' mean best epoch when they stopped early. */
    public int refitEpochs(boolean earlyStopping) {
        return refitEpochs(hyperparameters.epochs(), earlyStopping, folds.stream().mapToInt(FoldResult::bestEpoch));
    }

    /** The cell's epochs, or with early stopping the rounded mean of the folds' best epochs. */
    public static int refitEpochs(int epochs, boolean earlyStopping, IntStream bestEpochs) {
        if (!earlyStopping) {
            return epochs;
        }
        return (int) Math.max(1, Math.round(bestEpochs.average().orElse(epochs)));
    }
}
