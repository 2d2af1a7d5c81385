package dev.hud.trainer.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.hud.trainer.model.Hyperparameters;
import dev.hud.trainer.model.Optimizer;

class TrialResultTest {

    private static final Hyperparameters CELL = new Hyperparameters(0.03, 0.4, 5, 55, Optimizer.SGD);

    @Test
    void aDivergedFoldScoresZeroAndTheCellIsNeverTheBest() {
        var diverged = TrialResult.of(CELL, List.of(fold(0, 0.95, 0), fold(1, 0, 7), fold(2, 0.96, 0)));
        var modest = TrialResult.of(CELL, List.of(fold(0, 0.80, 0), fold(1, 0.81, 0), fold(2, 0.79, 0)));
        assertTrue(diverged.diverged());
        assertEquals((0.95 + 0.96) / 3, diverged.meanAccuracy(), 1e-12);
        assertTrue(Double.isNaN(diverged.meanLoss()), "a diverged fold has no loss");
        assertFalse(modest.diverged());
        assertEquals(List.of(modest, diverged),
                List.of(diverged, modest).stream().sorted(TrialResult.BEST_FIRST).toList());
    }

    @Test
    void theIntervalIsTheCorrectedResampledT() {
        double[] scores = { 0.96, 0.97, 0.95, 0.98, 0.94 };
        var trial = TrialResult.of(CELL, IntStream.range(0, 5).mapToObj(f -> fold(f, scores[f], 0)).toList());
        double mean = 0.96;
        double sampleVariance = (0.0001 * 2 + 0.0004 * 2) / 4;
        // 5 folds, 91 scored of 365 trained each: var = s² (1/5 + 91/365); t(0.975, 4) = 2.7764
        double half = 2.7764451 * Math.sqrt(sampleVariance * (1.0 / 5 + 91.0 / 365));
        assertEquals(mean - half, trial.intervalLow(), 1e-6);
        assertEquals(mean + half, trial.intervalHigh(), 1e-6);
    }

    private static FoldResult fold(int fold, double accuracy, int divergedEpoch) {
        return new FoldResult(0, fold, 329, 36, 91, divergedEpoch > 0 ? 0 : 20, 0, divergedEpoch, accuracy,
                divergedEpoch > 0 ? Double.NaN : 0.1, List.of());
    }
}
