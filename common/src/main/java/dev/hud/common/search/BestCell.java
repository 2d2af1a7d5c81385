package dev.hud.common.search;

import java.util.Comparator;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * Which cell of a grid search wins and how long its refit trains: one rule for the gateway (which picks the best of a
 * job's trials and asks for the refit) and the trainer's command line (which runs a whole search itself).
 */
public final class BestCell {

    private BestCell() {
    }

    /**
     * Cells that trained to the end first (a diverged cell is never the best); then the highest mean accuracy; among
     * equals, the lower mean loss (an unknown loss last).
     */
    public static <T> Comparator<T> first(Predicate<T> diverged, ToDoubleFunction<T> meanAccuracy,
            Function<T, Double> meanLoss) {
        return Comparator.comparing((T trial) -> diverged.test(trial))
                .thenComparing(Comparator.comparingDouble(meanAccuracy).reversed())
                .thenComparing(meanLoss, Comparator.nullsLast(Comparator.naturalOrder()));
    }

    /**
     * Epochs to refit the best cell on all training rows: its own epochs, or with early stopping the rounded mean of
     * the epochs its folds stopped at (at least 1; its own epochs when no fold says).
     */
    public static int refitEpochs(int epochs, boolean earlyStopping, IntStream bestEpochs) {
        if (!earlyStopping) {
            return epochs;
        }
        return (int) Math.max(1, Math.round(bestEpochs.average().orElse(epochs)));
    }
}
