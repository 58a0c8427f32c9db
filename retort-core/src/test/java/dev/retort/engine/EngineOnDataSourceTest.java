package dev.retort.engine;

import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.retort.dialect.Dialects;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.OperationalException;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.Databases.TempTable;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Engine.create(DataSource): a pool the application owns, and transactions it runs (TransactionBridge). */
class EngineOnDataSourceTest {

    /** The application's pool, in autocommit mode as pools are by default. */
    private static HikariDataSource appPool(Database db) {
        db.engine();   // skips (or fails under CI) when the server is down
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db == Database.SQLITE ? "jdbc:sqlite:" + tempFile() : db.url());
        config.setUsername(db.user());
        config.setMaximumPoolSize(3);
        return new HikariDataSource(config);
    }

    private static Path tempFile() {
        try {
            Path file = Files.createTempFile("retort-app", ".db");
            file.toFile().deleteOnExit();
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long count(Engine engine, String table) {
        try (Connection c = engine.connect()) {
            return ((Number) c.execute(text("SELECT count(*) FROM " + table)).scalar()).longValue();
        }
    }

    @EachDatabase
    void runsOnTheApplicationsPoolAndLeavesItOpen(Database db) {
        try (HikariDataSource pool = appPool(db)) {
            Engine engine = Engine.create(pool);
            assertThat(engine.dialect().name()).isEqualTo(db.engine().dialect().name());
            try (TempTable t = new TempTable(engine, "ds", "id INTEGER PRIMARY KEY")) {
                try (Connection c = engine.connect()) {
                    c.execute(text("INSERT INTO " + t + " (id) VALUES (1)"));
                    c.commit();
                    c.execute(text("INSERT INTO " + t + " (id) VALUES (2)"));
                }   // closed without commit: the second insert is rolled back, although the pool autocommits
                assertThat(count(engine, t.name())).isEqualTo(1);
            }
            engine.dispose();
            assertThat(pool.isClosed()).isFalse();
            assertThatThrownBy(engine::connect).hasMessageContaining("disposed");
        }
    }

    /** {@code pool}'s connections, each recording the autocommit modes it is switched to in {@code switched}. */
    private static DataSource recordingAutocommit(DataSource pool, List<Boolean> switched) {
        return (DataSource) Proxy.newProxyInstance(EngineOnDataSourceTest.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("getConnection")) {
                        return method.invoke(pool, args);
                    }
                    java.sql.Connection c = pool.getConnection();
                    return Proxy.newProxyInstance(EngineOnDataSourceTest.class.getClassLoader(), new Class<?>[] {java.sql.Connection.class}, (p, m, a) -> {
                        if (m.getName().equals("setAutoCommit")) {
                            switched.add((Boolean) a[0]);
                        }
                        try {
                            return m.invoke(c, a);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
                });
    }

    @EachDatabase
    void anAutocommitReadLeavesTheApplicationsConnectionInAutocommitModeAndATransactionStillBeginsWithTheFirstStatement(Database db) throws SQLException {
        try (HikariDataSource pool = appPool(db)) {
            List<Boolean> switched = new ArrayList<>();
            Engine engine = Engine.create(recordingAutocommit(pool, switched));
            try (TempTable t = new TempTable(engine, "ds", "id INTEGER PRIMARY KEY")) {
                switched.clear();
                try (Connection c = engine.connect().autocommit(true)) {
                    assertThat(((Number) c.execute(text("SELECT count(*) FROM " + t)).scalar()).intValue()).isZero();
                }
                try (Connection c = engine.connect()) {
                    assertThat(c.isAutocommit()).isFalse();
                }
                assertThat(switched).as("never switched off and on again").isEmpty();
                try (Connection c = engine.connect()) {
                    c.execute(text("INSERT INTO " + t + " (id) VALUES (1)"));
                }   // rolled back
                assertThat(switched).containsExactly(false, true);
                assertThat(count(engine, t.name())).isZero();
                try (Connection c = engine.connect()) {
                    // A savepoint first, and statements through the JDBC connection, are in the transaction too.
                    var savepoint = c.beginNested();
                    c.execute(text("INSERT INTO " + t + " (id) VALUES (2)"));
                    savepoint.rollback();
                    try (var st = c.jdbc().createStatement()) {
                        st.executeUpdate("INSERT INTO " + t + " (id) VALUES (3)");
                    }
                    c.rollback();
                    try (var st = c.jdbc().createStatement()) {
                        st.executeUpdate("INSERT INTO " + t + " (id) VALUES (4)");
                    }
                    c.commit();
                    c.autocommit(true);
                    c.execute(text("INSERT INTO " + t + " (id) VALUES (5)"));
                    c.autocommit(false);
                    c.execute(text("INSERT INTO " + t + " (id) VALUES (6)"));
                }   // 6 rolled back
                try (Connection c = engine.connect()) {
                    assertThat(c.execute(text("SELECT id FROM " + t + " ORDER BY id")).scalars()).containsExactly(4, 5);
                }
            }
            engine.dispose();
        }
    }

    @Test
    void disposeClosesTheDataSourceOnlyWhenTold() {
        try (HikariDataSource pool = appPool(Database.SQLITE)) {
            Engine.builder(pool).disposeDataSource(true).build().dispose();
            assertThat(pool.isClosed()).isTrue();
        }
    }

    /** A DataSource lending one physical connection, so that what Retort restores can be seen. */
    private static DataSource oneConnection(java.sql.Connection physical) {
        java.sql.Connection lent = (java.sql.Connection) Proxy.newProxyInstance(EngineOnDataSourceTest.class.getClassLoader(), new Class<?>[] {java.sql.Connection.class},
                (proxy, method, args) -> method.getName().equals("close") ? null : method.invoke(physical, args));
        return (DataSource) Proxy.newProxyInstance(EngineOnDataSourceTest.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getConnection" -> lent;
                    case "toString" -> "oneConnection";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void autocommitAndIsolationAreRestoredBeforeTheConnectionGoesBack() throws SQLException {
        Database db = Database.POSTGRESQL;
        db.engine();
        try (java.sql.Connection physical = java.sql.DriverManager.getConnection(db.url(), db.user(), null)) {
            assertThat(physical.getAutoCommit()).isTrue();
            Engine engine = Engine.create(oneConnection(physical), EngineOptions.builder().isolationLevel("serializable").build());
            try (Connection c = engine.connect()) {
                assertThat(c.jdbc().getAutoCommit()).isFalse();
                assertThat(c.execute(text("SHOW transaction_isolation")).scalar()).isEqualTo("serializable");
            }
            assertThat(physical.getAutoCommit()).isTrue();
            assertThat(physical.getTransactionIsolation()).isEqualTo(java.sql.Connection.TRANSACTION_READ_COMMITTED);
            engine.dispose();
            assertThat(physical.isClosed()).isFalse();
        }
    }

    @Test
    void readOnlyIsSetAtCheckoutAndPutBackBeforeTheConnectionGoesBack() throws SQLException {
        Database db = Database.POSTGRESQL;
        db.engine();
        try (java.sql.Connection physical = java.sql.DriverManager.getConnection(db.url(), db.user(), null)) {
            Engine engine = Engine.create(oneConnection(physical), EngineOptions.builder().readOnly(true).build());
            try (Connection c = engine.connect()) {
                assertThat(c.execute(text("SHOW transaction_read_only")).scalar()).isEqualTo("on");
            }
            assertThat(physical.isReadOnly()).isFalse();
            engine.dispose();
        }
    }

    @Test
    void ownPoolHonoursTheIsolationLevel() {
        Engine engine = Database.POSTGRESQL.newEngine(EngineOptions.builder().isolationLevel("REPEATABLE_READ"));
        try (Connection c = engine.connect()) {
            assertThat(c.execute(text("SHOW transaction_isolation")).scalar()).isEqualTo("repeatable read");
        } finally {
            engine.dispose();
        }
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> Engine.create((DataSource) null)).isInstanceOf(ArgumentException.class).hasMessageContaining("DataSource");
        assertThatThrownBy(() -> EngineOptions.builder().isolationLevel("snapshot")).isInstanceOf(ArgumentException.class)
                .hasMessageContaining("snapshot").hasMessageContaining("SERIALIZABLE");
    }

    @Test
    void anUnreachableDatabaseIsAnOperationalErrorUnlessTheDialectIsGiven() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/none");
        config.setConnectionTimeout(250);
        config.setInitializationFailTimeout(-1);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            assertThatThrownBy(() -> Engine.create(pool)).isInstanceOf(OperationalException.class);
            Engine lazy = Engine.builder(pool).dialect(Dialects.postgresql()).build();
            assertThat(lazy.dialect()).isSameAs(Dialects.postgresql());
            assertThat(lazy.url()).doesNotContain("none");
        }
    }

    @Test
    void theUrlLosesItsQueryString(@TempDir Path dir) throws Exception {
        Path file = Files.createFile(dir.resolve("q.db"));
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + file + "?secret=hunter2");
        try (HikariDataSource pool = new HikariDataSource(config)) {
            Engine engine = Engine.create(pool);
            assertThat(engine.url()).doesNotContain("hunter2");
            assertThat(engine.toString()).doesNotContain("hunter2");
        }
    }

    /** A bridge to a transaction the test runs by hand on one JDBC connection, as a transaction manager would. */
    private static final class ManualTransaction implements TransactionBridge {
        java.sql.Connection current;
        final List<String> calls = new ArrayList<>();

        @Override
        public java.sql.Connection joinedConnection(DataSource dataSource) {
            return current;
        }

        @Override
        public void release(java.sql.Connection connection, DataSource dataSource) {
            calls.add("release");
        }

        @Override
        public void setRollbackOnly(java.sql.Connection connection, DataSource dataSource) {
            calls.add("rollbackOnly");
        }
    }

    @EachDatabase
    void joinedConnectionsLeaveCommitRollbackAndCloseToTheOwner(Database db) throws SQLException {
        try (HikariDataSource pool = appPool(db)) {
            ManualTransaction tx = new ManualTransaction();
            Engine engine = Engine.builder(pool).transactionBridge(tx).build();
            try (TempTable t = new TempTable(engine, "joined", "id INTEGER PRIMARY KEY");
                    java.sql.Connection owner = pool.getConnection()) {
                owner.setAutoCommit(false);
                tx.current = owner;
                try (Connection c = engine.begin()) {
                    assertThat(c.isJoined()).isTrue();
                    assertThat(c.jdbc()).isSameAs(owner);
                    c.execute(insertRow(t, 1));
                    c.commit();                             // the owner's to do: nothing happens
                    c.execute(insertRow(t, 2));
                    c.rollback();                           // marks the owner's transaction
                }
                assertThat(tx.calls).containsExactly("rollbackOnly", "release");
                assertThat(owner.isClosed()).isFalse();
                tx.current = null;
                assertThat(count(engine, t.name())).isZero();   // nothing committed yet: still the owner's transaction
                owner.rollback();
                assertThat(count(engine, t.name())).isZero();
                tx.current = owner;
                engine.inTransaction(c -> c.execute(insertRow(t, 3)));
                owner.commit();
                tx.current = null;
                assertThat(count(engine, t.name())).isEqualTo(1);
            }
        }
    }

    @Test
    void retryPoliciesDoNotRetryInsideAJoinedTransaction() throws SQLException {
        try (HikariDataSource pool = appPool(Database.SQLITE); java.sql.Connection owner = pool.getConnection()) {
            ManualTransaction tx = new ManualTransaction();
            Engine engine = Engine.builder(pool).transactionBridge(tx).build();
            RetryPolicy policy = RetryPolicy.onSerializationFailure().maxAttempts(3).backoff(java.time.Duration.ZERO, java.time.Duration.ZERO);
            int[] attempts = {0};
            java.util.function.Function<Connection, Object> conflicting = c -> {
                attempts[0]++;
                throw new dev.retort.exc.OperationalException("could not serialize access", null, List.of(), new SQLException("conflict", "40001"), false, true);
            };
            owner.setAutoCommit(false);
            tx.current = owner;
            assertThatThrownBy(() -> engine.transaction(conflicting, policy)).isInstanceOf(dev.retort.exc.OperationalException.class);
            assertThat(attempts[0]).isEqualTo(1);   // the owner's transaction is the unit to retry
            tx.current = null;
            assertThatThrownBy(() -> engine.transaction(conflicting, policy)).isInstanceOf(dev.retort.exc.OperationalException.class);
            assertThat(attempts[0]).isEqualTo(1 + 3);
        }
    }

    private static dev.retort.sql.TextClause insertRow(TempTable t, int id) {
        return text("INSERT INTO " + t + " (id) VALUES (" + id + ")");
    }
}
