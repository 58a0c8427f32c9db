package dev.retort.exc;

import java.sql.SQLException;
import java.util.List;

/**
 * A {@link DBAPIException} about the database's operation rather than the statement: the
 * connection was lost, no connection could be had, a transaction lost a conflict with another.
 * Two kinds can be told apart, as the engine's dialect recognises them:
 *
 * <pre>{@code
 * catch (OperationalException e) {
 *     e.isDisconnect();            // the connection was lost; the engine has already invalidated its pool,
 *                                  // so the next connect() gets a fresh connection
 *     e.isSerializationFailure();  // serialization failure or deadlock: running the transaction again may succeed
 * }
 * }</pre>
 */
public class OperationalException extends DBAPIException {
    private final boolean disconnect;
    private final boolean serializationFailure;

    public OperationalException(String message, String sql, List<?> parameters, SQLException cause) {
        this(message, sql, parameters, cause, false, false);
    }

    public OperationalException(String message, String sql, List<?> parameters, SQLException cause, boolean disconnect,
            boolean serializationFailure) {
        super(message, sql, parameters, cause);
        this.disconnect = disconnect;
        this.serializationFailure = serializationFailure;
    }

    /**
     * Whether the connection to the database was lost (the server closed it, restarted, or the
     * network failed). Its transaction is gone: the database rolls back what was not committed.
     */
    public boolean isDisconnect() {
        return disconnect;
    }

    /**
     * Whether the transaction lost a conflict with a concurrent one (a serialization failure or
     * a deadlock) and was rolled back; running the whole transaction again may succeed. See
     * {@code dev.retort.engine.RetryPolicy}.
     */
    public boolean isSerializationFailure() {
        return serializationFailure;
    }
}
