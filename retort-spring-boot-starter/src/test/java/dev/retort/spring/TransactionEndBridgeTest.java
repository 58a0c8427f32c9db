package dev.retort.spring;

import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.testing.Databases.Database;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code Connection.onTransactionEnd} inside a Spring-managed transaction runs when Spring's
 * transaction ends, not when Retort's joined connection is handed back: a result cache then
 * invalidates after the commit.
 */
class TransactionEndBridgeTest {
    @BeforeAll
    static void serverIsUp() {
        Database.POSTGRESQL.engine();   // skips, or fails under CI=true, when PostgreSQL is down
    }

    @Test
    void actionsWaitForSpringsCommitOrRollback() {
        DriverManagerDataSource ds = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
        Engine engine = Engine.builder(ds).transactionBridge(new SpringTransactionBridge()).build();
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        List<Boolean> seen = new ArrayList<>();
        try {
            tx.executeWithoutResult(status -> {
                try (Connection c = engine.connect()) {
                    c.execute(text("SELECT 1")).all();
                    c.onTransactionEnd(seen::add);
                }
                assertThat(seen).as("not when Retort's connection is handed back").isEmpty();
            });
            assertThat(seen).containsExactly(true);
            tx.executeWithoutResult(status -> {
                try (Connection c = engine.connect()) {
                    c.onTransactionEnd(seen::add);
                }
                status.setRollbackOnly();
            });
            assertThat(seen).containsExactly(true, false);
        } finally {
            engine.dispose();
        }
    }
}
