package dev.retort.spring;

import dev.retort.engine.TransactionBridge;
import java.sql.Connection;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Joins Retort's connections to the current Spring-managed transaction: inside a
 * {@code @Transactional} method (or a {@code TransactionTemplate}) a Retort connection is the
 * transaction's own JDBC connection, as {@code JdbcTemplate}'s is, so both see each other's
 * writes and commit or roll back together; Spring commits, rolls back and closes it. Outside a
 * transaction Retort takes a connection of its own from the same DataSource and runs its own
 * transaction on it.
 *
 * <pre>{@code
 * Engine engine = Engine.builder(dataSource).transactionBridge(new SpringTransactionBridge()).build();
 * }</pre>
 */
public class SpringTransactionBridge implements TransactionBridge {

    /**
     * The transaction's connection through {@link DataSourceUtils}, when a transaction is
     * active: a non-transactional scope (propagation SUPPORTS, NOT_SUPPORTED, NEVER) gets none,
     * and Retort runs its own transaction there.
     */
    @Override
    public Connection joinedConnection(DataSource dataSource) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            return null;
        }
        return DataSourceUtils.getConnection(dataSource);
    }

    @Override
    public void release(Connection connection, DataSource dataSource) {
        DataSourceUtils.releaseConnection(connection, dataSource);
    }

    /** Marks the transaction's connection holder, which Spring's transaction managers check before committing. */
    @Override
    public void setRollbackOnly(Connection connection, DataSource dataSource) {
        if (TransactionSynchronizationManager.getResource(dataSource) instanceof ConnectionHolder holder) {
            holder.setRollbackOnly();
        }
    }

    /**
     * Runs {@code action} after the Spring transaction completes: with false when it rolled back,
     * true when it committed or its outcome is unknown. Spring logs an exception the action
     * throws. Registered inside a NESTED scope, it waits for the outer transaction.
     */
    @Override
    public boolean onTransactionEnd(Connection connection, DataSource dataSource, Consumer<Boolean> action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return false;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                action.accept(status != STATUS_ROLLED_BACK);
            }
        });
        return true;
    }
}
