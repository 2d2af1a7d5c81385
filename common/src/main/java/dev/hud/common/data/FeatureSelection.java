package dev.hud.common.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which features a run keeps: all of them, the K most relevant, and/or all but some named ones.
 * (The original experiment dropped the 10 features that did not contribute.)
 *
 * @param topK  keep the K highest-scoring features; 0 keeps all
 * @param drop  feature names to leave out, applied before topK
 */
public record FeatureSelection(int topK, Set<String> drop) {

    public static final FeatureSelection ALL = new FeatureSelection(0, Set.of());

    public FeatureSelection {
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be 0 (all) or positive, got " + topK);
        }
        drop = Set.copyOf(drop);
    }

    /** The kept feature names, in the data set's column order. */
    public List<String> apply(Dataset data, List<FeatureRelevance.Score> scores) {
        for (String name : drop) {
            if (!data.featureNames().contains(name)) {
                throw new DatasetException(
                        "cannot drop '" + name + "': no such feature; features are " + data.featureNames());
            }
        }
        List<String> ranked = new ArrayList<>();
        for (var score : scores) {
            if (!drop.contains(score.feature())) {
                ranked.add(score.feature());
            }
        }
        if (topK > 0 && topK < ranked.size()) {
            ranked = ranked.subList(0, topK);
        }
        if (ranked.isEmpty()) {
            throw new DatasetException("the selection keeps no feature");
        }
        Set<String> kept = Set.copyOf(ranked);
        return data.featureNames().stream().filter(kept::contains).toList();
    }
}
