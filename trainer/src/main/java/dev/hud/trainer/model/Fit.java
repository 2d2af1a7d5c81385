package dev.hud.trainer.model;

/**
 * One network to train: its hyperparameters, its already scaled rows, and the seed that fixes its
 * initial weights, the order of its minibatches and its dropout masks.
 *
 * @param validationX  empty when the fit has no validation rows (a refit on the whole training split)
 */
public record Fit(String id, Hyperparameters hyperparameters, float[][] trainX, float[] trainY,
        float[][] validationX, float[] validationY, EarlyStopping earlyStopping, long seed) {

    public Fit {
        if (trainX.length == 0 || trainX.length != trainY.length || validationX.length != validationY.length) {
            throw new IllegalArgumentException("fit " + id + ": rows and labels do not match");
        }
        if (earlyStopping != null && validationX.length == 0) {
            throw new IllegalArgumentException("fit " + id + ": early stopping needs validation rows");
        }
    }

    public int iterationsPerEpoch() {
        return (trainX.length + hyperparameters.batchSize() - 1) / hyperparameters.batchSize();
    }
}
