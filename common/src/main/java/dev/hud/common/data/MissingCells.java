package dev.hud.common.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The missing values met while reading: per column, with the first place each was seen. */
final class MissingCells {

    private final List<String> header;
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final Map<String, Long> firstRows = new LinkedHashMap<>();
    private long lastRow = -1;
    private int rows;

    MissingCells(List<String> header) {
        this.header = header;
    }

    void add(int column, long row) {
        String name = header.get(column);
        counts.merge(name, 1, Integer::sum);
        firstRows.putIfAbsent(name, row);
        if (row != lastRow) {
            rows++;
            lastRow = row;
        }
    }

    boolean any() {
        return !counts.isEmpty();
    }

    /** The rows with at least one missing value. */
    int rows() {
        return rows;
    }

    /** Per column, in the header's order. */
    Map<String, Integer> counts() {
        var ordered = new LinkedHashMap<String, Integer>();
        header.stream().filter(counts::containsKey).forEach(name -> ordered.put(name, counts.get(name)));
        return ordered;
    }

    Long firstRow() {
        return firstRows.values().stream().min(Long::compare).orElse(null);
    }

    String firstColumn() {
        Long first = firstRow();
        return firstRows.entrySet().stream().filter(e -> e.getValue().equals(first)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    /** "column 'a' (3, first at row 5), column 'b' (1, first at row 9)". */
    @Override
    public String toString() {
        return counts().entrySet().stream().map(e -> "column '" + e.getKey() + "' (" + e.getValue() + ", first at row "
                + firstRows.get(e.getKey()) + ")").collect(Collectors.joining(", "));
    }
}
