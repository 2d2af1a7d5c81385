package dev.hud.trainer.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hud.trainer.data.CsvDatasetReader;
import dev.hud.trainer.data.Dataset;
import dev.hud.trainer.data.FeatureSelection;
import dev.hud.trainer.data.MinMaxScaler;
import dev.hud.trainer.data.StratifiedSampling;
import dev.hud.trainer.model.NetworkSpec;

/** No leakage: what a fold or the final model learns from never includes the rows it is judged on. */
class ExperimentTest {

    private final SearchSettings settings = new SearchSettings(5, 0.2, null, FeatureSelection.ALL, NetworkSpec.DEFAULT, 11, 1);

    @Test
    void eachFoldIsScaledByItsTrainingRowsOnly() {
        Dataset wdbc = CsvDatasetReader.wdbc();
        // An extreme value in one row: only the fold that trains on that row may see it.
        int extremeRow = StratifiedSampling.holdout(wdbc.labels(), 0.2, 11).train()[0];
        wdbc.features()[extremeRow][0] = 1000;
        var experiment = Experiment.prepare(wdbc, settings);
        var folds = StratifiedSampling.kFold(wdbc.labels(), experiment.holdout().train(), 5, 11);
        for (int f = 0; f < folds.size(); f++) {
            var part = experiment.folds().get(f);
            var expected = MinMaxScaler.fit(wdbc.features(), folds.get(f).train());
            assertArrayEquals(expected.min(), part.scaler().min());
            assertArrayEquals(expected.max(), part.scaler().max());
            boolean trainsOnExtreme = Arrays.binarySearch(folds.get(f).train(), extremeRow) >= 0;
            assertEquals(trainsOnExtreme, part.scaler().max()[0] == 1000, "fold " + f);
            float largest = maxOfColumn(part.evaluationX(), 0);
            if (!trainsOnExtreme) {
                assertTrue(largest > 1, "a validation row beyond the training range is not squeezed into [0, 1]");
            }
            assertTrue(maxOfColumn(part.trainX(), 0) <= 1f);
        }
        var full = experiment.full();
        assertArrayEquals(MinMaxScaler.fit(wdbc.features(), experiment.holdout().train()).max(), full.scaler().max());
        assertEquals(experiment.holdout().test().length, full.evaluationX().length);
    }

    @Test
    void relevanceIsScoredWithoutTheHeldOutRows() {
        Dataset wdbc = CsvDatasetReader.wdbc();
        var experiment = Experiment.prepare(wdbc, settings);
        var expected = dev.hud.trainer.data.FeatureRelevance.score(wdbc, experiment.holdout().train());
        assertEquals(expected, experiment.relevance());
        var top5 = Experiment.prepare(wdbc, new SearchSettings(5, 0.2, null, new FeatureSelection(5, java.util.Set.of()),
                NetworkSpec.DEFAULT, 11, 1));
        assertEquals(5, top5.data().featureCount());
        assertEquals(5, top5.full().trainX()[0].length);
        assertTrue(List.copyOf(top5.data().featureNames()).contains(expected.get(0).feature()));
    }

    private static float maxOfColumn(float[][] rows, int column) {
        float max = Float.NEGATIVE_INFINITY;
        for (float[] row : rows) {
            max = Math.max(max, row[column]);
        }
        return max;
    }
}
