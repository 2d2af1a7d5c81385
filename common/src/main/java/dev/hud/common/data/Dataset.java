package dev.hud.common.data;

import java.util.Arrays;
import java.util.List;

/**
 * A binary classification data set: numeric features by row, and a label per row that is 1 for
 * the positive class (malignant, for the breast-cancer data) and 0 for the other.
 *
 * @param featureNames   column names of the features, in order
 * @param labelName      the label column's name
 * @param negativeClass  the label value that maps to 0 (e.g. "B")
 * @param positiveClass  the label value that maps to 1 (e.g. "M")
 * @param features       one row per sample
 * @param labels         0 or 1 per sample
 */
public record Dataset(List<String> featureNames, String labelName, String negativeClass, String positiveClass,
        double[][] features, int[] labels) {

    public int rows() {
        return labels.length;
    }

    public int featureCount() {
        return featureNames.size();
    }

    public int positives() {
        return (int) Arrays.stream(labels).filter(label -> label == 1).count();
    }

    /** The same rows with only the given feature columns, in the given order. */
    public Dataset withFeatures(List<String> keep) {
        int[] columns = keep.stream().mapToInt(name -> {
            int index = featureNames.indexOf(name);
            if (index < 0) {
                throw new DatasetException("no feature named '" + name + "'; features are " + featureNames);
            }
            return index;
        }).toArray();
        double[][] selected = new double[features.length][];
        for (int row = 0; row < features.length; row++) {
            double[] source = features[row];
            selected[row] = Arrays.stream(columns).mapToDouble(column -> source[column]).toArray();
        }
        return new Dataset(List.copyOf(keep), labelName, negativeClass, positiveClass, selected, labels);
    }
}
