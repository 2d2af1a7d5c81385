package dev.hud.trainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

    @Test
    void confusionMatrixAndDerivedScores() {
        float[] probabilities = { 0.9f, 0.8f, 0.4f, 0.3f, 0.6f, 0.1f };
        float[] labels = { 1, 1, 1, 0, 0, 0 };
        var metrics = ClassificationMetrics.of(probabilities, labels);
        assertEquals(2, metrics.truePositives());
        assertEquals(1, metrics.falseNegatives());
        assertEquals(1, metrics.falsePositives());
        assertEquals(2, metrics.trueNegatives());
        assertEquals(4.0 / 6, metrics.accuracy(), 1e-12);
        assertEquals(2.0 / 3, metrics.precision(), 1e-12);
        assertEquals(2.0 / 3, metrics.recall(), 1e-12);
        assertEquals(2.0 / 3, metrics.f1(), 1e-12);
        // Pairs (positive, negative) ranked right: 0.9 and 0.8 beat all three; 0.4 beats 0.3 and 0.1: 8 of 9.
        assertEquals(8.0 / 9, metrics.rocAuc(), 1e-12);
    }

    @Test
    void tiesCountHalf() {
        assertEquals(0.5, ClassificationMetrics.rocAuc(new float[] { 0.5f, 0.5f }, new float[] { 1, 0 }), 1e-12);
        assertTrue(Double.isNaN(ClassificationMetrics.rocAuc(new float[] { 0.5f }, new float[] { 1 })));
    }
}
