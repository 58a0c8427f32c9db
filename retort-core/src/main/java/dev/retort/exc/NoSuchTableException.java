package dev.retort.exc;

/** A table name that the metadata (or database) does not have. */
public class NoSuchTableException extends ArgumentException {
    public NoSuchTableException(String message) {
        super(message);
    }
}
