package dev.hud.trainer.model;

/**
 * One fit's state after an epoch, measured without dropout over all its training rows and all its
 * validation rows (validation values are NaN for a fit without validation rows).
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
        double validationAccuracy) {
}
