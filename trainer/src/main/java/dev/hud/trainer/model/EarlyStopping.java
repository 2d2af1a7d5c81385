package dev.hud.trainer.model;

/**
 * Stop a fit when the loss on its early-stopping rows has not improved by more than
 * {@code minDelta} for {@code patience} epochs, and keep the weights of its best epoch.
 *
 * <p>The early-stopping rows are {@code validationFraction} of the fit's training rows (stratified,
 * seeded), set aside before training as Keras' {@code validation_split} does: the rows a fold is
 * scored on never choose its epoch.
 */
public record EarlyStopping(int patience, double minDelta, double validationFraction) {

    public static final double DEFAULT_VALIDATION_FRACTION = 0.1;

    public EarlyStopping {
        if (patience < 1) {
            throw new IllegalArgumentException("early-stopping patience must be >= 1, got " + patience);
        }
        if (!(minDelta >= 0)) {
            throw new IllegalArgumentException("early-stopping min-delta must be >= 0, got " + minDelta);
        }
        if (!(validationFraction >= 0.05 && validationFraction <= 0.5)) {
            throw new IllegalArgumentException(
                    "early-stopping validation fraction must be in [0.05, 0.5], got " + validationFraction);
        }
    }

    public EarlyStopping(int patience, double minDelta) {
        this(patience, minDelta, DEFAULT_VALIDATION_FRACTION);
    }
}
