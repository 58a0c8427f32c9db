package dev.retort.exc;

/** A serialized reference (table, column, entity) that the loading side cannot re-bind. */
public class UnresolvedReferenceException extends SerializationException {
    public UnresolvedReferenceException(String message) {
        super(message);
    }
}
