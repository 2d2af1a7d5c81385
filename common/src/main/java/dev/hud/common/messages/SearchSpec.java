package dev.hud.common.messages;

import java.util.List;

/**
 * How a job evaluates its cells; the same for every message of one job, so every trainer replica
 * prepares the same split, folds and scaling.
 *
 * @param dataset          "wdbc" (built in) or the path/URL of a CSV the trainers can read
 * @param label            label column (null: "diagnosis")
 * @param positiveClass    label value of the positive class (null: the data set's default)
 * @param repeats          repeated stratified k-fold: the k folds drawn this many times (null: 1)
 * @param earlyStoppingPatience  null or 0: no early stopping
 * @param earlyStoppingValidationFraction  share of each fold's training rows whose loss decides early stopping (null:
 * 0.1)
 * @param topK             keep the K most relevant features (0 or null: all)
 * @param drop             features to leave out (null: none)
 */
public record SearchSpec(String dataset, String label, String positiveClass, int folds, Integer repeats,
        double holdoutFraction,
        long seed, Integer earlyStoppingPatience, Double earlyStoppingMinDelta, Double earlyStoppingValidationFraction,
        int[] hidden,
        double[] dropout, Integer topK, List<String> drop) {
}
