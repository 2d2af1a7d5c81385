package dev.hud.trainer.model;

import java.util.SplittableRandom;

/**
 * The flat layout of a network's parameters, shared by {@link BatchedTrainer} and the DL4J model:
 * for each layer in order, its weights [inputs x outputs] row by row, then its biases [outputs].
 */
public final class NetworkParameters {

    private NetworkParameters() {
    }

    /** Offset of layer {@code layer}'s weights in the flat vector; its biases follow them. */
    public static int offsetOf(NetworkSpec spec, int features, int layer) {
        int offset = 0;
        for (int l = 0; l < layer; l++) {
            offset += (spec.inputsOf(l, features) + 1) * spec.outputsOf(l);
        }
        return offset;
    }

    /**
     * Glorot/Xavier-uniform weights, U(-sqrt(6 / (in + out)), +sqrt(6 / (in + out))) (Keras's
     * default and DL4J's XAVIER_UNIFORM), zero biases.
     */
    public static float[] initial(NetworkSpec spec, int features, SplittableRandom random) {
        float[] parameters = new float[spec.parameterCount(features)];
        for (int layer = 0; layer < spec.layers(); layer++) {
            int in = spec.inputsOf(layer, features);
            int out = spec.outputsOf(layer);
            double limit = Math.sqrt(6.0 / (in + out));
            int offset = offsetOf(spec, features, layer);
            for (int i = 0; i < in * out; i++) {
                parameters[offset + i] = (float) ((random.nextDouble() * 2 - 1) * limit);
            }
        }
        return parameters;
    }
}
