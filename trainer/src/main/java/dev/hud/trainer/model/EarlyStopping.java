package dev.hud.trainer.model;

/**
 * Stop a fit when its validation loss has not improved by more than {@code minDelta} for
 * {@code patience} epochs, and keep the weights of its best epoch.
 */
public record EarlyStopping(int patience, double minDelta) {

    public EarlyStopping {
        if (patience < 1) {
            throw new IllegalArgumentException("early-stopping patience must be >= 1, got " + patience);
        }
        if (!(minDelta >= 0)) {
            throw new IllegalArgumentException("early-stopping min-delta must be >= 0, got " + minDelta);
        }
    }
}
