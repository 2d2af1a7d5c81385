package dev.hud.common.data;

/**
 * The most a file people bring may hold: data rows (the header not counted) and columns (the label counted).
 */
public record Limits(long rows, int columns) {

    /** For the built-in data and files an operator placed. */
    public static final Limits NONE = new Limits(Long.MAX_VALUE, Integer.MAX_VALUE);

    public Limits {
        if (rows < 1 || columns < 2) {
            throw new IllegalArgumentException("at least one row and two columns, got " + rows + " and " + columns);
        }
    }
}
