package dev.hud.trainer.model;

import java.util.List;

/**
 * What training one network produced.
 *
 * @param history       per epoch, as trained (up to the epoch it stopped at)
 * @param bestEpoch     1-based epoch whose weights {@code parameters} holds: the best validation loss
 *                      with early stopping, otherwise the last epoch
 * @param stoppedEpoch  1-based epoch at which early stopping ended the fit, or 0 if it ran all epochs
 * @param parameters    the kept weights, in {@link NetworkParameters} layout
 */
public record FitOutcome(String id, List<EpochMetrics> history, int bestEpoch, int stoppedEpoch, float[] parameters) {

    public EpochMetrics best() {
        return history.get(bestEpoch - 1);
    }
}
