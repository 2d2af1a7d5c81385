package dev.hud.trainer.model;

import java.util.List;

/**
 * What training one network produced.
 *
 * @param history        per epoch, as trained (up to the epoch it stopped at; a diverged epoch is not in it)
 * @param bestEpoch      1-based epoch whose weights {@code parameters} holds: the best early-stopping loss
 *                       with early stopping, otherwise the last epoch; 0 if no epoch ended with finite weights
 * @param stoppedEpoch   1-based epoch at which early stopping ended the fit, or 0 if it ran all epochs
 * @param divergedEpoch  1-based epoch whose loss became NaN or infinite, which ended the fit; 0 if none did
 * @param parameters     the kept weights, in {@link NetworkParameters} layout
 */
public record FitOutcome(String id, List<EpochMetrics> history, int bestEpoch, int stoppedEpoch, int divergedEpoch,
        float[] parameters) {

    public boolean diverged() {
        return divergedEpoch > 0;
    }

    /** The metrics of the kept weights; empty-handed (null) only when the very first epoch diverged. */
    public EpochMetrics best() {
        return bestEpoch == 0 ? null : history.get(bestEpoch - 1);
    }
}
