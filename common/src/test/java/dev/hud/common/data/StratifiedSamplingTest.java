package dev.hud.common.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class StratifiedSamplingTest {

    private final int[] labels = CsvDatasetReader.wdbc().labels();

    @Test
    void everyFoldKeepsTheClassRatio() {
        int[] rows = IntStream.range(0, labels.length).toArray();
        for (int k : new int[] { 2, 3, 5, 10 }) {
            var folds = StratifiedSampling.kFold(labels, rows, k, 7);
            assertEquals(k, folds.size());
            Set<Integer> seen = new HashSet<>();
            for (var fold : folds) {
                double expectedPositives = fold.test().length * 212.0 / 569;
                assertTrue(Math.abs(positives(fold.test()) - expectedPositives) <= 1.0,
                        k + " folds: " + positives(fold.test()) + " positives of " + fold.test().length);
                assertEquals(labels.length, fold.train().length + fold.test().length);
                assertTrue(Arrays.stream(fold.test()).noneMatch(row -> Arrays.binarySearch(fold.train(), row) >= 0),
                        "validation rows are not training rows");
                Arrays.stream(fold.test()).forEach(seen::add);
            }
            assertEquals(labels.length, seen.size(), "the validation parts cover every row once");
            int smallest = folds.stream().mapToInt(fold -> fold.test().length).min().orElseThrow();
            int largest = folds.stream().mapToInt(fold -> fold.test().length).max().orElseThrow();
            assertTrue(largest - smallest <= 1, "fold sizes " + smallest + ".." + largest);
        }
    }

    @Test
    void foldsOfASubsetUseOnlyItsRows() {
        var holdout = StratifiedSampling.holdout(labels, 0.2, 1);
        for (var fold : StratifiedSampling.kFold(labels, holdout.train(), 5, 1)) {
            for (int row : fold.test()) {
                assertTrue(Arrays.binarySearch(holdout.train(), row) >= 0);
            }
        }
    }

    @Test
    void holdoutKeepsTheRatioAndIsDisjoint() {
        var split = StratifiedSampling.holdout(labels, 0.2, 3);
        assertEquals(Math.round(212 * 0.2) + Math.round(357 * 0.2), split.test().length);
        assertEquals(Math.round(212 * 0.2), positives(split.test()));
        assertTrue(Arrays.stream(split.test()).noneMatch(row -> Arrays.binarySearch(split.train(), row) >= 0));
    }

    @Test
    void theSeedDecides() {
        assertArrayEquals(StratifiedSampling.holdout(labels, 0.2, 5).test(),
                StratifiedSampling.holdout(labels, 0.2, 5).test());
        assertFalse(Arrays.equals(StratifiedSampling.holdout(labels, 0.2, 5).test(),
                StratifiedSampling.holdout(labels, 0.2, 6).test()));
    }

    @Test
    void tooFewRowsOfAClass() {
        int[] few = { 1, 1, 0, 0, 0, 0, 0, 0 };
        var error = assertThrows(DatasetException.class,
                () -> StratifiedSampling.kFold(few, IntStream.range(0, 8).toArray(), 3, 1));
        assertTrue(error.getMessage().contains("fewer than the 3 folds"));
    }

    private long positives(int[] rows) {
        return Arrays.stream(rows).filter(row -> labels[row] == 1).count();
    }
}
