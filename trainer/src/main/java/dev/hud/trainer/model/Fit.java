package dev.hud.trainer.model;

/**
 * One network to train: its hyperparameters, its already scaled rows, and the seed that fixes its
 * initial weights, the order of its minibatches and its dropout masks.
 *
 * @param earlyStoppingX  the rows whose loss decides early stopping (empty without early stopping)
 * @param validationX     the rows the fit is scored on, measured after every epoch and never used to
 *                        decide anything; empty when there are none (a refit on the whole training split)
 */
public record Fit(String id, Hyperparameters hyperparameters, float[][] trainX, float[] trainY,
        float[][] earlyStoppingX,
        float[] earlyStoppingY, float[][] validationX, float[] validationY, EarlyStopping earlyStopping, long seed) {

    private static final float[][] NO_ROWS = new float[0][];
    private static final float[] NO_LABELS = new float[0];

    public Fit {
        if (trainX.length == 0 || trainX.length != trainY.length || validationX.length != validationY.length
                || earlyStoppingX.length != earlyStoppingY.length) {
            throw new IllegalArgumentException("fit " + id + ": rows and labels do not match");
        }
        if (earlyStopping != null && earlyStoppingX.length == 0) {
            throw new IllegalArgumentException("fit " + id + ": early stopping needs early-stopping rows");
        }
    }

    /** A fit without early stopping. */
    public static Fit withoutEarlyStopping(String id, Hyperparameters hyperparameters, float[][] trainX, float[] trainY,
            float[][] validationX, float[] validationY, long seed) {
        return new Fit(id, hyperparameters, trainX, trainY, NO_ROWS, NO_LABELS, validationX, validationY, null, seed);
    }

    public int iterationsPerEpoch() {
        return (trainX.length + hyperparameters.batchSize() - 1) / hyperparameters.batchSize();
    }
}
