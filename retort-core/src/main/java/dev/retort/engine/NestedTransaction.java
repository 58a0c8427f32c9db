package dev.retort.engine;

/**
 * A savepoint inside a connection's transaction ({@code SAVEPOINT}), from
 * {@link Connection#beginNested()}. {@link #rollback()} undoes what ran since it began and keeps
 * the enclosing transaction going; {@link #commit()} releases it, keeping its work in the
 * enclosing transaction (which still has to commit). Nested transactions nest; ending one ends
 * those begun inside it, and the connection's own commit or rollback ends them all. Closing one
 * that was neither committed nor rolled back rolls it back.
 *
 * <pre>{@code
 * try (Connection conn = engine.connect()) {
 *     conn.execute(insert(users), Map.of("id", 1, "name", "ed"));
 *     try (NestedTransaction savepoint = conn.beginNested()) {
 *         conn.execute(insert(users), Map.of("id", 1, "name", "again"));     // IntegrityException
 *         savepoint.commit();
 *     } catch (IntegrityException duplicate) {
 *         // rolled back to the savepoint: the first insert stands
 *     }
 *     conn.commit();
 * }
 * }</pre>
 */
public final class NestedTransaction implements AutoCloseable {
    private final Connection connection;
    private final java.sql.Savepoint savepoint;
    private final int depth;
    private final Connection.TransactionMark mark;

    NestedTransaction(Connection connection, java.sql.Savepoint savepoint, int depth, Connection.TransactionMark mark) {
        this.connection = connection;
        this.savepoint = savepoint;
        this.depth = depth;
        this.mark = mark;
    }

    /** Releases the savepoint: its work stays part of the enclosing transaction. */
    public void commit() {
        connection.endNested(this, true);
    }

    /** Rolls back to the savepoint; the enclosing transaction goes on. */
    public void rollback() {
        connection.endNested(this, false);
    }

    /** Whether it is still open: neither committed nor rolled back, nor ended with an enclosing one. */
    public boolean isActive() {
        return connection.isActive(this);
    }

    /** Rolls back if still active. */
    @Override
    public void close() {
        if (isActive()) {
            rollback();
        }
    }

    java.sql.Savepoint savepoint() {
        return savepoint;
    }

    /** How many nested transactions enclose this one (0 for the outermost). */
    int depth() {
        return depth;
    }

    /** The connection's transaction state when the savepoint began, restored on rollback. */
    Connection.TransactionMark mark() {
        return mark;
    }

    @Override
    public String toString() {
        return "NestedTransaction[depth " + depth + (isActive() ? "" : ", ended") + "]";
    }
}
