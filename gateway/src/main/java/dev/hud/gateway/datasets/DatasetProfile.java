package dev.hud.gateway.datasets;

import java.util.ArrayList;
import java.util.List;

import dev.hud.common.data.Dataset;
import dev.hud.common.data.FeatureRelevance;
import dev.hud.common.data.StratifiedSampling;

/**
 * What the data page shows of a data set: class balance over all rows; each feature's range, mean, spread and
 * histogram by class, and the relevance ranking, over the training rows only — the rows a job with this holdout
 * fraction and seed trains on — so that choosing features by it never looks at the rows that score the model.
 *
 * @param relevance ANOVA F and its p-value per feature, most relevant first
 */
public record DatasetProfile(int rows, int trainingRows, double holdoutFraction, long seed, List<ClassCount> classes,
        List<FeatureProfile> features, List<Relevance> relevance) {

    public record ClassCount(String name, int count, boolean positive) {
    }

    /** @param histogram counts per bin of equal width between min and max, by class */
    public record FeatureProfile(String name, double min, double max, double mean, double std, Histogram histogram) {
    }

    /** @param edges bins + 1 bin edges; {@code negative[i]} counts the negative class's values in bin i */
    public record Histogram(double[] edges, int[] negative, int[] positive) {
    }

    public record Relevance(String feature, double f, double p) {
    }

    /** The profile of {@code data} with the training rows of a job's holdout split. */
    public static DatasetProfile of(Dataset data, double holdoutFraction, long seed, int bins) {
        return of(data, StratifiedSampling.holdout(data.labels(), holdoutFraction, seed).train(), holdoutFraction,
                seed, bins);
    }

    /** The profile over the given training rows (what the split above gives). */
    static DatasetProfile of(Dataset data, int[] training, double holdoutFraction, long seed, int bins) {
        var features = new ArrayList<FeatureProfile>(data.featureCount());
        for (int column = 0; column < data.featureCount(); column++) {
            features.add(feature(data, column, training, bins));
        }
        var relevance = FeatureRelevance.score(data, training).stream()
                .map(score -> new Relevance(score.feature(), score.f(), score.p())).toList();
        int positives = data.positives();
        var classes = List.of(new ClassCount(data.negativeClass(), data.rows() - positives, false),
                new ClassCount(data.positiveClass(), positives, true));
        return new DatasetProfile(data.rows(), training.length, holdoutFraction, seed, classes, List.copyOf(features),
                relevance);
    }

    private static FeatureProfile feature(Dataset data, int column, int[] rows, int bins) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (int row : rows) {
            double value = data.features()[row][column];
            min = Math.min(min, value);
            max = Math.max(max, value);
            sum += value;
        }
        double mean = sum / rows.length;
        double squares = 0;
        for (int row : rows) {
            double deviation = data.features()[row][column] - mean;
            squares += deviation * deviation;
        }
        // The sample standard deviation (n - 1), as a statistics package reports it.
        double std = rows.length > 1 ? Math.sqrt(squares / (rows.length - 1)) : 0;
        return new FeatureProfile(data.featureNames().get(column), min, max, mean, std,
                histogram(data, column, rows, min, max, bins));
    }

    private static Histogram histogram(Dataset data, int column, int[] rows, double min, double max, int bins) {
        double width = (max - min) / bins;
        double[] edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
            edges[i] = i == bins ? max : min + i * width;
        }
        int[] negative = new int[bins];
        int[] positive = new int[bins];
        for (int row : rows) {
            // A constant feature puts every value in the first bin; the maximum belongs to the last one.
            int bin = width == 0 ? 0 : Math.min(bins - 1, (int) ((data.features()[row][column] - min) / width));
            (data.labels()[row] == 1 ? positive : negative)[bin]++;
        }
        return new Histogram(edges, negative, positive);
    }
}
