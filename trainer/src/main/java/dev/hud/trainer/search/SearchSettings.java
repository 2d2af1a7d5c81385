package dev.hud.trainer.search;

import dev.hud.common.data.FeatureSelection;
import dev.hud.trainer.model.EarlyStopping;
import dev.hud.trainer.model.NetworkSpec;

/**
 * How a search evaluates its cells.
 *
 * @param folds            stratified cross-validation folds, 2 to 20
 * @param repeats          times the k folds are drawn again with another seed (repeated stratified k-fold), 1 to 10
 * @param holdoutFraction  share of the rows kept aside from the start for the final evaluation
 * @param earlyStopping    null to train every fold for all its epochs
 * @param seed             fixes the split, the folds and every fit's initial weights, order and dropout
 * @param parallelism      threads that train groups of fits side by side
 */
public record SearchSettings(int folds, int repeats, double holdoutFraction, EarlyStopping earlyStopping,
        FeatureSelection selection,
        NetworkSpec network, long seed, int parallelism) {

    /**
     * One training thread per process. libnd4j's batched products take a process-wide lock for every sub-array they
     * make (its shape cache), so a second thread in the same process trained no faster here, only burning the other
     * core; separate trainer processes (replicas) do scale.
     */
    public static final int DEFAULT_PARALLELISM = 1;

    public static final int MAX_FOLDS = 20;
    public static final int MAX_REPEATS = 10;

    public SearchSettings {
        if (folds < 2 || folds > MAX_FOLDS) {
            throw new IllegalArgumentException("folds must be between 2 and " + MAX_FOLDS + ", got " + folds);
        }
        if (repeats < 1 || repeats > MAX_REPEATS) {
            throw new IllegalArgumentException("repeats must be between 1 and " + MAX_REPEATS + ", got " + repeats);
        }
        if (!(holdoutFraction > 0 && holdoutFraction < 0.9)) {
            throw new IllegalArgumentException("the held-out fraction must be in (0, 0.9), got " + holdoutFraction);
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
        }
    }

    public static SearchSettings defaults() {
        return new SearchSettings(5, 1, 0.2, null, FeatureSelection.ALL, NetworkSpec.DEFAULT, 42L, DEFAULT_PARALLELISM);
    }
}
