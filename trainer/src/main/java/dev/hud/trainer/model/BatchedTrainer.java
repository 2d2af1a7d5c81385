package dev.hud.trainer.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.ToDoubleFunction;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

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
        private final int batch;
        private final int iterations;
        private final int layers = spec.layers();
        private final Optimizer optimizer;
        private final List<AutoCloseable> owned = new ArrayList<>();

        private final INDArray params;
        private final INDArray grads;
        // Each layer's weights [g, in, out] and biases [g, 1, out] lie one after the other in a fit's row, so
        // [g, in + 1, out] views both: with a column of ones after the input, one product adds the bias in the
        // forward pass and sums its gradient over the minibatch in the backward pass (two ops per layer fewer).
        private final INDArray[] w = new INDArray[layers];
        private final INDArray[] b = new INDArray[layers];
        private final INDArray[] wAndB = new INDArray[layers];
        private final INDArray[] gwAndB = new INDArray[layers];
        private final INDArray state1;
        private final INDArray state2;
        private final INDArray tmp;
        private final INDArray tmp2;
        private final INDArray best;

        // Per-fit coefficients, each fit's value repeated over its row of [g, p]: zeroed for a fit that
        // stopped, which freezes it. Full rows, not a [g] vector broadcast along dimension 0: ND4J's
        // broadcast along the leading axis walks [g, p] with stride g and took a fifth of all training time.
        private final INDArray lr;
        private final INDArray mu;
        private final INDArray mu2;
        private final INDArray onePlusMu;

        // One epoch of minibatches: [iterations, g, batch, ...], refilled from Java arrays each epoch.
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
        private final List<PreparedOp> updateOps;

        private final Evaluation trainEvaluation;
        private final Evaluation earlyStoppingEvaluation;
        private final Evaluation validationEvaluation;
        private final SplittableRandom[] randoms;

        Run(List<Fit> fits) {
            this.fits = fits;
            this.g = fits.size();
            Hyperparameters hp = fits.get(0).hyperparameters();
            this.batch = hp.batchSize();
            this.iterations = fits.get(0).iterationsPerEpoch();
            this.optimizer = hp.optimizer();
            int p = spec.parameterCount(features);

            randoms = new SplittableRandom[g];
            float[] initial = new float[g * p];
            for (int f = 0; f < g; f++) {
                randoms[f] = new SplittableRandom(fits.get(f).seed());
                System.arraycopy(NetworkParameters.initial(spec, features, randoms[f]), 0, initial, f * p, p);
            }
            params = own(Nd4j.create(initial, new long[] { g, p }, DataType.FLOAT));
            grads = zeros(g, p);
            for (int l = 0; l < layers; l++) {
                int in = spec.inputsOf(l, features);
                int out = spec.outputsOf(l);
                int offset = NetworkParameters.offsetOf(spec, features, l);
                w[l] = view(params, offset, in, out);
                b[l] = view(params, offset + in * out, 1, out);
                wAndB[l] = view(params, offset, in + 1, out);
                gwAndB[l] = view(grads, offset, in + 1, out);
            }
            state1 = zeros(g, p);
            if (optimizer == Optimizer.RMSPROP) {
                // DL4J starts RmsProp's running average at epsilon, not 0: tiny first gradients stay tiny.
                state1.assign(Optimizer.EPSILON);
            }
            state2 = optimizer == Optimizer.ADAM ? zeros(g, p) : null;
            tmp = zeros(g, p);
            tmp2 = zeros(g, p);
            best = own(params.dup());

            lr = byFitRows(p, fit -> fit.hyperparameters().learningRate());
            mu = byFitRows(p, fit -> fit.hyperparameters().momentum());
            mu2 = own(mu.mul(mu));
            onePlusMu = own(mu.add(1));

            xs = new float[iterations * g * batch * (features + 1)];
            ys = new float[iterations * g * batch];
            ms = new float[iterations * g * batch];
            x = zeros(iterations, g, batch, features + 1);
            y = zeros(iterations, g, batch, 1);
            m = zeros(iterations, g, batch, 1);
            ds = new float[layers - 1][];
            d = new INDArray[layers - 1];
            dAt = new INDArray[layers - 1][];
            xAt = slices(x);
            yAt = slices(y);
            mAt = slices(m);
            for (int l = 0; l < layers - 1; l++) {
                if (spec.dropout()[l] > 0) {
                    ds[l] = new float[iterations * g * batch * spec.hidden()[l]];
                    d[l] = zeros(iterations, g, batch, spec.hidden()[l]);
                    dAt[l] = slices(d[l]);
                }
            }
            for (int l = 0; l < layers; l++) {
                z[l] = zeros(g, batch, spec.outputsOf(l));
                dz[l] = zeros(g, batch, spec.outputsOf(l));
                if (l < layers - 1) {
                    aWithOnes[l] = own(Nd4j.ones(DataType.FLOAT, g, batch, spec.outputsOf(l) + 1));
                    a[l] = aWithOnes[l].get(NDArrayIndex.all(), NDArrayIndex.all(),
                            NDArrayIndex.interval(0, spec.outputsOf(l)));
                    c[l] = zeros(g, batch, spec.outputsOf(l));
                    da[l] = zeros(g, batch, spec.outputsOf(l));
                }
            }
            for (int l = 0; l < layers; l++) {
                INDArray input = l == 0 ? xAt[0] : aWithOnes[l - 1];
                forwardProducts[l] = own(PreparedOp.product(input, wAndB[l], z[l], false, false));
                weightGradients[l] = own(PreparedOp.product(input, dz[l], gwAndB[l], true, false));
                if (l > 0) {
                    inputGradients[l] = own(PreparedOp.product(dz[l], w[l], da[l - 1], false, true));
                    reluGradients[l - 1] = own(PreparedOp.multiply(da[l - 1], c[l - 1], dz[l - 1]));
                }
                if (l < layers - 1) {
                    reluSteps[l] = new Step(z[l], c[l]);
                    dropoutMasks[l] = dAt[l] == null ? null : own(PreparedOp.multiply(c[l], dAt[l][0], c[l]));
                    dropouts[l] = own(PreparedOp.multiply(z[l], c[l], a[l]));
                }
            }
            int out = layers - 1;
            sigmoid = new Sigmoid(z[out], dz[out]);
            outputError = own(PreparedOp.subtract(dz[out], yAt[0], dz[out]));
            outputAverage = own(PreparedOp.multiply(dz[out], mAt[0], dz[out]));
            updateOps = switch (optimizer) {
                // Classical momentum, Keras' SGD(momentum=mu): v = mu v - lr g; w += v
                case SGD ->
                    List.of(own(PreparedOp.multiply(state1, mu, state1)), own(PreparedOp.multiply(grads, lr, tmp)),
                            own(PreparedOp.subtract(state1, tmp, state1)), own(PreparedOp.add(params, state1, params)));
                // DL4J Nesterovs: v' = mu v - lr g; w -= mu v - (1 + mu) v'  <=>  w += mu² v - (1 + mu) lr g
                case NESTEROV -> List.of(own(PreparedOp.multiply(state1, mu2, tmp)),
                        own(PreparedOp.add(params, tmp, params)),
                        own(PreparedOp.multiply(grads, lr, tmp)), own(PreparedOp.multiply(state1, mu, state1)),
                        own(PreparedOp.subtract(state1, tmp, state1)), own(PreparedOp.multiply(tmp, onePlusMu, tmp)),
                        own(PreparedOp.subtract(params, tmp, params)));
                case RMSPROP, ADAM -> List.of();
            };
            trainEvaluation = new Evaluation(fits.stream().map(Fit::trainX).toList(),
                    fits.stream().map(Fit::trainY).toList());
            earlyStoppingEvaluation = fits.get(0).earlyStopping() == null ? null
                    : new Evaluation(fits.stream().map(Fit::earlyStoppingX).toList(),
                            fits.stream().map(Fit::earlyStoppingY).toList());
            validationEvaluation = fits.get(0).validationX().length == 0 ? null
                    : new Evaluation(fits.stream().map(Fit::validationX).toList(),
                            fits.stream().map(Fit::validationY).toList());
        }

        List<FitOutcome> execute(EpochListener listener, BooleanSupplier cancelled) {
            int epochs = fits.get(0).hyperparameters().epochs();
            List<List<EpochMetrics>> histories = new ArrayList<>();
            int[] bestEpoch = new int[g];
            int[] stoppedEpoch = new int[g];
            int[] divergedEpoch = new int[g];
            double[] bestLoss = new double[g];
            int[] sinceBest = new int[g];
            Arrays.fill(bestLoss, Double.POSITIVE_INFINITY);
            for (int f = 0; f < g; f++) {
                histories.add(new ArrayList<>());
            }
            int active = g;
            long step = 0;
            for (int epoch = 1; epoch <= epochs && active > 0; epoch++) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("cancelled before epoch " + epoch);
                }
                fillEpoch();
                for (int i = 0; i < iterations; i++) {
                    forward(i);
                    backward(i);
                    update(step++);
                }
                double[][] trainMetrics = trainEvaluation.lossAndAccuracy();
                double[][] stoppingMetrics = earlyStoppingEvaluation == null ? null
                        : earlyStoppingEvaluation.lossAndAccuracy();
                double[][] validationMetrics = validationEvaluation == null ? null
                        : validationEvaluation.lossAndAccuracy();
                for (int f = 0; f < g; f++) {
                    if (stoppedEpoch[f] > 0 || divergedEpoch[f] > 0) {
                        continue;
                    }
                    var metrics = new EpochMetrics(epoch, trainMetrics[0][f], trainMetrics[1][f],
                            valueOf(validationMetrics, 0, f),
                            valueOf(validationMetrics, 1, f), valueOf(stoppingMetrics, 0, f),
                            valueOf(stoppingMetrics, 1, f));
                    if (metrics.diverged()) {
                        // NaN or infinite weights: nothing after this epoch means anything. The fit ends here.
                        divergedEpoch[f] = epoch;
                        if (fits.get(f).earlyStopping() == null) {
                            bestEpoch[f] = 0; // its last weights are not finite
                        }
                        freeze(f);
                        active--;
                        continue;
                    }
                    histories.get(f).add(metrics);
                    listener.onEpoch(fits.get(f).id(), metrics);
                    EarlyStopping stopping = fits.get(f).earlyStopping();
                    if (stopping == null) {
                        bestEpoch[f] = epoch;
                        continue;
                    }
                    if (metrics.earlyStoppingLoss() < bestLoss[f] - stopping.minDelta()) {
                        bestLoss[f] = metrics.earlyStoppingLoss();
                        bestEpoch[f] = epoch;
                        sinceBest[f] = 0;
                        best.getRow(f).assign(params.getRow(f));
                    } else if (++sinceBest[f] >= stopping.patience()) {
                        stoppedEpoch[f] = epoch;
                        freeze(f);
                        active--;
                    }
                }
            }
            List<FitOutcome> outcomes = new ArrayList<>();
            boolean restoreBest = fits.get(0).earlyStopping() != null;
            for (int f = 0; f < g; f++) {
                float[] kept = (restoreBest ? best : params).getRow(f).toFloatVector();
                outcomes.add(
                        new FitOutcome(fits.get(f).id(), List.copyOf(histories.get(f)), bestEpoch[f], stoppedEpoch[f],
                                divergedEpoch[f], kept));
            }
            return outcomes;
        }

        private static double valueOf(double[][] metrics, int which, int fit) {
            return metrics == null ? Double.NaN : metrics[which][fit];
        }

        /** Each fit shuffles its own rows and draws its own dropout masks, from its own generator. */
        private void fillEpoch() {
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
                for (int l = 0; l < layers - 1; l++) {
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
            for (int l = 0; l < layers - 1; l++) {
                if (ds[l] != null) {
                    d[l].data().setData(ds[l]);
                }
            }
        }

        private void forward(int i) {
            for (int l = 0; l < layers - 1; l++) {
                run(forwardProducts, l, i);
                // c = relu'(z) x dropout mask (0 or 1/retain); a = z x c is the layer's dropped-out output.
                Nd4j.getExecutioner().exec(reluSteps[l]);
                if (dropoutMasks[l] != null) {
                    dropoutMasks[l].run(1, dAt[l][i]);
                }
                dropouts[l].run();
            }
            int out = layers - 1;
            run(forwardProducts, out, i);
            // Sigmoid + binary cross-entropy: dLoss/dz = (p - y), averaged over the minibatch (m = 1/rows or 0).
            Nd4j.getExecutioner().exec(sigmoid);
            outputError.run(1, yAt[i]);
            outputAverage.run(1, mAt[i]);
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
                products[0].run(0, xAt[i]);
            } else {
                products[l].run();
            }
        }

        /** One update of every fit's parameters, DL4J's formulas; {@code step} counts from 0. */
        private void update(long step) {
            switch (optimizer) {
                case SGD, NESTEROV -> updateOps.forEach(PreparedOp::run);
                case RMSPROP -> {
                    // s = decay s + (1 - decay) g²; w -= lr g / (sqrt(s) + eps)
                    grads.mul(grads, tmp).muli(1 - Optimizer.RMSPROP_DECAY);
                    state1.muli(Optimizer.RMSPROP_DECAY).addi(tmp);
                    Nd4j.getExecutioner().exec(new Sqrt(state1, tmp2));
                    tmp2.addi(Optimizer.EPSILON);
                    grads.div(tmp2, tmp);
                    byFit(tmp, lr, tmp);
                    params.subi(tmp);
                }
                case ADAM -> {
                    // m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g²; w -= lr sqrt(1 - b2^t) / (1 - b1^t) m / (sqrt(v) +
                    // eps)
                    grads.mul(1 - Optimizer.ADAM_BETA1, tmp);
                    state1.muli(Optimizer.ADAM_BETA1).addi(tmp);
                    grads.mul(grads, tmp).muli(1 - Optimizer.ADAM_BETA2);
                    state2.muli(Optimizer.ADAM_BETA2).addi(tmp);
                    double t = step + 1;
                    double correction = Math.sqrt(1 - Math.pow(Optimizer.ADAM_BETA2, t))
                            / (1 - Math.pow(Optimizer.ADAM_BETA1, t));
                    Nd4j.getExecutioner().exec(new Sqrt(state2, tmp2));
                    tmp2.addi(Optimizer.EPSILON);
                    state1.div(tmp2, tmp).muli(correction);
                    byFit(tmp, lr, tmp);
                    params.subi(tmp);
                }
            }
        }

        /** A fit that stopped early: zero learning rate and momentum, so no update moves it. */
        private void freeze(int f) {
            for (INDArray coefficients : List.of(lr, mu, mu2, onePlusMu)) {
                coefficients.getRow(f).assign(0f);
            }
        }

        /** A [g, p] array whose row f holds fit f's value in every column. */
        private INDArray byFitRows(int p, ToDoubleFunction<Fit> value) {
            float[] values = new float[g * p];
            for (int f = 0; f < g; f++) {
                Arrays.fill(values, f * p, (f + 1) * p, (float) value.applyAsDouble(fits.get(f)));
            }
            return own(Nd4j.create(values, new long[] { g, p }, DataType.FLOAT));
        }

        /** target = source x coefficient of its fit, element-wise over [g, p] arrays. */
        private static void byFit(INDArray source, INDArray coefficients, INDArray target) {
            source.mul(coefficients, target);
        }

        /** A forward pass without dropout over fixed rows per fit, giving each fit's loss and accuracy. */
        private final class Evaluation {
            private final int rows;
            private final int[] counts;
            private final float[] labels;
            private final INDArray input;
            private final INDArray[] activations = new INDArray[layers];

            Evaluation(List<float[][]> xByFit, List<float[]> yByFit) {
                rows = xByFit.stream().mapToInt(rowsOfFit -> rowsOfFit.length).max().orElseThrow();
                counts = new int[g];
                labels = new float[g * rows];
                float[] values = new float[g * rows * features];
                for (int f = 0; f < g; f++) {
                    float[][] fitRows = xByFit.get(f);
                    counts[f] = fitRows.length;
                    for (int r = 0; r < fitRows.length; r++) {
                        System.arraycopy(fitRows[r], 0, values, (f * rows + r) * features, features);
                        labels[f * rows + r] = yByFit.get(f)[r];
                    }
                }
                input = own(Nd4j.create(values, new long[] { g, rows, features }, DataType.FLOAT));
                for (int l = 0; l < layers; l++) {
                    activations[l] = zeros(g, rows, spec.outputsOf(l));
                }
            }

            /** [0][fit] = mean binary cross-entropy, [1][fit] = accuracy at threshold 0.5. */
            double[][] lossAndAccuracy() {
                INDArray in = input;
                for (int l = 0; l < layers; l++) {
                    Nd4j.matmul(in, w[l], activations[l], false, false, false);
                    activations[l].addi(b[l]);
                    if (l < layers - 1) {
                        Transforms.relu(activations[l], false);
                    }
                    in = activations[l];
                }
                float[] logits = activations[layers - 1].data().asFloat();
                double[][] result = new double[2][g];
                for (int f = 0; f < g; f++) {
                    double loss = 0;
                    int correct = 0;
                    for (int r = 0; r < counts[f]; r++) {
                        double logit = logits[f * rows + r];
                        double label = labels[f * rows + r];
                        loss += crossEntropy(logit, label);
                        if ((logit >= 0 ? 1 : 0) == label) {
                            correct++;
                        }
                    }
                    result[0][f] = loss / counts[f];
                    result[1][f] = (double) correct / counts[f];
                }
                return result;
            }
        }

        private <T extends AutoCloseable> T own(T resource) {
            owned.add(resource);
            return resource;
        }

        private INDArray zeros(long... shape) {
            return own(Nd4j.zeros(DataType.FLOAT, shape));
        }

        /** Columns [offset, offset + rows x cols) of every fit, seen as [g, rows, cols] (no copy). */
        private INDArray view(INDArray flat, int offset, int rows, int cols) {
            return flat.get(NDArrayIndex.all(), NDArrayIndex.interval(offset, offset + rows * cols)).reshape('c', g,
                    rows, cols);
        }

        private INDArray[] slices(INDArray array) {
            INDArray[] views = new INDArray[iterations];
            for (int i = 0; i < iterations; i++) {
                views[i] = array.slice(i);
            }
            return views;
        }

        @Override
        public void close() {
            for (AutoCloseable resource : owned) {
                try {
                    resource.close();
                } catch (Exception e) {
                    throw new IllegalStateException("could not free a native buffer", e);
                }
            }
        }
    }

    /** DL4J's {@code LossBinaryXENT} clips probabilities to [eps, 1 - eps] when it scores: so does HUD. */
    static final double CROSS_ENTROPY_CLIP = 1e-5;

    /**
     * Binary cross-entropy of one row, -[y log p + (1 - y) log(1 - p)] with p = sigmoid(logit) clipped as
     * DL4J scores it; NaN when the logit is not finite (the network has diverged).
     */
    static double crossEntropy(double logit, double label) {
        if (!Double.isFinite(logit)) {
            return Double.NaN;
        }
        double p = Math.min(Math.max(1 / (1 + Math.exp(-logit)), CROSS_ENTROPY_CLIP), 1 - CROSS_ENTROPY_CLIP);
        return -(label * Math.log(p) + (1 - label) * Math.log(1 - p));
    }

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
