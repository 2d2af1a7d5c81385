package dev.hud.trainer.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.hud.common.data.Dataset;
import dev.hud.common.data.FeatureRelevance;
import dev.hud.common.data.StratifiedSampling;
import dev.hud.trainer.data.MinMaxScaler;

/**
 * A data set made ready for a search, with no information flowing from the rows a number is
 * computed on into what produced it:
 * <ul>
 * <li>the held-out rows are set aside first and seen only by the final model's evaluation;</li>
 * <li>every fold (of every repeat) fits its own feature selection and MinMax scaler on its own
 *     training rows;</li>
 * <li>with early stopping, a fold's training rows are split again (stratified, seeded) into rows
 *     that train and rows whose loss decides when to stop: the fold's scored rows never choose
 *     its epoch;</li>
 * <li>the final model's selection and scaler are fitted on all training rows.</li>
 * </ul>
 */
public final class Experiment {

    /**
     * Row indices (into the source data set) of one training run: disjoint; {@code train} and
     * {@code earlyStopping} together are the rows everything was fitted on.
     */
    public record Rows(int[] train, int[] earlyStopping, int[] scored) {
    }

    /**
     * Scaled rows of one training run: what it learns from, what decides its early stopping (empty
     * without it), and what it is scored on; with the features and the scaler fitted for it.
     *
     * @param repeat  0-based repeat of the k-fold split (0 for the final model)
     * @param fold    0-based fold within the repeat
     */
    public record Part(int repeat, int fold, List<String> features, MinMaxScaler scaler, Rows rows, float[][] trainX,
            float[] trainY, float[][] earlyStoppingX, float[] earlyStoppingY, float[][] evaluationX,
            float[] evaluationY) {
    }

    private final Dataset source;
    private final Dataset data;
    private final List<FeatureRelevance.Score> relevance;
    private final StratifiedSampling.Split holdout;
    private final List<Part> folds;
    private final Part full;

    private Experiment(Dataset source, Dataset data, List<FeatureRelevance.Score> relevance,
            StratifiedSampling.Split holdout,
            List<Part> folds, Part full) {
        this.source = source;
        this.data = data;
        this.relevance = relevance;
        this.holdout = holdout;
        this.folds = folds;
        this.full = full;
    }

    public static Experiment prepare(Dataset source, SearchSettings settings) {
        var holdout = StratifiedSampling.holdout(source.labels(), settings.holdoutFraction(), settings.seed());
        var relevance = FeatureRelevance.score(source, holdout.train());
        var data = source.withFeatures(settings.selection().apply(source, relevance));
        List<Part> folds = new ArrayList<>();
        for (int repeat = 0; repeat < settings.repeats(); repeat++) {
            long seed = repeatSeed(settings.seed(), repeat);
            var splits = StratifiedSampling.kFold(source.labels(), holdout.train(), settings.folds(), seed);
            for (int fold = 0; fold < splits.size(); fold++) {
                int[] fitted = splits.get(fold).train();
                int[] train = fitted;
                int[] earlyStopping = new int[0];
                if (settings.earlyStopping() != null) {
                    var inner = StratifiedSampling.holdout(source.labels(), fitted,
                            settings.earlyStopping().validationFraction(),
                            seed * 31 + fold);
                    train = inner.train();
                    earlyStopping = inner.test();
                }
                var features = settings.selection().apply(source, FeatureRelevance.score(source, fitted));
                folds.add(part(source.withFeatures(features), repeat, fold,
                        new Rows(train, earlyStopping, splits.get(fold).test())));
            }
        }
        var fullPart = part(data, 0, 0, new Rows(holdout.train(), new int[0], holdout.test()));
        return new Experiment(source, data, relevance, holdout, List.copyOf(folds), fullPart);
    }

    /** Repeat 0 uses the search's seed, so one repeat is the plain k-fold of that seed. */
    static long repeatSeed(long seed, int repeat) {
        return seed + repeat * 0x9E3779B97F4A7C15L;
    }

    private static Part part(Dataset data, int repeat, int fold, Rows rows) {
        int[] fitted = concat(rows.train(), rows.earlyStopping());
        var scaler = MinMaxScaler.fit(data.features(), fitted);
        return new Part(repeat, fold, data.featureNames(), scaler, rows,
                scaler.transform(data.features(), rows.train()),
                labels(data, rows.train()), scaler.transform(data.features(), rows.earlyStopping()),
                labels(data, rows.earlyStopping()),
                scaler.transform(data.features(), rows.scored()), labels(data, rows.scored()));
    }

    private static int[] concat(int[] a, int[] b) {
        int[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    private static float[] labels(Dataset data, int[] rows) {
        float[] labels = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            labels[i] = data.labels()[rows[i]];
        }
        return labels;
    }

    /** The data set as loaded, all features. */
    public Dataset source() {
        return source;
    }

    /** The data set with the final model's features only (selected on all training rows). */
    public Dataset data() {
        return data;
    }

    /** Every feature's relevance on all training rows, highest first (what the final model's selection used). */
    public List<FeatureRelevance.Score> relevance() {
        return relevance;
    }

    public StratifiedSampling.Split holdout() {
        return holdout;
    }

    /**
     * Cross-validation runs, repeat by repeat, fold by fold: train on a part's training rows, score on its scored rows.
     */
    public List<Part> folds() {
        return folds;
    }

    /** All training rows to refit on, and the held-out rows to evaluate the refit model on. */
    public Part full() {
        return full;
    }
}
