package dev.hud.common.messages;

import java.util.List;

/**
 * The data set every trainer carries, known by name to the gateway too (to check a job's feature names before it runs).
 */
public final class BuiltInDatasets {

    private BuiltInDatasets() {
    }

    /** UCI Wisconsin Diagnostic Breast Cancer: 569 rows, label {@code diagnosis} (M or B). */
    public static final String WDBC = "wdbc";

    /** Its features, in the order of its CSV header (the trainer's {@code CsvDatasetReaderTest} checks they agree). */
    public static final List<String> WDBC_FEATURES = List.of("mean_radius", "mean_texture", "mean_perimeter",
            "mean_area",
            "mean_smoothness", "mean_compactness", "mean_concavity", "mean_concave_points", "mean_symmetry",
            "mean_fractal_dimension",
            "radius_error", "texture_error", "perimeter_error", "area_error", "smoothness_error", "compactness_error",
            "concavity_error", "concave_points_error", "symmetry_error", "fractal_dimension_error", "worst_radius",
            "worst_texture",
            "worst_perimeter", "worst_area", "worst_smoothness", "worst_compactness", "worst_concavity",
            "worst_concave_points",
            "worst_symmetry", "worst_fractal_dimension");
}
