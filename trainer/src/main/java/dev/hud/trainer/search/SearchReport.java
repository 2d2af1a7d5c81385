package dev.hud.trainer.search;

import java.util.List;

import dev.hud.common.data.FeatureRelevance;
import dev.hud.trainer.model.ClassificationMetrics;
import dev.hud.trainer.model.Hyperparameters;

/**
 * What a finished search reports (the CLI's report.json): the data, the settings, every trial with
 * its per-fold curves, the best cell and the refit model's held-out metrics, and where it ran.
 */
public record SearchReport(Data data, Settings settings, String device, double wallSeconds, List<TrialResult> trials,
        Hyperparameters best, double bestMeanAccuracy, double bestStdAccuracy, double bestIntervalLow,
        double bestIntervalHigh,
        int refitEpochs, ClassificationMetrics holdout) {

    public record Data(String source, String label, String positiveClass, int rows, int positives, int heldOut,
            List<String> features, List<FeatureRelevance.Score> relevance) {
    }

    /**
     * {@code features} in {@link Data} are the final model's (selected on all training rows); each fold selected its
     * own.
     */
    public record Settings(int folds, int repeats, double holdoutFraction, Integer earlyStoppingPatience,
            Double earlyStoppingMinDelta,
            Double earlyStoppingValidationFraction, int topK, List<String> drop, int[] hidden, double[] dropout,
            long seed,
            int parallelism, int cells) {
    }

    public static SearchReport of(String source, GridSearch search, List<TrialResult> trials, GridSearch.Refit refit,
            String device, double wallSeconds) {
        Experiment experiment = search.experiment();
        SearchSettings settings = search.settings();
        var data = experiment.data();
        var best = trials.stream().sorted(TrialResult.BEST_FIRST).findFirst().orElseThrow();
        var stopping = settings.earlyStopping();
        return new SearchReport(
                new Data(source, data.labelName(), data.positiveClass(), data.rows(), data.positives(),
                        experiment.holdout().test().length, data.featureNames(), experiment.relevance()),
                new Settings(settings.folds(), settings.repeats(), settings.holdoutFraction(),
                        stopping == null ? null : stopping.patience(), stopping == null ? null : stopping.minDelta(),
                        stopping == null ? null : stopping.validationFraction(), settings.selection().topK(),
                        settings.selection().drop().stream().sorted().toList(), settings.network().hidden(),
                        settings.network().dropout(),
                        settings.seed(), settings.parallelism(), trials.size()),
                device, wallSeconds, trials, best.hyperparameters(), best.meanAccuracy(), best.stdAccuracy(),
                best.intervalLow(),
                best.intervalHigh(), refit.epochs(), refit.holdout());
    }
}
