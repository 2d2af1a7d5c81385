package dev.hud.trainer.model;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One epoch of minibatches for every fit, [iterations, g, batch, ...]: inputs (with a column of ones for the bias),
 * labels, the weight of each row in its minibatch's mean loss, and each hidden layer's dropout mask. Refilled from Java
 * arrays each epoch; step i reads its slices.
 */
final class Minibatches {

    private final NetworkSpec spec;
    private final int features;
    private final List<Fit> fits;
    private final int g;
    private final int batch;
    private final int iterations;
    private final int hiddenLayers;
    private final float[] xs;
    private final float[] ys;
    private final float[] ms;
    private final float[][] ds;
    private final INDArray x;
    private final INDArray y;
    private final INDArray m;
    private final INDArray[] d;
    private final INDArray[] xAt;
    private final INDArray[] yAt;
    private final INDArray[] mAt;
    private final INDArray[][] dAt;

    Minibatches(NetworkSpec spec, int features, List<Fit> fits, NativeArrays arrays) {
        this.spec = spec;
        this.features = features;
        this.fits = fits;
        this.g = fits.size();
        this.batch = fits.get(0).hyperparameters().batchSize();
        this.iterations = fits.get(0).iterationsPerEpoch();
        this.hiddenLayers = spec.layers() - 1;
        xs = new float[iterations * g * batch * (features + 1)];
        ys = new float[iterations * g * batch];
        ms = new float[iterations * g * batch];
        x = arrays.zeros(iterations, g, batch, features + 1);
        y = arrays.zeros(iterations, g, batch, 1);
        m = arrays.zeros(iterations, g, batch, 1);
        ds = new float[hiddenLayers][];
        d = new INDArray[hiddenLayers];
        dAt = new INDArray[hiddenLayers][];
        xAt = slices(x);
        yAt = slices(y);
        mAt = slices(m);
        for (int l = 0; l < hiddenLayers; l++) {
            if (spec.dropout()[l] > 0) {
                ds[l] = new float[iterations * g * batch * spec.hidden()[l]];
                d[l] = arrays.zeros(iterations, g, batch, spec.hidden()[l]);
                dAt[l] = slices(d[l]);
            }
        }
    }

    int iterations() {
        return iterations;
    }

    /** Step i's inputs, [g, batch, features + 1]. */
    INDArray x(int i) {
        return xAt[i];
    }

    /** Step i's labels, [g, batch, 1]. */
    INDArray y(int i) {
        return yAt[i];
    }

    /** Step i's row weights, [g, batch, 1]: 1/rows of the minibatch, 0 for padding. */
    INDArray m(int i) {
        return mAt[i];
    }

    /** Whether hidden layer l drops out. */
    boolean dropsOut(int l) {
        return dAt[l] != null;
    }

    /** Step i's dropout mask of hidden layer l (0 or 1/retain), [g, batch, units]. */
    INDArray dropout(int l, int i) {
        return dAt[l][i];
    }

    /** Each fit shuffles its own rows and draws its own dropout masks, from its own generator. */
    void fill(SplittableRandom[] randoms) {
        Arrays.fill(xs, 0f);
        for (int slot = 0; slot < ys.length; slot++) {
            xs[slot * (features + 1) + features] = 1f;
        }
        Arrays.fill(ys, 0f);
        Arrays.fill(ms, 0f);
        for (int f = 0; f < g; f++) {
            Fit fit = fits.get(f);
            SplittableRandom random = randoms[f];
            int rows = fit.trainX().length;
            int[] order = shuffled(rows, random);
            for (int i = 0; i < iterations; i++) {
                int inBatch = Math.min(batch, rows - i * batch);
                for (int s = 0; s < inBatch; s++) {
                    int row = order[i * batch + s];
                    int slot = (i * g + f) * batch + s;
                    System.arraycopy(fit.trainX()[row], 0, xs, slot * (features + 1), features);
                    ys[slot] = fit.trainY()[row];
                    // The loss is the mean over the rows of this minibatch, as in DL4J.
                    ms[slot] = 1f / inBatch;
                }
            }
            for (int l = 0; l < hiddenLayers; l++) {
                if (ds[l] == null) {
                    continue;
                }
                int units = spec.hidden()[l];
                double retain = 1 - spec.dropout()[l];
                float kept = (float) (1 / retain);
                for (int i = 0; i < iterations; i++) {
                    int base = (i * g + f) * batch * units;
                    for (int k = 0; k < batch * units; k++) {
                        ds[l][base + k] = random.nextDouble() < retain ? kept : 0f;
                    }
                }
            }
        }
        x.data().setData(xs);
        y.data().setData(ys);
        m.data().setData(ms);
        for (int l = 0; l < hiddenLayers; l++) {
            if (ds[l] != null) {
                d[l].data().setData(ds[l]);
            }
        }
    }

    private INDArray[] slices(INDArray array) {
        INDArray[] views = new INDArray[iterations];
        for (int i = 0; i < iterations; i++) {
            views[i] = array.slice(i);
        }
        return views;
    }

    /** 0..n-1 in the order of a Fisher-Yates shuffle drawn from {@code random}. */
    static int[] shuffled(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
