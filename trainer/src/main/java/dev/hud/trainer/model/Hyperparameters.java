package dev.hud.trainer.model;

/**
 * One cell of a grid: how one network is trained.
 *
 * @param learningRate  > 0
 * @param momentum      in [0, 1); used by {@link Optimizer#SGD} and {@link Optimizer#NESTEROV}
 * @param batchSize     rows per gradient step, >= 1
 * @param epochs        passes over the training rows, >= 1
 * @param optimizer     the update rule
 */
public record Hyperparameters(double learningRate, double momentum, int batchSize, int epochs, Optimizer optimizer) {

    public Hyperparameters {
        if (!(learningRate > 0 && learningRate <= 10)) {
            throw new IllegalArgumentException("learning rate must be in (0, 10], got " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer is required");
        }
    }
}
