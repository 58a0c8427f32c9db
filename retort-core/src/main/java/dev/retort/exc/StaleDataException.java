package dev.retort.exc;

import java.util.List;

/**
 * A flush's UPDATE or DELETE of a versioned entity matched no row: another transaction changed
 * (or deleted) the row since it was loaded. The flush changed nothing, and the session is as it
 * was before it; refresh or reload the instance and apply the change again.
 *
 * <pre>{@code
 * try { session.commit(); } catch (StaleDataException e) { e.entityName(); e.primaryKey(); }
 * }</pre>
 */
public class StaleDataException extends RetortException {
    private final String entityName;
    private final List<Object> primaryKey;

    public StaleDataException(String entityName, List<Object> primaryKey, String message) {
        super(message);
        this.entityName = entityName;
        this.primaryKey = List.copyOf(primaryKey);
    }

    /** The entity name of the stale instance ({@code "Author"}). */
    public String entityName() {
        return entityName;
    }

    /** Its primary key values, in the order of the key's columns. */
    public List<Object> primaryKey() {
        return primaryKey;
    }
}
