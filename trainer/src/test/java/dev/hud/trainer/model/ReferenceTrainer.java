package dev.hud.trainer.model;

import java.util.SplittableRandom;

/**
 * One fit trained the plain way, row by row in double precision, with nothing batched or shared: the
 * reference {@link BatchedTrainer} is checked against where DL4J has no counterpart (classical
 * momentum) and for what DL4J's loop does not do for us (our dropout masks, early stopping's restore
 * of the best epoch). It draws its initial weights, minibatch order and dropout masks from the fit's
 * seed in the order {@code BatchedTrainer} does, so both see the same minibatches and masks.
 */
final class ReferenceTrainer {

    record Result(double[] parameters, int bestEpoch, int stoppedEpoch) {
    }

    private final NetworkSpec spec;
    private final int features;
    private final int layers;

    ReferenceTrainer(NetworkSpec spec, int features) {
        this.spec = spec;
        this.features = features;
        this.layers = spec.layers();
    }

    Result train(Fit fit) {
        Hyperparameters hp = fit.hyperparameters();
        var random = new SplittableRandom(fit.seed());
        double[] w = toDouble(NetworkParameters.initial(spec, features, random));
        double[] velocity = new double[w.length];
        double[] best = w.clone();
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int sinceBest = 0;
        int batch = hp.batchSize();
        int iterations = fit.iterationsPerEpoch();
        for (int epoch = 1; epoch <= hp.epochs(); epoch++) {
            int[] order = Minibatches.shuffled(fit.trainX().length, random);
            double[][][] masks = masks(random, iterations, batch);
            for (int i = 0; i < iterations; i++) {
                int inBatch = Math.min(batch, order.length - i * batch);
                double[] gradient = new double[w.length];
                for (int s = 0; s < inBatch; s++) {
                    int row = order[i * batch + s];
                    accumulate(w, fit.trainX()[row], fit.trainY()[row], masks, i, s, 1.0 / inBatch, gradient);
                }
                update(hp, w, velocity, gradient);
            }
            if (fit.earlyStopping() == null) {
                bestEpoch = epoch;
                continue;
            }
            double loss = loss(w, fit.earlyStoppingX(), fit.earlyStoppingY());
            if (loss < bestLoss - fit.earlyStopping().minDelta()) {
                bestLoss = loss;
                bestEpoch = epoch;
                sinceBest = 0;
                best = w.clone();
            } else if (++sinceBest >= fit.earlyStopping().patience()) {
                return new Result(best, bestEpoch, epoch);
            }
        }
        return new Result(fit.earlyStopping() == null ? w : best, bestEpoch, 0);
    }

    /** [layer][iteration][row in batch x units]: 0 or 1 / retain, drawn as BatchedTrainer draws them. */
    private double[][][] masks(SplittableRandom random, int iterations, int batch) {
        double[][][] masks = new double[layers - 1][][];
        for (int l = 0; l < layers - 1; l++) {
            if (spec.dropout()[l] == 0) {
                continue;
            }
            int units = spec.hidden()[l];
            double retain = 1 - spec.dropout()[l];
            masks[l] = new double[iterations][batch * units];
            for (int i = 0; i < iterations; i++) {
                for (int k = 0; k < batch * units; k++) {
                    masks[l][i][k] = random.nextDouble() < retain ? (float) (1 / retain) : 0;
                }
            }
        }
        return masks;
    }

    /** Adds one row's gradient of the minibatch-mean binary cross-entropy, scaled by {@code weight}. */
    private void accumulate(double[] w, float[] x, float y, double[][][] masks, int iteration, int slot, double weight,
            double[] gradient) {
        double[][] outputs = new double[layers][];
        double[][] keep = new double[layers][];
        double[] input = toDouble(x);
        double[][] inputs = new double[layers][];
        for (int l = 0; l < layers; l++) {
            inputs[l] = input;
            double[] z = affine(w, l, input);
            if (l == layers - 1) {
                outputs[l] = z;
                break;
            }
            int units = z.length;
            keep[l] = new double[units];
            double[] a = new double[units];
            for (int u = 0; u < units; u++) {
                double mask = masks[l] == null ? 1 : masks[l][iteration][slot * units + u];
                keep[l][u] = (z[u] > 0 ? 1 : 0) * mask;
                a[u] = z[u] * keep[l][u];
            }
            outputs[l] = a;
            input = a;
        }
        double p = 1 / (1 + Math.exp(-outputs[layers - 1][0]));
        double[] delta = { (p - y) * weight };
        for (int l = layers - 1; l >= 0; l--) {
            int in = spec.inputsOf(l, features);
            int out = spec.outputsOf(l);
            int offset = NetworkParameters.offsetOf(spec, features, l);
            double[] previous = new double[in];
            for (int r = 0; r < in; r++) {
                for (int c = 0; c < out; c++) {
                    gradient[offset + r * out + c] += inputs[l][r] * delta[c];
                    previous[r] += delta[c] * w[offset + r * out + c];
                }
            }
            for (int c = 0; c < out; c++) {
                gradient[offset + in * out + c] += delta[c];
            }
            if (l > 0) {
                for (int r = 0; r < in; r++) {
                    previous[r] *= keep[l - 1][r];
                }
            }
            delta = previous;
        }
    }

    private static void update(Hyperparameters hp, double[] w, double[] v, double[] g) {
        double lr = hp.learningRate();
        double mu = hp.momentum();
        for (int i = 0; i < w.length; i++) {
            switch (hp.optimizer()) {
                case SGD -> { // Keras: v = mu v - lr g; w += v
                    v[i] = mu * v[i] - lr * g[i];
                    w[i] += v[i];
                }
                case NESTEROV -> { // DL4J Nesterovs: v' = mu v - lr g; w += -mu v + (1 + mu) v'
                    double previous = v[i];
                    v[i] = mu * v[i] - lr * g[i];
                    w[i] += -mu * previous + (1 + mu) * v[i];
                }
                default -> throw new IllegalArgumentException("the reference implements momentum SGD only");
            }
        }
    }

    /** Mean clipped binary cross-entropy without dropout, as HUD and DL4J score. */
    double loss(double[] w, float[][] rows, float[] labels) {
        double sum = 0;
        for (int r = 0; r < rows.length; r++) {
            double[] input = toDouble(rows[r]);
            for (int l = 0; l < layers; l++) {
                double[] z = affine(w, l, input);
                if (l < layers - 1) {
                    for (int u = 0; u < z.length; u++) {
                        z[u] = Math.max(0, z[u]);
                    }
                }
                input = z;
            }
            sum += BatchedEvaluation.crossEntropy(input[0], labels[r]);
        }
        return sum / rows.length;
    }

    private double[] affine(double[] w, int layer, double[] input) {
        int in = spec.inputsOf(layer, features);
        int out = spec.outputsOf(layer);
        int offset = NetworkParameters.offsetOf(spec, features, layer);
        double[] z = new double[out];
        for (int c = 0; c < out; c++) {
            double sum = w[offset + in * out + c];
            for (int r = 0; r < in; r++) {
                sum += input[r] * w[offset + r * out + c];
            }
            z[c] = sum;
        }
        return z;
    }

    private static double[] toDouble(float[] values) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }
}
