package dev.hud.trainer.search;

import java.util.ArrayList;
import java.util.List;

import dev.hud.trainer.data.Dataset;
import dev.hud.trainer.data.FeatureRelevance;
import dev.hud.trainer.data.MinMaxScaler;
import dev.hud.trainer.data.StratifiedSampling;

/**
 * A data set made ready for a search, with no information leaking from evaluation rows into
 * training: the held-out rows are set aside first; feature relevance is scored on the remaining
 * training rows; each fold's scaler is fitted on that fold's training rows only, and the final
 * scaler on all training rows.
 */
public final class Experiment {

    /** Scaled rows of one training run: what it learns from and what it is evaluated on. */
    public record Part(float[][] trainX, float[] trainY, float[][] evaluationX, float[] evaluationY, MinMaxScaler scaler) {
    }

    private final Dataset source;
    private final Dataset data;
    private final List<FeatureRelevance.Score> relevance;
    private final StratifiedSampling.Split holdout;
    private final List<Part> folds;
    private final Part full;

    private Experiment(Dataset source, Dataset data, List<FeatureRelevance.Score> relevance,
            StratifiedSampling.Split holdout, List<Part> folds, Part full) {
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
        for (var fold : StratifiedSampling.kFold(data.labels(), holdout.train(), settings.folds(), settings.seed())) {
            folds.add(part(data, fold.train(), fold.test()));
        }
        return new Experiment(source, data, relevance, holdout, List.copyOf(folds), part(data, holdout.train(), holdout.test()));
    }

    private static Part part(Dataset data, int[] trainRows, int[] evaluationRows) {
        var scaler = MinMaxScaler.fit(data.features(), trainRows);
        return new Part(scaler.transform(data.features(), trainRows), labels(data, trainRows),
                scaler.transform(data.features(), evaluationRows), labels(data, evaluationRows), scaler);
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

    /** The data set with the selected features only. */
    public Dataset data() {
        return data;
    }

    /** Every feature's relevance on the training rows, highest first. */
    public List<FeatureRelevance.Score> relevance() {
        return relevance;
    }

    public StratifiedSampling.Split holdout() {
        return holdout;
    }

    /** Cross-validation folds: train on a fold's training rows, evaluate on its validation rows. */
    public List<Part> folds() {
        return folds;
    }

    /** All training rows to refit on, and the held-out rows to evaluate the refit model on. */
    public Part full() {
        return full;
    }
}
