package dev.hud.trainer.data;

import java.util.Arrays;

/**
 * Scales each feature to [0, 1] by the minimum and maximum seen in the rows it was fitted on.
 * Fitted on training rows only: values of other rows may fall outside [0, 1], as in scikit-learn.
 * The arithmetic is that of DL4J's {@code NormalizerMinMaxScaler}, which travels with the saved
 * model: a range below 1e-5 (a feature constant in the training rows) counts as 1e-5.
 */
public record MinMaxScaler(double[] min, double[] max) {

    /** DL4J's {@code Nd4j.EPS_THRESHOLD}, the smallest range its scaler divides by. */
    static final double MIN_RANGE = 1e-5;

    public static MinMaxScaler fit(double[][] features, int[] rows) {
        int width = features[rows[0]].length;
        double[] min = new double[width];
        double[] max = new double[width];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int row : rows) {
            for (int column = 0; column < width; column++) {
                double value = features[row][column];
                min[column] = Math.min(min[column], value);
                max[column] = Math.max(max[column], value);
            }
        }
        return new MinMaxScaler(min, max);
    }

    public float[] transform(double[] row) {
        float[] scaled = new float[row.length];
        for (int column = 0; column < row.length; column++) {
            double range = Math.max(max[column] - min[column], MIN_RANGE);
            scaled[column] = (float) ((row[column] - min[column]) / range);
        }
        return scaled;
    }

    public float[][] transform(double[][] features, int[] rows) {
        float[][] scaled = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            scaled[i] = transform(features[rows[i]]);
        }
        return scaled;
    }
}
