package dev.hud.common.data;

/**
 * A data set that cannot be used, with a message that names the row and column at fault.
 *
 * @see #location()
 */
public class DatasetException extends RuntimeException {

    /** What a person must change: the file, or which column they named the label, or the positive class they chose. */
    public enum Input {
        FILE, LABEL, POSITIVE_CLASS
    }

    private final Long row;
    private final String column;
    private final Input input;

    public DatasetException(String message) {
        this(message, null, null);
    }

    /**
     * @param row    1-based, the header is row 1 (null: the whole file or column)
     * @param column the column's name from the header (null: the whole row or file)
     */
    public DatasetException(String message, Long row, String column) {
        this(message, row, column, Input.FILE);
    }

    /** A fault in the label column as a whole, blamed on the label or positive class asked for. */
    public static DatasetException of(Input input, String labelColumn, String message) {
        return new DatasetException(message, null, labelColumn, input);
    }

    private DatasetException(String message, Long row, String column, Input input) {
        super(message);
        this.row = row;
        this.column = column;
        this.input = input;
    }

    /** The input to change; {@link Input#FILE} unless the label column or positive class asked for is at fault. */
    public Input input() {
        return input;
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
