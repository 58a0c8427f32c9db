package dev.retort.engine;

import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.exc.DBAPIException;
import dev.retort.exc.RetortException;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.Databases.TempTable;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Isolation level and read-only mode per connection, as the servers see them, and restored for the next checkout. */
class TransactionSettingsTest {
    static Stream<Database> servers() {
        return Stream.of(Database.POSTGRESQL, Database.MARIADB);
    }

    /** The isolation level the server applies to this connection's next transaction, upper case with spaces. */
    private static String serverIsolation(Database db, Connection conn) {
        Object level = conn.execute(text(db == Database.POSTGRESQL ? "SHOW transaction_isolation" : "SELECT @@tx_isolation")).scalar();
        conn.rollback();
        return level.toString().toUpperCase(java.util.Locale.ROOT).replace('-', ' ');
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("servers")
    void aConnectionsIsolationLevelAndReadOnlyModeLastUntilItIsClosed(Database db) {
        // One connection in the pool: the next checkout gets the same one back.
        Engine engine = db.newEngine(EngineOptions.builder().poolSize(1));
        try (TempTable t = new TempTable(engine, "ro", "id INTEGER PRIMARY KEY")) {
            String initial;
            try (Connection conn = engine.connect()) {
                initial = serverIsolation(db, conn);
                conn.isolationLevel("serializable").readOnly(true);
                assertThat(serverIsolation(db, conn)).isEqualTo("SERIALIZABLE");
                assertThatThrownBy(() -> conn.execute(text("INSERT INTO " + t + " (id) VALUES (1)"))).isInstanceOf(DBAPIException.class)
                        .hasMessageFindingMatch("(?i)read.only");
                conn.rollback();
                conn.execute(text("SELECT count(*) FROM " + t)).scalar();
                assertThatThrownBy(() -> conn.isolationLevel("READ COMMITTED")).isInstanceOf(RetortException.class)
                        .hasMessageContaining("middle of a transaction");
                assertThatThrownBy(() -> conn.isolationLevel("CHAOS")).isInstanceOf(ArgumentException.class).hasMessageContaining("CHAOS");
            }
            try (Connection conn = engine.connect()) {
                assertThat(serverIsolation(db, conn)).isEqualTo(initial).isNotEqualTo("SERIALIZABLE");
                conn.execute(text("INSERT INTO " + t + " (id) VALUES (1)"));
                conn.commit();
            }
        } finally {
            engine.dispose();
        }
    }

    /** On SQLite: read-only through PRAGMA query_only, READ UNCOMMITTED through PRAGMA read_uncommitted (it matters with the shared cache of in-memory databases); both undone at close. */
    @Test
    void sqliteReadOnlyAndIsolationLevelsLastUntilTheConnectionIsClosed() {
        Engine engine = Database.SQLITE.newEngine(EngineOptions.builder().poolSize(1));
        try (TempTable t = new TempTable(engine, "ro", "id INTEGER PRIMARY KEY")) {
            try (Connection conn = engine.connect()) {
                conn.isolationLevel("READ UNCOMMITTED").readOnly(true);
                assertThat(conn.execute(text("PRAGMA read_uncommitted")).scalar()).isEqualTo(1);
                assertThatThrownBy(() -> conn.execute(text("INSERT INTO " + t + " (id) VALUES (1)"))).isInstanceOf(DBAPIException.class)
                        .hasMessageFindingMatch("(?i)read.?only");
                conn.rollback();
                assertThat(conn.execute(text("SELECT count(*) FROM " + t)).scalar()).isEqualTo(0);
                conn.rollback();
                conn.isolationLevel("SERIALIZABLE");
                assertThat(conn.execute(text("PRAGMA read_uncommitted")).scalar()).isEqualTo(0);
                conn.rollback();
                conn.isolationLevel("READ UNCOMMITTED");
            }
            try (Connection conn = engine.connect()) {
                assertThat(conn.execute(text("PRAGMA read_uncommitted")).scalar()).isEqualTo(0);
                conn.execute(text("INSERT INTO " + t + " (id) VALUES (1)"));
                conn.commit();
            }
        } finally {
            engine.dispose();
        }
    }

    /** EngineOptions.readOnly and isolationLevel apply to every connection of the engine; one connection may still write for itself. */
    @EachDatabase
    void anEngineWideIsolationLevelAndReadOnlyMode(Database db) {
        Engine engine = db.newEngine(EngineOptions.builder().poolSize(1).readOnly(true).isolationLevel("SERIALIZABLE"));
        String table = "ro_engine_" + UUID.randomUUID().toString().substring(0, 8);
        try {
            try (Connection conn = engine.connect()) {
                if (db != Database.SQLITE) {
                    assertThat(serverIsolation(db, conn)).isEqualTo("SERIALIZABLE");
                }
                assertThat(conn.execute(text("SELECT 1")).scalar()).extracting(v -> ((Number) v).intValue()).isEqualTo(1);
                assertThatThrownBy(() -> conn.execute(text("CREATE TABLE " + table + " (id INTEGER PRIMARY KEY)"))).isInstanceOf(DBAPIException.class)
                        .hasMessageFindingMatch("(?i)read.?only");
                conn.rollback();
                conn.readOnly(false);
                conn.execute(text("CREATE TABLE " + table + " (id INTEGER PRIMARY KEY)"));
                conn.execute(text("INSERT INTO " + table + " (id) VALUES (1)"));
                conn.commit();
            }
            try (Connection conn = engine.connect()) {
                assertThatThrownBy(() -> conn.execute(text("INSERT INTO " + table + " (id) VALUES (2)"))).as("read-only again at the next checkout")
                        .isInstanceOf(DBAPIException.class).hasMessageFindingMatch("(?i)read.?only");
                conn.rollback();
                conn.readOnly(false);
                conn.execute(text("DROP TABLE " + table));
                conn.commit();
            }
        } finally {
            engine.dispose();
        }
    }
}
