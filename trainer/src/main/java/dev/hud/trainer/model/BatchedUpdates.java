package dev.hud.trainer.model;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The update of every fit's parameters after a step, with {@link Optimizer}'s rules in DL4J's formulas (plus Keras'
 * classical momentum), over [g, p] arrays: one row per fit. SGD and Nesterov run as prepared operations
 * ({@link PreparedOp}); a fit that stopped is frozen by zeroing its coefficients.
 */
final class BatchedUpdates {

    private final Optimizer optimizer;
    private final INDArray params;
    private final INDArray grads;
    private final INDArray state1;
    private final INDArray state2;
    private final INDArray tmp;
    private final INDArray tmp2;

    // Per-fit coefficients, each fit's value repeated over its row of [g, p]: zeroed for a fit that
    // stopped, which freezes it. Full rows, not a [g] vector broadcast along dimension 0: ND4J's
    // broadcast along the leading axis walks [g, p] with stride g and took a fifth of all training time.
    private final INDArray lr;
    private final INDArray mu;
    private final INDArray mu2;
    private final INDArray onePlusMu;
    private final List<PreparedOp> updateOps;

    BatchedUpdates(List<Fit> fits, INDArray params, INDArray grads, NativeArrays arrays) {
        this.optimizer = fits.get(0).hyperparameters().optimizer();
        this.params = params;
        this.grads = grads;
        int g = fits.size();
        int p = (int) params.size(1);
        state1 = arrays.zeros(g, p);
        if (optimizer == Optimizer.RMSPROP) {
            // DL4J starts RmsProp's running average at epsilon, not 0: tiny first gradients stay tiny.
            state1.assign(Optimizer.EPSILON);
        }
        state2 = optimizer == Optimizer.ADAM ? arrays.zeros(g, p) : null;
        tmp = arrays.zeros(g, p);
        tmp2 = arrays.zeros(g, p);
        lr = byFitRows(fits, p, fit -> fit.hyperparameters().learningRate(), arrays);
        mu = byFitRows(fits, p, fit -> fit.hyperparameters().momentum(), arrays);
        mu2 = arrays.own(mu.mul(mu));
        onePlusMu = arrays.own(mu.add(1));
        updateOps = switch (optimizer) {
            // Classical momentum, Keras' SGD(momentum=mu): v = mu v - lr g; w += v
            case SGD -> List.of(arrays.own(PreparedOp.multiply(state1, mu, state1)),
                    arrays.own(PreparedOp.multiply(grads, lr, tmp)),
                    arrays.own(PreparedOp.subtract(state1, tmp, state1)),
                    arrays.own(PreparedOp.add(params, state1, params)));
            // DL4J Nesterovs: v' = mu v - lr g; w -= mu v - (1 + mu) v'  <=>  w += mu² v - (1 + mu) lr g
            case NESTEROV -> List.of(arrays.own(PreparedOp.multiply(state1, mu2, tmp)),
                    arrays.own(PreparedOp.add(params, tmp, params)), arrays.own(PreparedOp.multiply(grads, lr, tmp)),
                    arrays.own(PreparedOp.multiply(state1, mu, state1)),
                    arrays.own(PreparedOp.subtract(state1, tmp, state1)),
                    arrays.own(PreparedOp.multiply(tmp, onePlusMu, tmp)),
                    arrays.own(PreparedOp.subtract(params, tmp, params)));
            case RMSPROP, ADAM -> List.of();
        };
    }

    /** One update of every fit's parameters, DL4J's formulas; {@code step} counts from 0. */
    void update(long step) {
        switch (optimizer) {
            case SGD, NESTEROV -> updateOps.forEach(PreparedOp::run);
            case RMSPROP -> {
                // s = decay s + (1 - decay) g²; w -= lr g / (sqrt(s) + eps)
                grads.mul(grads, tmp).muli(1 - Optimizer.RMSPROP_DECAY);
                state1.muli(Optimizer.RMSPROP_DECAY).addi(tmp);
                Nd4j.getExecutioner().exec(new Sqrt(state1, tmp2));
                tmp2.addi(Optimizer.EPSILON);
                grads.div(tmp2, tmp);
                tmp.mul(lr, tmp);
                params.subi(tmp);
            }
            case ADAM -> {
                // m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g²; w -= lr sqrt(1 - b2^t) / (1 - b1^t) m /
                // (sqrt(v) + eps)

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
                tmp.mul(lr, tmp);
                params.subi(tmp);
            }
        }
    }

    /** A fit that stopped early: zero learning rate and momentum, so no update moves it. */
    void freeze(int f) {
        for (INDArray coefficients : List.of(lr, mu, mu2, onePlusMu)) {
            coefficients.getRow(f).assign(0f);
        }
    }

    /** A [g, p] array whose row f holds fit f's value in every column. */
    private static INDArray byFitRows(List<Fit> fits, int p, ToDoubleFunction<Fit> value, NativeArrays arrays) {
        int g = fits.size();
        float[] values = new float[g * p];
        for (int f = 0; f < g; f++) {
            Arrays.fill(values, f * p, (f + 1) * p, (float) value.applyAsDouble(fits.get(f)));
        }
        return arrays.own(Nd4j.create(values, new long[] { g, p }, DataType.FLOAT));
    }
}
