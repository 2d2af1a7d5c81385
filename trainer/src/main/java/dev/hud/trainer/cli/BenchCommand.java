package dev.hud.trainer.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import org.nd4j.linalg.factory.Nd4j;

import dev.hud.common.data.CsvDatasetReader;
import dev.hud.common.data.Dataset;
import dev.hud.common.data.FeatureSelection;
import dev.hud.trainer.Nd4jRuntime;
import dev.hud.trainer.model.ClassificationMetrics;
import dev.hud.trainer.model.Dl4jModels;
import dev.hud.trainer.model.Dl4jReference;
import dev.hud.trainer.model.EarlyStopping;
import dev.hud.trainer.model.Fit;
import dev.hud.trainer.model.Hyperparameters;
import dev.hud.trainer.model.NetworkSpec;
import dev.hud.trainer.model.Optimizer;
import dev.hud.trainer.search.Experiment;
import dev.hud.trainer.search.GridSearch;
import dev.hud.trainer.search.GridSpec;
import dev.hud.trainer.search.SearchSettings;
import dev.hud.trainer.search.TrialResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Reproduces the seed experiment's table on this machine (3x3 and 5x5 grids, with and without
 * early stopping; 5 folds, 55 epochs, batch 5) and measures the stock DL4J training loop on the
 * same fits as the reference, in the same run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Reproduce the seed experiment's table and compare with stock DL4J training.")
final class BenchCommand implements Callable<Integer> {

    /** The seed experiment (Keras, i7-6700HQ, 2019), CPU rows: wall seconds, accuracy, best lr, best momentum. */
    private record Row(String name, GridSpec grid, boolean earlyStopping, double seedSeconds, double seedAccuracy,
            double seedLr, double seedMomentum) {
    }

    private static final List<Double> LR3 = List.of(0.018, 0.024, 0.03);
    private static final List<Double> MOMENTUM3 = List.of(0.39, 0.41, 0.43);
    private static final List<Double> LR5 = List.of(0.021, 0.024, 0.027, 0.03, 0.033);
    private static final List<Double> MOMENTUM5 = List.of(0.37, 0.39, 0.41, 0.43, 0.45);
    private static final int PATIENCE = 5;

    @Spec
    CommandSpec spec;

    @Option(names = "--reference-fits", defaultValue = "5",
            description = "fits the stock DL4J loop trains for the reference, 0 = skip (default: ${DEFAULT-VALUE})")
    int referenceFits;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Option(names = "--repeats", defaultValue = "3",
            description = "repeated stratified k-fold: each grid's folds drawn this many times (default:"
                    + " ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--parallelism", description = "training threads (default: ${DEFAULT-VALUE})")
    int parallelism = SearchSettings.DEFAULT_PARALLELISM;

    @Option(names = "--arithmetic", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "also measure the batched program's GFLOP/s beside OpenBLAS on the same products (default:"
                    + " ${DEFAULT-VALUE})")
    boolean arithmetic;

