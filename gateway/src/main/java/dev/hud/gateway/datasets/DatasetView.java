package dev.hud.gateway.datasets;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A data set as the API shows it (its profile is {@code GET /api/datasets/{id}/profile}).
 *
 * @param builtIn  WDBC, which every trainer carries
 * @param bytes    of the file uploaded (null for the built-in one)
 */
public record DatasetView(String id, String name, String owner, boolean shared, boolean builtIn, String label,
        String positiveClass, String negativeClass, List<String> features, int rows, int positives, int droppedRows,
        Map<String, Integer> missing, Long bytes, OffsetDateTime createdAt) {
}
