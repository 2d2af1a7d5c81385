package dev.hud.gateway.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.hud.common.data.CsvDatasetReader;
import dev.hud.common.data.Dataset;
import dev.hud.common.data.StratifiedSampling;

/** The data page's numbers, computed by hand on small data: ranges, spread, bins, classes, the split they use. */
class DatasetProfileTest {

    /** Ten rows: "rising" is 0..9, "flat" is 5 everywhere; rows 6 to 9 are positive. */
    private static Dataset tenRows() {
        double[][] features = IntStream.range(0, 10).mapToObj(i -> new double[] { i, 5 }).toArray(double[][]::new);
        int[] labels = IntStream.range(0, 10).map(i -> i >= 6 ? 1 : 0).toArray();
        return new Dataset(List.of("rising", "flat"), "y", "no", "yes", features, labels);
    }

    /** The profile of all ten rows, as if none were held out. */
    private static DatasetProfile ofAll(Dataset data, int bins) {
        return DatasetProfile.of(data, IntStream.range(0, data.rows()).toArray(), 0.2, 1, bins);
    }

    @Test
    void rangeMeanAndTheSampleStandardDeviation() {
        var rising = ofAll(tenRows(), 5).features().get(0);
        assertEquals(0, rising.min());
        assertEquals(9, rising.max());
        assertEquals(4.5, rising.mean(), 1e-12);
        // Sum of squared deviations from 4.5 over 0..9 is 82.5; divided by n - 1 = 9.
        assertEquals(Math.sqrt(82.5 / 9), rising.std(), 1e-12);
    }

    @Test
    void binsOfEqualWidthByClassTheMaximumInTheLast() {
        var histogram = ofAll(tenRows(), 3).features().get(0).histogram();
        assertArrayEquals(new double[] { 0, 3, 6, 9 }, histogram.edges(), 1e-12);
        // Values 0-2 | 3-5 | 6-9: the negatives are 0..5, the positives 6..9 (9, the maximum, in the last bin).
        assertArrayEquals(new int[] { 3, 3, 0 }, histogram.negative());
        assertArrayEquals(new int[] { 0, 0, 4 }, histogram.positive());
    }

    @Test
    void aConstantFeatureHasEveryValueInItsFirstBin() {
        var flat = ofAll(tenRows(), 4).features().get(1);
        assertEquals(0, flat.std());
        assertArrayEquals(new int[] { 6, 0, 0, 0 }, flat.histogram().negative());
        assertArrayEquals(new int[] { 4, 0, 0, 0 }, flat.histogram().positive());
    }

    @Test
    void classesAreCountedOverEveryRowNegativeFirst() {
        var profile = ofAll(tenRows(), 2);
        assertEquals(List.of(new DatasetProfile.ClassCount("no", 6, false), new DatasetProfile.ClassCount("yes", 4,
                true)), profile.classes());
        assertEquals("rising", profile.relevance().get(0).feature());
        assertEquals(0, profile.relevance().get(1).f(), 1e-12, "a constant feature tells nothing apart");
    }

    /** Everything but the class balance comes from the training rows: held-out values never show. */
    @Test
    void heldOutRowsNeitherWidenARangeNorFillABin() {
        Dataset wdbc = CsvDatasetReader.wdbc();
        int[] training = StratifiedSampling.holdout(wdbc.labels(), 0.2, 42).train();
        var profile = DatasetProfile.of(wdbc, 0.2, 42, 10);
        assertEquals(wdbc.rows(), profile.classes().stream().mapToInt(DatasetProfile.ClassCount::count).sum());
        for (int column = 0; column < wdbc.featureCount(); column++) {
            final int c = column;
            double trainingMax = Arrays.stream(training).mapToDouble(row -> wdbc.features()[row][c]).max()
                    .orElseThrow();
            var feature = profile.features().get(column);
            assertEquals(trainingMax, feature.max(), wdbc.featureNames().get(column));
            int binned = Arrays.stream(feature.histogram().negative()).sum()
                    + Arrays.stream(feature.histogram().positive()).sum();
            assertEquals(training.length, binned);
        }
        // The check above can tell: some feature's largest value is among the held-out rows.
        assertTrue(IntStream.range(0, wdbc.featureCount()).anyMatch(c -> Arrays.stream(wdbc.features())
                .mapToDouble(row -> row[c]).max().orElseThrow() > profile.features().get(c).max()));
    }
}
