package dev.hud.trainer.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.hud.common.data.CsvDatasetReader;
import dev.hud.common.data.Dataset;
import dev.hud.common.data.FeatureRelevance;
import dev.hud.common.data.FeatureSelection;
import dev.hud.common.data.StratifiedSampling;
import dev.hud.trainer.data.MinMaxScaler;
import dev.hud.trainer.model.EarlyStopping;
import dev.hud.trainer.model.NetworkSpec;

/** No leakage: what a fold or the final model learns from never includes the rows it is judged on. */
class ExperimentTest {

    private final SearchSettings settings = new SearchSettings(5, 1, 0.2, null, FeatureSelection.ALL,
            NetworkSpec.DEFAULT, 11, 1);

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
        var expected = FeatureRelevance.score(wdbc, experiment.holdout().train());
        assertEquals(expected, experiment.relevance());
        var top5 = Experiment.prepare(wdbc,
                new SearchSettings(5, 1, 0.2, null, new FeatureSelection(5, Set.of()),
                        NetworkSpec.DEFAULT, 11, 1));
        assertEquals(5, top5.data().featureCount());
        assertEquals(5, top5.full().trainX()[0].length);
        assertTrue(List.copyOf(top5.data().featureNames()).contains(expected.get(0).feature()));
    }

    @Test
    void rowsThatDecideEarlyStoppingAreNeverScoredInAnyFoldOfAnyRepeat() {
        Dataset wdbc = CsvDatasetReader.wdbc();
        var experiment = Experiment.prepare(wdbc,
                new SearchSettings(5, 3, 0.2, new EarlyStopping(5, 0, 0.1), FeatureSelection.ALL,
                        NetworkSpec.DEFAULT, 11, 1));
        int[] trainingRows = experiment.holdout().train();
        assertEquals(15, experiment.folds().size());
        for (int repeat = 0; repeat < 3; repeat++) {
            Set<Integer> scoredInRepeat = new HashSet<>();
            for (var part : experiment.folds()) {
                if (part.repeat() != repeat) {
                    continue;
                }
                var rows = part.rows();
                String where = "repeat " + repeat + " fold " + part.fold();
                assertDisjoint(rows.earlyStopping(), rows.scored(), where + ": early-stopping and scored rows");
                assertDisjoint(rows.train(), rows.scored(), where + ": training and scored rows");
                assertDisjoint(rows.train(), rows.earlyStopping(), where + ": training and early-stopping rows");
                assertDisjoint(rows.scored(), experiment.holdout().test(), where + ": scored and held-out rows");
                assertEquals(trainingRows.length,
                        rows.train().length + rows.earlyStopping().length + rows.scored().length, where);
                // About a tenth of the fold's training rows decide early stopping, each class in its share.
                int fitted = rows.train().length + rows.earlyStopping().length;
                assertEquals(Math.round(fitted * 0.1), rows.earlyStopping().length, 1.0, where);
                assertEquals(rows.earlyStopping().length, part.earlyStoppingX().length);
                assertEquals(rows.scored().length, part.evaluationX().length);
                Arrays.stream(rows.scored()).forEach(scoredInRepeat::add);
            }
            assertEquals(trainingRows.length, scoredInRepeat.size(), "each repeat scores every training row once");
        }
        assertFalse(Arrays.equals(experiment.folds().get(0).rows().scored(), experiment.folds().get(5).rows().scored()),
                "a repeat draws other folds");
    }

    @Test
    void featuresAreSelectedInsideEachFold() {
        // Keep the 2 most relevant of: a real feature, three of noise, and one that separates the classes only on the
        // first fold's scored rows (constant everywhere else). Chosen on all training rows, the leak is kept; chosen on
        // the first fold's own training rows, where it is constant, it cannot be.
        Dataset wdbc = CsvDatasetReader.wdbc();
        var settings = new SearchSettings(5, 1, 0.2, null, new FeatureSelection(2, Set.of()), NetworkSpec.DEFAULT, 11,
                1);
        int[] firstFoldScored = Experiment.prepare(wdbc, settings).folds().get(0).rows().scored();
        var random = new SplittableRandom(3);
        int radius = wdbc.featureNames().indexOf("mean_radius");
        double[][] features = new double[wdbc.rows()][];
        for (int row = 0; row < wdbc.rows(); row++) {
            double leak = Arrays.binarySearch(firstFoldScored, row) >= 0 ? wdbc.labels()[row] : 0.5;
            features[row] = new double[] { wdbc.features()[row][radius], random.nextDouble(), random.nextDouble(),
                    random.nextDouble(),
                    leak };
        }
        var names = List.of("mean_radius", "noise_a", "noise_b", "noise_c", "leak");
        Dataset data = new Dataset(names, wdbc.labelName(), wdbc.negativeClass(), wdbc.positiveClass(), features,
                wdbc.labels());

        var experiment = Experiment.prepare(data, settings);
        assertEquals(List.of("mean_radius", "leak"), experiment.data().featureNames(), "selected on all training rows");
        var firstFold = experiment.folds().get(0);
        assertArrayEquals(firstFoldScored, firstFold.rows().scored(), "features do not change the folds");
        assertFalse(firstFold.features().contains("leak"), "the first fold's own selection: " + firstFold.features());
        assertEquals(2, firstFold.trainX()[0].length);
        for (var other : experiment.folds().subList(1, 5)) {
            assertEquals(List.of("mean_radius", "leak"), other.features(),
                    "folds that train on the leaking rows keep it");
        }
    }

    private static void assertDisjoint(int[] a, int[] b, String what) {
        Set<Integer> left = new HashSet<>();
        Arrays.stream(a).forEach(left::add);
        assertTrue(Arrays.stream(b).noneMatch(left::contains), what + " overlap");
    }

    private static float maxOfColumn(float[][] rows, int column) {
        float max = Float.NEGATIVE_INFINITY;
        for (float[] row : rows) {
            max = Math.max(max, row[column]);
        }
        return max;
    }
}