    @Option(names = "--optimizer", defaultValue = "sgd", converter = GridCommand.OptimizerConverter.class,
            description = "sgd (classical momentum, the seed's Keras SGD) or nesterov (default: ${DEFAULT-VALUE})")
    Optimizer optimizer;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Nd4jRuntime.configure();
        var data = CsvDatasetReader.wdbc();
        String device = Nd4jRuntime.device();
        List<Row> rows = List.of(
                new Row("3x3 grid", grid(LR3, MOMENTUM3), false, 88, 0.978685, 0.03, 0.43),
                new Row("3x3 grid, early stop", grid(LR3, MOMENTUM3), true, 35.8, 0.973357, 0.024, 0.39),
                new Row("5x5 grid, early stop", grid(LR5, MOMENTUM5), true, 95, 0.9822, 0.03, 0.39),
                new Row("5x5 grid", grid(LR5, MOMENTUM5), false, Double.NaN, Double.NaN, Double.NaN, Double.NaN));
        int trainingRows = Experiment.prepare(data, settings(false)).holdout().train().length;
        out.printf(
                "HUD trainer benchmark on %s, %d training thread(s); 5 folds x %d repeats, 55 epochs, batch 5, seed"
                        + " %d%n",
                device,
                parallelism, repeats, seed);
        out.printf(
                "HUD:  %s, %d features, %d rows cross-validated (%d held out first); early stopping on"
                        + " %.0f%% of each fold's "
                        + "training rows, patience %d; CV accuracy = mean over %d folds [95%% corrected resampled t"
                        + " interval]%n",
                optimizer == Optimizer.SGD ? "SGD with classical momentum (Keras' SGD)" : optimizer.label(),
                data.featureCount(),
                trainingRows, data.rows() - trainingRows, 100 * EarlyStopping.DEFAULT_VALIDATION_FRACTION, PATIENCE,
                5 * repeats);
        out.printf(
                "seed: Keras SGD(momentum), 20 of 30 features (10 dropped), 563 rows cross-validated, one"
                        + " 5-fold run%n");
        out.printf("%-22s | %-10s %-9s %-6s %-6s | %-8s %-27s %-8s %-7s %-6s %-9s%n", "run", "seed wall", "seed acc",
                "lr", "mom",
                "HUD wall", "CV acc [95% interval]", "holdout", "lr", "mom", "speed-up");
        double threeByThreeSeconds = 0;
        for (Row row : rows) {
            var settings = settings(row.earlyStopping());
            long start = System.nanoTime();
            var search = new GridSearch(Experiment.prepare(data, settings), settings);
            List<TrialResult> trials = search.evaluate(row.grid().cells(), GridSearch.Listener.NONE, () -> false);
            TrialResult best = trials.stream().sorted(TrialResult.BEST_FIRST).findFirst().orElseThrow();
            var refit = search.refit(best, () -> false);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (row.name().equals("3x3 grid")) {
                threeByThreeSeconds = seconds;
            }
            out.printf("%-22s | %-10s %-9s %-6s %-6s | %-8s %-27s %-8.6f %-7s %-6s %-9s%n", row.name(),
                    wall(row.seedSeconds()),
                    Double.isNaN(row.seedAccuracy()) ? "-" : String.valueOf(row.seedAccuracy()), text(row.seedLr()),
                    text(row.seedMomentum()),
                    String.format("%.1f s", seconds),
                    String.format("%.4f [%.4f, %.4f]", best.meanAccuracy(), best.intervalLow(),
                            best.intervalHigh()),
                    refit.holdout().accuracy(), best.hyperparameters().learningRate(),
                    best.hyperparameters().momentum(),
                    Double.isNaN(row.seedSeconds()) ? "-" : String.format("%.0fx", row.seedSeconds() / seconds));
            out.flush();
        }
        if (referenceFits > 0) {
            reference(out, data, threeByThreeSeconds);
        }
        if (arithmetic && Nd4jRuntime.deviceKind().equals("cpu")) {
            new ArithmeticReport(out, data, seed, parallelism).print();
        }
        return 0;
    }

    private GridSpec grid(List<Double> rates, List<Double> momenta) {
        return new GridSpec(rates, momenta, List.of(5), List.of(55), List.of(optimizer));
    }

    private SearchSettings settings(boolean earlyStopping) {
        return new SearchSettings(5, repeats, 0.2, earlyStopping ? new EarlyStopping(PATIENCE, 0) : null,
                FeatureSelection.ALL,
                NetworkSpec.DEFAULT, seed, parallelism);
    }

    /**
     * The stock DL4J loop on the first cell's folds of the 3x3 grid, extrapolated to the grid's 45 fits (one repeat).
     * DL4J has no classical momentum: the reference trains with its Nesterovs, which costs the same per step.
     */
    private void reference(PrintWriter out, Dataset data, double hudSeconds) {
        var experiment = Experiment.prepare(data,
                new SearchSettings(5, 1, 0.2, null, FeatureSelection.ALL, NetworkSpec.DEFAULT, seed, 1));
        var hp = new Hyperparameters(0.03, 0.43, 5, 55, Optimizer.NESTEROV);
        double seconds = 0;
        double accuracy = 0;
        for (int i = 0; i < referenceFits; i++) {
            var part = experiment.folds().get(i % experiment.folds().size());
            var fit = Fit.withoutEarlyStopping("reference-" + i, hp, part.trainX(), part.trainY(), part.evaluationX(),
                    part.evaluationY(),
                    seed + i);
            long start = System.nanoTime();
            float[] parameters = Dl4jReference.train(NetworkSpec.DEFAULT, fit);
            seconds += (System.nanoTime() - start) / 1e9;
            var network = Dl4jModels.network(NetworkSpec.DEFAULT, part.trainX()[0].length, hp, parameters);
            float[] probabilities = network.output(Nd4j.create(part.evaluationX())).data().asFloat();
            accuracy += ClassificationMetrics.of(probabilities, part.evaluationY()).accuracy();
        }
        double perFit = seconds / referenceFits;
        double grid = perFit * 45;
        out.printf("%nreference: stock DL4J MultiLayerNetwork.fit, one thread, lr 0.03 momentum 0.43: %.2f s per fit "
                + "(%d fits measured, mean validation accuracy %.4f)%n", perFit, referenceFits,
                accuracy / referenceFits);
        out.printf(
                "           the 3x3 grid's 45 fits would take %.0f s that way (plus refit); HUD's batched trainer"
                        + " took %.1f s for %d "
                        + "repeats (%d fits): %.0fx per fit%n",
                grid, hudSeconds, repeats, 45 * repeats, grid * repeats / hudSeconds);
        out.flush();
    }

    private static String wall(double seconds) {
        if (Double.isNaN(seconds)) {
            return "-";
        }
        return seconds >= 60 ? String.format("%d min %.0f s", (int) seconds / 60, seconds % 60)
                : String.format("%.1f s", seconds);
    }

    private static String text(double value) {
        return Double.isNaN(value) ? "-" : String.valueOf(value);
    }
}
