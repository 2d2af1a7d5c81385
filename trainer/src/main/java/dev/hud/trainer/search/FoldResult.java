package dev.hud.trainer.search;

import java.util.List;

import dev.hud.trainer.model.EpochMetrics;

/**
 * One fold of one trial.
 *
 * @param bestEpoch     the epoch whose weights were kept (the best validation loss with early stopping)
 * @param stoppedEpoch  where early stopping ended training, 0 if it ran all epochs
 * @param history       per-epoch train and validation loss and accuracy
 */
public record FoldResult(int fold, int bestEpoch, int stoppedEpoch, double validationAccuracy, double validationLoss,
        List<EpochMetrics> history) {
}
