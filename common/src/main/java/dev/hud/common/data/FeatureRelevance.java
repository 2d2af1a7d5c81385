package dev.hud.common.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.commons.math3.distribution.FDistribution;

/**
 * How strongly each feature separates the two classes: the one-way ANOVA F statistic (the score
 * scikit-learn's {@code f_classif} gives) with its p-value, computed on the rows it is given, so
 * a caller scores on training rows only and the held-out rows stay unseen.
 */
public final class FeatureRelevance {

    /** One feature's score; a higher F means the class means differ more, relative to the spread. */
    public record Score(String feature, double f, double p) {
    }

    private FeatureRelevance() {
    }

    /** Scores, highest F first. A feature constant within both classes scores F = 0. */
    public static List<Score> score(Dataset data, int[] rows) {
        if (rows.length < 3) {
            throw new DatasetException("feature relevance needs at least 3 rows, got " + rows.length);
        }
        var fDistribution = new FDistribution(1, rows.length - 2);
        List<Score> scores = new ArrayList<>();
        for (int feature = 0; feature < data.featureCount(); feature++) {
            double[] sum = new double[2];
            int[] count = new int[2];
            for (int row : rows) {
                sum[data.labels()[row]] += data.features()[row][feature];
                count[data.labels()[row]]++;
            }
            if (count[0] == 0 || count[1] == 0) {
                throw new DatasetException("feature relevance needs rows of both classes");
            }
            double mean0 = sum[0] / count[0];
            double mean1 = sum[1] / count[1];
            double grand = (sum[0] + sum[1]) / rows.length;
            double within = 0;
            for (int row : rows) {
                double deviation = data.features()[row][feature] - (data.labels()[row] == 1 ? mean1 : mean0);
                within += deviation * deviation;
            }
            double between = count[0] * sq(mean0 - grand) + count[1] * sq(mean1 - grand);
            double f = within == 0 ? (between == 0 ? 0 : Double.POSITIVE_INFINITY)
                    : between / (within / (rows.length - 2));
            double p = Double.isInfinite(f) ? 0 : 1 - fDistribution.cumulativeProbability(f);
            scores.add(new Score(data.featureNames().get(feature), f, p));
        }
        scores.sort(Comparator.comparingDouble(Score::f).reversed());
        return scores;
    }

    private static double sq(double x) {
        return x * x;
    }
}
