package dev.hud.trainer.model;

import java.util.SplittableRandom;

/** Small, seeded, learnable data: the label is whether a weighted sum of the features is large. */
final class TrainingFixtures {

    private TrainingFixtures() {
    }

    static float[][] rows(int n, int features, long seed) {
        var random = new SplittableRandom(seed);
        float[][] rows = new float[n][features];
        for (float[] row : rows) {
            for (int f = 0; f < features; f++) {
                row[f] = (float) random.nextDouble();
            }
        }
        return rows;
    }

    static float[] labels(float[][] rows) {
        float[] labels = new float[rows.length];
        for (int r = 0; r < rows.length; r++) {
            double score = 0;
            for (int f = 0; f < rows[r].length; f++) {
                score += (f % 2 == 0 ? 1 : -0.5) * rows[r][f];
            }
            labels[r] = score > 0.25 * rows[r].length ? 1f : 0f;
        }
        return labels;
    }

    /**
     * With early stopping, {@code validation} rows both decide the stop and are scored (the search keeps them apart).
     */
    static Fit fit(String id, Hyperparameters hp, float[][] train, float[][] validation, EarlyStopping stopping,
            long seed) {
        if (stopping == null) {
            return Fit.withoutEarlyStopping(id, hp, train, labels(train), validation, labels(validation), seed);
        }
        return new Fit(id, hp, train, labels(train), validation, labels(validation), validation, labels(validation),
                stopping, seed);
    }
}
