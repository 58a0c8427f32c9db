package dev.retort.engine;

import dev.retort.exc.OperationalException;
import dev.retort.exc.RetortException;
import dev.retort.sql.ClauseElement;
import java.util.List;
import java.util.Map;

/**
 * A connection of a {@link RoutingEngine}: it holds up to two connections, one to the primary
 * and one to the replica its last read went to, and sends each statement where it belongs.
 *
 * <ul>
 * <li>A SELECT (without FOR UPDATE) outside a transaction that wrote goes to a replica, unless
 * this connection committed a write the replicas have not replayed yet, or {@link #onPrimary()}
 * was called.
 * <li>Every other statement, and every statement after the first one the primary ran in the
 * current transaction, goes to the primary: a transaction sees its own writes.
 * <li>A replica read that fails because the replica is unreachable marks it down and runs again
 * on another replica or the primary.
 * </ul>
 *
 * <pre>{@code
 * try (RoutedConnection conn = router.connect()) {
 *     conn.execute(update(users).values(Map.of("name", "ed")).where(users.c("id").eq(1)));
 *     conn.commit();
 *     conn.execute(select(users).where(users.c("id").eq(1))).one();    // never the name before the update
 * }
 * }</pre>
 *
 * Used by one thread at a time, like {@link Connection}.
 */
public final class RoutedConnection implements AutoCloseable {
    private final RoutingEngine router;
    private Connection primary;
    private Connection replica;
    private RoutingEngine.Replica replicaOf;
    /** Whether the primary ran a statement in the current transaction (reads stay there until it ends). */
    private boolean inPrimaryTransaction;
    /** Whether the current transaction ran a statement that is not a read. */
    private boolean wrote;
    private boolean pinned;
    /** The WAL position of this connection's last committed write (0: none). */
    private long writtenAt;
    /** Until when this connection reads from the primary ({@link ReadYourWrites#lagBound}). */
    private long primaryUntil = System.nanoTime();
    private Engine lastServer;
    private boolean closed;

    RoutedConnection(RoutingEngine router) {
        this.router = router;
    }

    /** Sends every later statement of this connection to the primary. */
    public RoutedConnection onPrimary() {
        pinned = true;
        return this;
    }

    /**
     * The primary's connection, in this connection's transaction there (begun if there is none),
     * for work that needs a {@link Connection} of its own, such as an ORM session's flush with its
     * savepoints. It counts as a write: later reads of this connection go to the primary until
     * {@link #commit()} or {@link #rollback()}, and a commit is noted for read-your-writes. End the
     * transaction through this routed connection, not through the returned one.
     *
     * <pre>{@code
     * Connection tx = routed.primary();
     * tx.execute(insert(users), rows);
     * routed.commit();                 // reads after this see the rows (read-your-writes)
     * }</pre>
     */
    public Connection primary() {
        ensureOpen();
        endReplicaRead();
        if (primary == null) {
            primary = router.primary().connect();
        }
        wrote = true;
        inPrimaryTransaction = true;
        lastServer = router.primary();
        return primary;
    }

    /** The engine that ran this connection's last statement (null before the first). */
    public Engine lastServer() {
        return lastServer;
    }

    /** Runs a statement where it belongs; see the class comment. */
    public Result execute(ClauseElement statement) {
        return execute(statement, Map.of());
    }

    /** Runs a statement with parameters where it belongs; see {@link Connection#execute(ClauseElement, Map)}. */
    public Result execute(ClauseElement statement, Map<String, ?> params) {
        ensureOpen();
        if (!pinned && !inPrimaryTransaction && RoutingEngine.isRead(statement)) {
            return read(statement, params);
        }
        return onPrimary(statement).execute(statement, params);
    }

    /** Runs a statement once per parameter set on the primary; see {@link Connection#execute(ClauseElement, List)}. */
    public Result execute(ClauseElement statement, List<? extends Map<String, ?>> parameterSets) {
        ensureOpen();
        return onPrimary(statement).execute(statement, parameterSets);
    }

    /**
     * Commits the primary's transaction; after a commit that wrote, reads come from the primary
     * until the replicas have caught up (see {@link ReadYourWrites}).
     */
    public void commit() {
        ensureOpen();
        endReplicaRead();
        if (primary == null || !inPrimaryTransaction) {
            return;
        }
        boolean hadWrites = wrote;
        inPrimaryTransaction = false;
        wrote = false;
        primary.commit();
        if (hadWrites) {
            noteWrite();
        }
    }

    /** Rolls back the primary's transaction and ends the replica's. */
    public void rollback() {
        ensureOpen();
        endReplicaRead();
        inPrimaryTransaction = false;
        wrote = false;
        if (primary != null) {
            primary.rollback();
        }
    }

    /** Closes the connections this one holds, rolling back what was not committed. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (replica != null) {
                replica.close();
            }
        } finally {
            if (primary != null) {
                primary.close();
            }
        }
    }

    private Connection onPrimary(ClauseElement statement) {
        boolean read = RoutingEngine.isRead(statement);
        if (primary == null) {
            primary = router.primary().connect();
        }
        if (read) {
            router.served(null);
        } else {
            wrote = true;
        }
        inPrimaryTransaction = true;
        lastServer = router.primary();
        return primary;
    }

    /** A read on a replica that has this connection's writes, or on the primary when none has. */
    private Result read(ClauseElement statement, Map<String, ?> params) {
        while (true) {
            RoutingEngine.Replica r = router.choose(writtenAt, primaryUntil);
            if (r == null) {
                // The primary serves it outside a transaction: end the read there so that the
                // next one may go to a replica again.
                Connection c = primary == null ? (primary = router.primary().connect()) : primary;
                router.served(null);
                lastServer = router.primary();
                Result result = c.execute(statement, params);
                c.rollback();   // reads the rows into the result first
                return result;
            }
            try {
                if (replicaOf == r) {
                    endReplicaRead();   // may find the connection broken and close it
                }
                if (replicaOf != r) {
                    closeReplica();
                    replica = r.engine.connect();
                    replicaOf = r;
                }
                Result result = replica.execute(statement, params);
                router.served(r);
                lastServer = r.engine;
                return result;
            } catch (OperationalException e) {
                // Unreachable or dropped: reads outside a transaction run again elsewhere.
                r.skip(System.nanoTime(), e.getMessage());
                closeReplica();
            }
        }
    }

    private void noteWrite() {
        if (router.readYourWrites() instanceof ReadYourWrites.LagBound b) {
            primaryUntil = System.nanoTime() + b.bound().toNanos();
        } else {
            writtenAt = Math.max(writtenAt, RoutingEngine.currentWalPosition(primary));
        }
    }

    /** Ends the replica's read transaction (its results are buffered first), so that the next read sees a fresh snapshot. */
    private void endReplicaRead() {
        if (replica != null) {
            try {
                replica.rollback();
            } catch (RetortException e) {
                closeReplica();
            }
        }
    }

    private void closeReplica() {
        if (replica != null) {
            try {
                replica.close();
            } catch (RetortException e) {
                Engine.LOG.debug("Closing a replica connection failed", e);
            }
            replica = null;
            replicaOf = null;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new RetortException("This connection is closed");
        }
    }
}
