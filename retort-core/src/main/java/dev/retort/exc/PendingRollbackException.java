package dev.retort.exc;

/**
 * A session's transaction was lost while a flush failed (typically the connection dropped after
 * an earlier flush of the same transaction had written), so the session rolled back as a whole:
 * instances added in the transaction are transient again, the others expired. Until the
 * application acknowledges that with {@code session.rollback()}, the session refuses to flush
 * or commit, so that a retried {@code commit()} cannot report success for writes that are gone.
 * The cause is the flush's failure.
 *
 * <pre>{@code
 * try { session.commit(); } catch (PendingRollbackException e) { session.rollback(); redoTheWork(session); }
 * }</pre>
 */
public class PendingRollbackException extends RetortException {
    public PendingRollbackException(String message, Throwable cause) {
        super(message, cause);
    }
}
