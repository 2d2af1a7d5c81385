package dev.hud.common.data;

/** A data set that cannot be used, with a message that names the row and column at fault. */
public class DatasetException extends RuntimeException {

    public DatasetException(String message) {
        super(message);
    }
}
