package dev.hud.trainer.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

import dev.hud.trainer.Nd4jRuntime;
import dev.hud.trainer.model.BatchedTrainer;
import dev.hud.trainer.model.ClassificationMetrics;
import dev.hud.trainer.model.Dl4jModels;
import dev.hud.trainer.model.EpochListener;
import dev.hud.trainer.model.EpochMetrics;
import dev.hud.trainer.model.Fit;
import dev.hud.trainer.model.FitOutcome;
import dev.hud.trainer.model.Hyperparameters;
import dev.hud.trainer.model.NetworkSpec;

/**
 * Stratified k-fold grid search over an {@link Experiment}: every cell x fold is one fit; fits that
 * can share a batch are trained together by {@link BatchedTrainer}, in as many groups as there are
 * threads. The best cell is then refit on all training rows and evaluated on the held-out rows.
 */
public final class GridSearch {

    /**
     * Progress of every fit, epoch by epoch; called from training threads. {@code fold} counts across repeats (repeat x
     * folds + fold).
     */
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

    /** Cells of one search to cross-validate, with the listener of their progress: one search's share of a batch. */
    public record Share(GridSearch search, List<Hyperparameters> cells, Listener listener) {
    }

    /** A cell whose every fold is trained; called from a training thread, one call at a time. */
    @FunctionalInterface
    public interface CellListener {
        CellListener NONE = (share, cell, result) -> {
        };

        void onCell(int share, int cell, TrialResult result);
    }

    /** Cross-validates every cell over every fold of every repeat; results in the order of {@code cells}. */
    public List<TrialResult> evaluate(List<Hyperparameters> cells, Listener listener, BooleanSupplier cancelled) {
        return evaluateTogether(List.of(new Share(this, cells, listener)), CellListener.NONE, cancelled).get(0);
    }

    /**
     * Cross-validates the cells of several searches (several jobs) in one batch: fits of any share that agree on
     * network, features, optimizer, batch size, epochs, steps per epoch and whether they stop early train side by side,
     * groups that cannot one after another. Each fit keeps its own seed, so a share gets the results it would get
     * alone. A cell is reported as soon as its group is done; the results come back per share, in the order of its
     * cells.
     */
    public static List<List<TrialResult>> evaluateTogether(List<Share> shares, CellListener cellDone,
            BooleanSupplier cancelled) {
        Map<String, Group> groups = new LinkedHashMap<>();
        List<int[]> foldsLeft = new ArrayList<>();
        int fitCount = 0;
        for (int s = 0; s < shares.size(); s++) {
            GridSearch search = shares.get(s).search();
            List<Experiment.Part> parts = search.experiment.folds();
            List<Hyperparameters> cells = shares.get(s).cells();
            int[] left = new int[cells.size()];
            foldsLeft.add(left);
            for (int cell = 0; cell < cells.size(); cell++) {
                left[cell] = parts.size();
                for (int index = 0; index < parts.size(); index++) {
                    var part = parts.get(index);
                    Fit fit = new Fit(fitId(s, cell, index), cells.get(cell), part.trainX(), part.trainY(),
                            part.earlyStoppingX(),
                            part.earlyStoppingY(), part.evaluationX(), part.evaluationY(),
                            search.settings.earlyStopping(),
                            search.fitSeed(part.repeat(), part.fold()));
                    groups.computeIfAbsent(Group.key(search, fit),
                            key -> new Group(search.settings.network(), search.featureCount(),
                                    new ArrayList<>()))
                            .fits().add(fit);
                    fitCount++;
                }
            }
        }
        List<List<TrialResult>> results = new ArrayList<>();
        shares.forEach(share -> results.add(new ArrayList<>(Collections.nCopies(share.cells().size(), null))));
        int parallelism = shares.stream().mapToInt(share -> share.search().settings.parallelism()).max().orElse(1);
        Map<String, FitOutcome> outcomes = new HashMap<>();
        train(groups.values(), fitCount, parallelism, (id, metrics) -> {
            int[] at = positionOf(id);
            shares.get(at[0]).listener().onEpoch(at[1], at[2], metrics);
        }, trained -> {
            for (FitOutcome outcome : trained) {
                outcomes.put(outcome.id(), outcome);
                int[] at = positionOf(outcome.id());
                if (--foldsLeft.get(at[0])[at[1]] == 0) {
                    List<Experiment.Part> parts = shares.get(at[0]).search().experiment.folds();
                    List<FoldResult> folds = new ArrayList<>();
                    for (int index = 0; index < parts.size(); index++) {
                        folds.add(foldResult(parts.get(index), outcomes.get(fitId(at[0], at[1], index))));
                    }
                    TrialResult result = TrialResult.of(shares.get(at[0]).cells().get(at[1]), folds);
                    results.get(at[0]).set(at[1], result);
                    cellDone.onCell(at[0], at[1], result);
                }
            }
        }, cancelled);
        return results;
    }

