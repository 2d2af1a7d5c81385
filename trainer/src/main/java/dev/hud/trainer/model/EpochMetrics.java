package dev.hud.trainer.model;

/**
 * One fit's state after an epoch, measured without dropout over all its training rows, all its
 * early-stopping rows and all its validation (scored) rows; a value is NaN where the fit has no such
 * rows. Early stopping reads only {@code earlyStoppingLoss}.
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
        double validationAccuracy, double earlyStoppingLoss, double earlyStoppingAccuracy) {

    /** Whether training has blown up: the loss on the training rows is NaN or infinite. */
    public boolean diverged() {
        return !Double.isFinite(trainLoss);
    }
}
