package dev.retort.engine;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.RetortException;
import dev.retort.sql.TableClause;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.Databases.TempTable;
import dev.retort.types.Types;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Prepared statements kept per checked-out connection ({@link EngineOptions#statementCacheSize()}). */
class StatementCacheTest {

    /** One physical connection, lent again and again, with every statement it prepared. */
    private static final class Counting {
        final List<PreparedStatement> prepared = new ArrayList<>();
        final DataSource dataSource;

        Counting(java.sql.Connection physical) {
            java.sql.Connection lent = (java.sql.Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {java.sql.Connection.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("close")) {
                            return null;
                        }
                        Object out = invoke(method, physical, args);
                        if (out instanceof PreparedStatement ps) {
                            prepared.add(ps);
                        }
                        return out;
                    });
            dataSource = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getConnection" -> lent;
                        case "toString" -> "counting";
                        // What a HikariCP pool asks of its DataSource at start.
                        case "setLoginTimeout" -> null;
                        case "getLoginTimeout" -> 0;
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    /** A connection of its own to {@code db} (for SQLite, to a new file, which the test's tables then live in). */
    private static java.sql.Connection physical(Database db) throws SQLException {
        db.engine();   // skips (or fails under CI) when the server is down
        if (db == Database.SQLITE) {
            try {
                java.nio.file.Path file = java.nio.file.Files.createTempFile("retort-stc", ".db");
                file.toFile().deleteOnExit();
                return java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return java.sql.DriverManager.getConnection(db.url(), db.user(), null);
    }

    private static final String DDL = "id INTEGER PRIMARY KEY, name VARCHAR(20)";

    private static TableClause items(TempTable t) {
        return table(t.name(), column("id", Types.INTEGER), column("name", Types.string(20)));
    }

    /** A test on one counted connection: the statements it prepares, a connection lent it, and a table of the test's own. */
    private interface CountedTest {
        void run(Counting counting, Connection c, TableClause items) throws SQLException;
    }

    /**
     * Runs {@code test} on a connection of an engine (with {@code options}) lent only one physical
     * connection to {@code db}, its statements counted from after the table was made.
     */
    private static void onCountedConnection(Database db, EngineOptions options, CountedTest test) throws SQLException {
        try (java.sql.Connection physical = physical(db)) {
            Counting counting = new Counting(physical);
            Engine engine = Engine.create(counting.dataSource, options);
            try (TempTable t = new TempTable(engine, "stc", DDL); Connection c = engine.connect()) {
                counting.prepared.clear();
                test.run(counting, c, items(t));
            }
            engine.dispose();
        }
    }

    @EachDatabase
    void repeatedSqlIsPreparedOnceAndReadsEachCallsRows(Database db) throws SQLException {
        onCountedConnection(db, EngineOptions.defaults(), (counting, c, items) -> {
            for (int i = 1; i <= 8; i++) {
                c.execute(items.insert().values(Map.of("id", i, "name", "n" + i)));
            }
            // More executions than pgjdbc's prepareThreshold (5): it switches to a server-side statement on the way.
            for (int i = 1; i <= 8; i++) {
                assertThat(c.execute(select(items.c("name")).where(items.c("id").eq(i))).scalar()).isEqualTo("n" + i);
            }
            assertThat(counting.prepared).hasSize(2);
            c.close();
            assertThat(counting.prepared).allSatisfy(ps -> assertThat(ps.isClosed()).as("closed with the connection").isTrue());
        });
    }

    @EachDatabase
    void sizeZeroPreparesEveryExecution(Database db) throws SQLException {
        onCountedConnection(db, EngineOptions.builder().statementCacheSize(0).build(), (counting, c, items) -> {
            for (int i = 1; i <= 3; i++) {
                assertThat(c.execute(select(items.c("name")).where(items.c("id").eq(i))).all()).isEmpty();
            }
            assertThat(counting.prepared).hasSize(3).allSatisfy(ps -> assertThat(ps.isClosed()).isTrue());
        });
    }

    @EachDatabase
    void aResultStillOpenKeepsItsRowsWhenTheSameSqlRunsAgain(Database db) throws SQLException {
        try (TempTable t = db.table("stc", DDL)) {
            TableClause items = items(t);
            try (Connection c = db.engine().connect()) {
                for (int i = 1; i <= 4; i++) {
                    c.execute(items.insert().values(Map.of("id", i, "name", "n" + i)));
                }
                Iterator<Row> first = c.execute(select(items.c("id")).where(items.c("id").gt(0)).orderBy(items.c("id"))).iterator();
                assertThat(first.next().get(0)).isEqualTo(1);
                Result second = c.execute(select(items.c("id")).where(items.c("id").gt(2)).orderBy(items.c("id")));
                assertThat(second.scalars()).containsExactly(3, 4);
                List<Object> rest = new ArrayList<>();
                first.forEachRemaining(r -> rest.add(r.get(0)));
                assertThat(rest).containsExactly(2, 3, 4);
            }
        }
    }

    @EachDatabase
    void aFailedExecutionDoesNotSpoilTheNextOne(Database db) throws SQLException {
        onCountedConnection(db, EngineOptions.defaults(), (counting, c, items) -> {
            c.execute(items.insert().values(Map.of("id", 1, "name", "a")));
            c.commit();
            assertThatThrownBy(() -> c.execute(items.insert().values(Map.of("id", 1, "name", "b")))).isInstanceOf(RetortException.class);
            c.rollback();
            assertThat(counting.prepared.get(0).isClosed()).as("the failed statement is closed, not kept").isTrue();
            c.execute(items.insert().values(Map.of("id", 2, "name", "b")));
            assertThat(c.execute(select(items.c("name")).where(items.c("id").eq(2))).scalar()).isEqualTo("b");
        });
    }

    /** A HikariCP pool over {@code physical}, whose one connection it lends again and again, counting the statements prepared on it. */
    private static com.zaxxer.hikari.HikariDataSource hikariOver(Counting counting) {
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setDataSource(counting.dataSource);
        config.setMaximumPoolSize(1);
        return new com.zaxxer.hikari.HikariDataSource(config);
    }

    @EachDatabase
    void onAHikariPoolStatementsAreKeptFromOneCheckoutToTheNext(Database db) throws SQLException {
        try (java.sql.Connection physical = physical(db)) {
            Counting counting = new Counting(physical);
            try (com.zaxxer.hikari.HikariDataSource pool = hikariOver(counting)) {
                Engine engine = Engine.create(pool);
                try (TempTable t = new TempTable(engine, "stc", DDL)) {
                    TableClause items = items(t);
                    try (Connection c = engine.begin()) {
                        for (int i = 1; i <= 3; i++) {
                            c.execute(items.insert().values(Map.of("id", i, "name", "n" + i)));
                        }
                    }
                    counting.prepared.clear();
                    for (int i = 1; i <= 8; i++) {
                        try (Connection c = engine.connect()) {
                            assertThat(c.execute(select(items.c("name")).where(items.c("id").eq(i % 3 + 1))).scalar()).isEqualTo("n" + (i % 3 + 1));
                            // Still transactional: a write is rolled back with the checkout that made it.
                            c.execute(items.update().values(Map.of("name", "x")).where(items.c("id").eq(1)));
                        }
                    }
                    assertThat(counting.prepared).as("one SELECT and one UPDATE for eight checkouts").hasSize(2)
                            .allSatisfy(ps -> assertThat(ps.isClosed()).as("kept open for the next checkout").isFalse());
                    try (Connection c = engine.connect()) {
                        assertThat(c.execute(select(items.c("name")).orderBy(items.c("id"))).scalars()).containsExactly("n1", "n2", "n3");
                    }
                    // With statementCacheSize(0) nothing is kept, on a Hikari pool too.
                    Engine uncached = Engine.create(pool, EngineOptions.builder().statementCacheSize(0).build());
                    counting.prepared.clear();
                    for (int i = 0; i < 2; i++) {
                        try (Connection c = uncached.connect()) {
                            c.execute(select(items.c("name")).where(items.c("id").eq(1))).all();
                        }
                    }
                    assertThat(counting.prepared).hasSize(2).allSatisfy(ps -> assertThat(ps.isClosed()).isTrue());
                    uncached.dispose();
                }
                engine.dispose();
            }
        }
    }

    @Test
    void aConnectionThePoolClosedTakesItsStatementsWithIt() throws SQLException {
        Database db = Database.SQLITE;
        java.sql.Connection first = physical(db);
        java.sql.Connection second = physical(db);
        Counting one = new Counting(first);
        Counting two = new Counting(second);
        // A pool lending the first connection, then (once that is closed) the second.
        DataSource switching = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getConnection" -> first.isClosed() ? two.dataSource.getConnection() : one.dataSource.getConnection();
                    case "toString" -> "switching";
                    case "setLoginTimeout" -> null;
                    case "getLoginTimeout" -> 0;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setDataSource(switching);
        config.setMaximumPoolSize(1);
        try (com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource(config)) {
            Engine engine = Engine.create(pool);
            try (Connection c = engine.connect()) {
                assertThat(c.execute(dev.retort.sql.SQL.text("SELECT 1")).scalar()).isEqualTo(1);
            }
            assertThat(one.prepared).hasSize(1);
            first.close();
            pool.getHikariPoolMXBean().softEvictConnections();
            try (Connection c = engine.connect()) {
                assertThat(c.execute(dev.retort.sql.SQL.text("SELECT 1")).scalar()).isEqualTo(1);
            }
            assertThat(two.prepared).as("prepared again on the new connection").hasSize(1);
            assertThat(one.prepared).as("the closed connection's statement not used again").hasSize(1);
            engine.dispose();
        } finally {
            second.close();
        }
    }

    // ---- the cache alone -------------------------------------------------------------------

    /** Statements that only know whether they were closed. */
    private static PreparedStatement fake(List<PreparedStatement> made) {
        boolean[] closed = {false};
        PreparedStatement ps = (PreparedStatement) Proxy.newProxyInstance(StatementCacheTest.class.getClassLoader(), new Class<?>[] {PreparedStatement.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "close" -> {
                        closed[0] = true;
                        yield null;
                    }
                    case "isClosed" -> closed[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
        made.add(ps);
        return ps;
    }

    @Test
    void aStatementInUseIsNotLentTwice() throws SQLException {
        List<PreparedStatement> made = new ArrayList<>();
        PreparedStatementCache cache = new PreparedStatementCache(4);
        PreparedStatement a = cache.take("q", sql -> fake(made));
        PreparedStatement b = cache.take("q", sql -> fake(made));
        assertThat(b).isNotSameAs(a);
        cache.release("q", b, null);
        assertThat(b.isClosed()).as("a statement of its own is closed after use").isTrue();
        cache.release("q", a, null);
        assertThat(a.isClosed()).isFalse();
        assertThat(cache.take("q", sql -> fake(made))).isSameAs(a);
        assertThat(made).hasSize(2);
    }

    @Test
    void theLeastRecentlyUsedFreeStatementIsClosedBeyondTheCapacity() throws SQLException {
        List<PreparedStatement> made = new ArrayList<>();
        PreparedStatementCache cache = new PreparedStatementCache(2);
        for (String sql : List.of("q1", "q2", "q1", "q3")) {
            cache.release(sql, cache.take(sql, s -> fake(made)), null);
        }
        assertThat(made).hasSize(3);
        assertThat(made.get(1).isClosed()).as("q2, least recently used").isTrue();
        assertThat(made.get(0).isClosed()).isFalse();
        assertThat(cache.size()).isEqualTo(2);
        cache.close();
        assertThat(made).allSatisfy(ps -> assertThat(ps.isClosed()).isTrue());
        assertThat(cache.size()).isZero();
    }

    @Test
    void aStatementTakenAgainBySameSqlKeepsTheOrderOfUse() throws SQLException {
        List<PreparedStatement> made = new ArrayList<>();
        PreparedStatementCache cache = new PreparedStatementCache(2);
        PreparedStatement q1 = cache.take("q1", s -> fake(made));
        PreparedStatement q2 = cache.take("q2", s -> fake(made));
        cache.release("q2", q2, null);
        cache.release("q1", q1, null);
        // q2 again, after q1's release: q1 is now the least recently used, and goes for q3.
        cache.release("q2", cache.take("q2", s -> fake(made)), null);
        cache.release("q3", cache.take("q3", s -> fake(made)), null);
        assertThat(q1.isClosed()).as("q1, least recently used").isTrue();
        assertThat(q2.isClosed()).isFalse();
        assertThat(made).hasSize(3);
    }

    @Test
    void aClosedCacheLendsNoStatementItClosed() throws SQLException {
        List<PreparedStatement> made = new ArrayList<>();
        PreparedStatementCache cache = new PreparedStatementCache(2);
        PreparedStatement a = cache.take("q", s -> fake(made));
        cache.release("q", a, null);
        cache.close();
        PreparedStatement b = cache.take("q", s -> fake(made));
        assertThat(a.isClosed()).isTrue();
        assertThat(b).isNotSameAs(a);
        assertThat(b.isClosed()).isFalse();
    }

    @Test
    void aDiscardedStatementIsClosedAndForgotten() throws SQLException {
        List<PreparedStatement> made = new ArrayList<>();
        PreparedStatementCache cache = new PreparedStatementCache(2);
        PreparedStatement a = cache.take("q", sql -> fake(made));
        cache.discard("q", a);
        assertThat(a.isClosed()).isTrue();
        assertThat(cache.take("q", sql -> fake(made))).isNotSameAs(a);
    }

    @Test
    void negativeSizeIsRefused() {
        assertThatThrownBy(() -> EngineOptions.builder().statementCacheSize(-1).build()).hasMessageContaining("statementCacheSize");
    }
}
