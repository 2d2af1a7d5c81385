package dev.hud.trainer.search;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.hud.trainer.model.EpochMetrics;

/**
 * One fold of one repeat of one trial, and what decided what.
 *
 * @param trainRows          rows the network trained on
 * @param earlyStoppingRows  rows whose loss decided early stopping (0 without it); with {@code trainRows}, the fold's
 * training rows
 * @param scoredRows         rows the fold is scored on (the fold itself), disjoint from both
 * @param bestEpoch          the epoch whose weights were kept (the best early-stopping loss with early stopping); 0 if
 * none
 * @param stoppedEpoch       where early stopping ended training, 0 if it ran all epochs
 * @param divergedEpoch      where the loss became NaN or infinite, 0 if it never did; a diverged fold scores 0 and no
 * loss
 * @param validationAccuracy accuracy on the scored rows with the kept weights
 * @param validationLoss     loss on the scored rows with the kept weights (NaN for a diverged fold)
 * @param history            per-epoch train, scored and early-stopping loss and accuracy
 */
public record FoldResult(int repeat, int fold, int trainRows, int earlyStoppingRows, int scoredRows, int bestEpoch,
        int stoppedEpoch,
        int divergedEpoch, double validationAccuracy, double validationLoss, List<EpochMetrics> history) {

    @JsonProperty
    public boolean diverged() {
        return divergedEpoch > 0;
    }
}
