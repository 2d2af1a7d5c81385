package dev.hud.common.data;

import java.util.Map;

/**
 * A file read: its data set (complete rows only), and what was missing.
 *
 * @param missing     each column with missing values, and how many (in the header's order)
 * @param droppedRows rows left out for a missing value (0 unless they were to be dropped)
 */
public record Reading(Dataset data, Map<String, Integer> missing, int droppedRows) {
}
