package dev.hud.trainer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import dev.hud.common.data.FeatureSelection;
import dev.hud.trainer.Nd4jRuntime;
import dev.hud.trainer.model.EarlyStopping;
import dev.hud.trainer.model.NetworkSpec;
import dev.hud.trainer.model.Optimizer;
import dev.hud.trainer.search.Experiment;
import dev.hud.trainer.search.FoldResult;
import dev.hud.trainer.search.GridSearch;
import dev.hud.trainer.search.GridSpec;
import dev.hud.trainer.search.ResultFiles;
import dev.hud.trainer.search.SearchReport;
import dev.hud.trainer.search.SearchSettings;
import dev.hud.trainer.search.TrialResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "grid", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Grid search over learning rate x momentum (and optionally batch size, epochs, optimizer) "
                + "with stratified k-fold cross-validation; refit the best cell and evaluate it on held-out rows.")
final class GridCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--lr", split = ",", defaultValue = "0.018,0.024,0.03",
            description = "learning rates (default: ${DEFAULT-VALUE})")
    List<Double> learningRates;

    @Option(names = "--momentum", split = ",", defaultValue = "0.39,0.41,0.43",
            description = "momentums (default: ${DEFAULT-VALUE})")
    List<Double> momentums;

    @Option(names = "--batch", split = ",", defaultValue = "5", description = "batch sizes (default: ${DEFAULT-VALUE})")
    List<Integer> batchSizes;

    @Option(names = "--epochs", split = ",", defaultValue = "55", description = "epochs (default: ${DEFAULT-VALUE})")
    List<Integer> epochs;

    @Option(names = "--optimizer", split = ",", defaultValue = "sgd", converter = OptimizerConverter.class,
            description = "sgd (classical momentum, as Keras' SGD), nesterov, rmsprop, adam (default:"
                    + " ${DEFAULT-VALUE})")
    List<Optimizer> optimizers;

    @Option(names = "--folds", defaultValue = "5",
            description = "cross-validation folds, 2-20 (default: ${DEFAULT-VALUE})")
    int folds;

    @Option(names = "--repeats", defaultValue = "1",
            description = "repeated stratified k-fold: draw the folds this many times, 1-10 (default:"
                    + " ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--holdout", defaultValue = "0.2",
            description = "share of rows held out for the final evaluation (default: ${DEFAULT-VALUE})")
    double holdout;

    @Option(names = "--early-stopping", defaultValue = "0", paramLabel = "PATIENCE",
            description = "stop a fold after PATIENCE epochs without a better loss on its early-stopping"
                    + " rows; 0 = off (default)")
    int patience;

    @Option(names = "--min-delta", defaultValue = "0",
            description = "smallest loss decrease that counts (default: ${DEFAULT-VALUE})")
    double minDelta;

    @Option(names = "--validation-fraction", defaultValue = "0.1",
            description = "share of each fold's training rows set aside to decide early stopping (default:"
                    + " ${DEFAULT-VALUE})")
    double validationFraction;

    @Option(names = "--hidden", split = ",", defaultValue = "16,16",
            description = "units per hidden layer (default: ${DEFAULT-VALUE})")
    int[] hidden;

    @Option(names = "--dropout", split = ",", defaultValue = "0.1,0.1",
            description = "dropout ratio after each hidden layer (default: ${DEFAULT-VALUE})")
    double[] dropout;

    @Option(names = "--top-k", defaultValue = "0", description = "keep the K most relevant features; 0 = all (default)")
    int topK;

    @Option(names = "--drop", split = ",", description = "features to leave out")
    List<String> drop = List.of();

    @Option(names = "--seed", defaultValue = "42",
            description = "fixes split, folds, weights, order, dropout (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--parallelism",
            description = "training threads (default: 1; a second one in the same process is no faster"
                    + " with ND4J's native backend, see the README)")
    Integer parallelism;

    @Option(names = "--out", description = "folder for model.zip, oob.csv and report.json")
    Path folder;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        Nd4jRuntime.configure();
        var dataset = data.load();
        var grid = new GridSpec(learningRates, momentums, batchSizes, epochs, optimizers);
        var settings = new SearchSettings(folds, repeats, holdout,
                patience > 0 ? new EarlyStopping(patience, minDelta, validationFraction) : null,
                new FeatureSelection(topK, new HashSet<>(drop)), new NetworkSpec(hidden, dropout), seed,
                parallelism != null ? parallelism : SearchSettings.DEFAULT_PARALLELISM);
        var search = new GridSearch(Experiment.prepare(dataset, settings), settings);
        String device = Nd4jRuntime.device();
        err.printf("%s: %d rows (%d %s), %d features, %d cells x %d folds x %d repeats on %s%n", data.name(),
                dataset.rows(),
                dataset.positives(), dataset.positiveClass(), search.experiment().data().featureCount(), grid.size(),
                folds, repeats, device);

        List<TrialResult> trials = withProgress(grid, search, start, err);
        var best = trials.stream().sorted(TrialResult.BEST_FIRST).findFirst().orElseThrow();
        var refit = search.refit(best, () -> false);
        double wall = (System.nanoTime() - start) / 1e9;

        printTrials(out, trials, settings.earlyStopping() != null);
        var report = SearchReport.of(data.name(), search, trials, refit, device, wall);
        printSummary(out, grid, report);
        if (folder != null) {
            Files.createDirectories(folder);
            ResultFiles.write(folder, search, refit, report);
            out.println(
                    "wrote " + folder.resolve(ResultFiles.MODEL) + ", " + folder.resolve(ResultFiles.OUT_OF_BAG) + ", "
                            + folder.resolve(ResultFiles.REPORT));
        }
        out.flush();
        return 0;
    }

    private List<TrialResult> withProgress(GridSpec grid, GridSearch search, long start, PrintWriter err) {
        long planned = grid.cells().stream().mapToLong(cell -> (long) cell.epochs()).sum() * folds * repeats;
        var done = new AtomicLong();
        var ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            var thread = new Thread(runnable, "progress");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleAtFixedRate(() -> {
            err.printf("  %5.1f s  %3d%% of fold-epochs%n", (System.nanoTime() - start) / 1e9,
                    100 * done.get() / planned);
            err.flush();
        }, 2, 2, TimeUnit.SECONDS);
        try {
            return search.evaluate(grid.cells(), (cell, fold, metrics) -> done.incrementAndGet(), () -> false);
        } finally {
            ticker.shutdownNow();
        }
    }

    static void printTrials(PrintWriter out, List<TrialResult> trials, boolean earlyStopping) {
        out.printf("%n%-9s %-9s %-6s %-7s %-9s %-20s %-19s %s%n", "lr", "momentum", "batch", "epochs", "optimizer",
                "CV accuracy ± std",
                "95% interval", earlyStopping ? "stopped at epoch (per fold)" : "");
        for (var trial : trials) {
            var hp = trial.hyperparameters();
            String stopped = earlyStopping ? trial.folds().stream()
                    .map(fold -> fold.stoppedEpoch() == 0 ? "-" : String.valueOf(fold.stoppedEpoch()))
                    .collect(Collectors.joining(" ")) : "";
            String diverged = trial.diverged()
                    ? "  DIVERGED in " + trial.folds().stream().filter(FoldResult::diverged).count() + " folds" : "";
            out.printf("%-9s %-9s %-6d %-7d %-9s %.6f ± %.4f    [%.4f, %.4f]    %s%s%n", hp.learningRate(),
                    hp.momentum(), hp.batchSize(),
                    hp.epochs(), hp.optimizer().label(), trial.meanAccuracy(), trial.stdAccuracy(), trial.intervalLow(),
                    trial.intervalHigh(),
                    stopped, diverged);
        }
    }

    static void printSummary(PrintWriter out, GridSpec grid, SearchReport report) {
        String run = grid.learningRates().size() + "x" + grid.momentums().size() + " grid, " + report.settings().folds()
                + " folds"
                + (report.settings().repeats() > 1 ? " x " + report.settings().repeats() : "")
                + (report.settings().earlyStoppingPatience() != null ? ", early stop" : "");
        out.printf("%n%-36s %-10s %-30s %-17s %-8s %-13s %s%n", "run", "wall time", "CV accuracy [95% interval]",
                "holdout accuracy",
                "best lr", "best momentum", "device");
        out.printf("%-36s %-10s %-30s %-17.6f %-8s %-13s %s%n", run, String.format("%.1f s", report.wallSeconds()),
                String.format("%.6f [%.4f, %.4f]", report.bestMeanAccuracy(), report.bestIntervalLow(),
                        report.bestIntervalHigh()),
                report.holdout().accuracy(), report.best().learningRate(), report.best().momentum(), report.device());
        var holdout = report.holdout();
        out.printf(
                "holdout (%d rows): precision %.4f, recall %.4f, F1 %.4f, ROC AUC %.4f, confusion [TP %d, FP %d, TN"
                        + " %d, FN %d]%n",
                report.data().heldOut(), holdout.precision(), holdout.recall(), holdout.f1(), holdout.rocAuc(),
                holdout.truePositives(),
                holdout.falsePositives(), holdout.trueNegatives(), holdout.falseNegatives());
    }

    static final class OptimizerConverter implements picocli.CommandLine.ITypeConverter<Optimizer> {
        @Override
        public Optimizer convert(String value) {
            return Optimizer.parse(value);
        }
    }
}
