package dev.retort.engine;

import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.RetortException;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.Databases.TempTable;

/** {@code Connection.autocommit(true)}: each statement commits as it runs, and the pool gets the connection back as it lent it. */
class ConnectionAutocommitTest {
    @EachDatabase
    void inAutocommitModeEachStatementCommitsAsItRunsAndThereIsNoTransactionToEnd(Database db) throws Exception {
        // One connection in the pool: the next checkout gets the same one back.
        Engine engine = db.newEngine(EngineOptions.builder().poolSize(1));
        try (TempTable t = new TempTable(engine, "ac", "id INTEGER PRIMARY KEY")) {
            try (Connection conn = engine.connect().autocommit(true)) {
                assertThat(conn.isAutocommit()).isTrue();
                conn.execute(text("INSERT INTO " + t + " (id) VALUES (1)"));
                conn.rollback();
                assertThatThrownBy(conn::beginNested).isInstanceOf(RetortException.class).hasMessageContaining("autocommit mode");
                conn.execute(text("INSERT INTO " + t + " (id) VALUES (2)"));
                // Statements in autocommit mode were no transaction: the mode can change.
                conn.autocommit(false);
                assertThat(conn.isAutocommit()).isFalse();
                conn.execute(text("INSERT INTO " + t + " (id) VALUES (3)"));
                assertThatThrownBy(() -> conn.autocommit(true)).isInstanceOf(RetortException.class).hasMessageContaining("middle of a transaction");
            }
            try (Connection conn = engine.connect().autocommit(true)) {
                conn.execute(text("INSERT INTO " + t + " (id) VALUES (4)"));
            }
            try (Connection conn = engine.connect()) {
                assertThat(conn.isAutocommit()).isFalse();
                assertThat(conn.jdbc().getAutoCommit()).isFalse();
                assertThat(conn.execute(text("SELECT id FROM " + t + " ORDER BY id")).scalars()).containsExactly(1, 2, 4);
            }
        } finally {
            engine.dispose();
        }
    }
}
