package dev.hud.trainer.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

import dev.hud.trainer.Nd4jRuntime;
import dev.hud.trainer.model.BatchedTrainer;
import dev.hud.trainer.model.ClassificationMetrics;
import dev.hud.trainer.model.Dl4jModels;
import dev.hud.trainer.model.EpochMetrics;
import dev.hud.trainer.model.Fit;
import dev.hud.trainer.model.FitOutcome;
import dev.hud.trainer.model.Hyperparameters;

/**
 * Stratified k-fold grid search over an {@link Experiment}: every cell x fold is one fit; fits that
 * can share a batch are trained together by {@link BatchedTrainer}, in as many groups as there are
 * threads. The best cell is then refit on all training rows and evaluated on the held-out rows.
 */
public final class GridSearch {

    /** Progress of every fit, epoch by epoch; called from training threads. {@code fold} counts across repeats (repeat x folds + fold). */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = (cell, fold, metrics) -> {
        };

        void onEpoch(int cell, int fold, EpochMetrics metrics);
    }

    /**
     * The final model: the best cell trained on all training rows, and how it does on the held-out rows.
     *
     * @param parameters  in {@code NetworkParameters} layout
     */
    public record Refit(Hyperparameters hyperparameters, int epochs, float[] parameters, MultiLayerNetwork network,
            float[] holdoutProbabilities, ClassificationMetrics holdout) {
    }

    /** The refit's own seed, apart from every fold's. */
    private static final long REFIT_SEED_OFFSET = 0x5DEECE66DL;

    private final Experiment experiment;
    private final SearchSettings settings;

    public GridSearch(Experiment experiment, SearchSettings settings) {
        this.experiment = experiment;
        this.settings = settings;
        Nd4jRuntime.configure();
    }

    /** Cross-validates every cell over every fold of every repeat; results in the order of {@code cells}. */
    public List<TrialResult> evaluate(List<Hyperparameters> cells, Listener listener, BooleanSupplier cancelled) {
        List<Experiment.Part> parts = experiment.folds();
        List<Fit> fits = new ArrayList<>();
        for (int cell = 0; cell < cells.size(); cell++) {
            for (int index = 0; index < parts.size(); index++) {
                var part = parts.get(index);
                fits.add(new Fit(fitId(cell, index), cells.get(cell), part.trainX(), part.trainY(), part.earlyStoppingX(),
                        part.earlyStoppingY(), part.evaluationX(), part.evaluationY(), settings.earlyStopping(),
                        fitSeed(part.repeat(), part.fold())));
            }
        }
        Map<String, FitOutcome> outcomes = train(fits, (id, metrics) -> listener.onEpoch(cellOf(id), partOf(id), metrics), cancelled);
        List<TrialResult> results = new ArrayList<>();
        for (int cell = 0; cell < cells.size(); cell++) {
            List<FoldResult> folds = new ArrayList<>();
            for (int index = 0; index < parts.size(); index++) {
                folds.add(foldResult(parts.get(index), outcomes.get(fitId(cell, index))));
            }
            results.add(TrialResult.of(cells.get(cell), folds));
        }
        return results;
    }

    /** The scored rows' accuracy and loss with the kept weights; a diverged fit scores 0 and no loss. */
    private static FoldResult foldResult(Experiment.Part part, FitOutcome outcome) {
        EpochMetrics kept = outcome.best();
        boolean scored = !outcome.diverged() && kept != null;
        return new FoldResult(part.repeat(), part.fold(), part.rows().train().length, part.rows().earlyStopping().length,
                part.rows().scored().length, outcome.bestEpoch(), outcome.stoppedEpoch(), outcome.divergedEpoch(),
                scored ? kept.validationAccuracy() : 0, scored ? kept.validationLoss() : Double.NaN, outcome.history());
    }

    /** Trains {@code best}'s cell on all training rows and evaluates it on the held-out rows. */
    public Refit refit(TrialResult best, BooleanSupplier cancelled) {
        return refit(best.hyperparameters(), best.refitEpochs(settings.earlyStopping() != null), cancelled);
    }

    /**
     * Trains {@code cell} for {@code epochs} epochs on all training rows and evaluates it on the held-out rows.
     *
     * @throws IllegalStateException if its loss became NaN or infinite: there is no model to keep
     */
    public Refit refit(Hyperparameters cell, int epochs, BooleanSupplier cancelled) {
        var hp = new Hyperparameters(cell.learningRate(), cell.momentum(), cell.batchSize(), epochs, cell.optimizer());
        var full = experiment.full();
        var fit = Fit.withoutEarlyStopping("refit", hp, full.trainX(), full.trainY(), new float[0][], new float[0], REFIT_SEED_OFFSET + settings.seed());
        FitOutcome outcome = new BatchedTrainer(settings.network(), featureCount()).train(List.of(fit), (id, m) -> {
        }, cancelled).get(0);
        if (outcome.diverged()) {
            throw new IllegalStateException("the refit diverged at epoch " + outcome.divergedEpoch() + " (its loss became NaN or infinite)");
        }
        float[] parameters = outcome.parameters();
        MultiLayerNetwork network = Dl4jModels.network(settings.network(), featureCount(), hp, parameters);
        float[] probabilities = network.output(Nd4j.create(full.evaluationX())).data().asFloat();
        return new Refit(hp, epochs, parameters, network, probabilities, ClassificationMetrics.of(probabilities, full.evaluationY()));
    }

    public Experiment experiment() {
        return experiment;
    }

    public SearchSettings settings() {
        return settings;
    }

    private int featureCount() {
        return experiment.data().featureCount();
    }

    /** Every cell of a fold starts from the same weights and sees the same minibatches: only its hyperparameters differ. */
    private long fitSeed(int repeat, int fold) {
        return Experiment.repeatSeed(settings.seed(), repeat) * 1_000_003L + fold;
    }


    private Map<String, FitOutcome> train(List<Fit> fits, dev.hud.trainer.model.EpochListener listener, BooleanSupplier cancelled) {
        Map<String, List<Fit>> compatible = new LinkedHashMap<>();
        for (Fit fit : fits) {
            var hp = fit.hyperparameters();
            compatible.computeIfAbsent(hp.optimizer() + "/" + hp.batchSize() + "/" + hp.epochs() + "/" + fit.iterationsPerEpoch(),
                    key -> new ArrayList<>()).add(fit);
        }
        List<Callable<List<FitOutcome>>> groups = new ArrayList<>();
        for (List<Fit> group : compatible.values()) {
            int chunks = (int) Math.max(1, Math.min(group.size(), Math.round((double) settings.parallelism() * group.size() / fits.size())));
            for (int chunk = 0; chunk < chunks; chunk++) {
                List<Fit> part = group.subList(group.size() * chunk / chunks, group.size() * (chunk + 1) / chunks);
                groups.add(() -> new BatchedTrainer(settings.network(), featureCount()).train(part, listener, cancelled));
            }
        }
        Map<String, FitOutcome> outcomes = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(settings.parallelism(), groups.size()),
                runnable -> new Thread(runnable, "hud-training"));
        try {
            for (Future<List<FitOutcome>> done : pool.invokeAll(groups)) {
                done.get().forEach(outcome -> outcomes.put(outcome.id(), outcome));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return outcomes;
    }

    private static String fitId(int cell, int fold) {
        return cell + "/" + fold;
    }

    private static int cellOf(String fitId) {
        return Integer.parseInt(fitId.substring(0, fitId.indexOf('/')));
    }

    private static int partOf(String fitId) {
        return Integer.parseInt(fitId.substring(fitId.indexOf('/') + 1));
    }
}
