package dev.hud.common.data;

/**
 * A data set that cannot be used, with a message that names the row and column at fault.
 *
 * @see #location()
 */
public class DatasetException extends RuntimeException {

    private final Long row;
    private final String column;

    public DatasetException(String message) {
        this(message, null, null);
    }

    /**
     * @param row    1-based, the header is row 1 (null: the whole file or column)
     * @param column the column's name from the header (null: the whole row or file)
     */
    public DatasetException(String message, Long row, String column) {
        super(message);
        this.row = row;
        this.column = column;
    }

    /** 1-based, the header is row 1; null when the fault is no one row's. */
    public Long row() {
        return row;
    }

    /** The column at fault, null when it is no one column. */
    public String column() {
        return column;
    }

    /** Where the fault is, as a person finds it in a spreadsheet: "row 5, column 'x'", "column 'x'", or "file". */
    public String location() {
        if (row != null && column != null) {
            return "row " + row + ", column '" + column + "'";
        }
        if (row != null) {
            return "row " + row;
        }
        return column != null ? "column '" + column + "'" : "file";
    }
}
