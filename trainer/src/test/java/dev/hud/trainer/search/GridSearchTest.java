package dev.hud.trainer.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

import dev.hud.trainer.data.CsvDatasetReader;
import dev.hud.trainer.data.FeatureSelection;
import dev.hud.trainer.model.Dl4jModels;
import dev.hud.trainer.model.EarlyStopping;
import dev.hud.trainer.model.NetworkSpec;

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
        var input = Nd4j.create(raw).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        loaded.scaler().transform(input);
        float[] fromFile = loaded.network().output(input).data().asFloat();
        for (int i = 0; i < fromFile.length; i++) {
            assertEquals(refit.holdoutProbabilities()[i], fromFile[i], 1e-5, "row " + heldOut[i]);
        }
    }
}
