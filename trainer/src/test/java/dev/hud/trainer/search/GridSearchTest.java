package dev.hud.trainer.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import dev.hud.common.data.CsvDatasetReader;
import dev.hud.common.data.FeatureSelection;
import dev.hud.trainer.model.Dl4jModels;
import dev.hud.trainer.model.EarlyStopping;
import dev.hud.trainer.model.Hyperparameters;
import dev.hud.trainer.model.NetworkSpec;
import dev.hud.trainer.model.Optimizer;

class GridSearchTest {

    private static final GridSpec GRID = GridSpec.of(List.of(0.02, 0.04), List.of(0.4, 0.6), 5, 8);

    private static SearchSettings settings(int parallelism, EarlyStopping stopping) {
        return new SearchSettings(3, 1, 0.2, stopping, FeatureSelection.ALL, NetworkSpec.DEFAULT, 5, parallelism);
    }

    @Test
    void resultsDoNotDependOnTheNumberOfThreads() {
        var data = CsvDatasetReader.wdbc();
        List<TrialResult> oneThread = new GridSearch(Experiment.prepare(data, settings(1, null)), settings(1, null))
                .evaluate(GRID.cells(), GridSearch.Listener.NONE, () -> false);
        List<TrialResult> twoThreads = new GridSearch(Experiment.prepare(data, settings(2, null)), settings(2, null))
                .evaluate(GRID.cells(), GridSearch.Listener.NONE, () -> false);
        assertEquals(oneThread, twoThreads);
        assertEquals(4, oneThread.size());
        for (var trial : oneThread) {
            assertEquals(3, trial.folds().size());
            assertEquals(8, trial.folds().get(0).history().size());
            double mean = trial.folds().stream().mapToDouble(FoldResult::validationAccuracy).average().orElseThrow();
            assertEquals(mean, trial.meanAccuracy(), 1e-12);
            assertTrue(trial.meanAccuracy() > 0.85, "a few epochs already learn this data: " + trial.meanAccuracy());
        }
    }

    @Test
    void searchesOfSeveralJobsTrainTogetherAndGetWhatEachWouldAlone() {
        var data = CsvDatasetReader.wdbc();
        var settingsA = settings(1, null);
        var settingsB = new SearchSettings(3, 1, 0.2, null, FeatureSelection.ALL, NetworkSpec.DEFAULT, 7, 1);
        var a = new GridSearch(Experiment.prepare(data, settingsA), settingsA);
        var b = new GridSearch(Experiment.prepare(data, settingsB), settingsB);
        List<Hyperparameters> cellsB = List.of(GRID.cells().get(0),
                new Hyperparameters(0.03, 0.5, 10, 8, Optimizer.SGD));

        List<String> epochs = Collections.synchronizedList(new ArrayList<>());
        List<List<TrialResult>> together = GridSearch.evaluateTogether(List.of(
                new GridSearch.Share(a, GRID.cells(), (cell, fold, metrics) -> epochs.add("a" + metrics.epoch())),
                new GridSearch.Share(b, cellsB, (cell, fold, metrics) -> epochs.add("b" + metrics.epoch()))),
                (share, cell, result) -> epochs.add("done " + share + "/" + cell), () -> false);

        assertEquals(a.evaluate(GRID.cells(), GridSearch.Listener.NONE, () -> false), together.get(0));
        assertEquals(b.evaluate(cellsB, GridSearch.Listener.NONE, () -> false), together.get(1));
        assertTrue(epochs.indexOf("b1") < epochs.indexOf("a2"),
                "a's and b's batch-5 fits share one program: " + epochs);
        assertTrue(epochs.indexOf("done 0/3") < epochs.lastIndexOf("b1"),
                "a's cells are reported before b's batch-10 cell trains");
        assertEquals(4 * 3 * 8 + 2 * 3 * 8 + 4 + 2, epochs.size());
    }

    @Test
    void theSavedModelPredictsWhatTheTrainedOneDid(@TempDir Path folder) throws IOException {
        var data = CsvDatasetReader.wdbc();
        var stopping = new EarlyStopping(2, 0);
        var search = new GridSearch(Experiment.prepare(data, settings(2, stopping)), settings(2, stopping));
        var trials = search.evaluate(GRID.cells(), GridSearch.Listener.NONE, () -> false);
        var best = trials.stream().sorted(TrialResult.BEST_FIRST).findFirst().orElseThrow();
        assertEquals(trials.stream().mapToDouble(TrialResult::meanAccuracy).max().orElseThrow(), best.meanAccuracy());

        var refit = search.refit(best, () -> false);
        assertEquals(best.refitEpochs(true), refit.epochs());
        assertTrue(refit.holdout().accuracy() > 0.85, "held-out accuracy " + refit.holdout().accuracy());

        Path file = folder.resolve("model.zip");
        Dl4jModels.save(refit.network(), search.experiment().full().scaler(), file);
        var loaded = Dl4jModels.load(file);
        int[] heldOut = search.experiment().holdout().test();
        double[][] raw = new double[heldOut.length][];
        for (int i = 0; i < heldOut.length; i++) {
            raw[i] = data.features()[heldOut[i]];
        }
        var input = Nd4j.create(raw).castTo(DataType.FLOAT);
        loaded.scaler().transform(input);
        float[] fromFile = loaded.network().output(input).data().asFloat();
        for (int i = 0; i < fromFile.length; i++) {
            assertEquals(refit.holdoutProbabilities()[i], fromFile[i], 1e-5, "row " + heldOut[i]);
        }
    }
}
