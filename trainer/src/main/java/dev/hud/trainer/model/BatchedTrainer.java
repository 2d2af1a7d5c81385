package dev.hud.trainer.model;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Trains many small networks of one {@link NetworkSpec} at once, as one batched ND4J program.
 *
 * <p>Why: at batch size 5 a network of a few hundred weights spends nearly all its time in
 * per-operation overhead, not arithmetic: DL4J's {@code MultiLayerNetwork.fit} costs ~1.7 ms per
 * step here, whatever the network. Stacking G fits (grid cells x folds) along a leading axis makes
 * every step ~24 ND4J operations for all G fits together (batched matmuls for the layers), so the
 * overhead is paid once per step instead of G times.
 *
 * <p>The arithmetic is DL4J's: dense ReLU layers with inverted dropout on their outputs, a sigmoid
 * output on binary cross-entropy averaged over the minibatch (scored with DL4J's clipping), and the
 * update rules of {@link Optimizer} with DL4J's formulas, plus Keras' classical momentum, which DL4J
 * lacks. {@code BatchedTrainerEquivalenceTest} checks the weights against a DL4J
 * {@code MultiLayerNetwork} trained on the same minibatches; {@code ReferenceTrainerTest} checks both
 * momenta, dropout masks and early stopping against a plain implementation.
 *
 * <p>Each epoch, every fit is measured on its training rows, its early-stopping rows (whose loss alone
 * decides early stopping) and its validation rows (which decide nothing). A fit whose training loss
 * becomes NaN or infinite stops there, marked as diverged.
 *
 * <p>Each fit draws its initial weights, minibatch order and dropout masks from its own seed, so a
 * fit's result does not depend on which other fits share its batch, nor on how many threads run.
 * All fits of one call must share batch size, epochs, optimizer, steps per epoch and whether they
 * stop early; {@code GridSearch} groups them so.
 */
public final class BatchedTrainer {

    private final NetworkSpec spec;
    private final int features;

    public BatchedTrainer(NetworkSpec spec, int features) {
        this.spec = spec;
        this.features = features;
    }

    public List<FitOutcome> train(List<Fit> fits, EpochListener listener, BooleanSupplier cancelled) {
        if (fits.isEmpty()) {
            return List.of();
        }
        Fit first = fits.get(0);
        for (Fit fit : fits) {
            var a = fit.hyperparameters();
            var b = first.hyperparameters();
            if (a.batchSize() != b.batchSize() || a.epochs() != b.epochs() || a.optimizer() != b.optimizer()
                    || fit.iterationsPerEpoch() != first.iterationsPerEpoch()
                    || (fit.earlyStopping() == null) != (first.earlyStopping() == null)) {
                throw new IllegalArgumentException("fits " + first.id() + " and " + fit.id() + " cannot share a batch");
            }
            if (fit.trainX()[0].length != features) {
                throw new IllegalArgumentException(
                        "fit " + fit.id() + " has " + fit.trainX()[0].length + " features, not " + features);
            }
        }
        try (var run = new Run(fits)) {
            return run.execute(listener, cancelled);
        }
    }

    /** The buffers of one call; every array is allocated once and reused by every step. */
    private final class Run implements AutoCloseable {

        private final List<Fit> fits;
        private final int g;
        private final int iterations;
        private final int layers = spec.layers();
        private final NativeArrays arrays = new NativeArrays();

        private final INDArray params;
        private final INDArray grads;
        // Each layer's weights [g, in, out] and biases [g, 1, out] lie one after the other in a fit's row, so
        // [g, in + 1, out] views both: with a column of ones after the input, one product adds the bias in the
        // forward pass and sums its gradient over the minibatch in the backward pass (two ops per layer fewer).
        private final INDArray[] w = new INDArray[layers];
        private final INDArray[] b = new INDArray[layers];
        private final INDArray[] wAndB = new INDArray[layers];
        private final INDArray[] gwAndB = new INDArray[layers];
        private final INDArray best;
        private final BatchedUpdates updates;
        private final Minibatches minibatches;

        // Activations of one step: [g, batch, units]; a hidden layer's output aWithOnes is [g, batch, units + 1],
        // its last column all ones (the next layer's bias), and a its first units columns.
        private final INDArray[] z = new INDArray[layers];
        private final INDArray[] a = new INDArray[layers];
        private final INDArray[] aWithOnes = new INDArray[layers];
        private final INDArray[] c = new INDArray[layers];
        private final INDArray[] dz = new INDArray[layers];
        private final INDArray[] da = new INDArray[layers];

        // The step's operations, each built once (PreparedOp); those reading the minibatch get it per step.
        private final PreparedOp[] forwardProducts = new PreparedOp[layers];
        private final PreparedOp[] weightGradients = new PreparedOp[layers];
        private final PreparedOp[] inputGradients = new PreparedOp[layers];
        private final PreparedOp[] dropoutMasks = new PreparedOp[layers];
        private final PreparedOp[] dropouts = new PreparedOp[layers];
        private final PreparedOp[] reluGradients = new PreparedOp[layers];
        private final Step[] reluSteps = new Step[layers];
        private final Sigmoid sigmoid;
        private final PreparedOp outputError;
        private final PreparedOp outputAverage;

        private final BatchedEvaluation trainEvaluation;
        private final BatchedEvaluation earlyStoppingEvaluation;
        private final BatchedEvaluation validationEvaluation;
        private final SplittableRandom[] randoms;

        Run(List<Fit> fits) {
            this.fits = fits;
            this.g = fits.size();
            int batch = fits.get(0).hyperparameters().batchSize();
            this.iterations = fits.get(0).iterationsPerEpoch();
            int p = spec.parameterCount(features);

            randoms = new SplittableRandom[g];
            float[] initial = new float[g * p];
            for (int f = 0; f < g; f++) {
                randoms[f] = new SplittableRandom(fits.get(f).seed());
                System.arraycopy(NetworkParameters.initial(spec, features, randoms[f]), 0, initial, f * p, p);
            }
            params = arrays.own(Nd4j.create(initial, new long[] { g, p }, DataType.FLOAT));
            grads = arrays.zeros(g, p);
            for (int l = 0; l < layers; l++) {
                int in = spec.inputsOf(l, features);
                int out = spec.outputsOf(l);
                int offset = NetworkParameters.offsetOf(spec, features, l);
                w[l] = view(params, offset, in, out);
                b[l] = view(params, offset + in * out, 1, out);
                wAndB[l] = view(params, offset, in + 1, out);
                gwAndB[l] = view(grads, offset, in + 1, out);
            }
            updates = new BatchedUpdates(fits, params, grads, arrays);
            best = arrays.own(params.dup());
            minibatches = new Minibatches(spec, features, fits, arrays);

            for (int l = 0; l < layers; l++) {
                z[l] = arrays.zeros(g, batch, spec.outputsOf(l));
                dz[l] = arrays.zeros(g, batch, spec.outputsOf(l));
                if (l < layers - 1) {
                    aWithOnes[l] = arrays.own(Nd4j.ones(DataType.FLOAT, g, batch, spec.outputsOf(l) + 1));
                    a[l] = aWithOnes[l].get(NDArrayIndex.all(), NDArrayIndex.all(),
                            NDArrayIndex.interval(0, spec.outputsOf(l)));
                    c[l] = arrays.zeros(g, batch, spec.outputsOf(l));
                    da[l] = arrays.zeros(g, batch, spec.outputsOf(l));
                }
            }
            for (int l = 0; l < layers; l++) {
                INDArray input = l == 0 ? minibatches.x(0) : aWithOnes[l - 1];
                forwardProducts[l] = arrays.own(PreparedOp.product(input, wAndB[l], z[l], false, false));
                weightGradients[l] = arrays.own(PreparedOp.product(input, dz[l], gwAndB[l], true, false));
                if (l > 0) {
                    inputGradients[l] = arrays.own(PreparedOp.product(dz[l], w[l], da[l - 1], false, true));
                    reluGradients[l - 1] = arrays.own(PreparedOp.multiply(da[l - 1], c[l - 1], dz[l - 1]));
                }
                if (l < layers - 1) {
                    reluSteps[l] = new Step(z[l], c[l]);
                    dropoutMasks[l] = minibatches.dropsOut(l)
                            ? arrays.own(PreparedOp.multiply(c[l], minibatches.dropout(l, 0), c[l]))
                            : null;
                    dropouts[l] = arrays.own(PreparedOp.multiply(z[l], c[l], a[l]));
                }
            }
            int out = layers - 1;
            sigmoid = new Sigmoid(z[out], dz[out]);
            outputError = arrays.own(PreparedOp.subtract(dz[out], minibatches.y(0), dz[out]));
            outputAverage = arrays.own(PreparedOp.multiply(dz[out], minibatches.m(0), dz[out]));
            trainEvaluation = evaluation(Fit::trainX, Fit::trainY);
            earlyStoppingEvaluation = fits.get(0).earlyStopping() == null ? null
                    : evaluation(Fit::earlyStoppingX, Fit::earlyStoppingY);
            validationEvaluation = fits.get(0).validationX().length == 0 ? null
                    : evaluation(Fit::validationX, Fit::validationY);
        }

        private BatchedEvaluation evaluation(Function<Fit, float[][]> x, Function<Fit, float[]> y) {
            return new BatchedEvaluation(spec, features, w, b, arrays, fits.stream().map(x).toList(),
                    fits.stream().map(y).toList());
        }

        List<FitOutcome> execute(EpochListener listener, BooleanSupplier cancelled) {
            int epochs = fits.get(0).hyperparameters().epochs();
            var progress = new FitProgress(fits);
            int active = g;
            long step = 0;
            for (int epoch = 1; epoch <= epochs && active > 0; epoch++) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("cancelled before epoch " + epoch);
                }
                minibatches.fill(randoms);
                for (int i = 0; i < iterations; i++) {
                    forward(i);
                    backward(i);
                    updates.update(step++);
                }
                double[][] trainMetrics = trainEvaluation.lossAndAccuracy();
                double[][] stoppingMetrics = earlyStoppingEvaluation == null ? null
                        : earlyStoppingEvaluation.lossAndAccuracy();
                double[][] validationMetrics = validationEvaluation == null ? null
                        : validationEvaluation.lossAndAccuracy();
                for (int f = 0; f < g; f++) {
                    if (progress.ended(f)) {
                        continue;
                    }
                    var metrics = new EpochMetrics(epoch, trainMetrics[0][f], trainMetrics[1][f],
                            valueOf(validationMetrics, 0, f), valueOf(validationMetrics, 1, f),
                            valueOf(stoppingMetrics, 0, f), valueOf(stoppingMetrics, 1, f));
                    var verdict = progress.record(f, metrics);
                    if (verdict != FitProgress.Verdict.DIVERGED) {
                        listener.onEpoch(fits.get(f).id(), metrics);
                    }
                    switch (verdict) {
                        case IMPROVED -> best.getRow(f).assign(params.getRow(f));
                        case STOPPED, DIVERGED -> {
                            updates.freeze(f);
                            active--;
                        }
                        case GOES_ON -> {
                        }
                    }
                }
            }
            INDArray kept = fits.get(0).earlyStopping() != null ? best : params;
            return progress.outcomes(f -> kept.getRow(f).toFloatVector());
        }

        private static double valueOf(double[][] metrics, int which, int fit) {
            return metrics == null ? Double.NaN : metrics[which][fit];
        }

        private void forward(int i) {
            for (int l = 0; l < layers - 1; l++) {
                run(forwardProducts, l, i);
                // c = relu'(z) x dropout mask (0 or 1/retain); a = z x c is the layer's dropped-out output.
                Nd4j.getExecutioner().exec(reluSteps[l]);
                if (dropoutMasks[l] != null) {
                    dropoutMasks[l].run(1, minibatches.dropout(l, i));
                }
                dropouts[l].run();
            }
            int out = layers - 1;
            run(forwardProducts, out, i);
            // Sigmoid + binary cross-entropy: dLoss/dz = (p - y), averaged over the minibatch (m = 1/rows or 0).
            Nd4j.getExecutioner().exec(sigmoid);
            outputError.run(1, minibatches.y(i));
            outputAverage.run(1, minibatches.m(i));
        }

        private void backward(int i) {
            for (int l = layers - 1; l >= 0; l--) {
                run(weightGradients, l, i);
                if (l > 0) {
                    inputGradients[l].run();
                    reluGradients[l - 1].run();
                }
            }
        }

        /** Layer l's product of step i: layer 0's reads that step's minibatch, the others read fixed buffers. */
        private void run(PreparedOp[] products, int l, int i) {
            if (l == 0) {
                products[0].run(0, minibatches.x(i));
            } else {
                products[l].run();
            }
        }

        /** Columns [offset, offset + rows x cols) of every fit, seen as [g, rows, cols] (no copy). */
        private INDArray view(INDArray flat, int offset, int rows, int cols) {
            return flat.get(NDArrayIndex.all(), NDArrayIndex.interval(offset, offset + rows * cols)).reshape('c', g,
                    rows, cols);
        }

        @Override
        public void close() {
            arrays.close();
        }
    }
}
