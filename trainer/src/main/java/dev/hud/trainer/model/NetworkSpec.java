package dev.hud.trainer.model;

import java.util.Arrays;

/**
 * The classifier's shape: dense ReLU layers, each followed by its own dropout ratio, then one
 * sigmoid output (probability of the positive class) trained on binary cross-entropy.
 *
 * @param hidden   units per hidden layer
 * @param dropout  per hidden layer, the share of its outputs dropped while training, in [0, 1)
 */
public record NetworkSpec(int[] hidden, double[] dropout) {

    /** The seed experiment's shape: 16 and 16 ReLU units, each followed by 10% dropout. */
    public static final NetworkSpec DEFAULT = new NetworkSpec(new int[] { 16, 16 }, new double[] { 0.1, 0.1 });

    public NetworkSpec {
        if (hidden.length == 0 || hidden.length != dropout.length) {
            throw new IllegalArgumentException("need one dropout ratio per hidden layer, got "
                    + Arrays.toString(hidden) + " and " + Arrays.toString(dropout));
        }
        for (int units : hidden) {
            if (units < 1 || units > 4096) {
                throw new IllegalArgumentException(
                        "hidden layer sizes must be in [1, 4096], got " + Arrays.toString(hidden));
            }
        }
        for (double ratio : dropout) {
            if (!(ratio >= 0 && ratio < 1)) {
                throw new IllegalArgumentException("dropout ratios must be in [0, 1), got " + Arrays.toString(dropout));
            }
        }
        hidden = hidden.clone();
        dropout = dropout.clone();
    }

    /** Input width of layer {@code layer} (0-based, the output layer is {@code hidden.length}). */
    public int inputsOf(int layer, int features) {
        return layer == 0 ? features : hidden[layer - 1];
    }

    public int outputsOf(int layer) {
        return layer == hidden.length ? 1 : hidden[layer];
    }

    public int layers() {
        return hidden.length + 1;
    }

    /** Weights and biases of all layers, flattened. */
    public int parameterCount(int features) {
        int count = 0;
        for (int layer = 0; layer < layers(); layer++) {
            count += (inputsOf(layer, features) + 1) * outputsOf(layer);
        }
        return count;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NetworkSpec spec && Arrays.equals(hidden, spec.hidden)
                && Arrays.equals(dropout, spec.dropout);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(hidden) + Arrays.hashCode(dropout);
    }

    @Override
    public String toString() {
        return "NetworkSpec" + Arrays.toString(hidden) + " dropout " + Arrays.toString(dropout);
    }
}
