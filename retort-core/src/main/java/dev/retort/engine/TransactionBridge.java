package dev.retort.engine;

import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Lets an {@link Engine} on an application's {@link DataSource} join the transactions the
 * application's own transaction manager runs (Spring's {@code @Transactional}, for instance):
 * inside one, Retort's connections use that transaction's JDBC connection and leave commit,
 * rollback and closing to its owner. The Spring Boot starter provides one; most applications
 * never implement it.
 *
 * <p>In a joined transaction, a Retort {@link Connection}'s {@code commit()} does nothing (the
 * owner commits at the end of its transaction), {@code rollback()} marks the owner's transaction
 * rollback-only, and {@code close()} hands the connection back without ending anything.
 *
 * <pre>{@code
 * Engine engine = Engine.builder(dataSource).transactionBridge(bridge).build();
 * }</pre>
 */
public interface TransactionBridge {
    /**
     * The JDBC connection of the calling thread's current transaction on {@code dataSource}, or
     * null when the thread is in none; Retort then takes a connection of its own and runs its
     * own transaction on it.
     */
    java.sql.Connection joinedConnection(DataSource dataSource) throws SQLException;

    /** Hands back a connection {@link #joinedConnection} returned; called once per Retort connection. */
    void release(java.sql.Connection connection, DataSource dataSource);

    /** Retort was told to roll back inside the joined transaction: its owner must not commit it. */
    void setRollbackOnly(java.sql.Connection connection, DataSource dataSource);

    /**
     * Arranges for {@code action} to run when the joined transaction of {@code connection} ends,
     * with whether it committed ({@link Connection#onTransactionEnd} inside a joined transaction).
     * Returns false when the bridge cannot (the default): Retort then runs the action, as if
     * committed, when its connection is handed back, which is before the owner commits.
     */
    default boolean onTransactionEnd(java.sql.Connection connection, DataSource dataSource, java.util.function.Consumer<Boolean> action) {
        return false;
    }
}
