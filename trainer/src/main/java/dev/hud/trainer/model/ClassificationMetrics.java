package dev.hud.trainer.model;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * How well predicted probabilities of the positive class match 0/1 labels, at threshold 0.5
 * (ROC AUC uses every threshold). Precision and recall are of the positive class; 0 when undefined.
 */
public record ClassificationMetrics(double accuracy, double precision, double recall, double f1, double rocAuc,
        int truePositives, int falsePositives, int trueNegatives, int falseNegatives) {

    public static ClassificationMetrics of(float[] probabilities, float[] labels) {
        if (probabilities.length != labels.length || labels.length == 0) {
            throw new IllegalArgumentException("need as many probabilities as labels, and at least one");
        }
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < labels.length; i++) {
            boolean predicted = probabilities[i] >= 0.5f;
            boolean actual = labels[i] >= 0.5f;
            if (predicted && actual) {
                tp++;
            } else if (predicted) {
                fp++;
            } else if (actual) {
                fn++;
            } else {
                tn++;
            }
        }
        double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new ClassificationMetrics((double) (tp + tn) / labels.length, precision, recall, f1,
                rocAuc(probabilities, labels), tp, fp, tn, fn);
    }

    /**
     * The probability that a random positive scores above a random negative (ties count half):
     * the Mann-Whitney U statistic over average ranks. NaN with only one class present.
     */
    static double rocAuc(float[] scores, float[] labels) {
        Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double[] ranks = new double[scores.length];
        for (int start = 0; start < order.length;) {
            int end = start;
            while (end + 1 < order.length && scores[order[end + 1]] == scores[order[start]]) {
                end++;
            }
            double averageRank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) {
                ranks[order[k]] = averageRank;
            }
            start = end + 1;
        }
        long positives = IntStream.range(0, labels.length).filter(i -> labels[i] >= 0.5f).count();
        long negatives = labels.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        double positiveRankSum = IntStream.range(0, labels.length).filter(i -> labels[i] >= 0.5f)
                .mapToDouble(i -> ranks[i]).sum();
        return (positiveRankSum - positives * (positives + 1) / 2.0) / (positives * negatives);
    }
}
