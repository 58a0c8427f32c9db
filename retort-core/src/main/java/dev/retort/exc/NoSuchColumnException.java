package dev.retort.exc;

/** A column key that the table (or other FROM clause) does not have. The message names both. */
public class NoSuchColumnException extends ArgumentException {
    public NoSuchColumnException(String message) {
        super(message);
    }
}
