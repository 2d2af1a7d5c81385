package dev.hud.common.data;

/** What reading does with a row that lacks a value: refuse the file (each column's count reported) or drop the row. */
public enum MissingValues {
    REFUSE, DROP_ROWS
}