    /** Fits that can be one {@link BatchedTrainer} program. */
    private record Group(NetworkSpec network, int features, List<Fit> fits) {
        static String key(GridSearch search, Fit fit) {
            var hp = fit.hyperparameters();
            var network = search.settings.network();
            return Arrays.toString(network.hidden()) + Arrays.toString(network.dropout()) + "/" + search.featureCount()
                    + "/"
                    + hp.optimizer() + "/" + hp.batchSize() + "/" + hp.epochs() + "/" + fit.iterationsPerEpoch() + "/"
                    + (fit.earlyStopping() != null);
        }
    }

    /** The scored rows' accuracy and loss with the kept weights; a diverged fit scores 0 and no loss. */
    private static FoldResult foldResult(Experiment.Part part, FitOutcome outcome) {
        EpochMetrics kept = outcome.best();
        boolean scored = !outcome.diverged() && kept != null;
        return new FoldResult(part.repeat(), part.fold(), part.rows().train().length,
                part.rows().earlyStopping().length,
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
        var fit = Fit.withoutEarlyStopping("refit", hp, full.trainX(), full.trainY(), new float[0][], new float[0],
                REFIT_SEED_OFFSET + settings.seed());
        FitOutcome outcome = new BatchedTrainer(settings.network(), featureCount()).train(List.of(fit), (id, m) -> {
        }, cancelled).get(0);
        if (outcome.diverged()) {
            throw new IllegalStateException(
                    "the refit diverged at epoch " + outcome.divergedEpoch() + " (its loss became NaN or infinite)");
        }
        float[] parameters = outcome.parameters();
        MultiLayerNetwork network = Dl4jModels.network(settings.network(), featureCount(), hp, parameters);
        float[] probabilities = network.output(Nd4j.create(full.evaluationX())).data().asFloat();
        return new Refit(hp, epochs, parameters, network, probabilities,
                ClassificationMetrics.of(probabilities, full.evaluationY()));
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

    /**
     * Every cell of a fold starts from the same weights and sees the same minibatches: only its hyperparameters differ.
     */
    private long fitSeed(int repeat, int fold) {
        return Experiment.repeatSeed(settings.seed(), repeat) * 1_000_003L + fold;
    }

    /**
     * Trains every group, split in as many chunks as there are threads (in proportion to the group's size); {@code
     * trained} hears each chunk's outcomes as it ends, one chunk at a time.
     */
    private static void train(Collection<Group> compatible, int fitCount, int parallelism, EpochListener listener,
            Consumer<List<FitOutcome>> trained, BooleanSupplier cancelled) {
        List<Callable<Void>> chunks = new ArrayList<>();
        for (Group group : compatible) {
            List<Fit> fits = group.fits();
            int count = (int) Math.max(1,
                    Math.min(fits.size(), Math.round((double) parallelism * fits.size() / fitCount)));
            for (int chunk = 0; chunk < count; chunk++) {
                List<Fit> part = fits.subList(fits.size() * chunk / count, fits.size() * (chunk + 1) / count);
                chunks.add(() -> {
                    List<FitOutcome> outcomes = new BatchedTrainer(group.network(), group.features()).train(part,
                            listener, cancelled);
                    synchronized (trained) {
                        trained.accept(outcomes);
                    }
                    return null;
                });
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, chunks.size()),
                runnable -> new Thread(runnable, "hud-training"));
        try {
            for (Future<Void> done : pool.invokeAll(chunks)) {
                done.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static String fitId(int share, int cell, int part) {
        return share + "/" + cell + "/" + part;
    }

    /** A fit id's share, cell and part. */
    private static int[] positionOf(String fitId) {
        String[] at = fitId.split("/");
        return new int[] { Integer.parseInt(at[0]), Integer.parseInt(at[1]), Integer.parseInt(at[2]) };
    }
}
