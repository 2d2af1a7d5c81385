package dev.hud.common.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class FeatureRelevanceTest {

    /** separating: class 1 high, class 0 low; noise: the same spread in both classes. */
    private final Dataset data = new Dataset(List.of("noise", "separating"), "y", "0", "1",
            new double[][] { { 1, 0 }, { 2, 1 }, { 3, 0.5 }, { 1, 10 }, { 2, 11 }, { 3, 10.5 } },
            new int[] { 0, 0, 0, 1, 1, 1 });

    @Test
    void theAnovaFStatistic() {
        var scores = FeatureRelevance.score(data, IntStream.range(0, 6).toArray());
        assertEquals("separating", scores.get(0).feature());
        // Class means 0.5 and 10.5, grand mean 5.5: between = 6 x 25 = 150; within = 4 x 0.25 = 1 (two groups of {-0.5,
        // 0.5, 0}).
        assertEquals(150 / (1.0 / 4), scores.get(0).f(), 1e-9);
        assertTrue(scores.get(0).p() < 1e-4, "p = " + scores.get(0).p());
        assertEquals(0, scores.get(1).f(), 1e-12, "identical class distributions");
        assertEquals(1, scores.get(1).p(), 1e-9);
    }

    @Test
    void onlyTheGivenRowsCount() {
        // Without row 5 the classes of "noise" differ in mean: F becomes positive.
        var scores = FeatureRelevance.score(data, new int[] { 0, 1, 2, 3, 4 });
        assertTrue(scores.stream().filter(s -> s.feature().equals("noise")).findFirst().orElseThrow().f() > 0);
    }

    @Test
    void selectionKeepsTheTopKAfterDropping() {
        var wdbc = CsvDatasetReader.wdbc();
        var scores = FeatureRelevance.score(wdbc, IntStream.range(0, wdbc.rows()).toArray());
        List<String> top3 = new FeatureSelection(3, Set.of()).apply(wdbc, scores);
        assertEquals(3, top3.size());
        assertTrue(top3.contains(scores.get(0).feature()));
        List<String> withoutBest = new FeatureSelection(3, Set.of(scores.get(0).feature())).apply(wdbc, scores);
        assertTrue(withoutBest.contains(scores.get(3).feature()) && !withoutBest.contains(scores.get(0).feature()));
        assertEquals(20,
                new FeatureSelection(0,
                        Set.copyOf(scores.subList(20, 30).stream().map(FeatureRelevance.Score::feature).toList()))
                        .apply(wdbc, scores).size(),
                "the original experiment's 10 dropped dimensions");
        var error = assertThrows(DatasetException.class,
                () -> new FeatureSelection(0, Set.of("nope")).apply(wdbc, scores));
        assertTrue(error.getMessage().contains("'nope'"));
    }
}
