package dev.hud.trainer.search;

import java.util.Comparator;
import java.util.List;

import org.apache.commons.math3.distribution.TDistribution;

import dev.hud.common.search.BestCell;
import dev.hud.trainer.model.Hyperparameters;

/**
 * One grid cell evaluated by (repeated) cross-validation. Its score is the mean accuracy over all its
 * folds of all repeats, with the population standard deviation (as scikit-learn reports it) and a 95%
 * interval for the mean.
 *
 * <p>The interval is the corrected resampled t interval (Nadeau and Bengio 2003; Bouckaert and Frank
 * 2004 for repeated k-fold): the folds share most of their training rows, so their scores are not
 * independent and the naive {@code s / sqrt(n)} is too narrow. The variance of the mean is taken as
 * {@code s² (1/n + scored/trained)}, with Student's t at n - 1 degrees of freedom.
 *
 * @param diverged  some fold's loss became NaN or infinite: the cell is never the best one
 */
public record TrialResult(Hyperparameters hyperparameters, double meanAccuracy, double stdAccuracy, double intervalLow,
        double intervalHigh, double meanLoss, boolean diverged, List<FoldResult> folds) {

    /** The best cell first ({@link BestCell#first}). */
    public static final Comparator<TrialResult> BEST_FIRST = BestCell.first(TrialResult::diverged,
            TrialResult::meanAccuracy,
            TrialResult::meanLoss);

    public static TrialResult of(Hyperparameters hyperparameters, List<FoldResult> folds) {
        double[] scores = folds.stream().mapToDouble(FoldResult::validationAccuracy).toArray();
        int n = scores.length;
        double mean = mean(scores);
        double squares = 0;
        for (double score : scores) {
            squares += (score - mean) * (score - mean);
        }
        double halfWidth = 0;
        if (n > 1) {
            double scoredShare = folds.stream()
                    .mapToDouble(fold -> (double) fold.scoredRows() / (fold.trainRows() + fold.earlyStoppingRows()))
                    .average().orElseThrow();
            double variance = squares / (n - 1) * (1.0 / n + scoredShare);
            halfWidth = new TDistribution(n - 1).inverseCumulativeProbability(0.975) * Math.sqrt(variance);
        }
        boolean diverged = folds.stream().anyMatch(FoldResult::diverged);
        double loss = diverged ? Double.NaN
                : folds.stream().mapToDouble(FoldResult::validationLoss).average().orElseThrow();
        return new TrialResult(hyperparameters, mean, Math.sqrt(squares / n), Math.max(0, mean - halfWidth),
                Math.min(1, mean + halfWidth),
                loss, diverged, List.copyOf(folds));
    }

    /** Epochs to refit on all training rows ({@link BestCell#refitEpochs}). */
    public int refitEpochs(boolean earlyStopping) {
        return BestCell.refitEpochs(hyperparameters.epochs(), earlyStopping,
                folds.stream().mapToInt(FoldResult::bestEpoch));
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }
}
