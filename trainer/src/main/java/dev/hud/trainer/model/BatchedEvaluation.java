package dev.hud.trainer.model;

import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A forward pass without dropout over fixed rows per fit (its training, early-stopping or validation rows), giving each
 * fit's loss and accuracy after an epoch. Reads the fits' current weights through the views it is given.
 */
final class BatchedEvaluation {

    private final int g;
    private final int layers;
    private final int rows;
    private final int[] counts;
    private final float[] labels;
    private final INDArray input;
    private final INDArray[] w;
    private final INDArray[] b;
    private final INDArray[] activations;

    BatchedEvaluation(NetworkSpec spec, int features, INDArray[] w, INDArray[] b, NativeArrays arrays,
            List<float[][]> xByFit, List<float[]> yByFit) {
        this.g = xByFit.size();
        this.layers = spec.layers();
        this.w = w;
        this.b = b;
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
        input = arrays.own(Nd4j.create(values, new long[] { g, rows, features }, DataType.FLOAT));
        activations = new INDArray[layers];
        for (int l = 0; l < layers; l++) {
            activations[l] = arrays.zeros(g, rows, spec.outputsOf(l));
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
}
