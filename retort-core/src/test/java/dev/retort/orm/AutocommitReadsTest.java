package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Engine;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.io.File;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;

/**
 * {@code SessionFactory.autocommitReads(true)}: a session reads in autocommit mode, ends no
 * transaction it did not begin, and begins one with its first write or {@code begin()}. What the
 * session asks of the JDBC driver is recorded through a DataSource of connections that log
 * {@code setAutoCommit}, {@code commit}, {@code rollback}, and the autocommit mode each statement
 * is prepared in.
 */
class AutocommitReadsTest {
    public static class Note {
        Integer id;
        String text;
    }

    private final OrmTestDatabase t = new OrmTestDatabase();
    private final Table notes = new Table("notes" + t.suffix, t.metadata,
            Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
            Column.of("text", Types.string(40)));
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private Engine engine;
    private com.zaxxer.hikari.HikariDataSource pool;
    private File sqliteFile;

    @AfterEach
    void tearDown() {
        t.close();
        if (engine != null) {
            engine.dispose();
        }
        if (pool != null) {
            pool.close();
        }
        if (sqliteFile != null) {
            sqliteFile.delete();
        }
    }

    /** Notes 1 "one" and 2 "two" committed, through an engine whose connections log what the session asks. */
    private SessionFactory notes(Databases.Database db) throws Exception {
        return notes(db, false);
    }

    /** {@link #notes(Databases.Database)}, the logged connections lent by a HikariCP pool of one when {@code pooled}. */
    private SessionFactory notes(Databases.Database db, boolean pooled) throws Exception {
        db.engine();
        String url = db.url();
        if (db == Databases.Database.SQLITE) {
            // Every connection to :memory: would be a database of its own.
            sqliteFile = File.createTempFile("retort-autocommit", ".db");
            url = "jdbc:sqlite:" + sqliteFile.getPath();
        }
        DataSource logged = logging(url, db.user());
        if (pooled) {
            com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
            config.setDataSource(logged);
            config.setMaximumPoolSize(1);
            pool = new com.zaxxer.hikari.HikariDataSource(config);
        }
        engine = Engine.create(pooled ? pool : logged);
        t.registry.mapImperatively(Note.class, notes);
        t.start(engine);
        SessionFactory factory = SessionFactory.of(engine);
        try (Session seed = factory.open()) {
            seed.add(note(1, "one"));
            seed.add(note(2, "two"));
            seed.commit();
        }
        calls.clear();
        return factory;
    }

    private static Note note(int id, String text) {
        Note n = new Note();
        n.id = id;
        n.text = text;
        return n;
    }

    @EachDatabase
    void aSessionThatOnlyReadsRunsInAutocommitAndEndsNoTransaction(Databases.Database db) throws Exception {
        SessionFactory factory = notes(db).autocommitReads(true);
        try (Session s = factory.open()) {
            assertThat(s.get(Note.class, 1).text).isEqualTo("one");
            assertThat(s.query(Note.class).count()).isEqualTo(2);
            assertThat(s.query(Note.class).all()).hasSize(2);
            assertThat(s.inTransaction()).isFalse();
        }
        assertThat(prepared()).hasSize(3).allMatch(c -> c.startsWith("prepare(autocommit) SELECT"));
        assertThat(calls).doesNotContain("rollback", "commit");
    }

    /**
     * Issue #16's get in a fresh session, over a pool as the applications' (and the benchmark's):
     * after the first, a get prepares nothing (the statement is kept with the pool's connection)
     * and asks the driver for no transaction control at all, neither at checkout nor at return.
     */
    @EachDatabase
    void getsInFreshSessionsOverAPoolPrepareOnceAndControlNoTransaction(Databases.Database db) throws Exception {
        SessionFactory factory = notes(db, true).autocommitReads(true).detachOnClose(false);
        for (int i = 0; i < 5; i++) {
            try (Session s = factory.open()) {
                assertThat(s.get(Note.class, 1 + i % 2).text).isEqualTo(i % 2 == 0 ? "one" : "two");
            }
        }
        assertThat(prepared()).hasSize(1).allMatch(c -> c.startsWith("prepare(autocommit) SELECT"));
        assertThat(calls).hasSize(1);
    }

    @EachDatabase
    void theFirstWriteBeginsTheTransactionWhichRollsBackAsUsual(Databases.Database db) throws Exception {
        SessionFactory plain = notes(db);
        try (Session s = plain.autocommitReads(true).open()) {
            Note one = s.get(Note.class, 1);
            one.text = "uno";
            s.flush();
            assertThat(s.inTransaction()).isTrue();
            assertThat(prepared().get(0)).startsWith("prepare(autocommit) SELECT");
            assertThat(prepared().get(1)).startsWith("prepare(transaction) UPDATE");
            assertThat(textOf(plain, 1)).isEqualTo("one");
            s.rollback();
            assertThat(s.inTransaction()).isFalse();
            assertThat(one.text).isEqualTo("one");
            assertThat(textOf(plain, 1)).isEqualTo("one");
            calls.clear();
            // After the transaction, reads are in autocommit mode again; a commit writes.
            Note two = s.get(Note.class, 2);
            assertThat(prepared().get(0)).startsWith("prepare(autocommit) SELECT");
            two.text = "dos";
            s.commit();
        }
        assertThat(textOf(plain, 2)).isEqualTo("dos");
    }

    @EachDatabase
    void beginMakesTheReadsShareTheTransaction(Databases.Database db) throws Exception {
        SessionFactory factory = notes(db).autocommitReads(true);
        try (Session s = factory.open()) {
            s.begin();
            assertThat(s.inTransaction()).isTrue();
            s.get(Note.class, 1);
            s.query(Note.class).all();
            assertThat(prepared()).hasSize(2).allMatch(c -> c.startsWith("prepare(transaction) SELECT"));
        }
        assertThat(calls).contains("rollback");
    }

    @EachDatabase
    void byDefaultTheFirstReadBeginsTheTransaction(Databases.Database db) throws Exception {
        SessionFactory factory = notes(db);
        assertThat(factory.isAutocommitReads()).isFalse();
        try (Session s = factory.open()) {
            s.get(Note.class, 1);
            assertThat(s.inTransaction()).isTrue();
        }
        assertThat(prepared()).hasSize(1).allMatch(c -> c.startsWith("prepare(transaction) SELECT"));
        assertThat(calls).contains("rollback");
    }

    @EachDatabase
    void aStreamedQueryRunsInTheTransaction(Databases.Database db) throws Exception {
        SessionFactory factory = notes(db).autocommitReads(true);
        try (Session s = factory.open(); var stream = s.query(Note.class).yieldPer(1).stream()) {
            assertThat(stream.count()).isEqualTo(2);
            assertThat(s.inTransaction()).isTrue();
        }
        assertThat(prepared()).hasSize(1).allMatch(c -> c.startsWith("prepare(transaction) SELECT"));
    }

    private String textOf(SessionFactory factory, int id) {
        try (Session other = factory.open()) {
            return other.get(Note.class, id).text;
        }
    }

    /** The statements prepared, with the autocommit mode of their connection. */
    private List<String> prepared() {
        synchronized (calls) {
            return calls.stream().filter(c -> c.startsWith("prepare")).toList();
        }
    }

    /** A DataSource of new connections in autocommit mode (as most pools lend them) that log what they are asked. */
    private DataSource logging(String url, String user) {
        return new DataSource() {
            @Override
            public java.sql.Connection getConnection() throws SQLException {
                Properties p = new Properties();
                if (user != null) {
                    p.setProperty("user", user);
                }
                java.sql.Connection real = DriverManager.getConnection(url, p);
                return (java.sql.Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {java.sql.Connection.class},
                        (proxy, m, args) -> {
                            switch (m.getName()) {
                                case "setAutoCommit" -> calls.add("setAutoCommit(" + args[0] + ")");
                                case "commit", "rollback" -> calls.add(m.getName());
                                case "prepareStatement" -> calls.add("prepare(" + (real.getAutoCommit() ? "autocommit" : "transaction") + ") " + args[0]);
                                default -> {
                                }
                            }
                            try {
                                return m.invoke(real, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }

            @Override
            public java.sql.Connection getConnection(String u, String pw) throws SQLException {
                return getConnection();
            }

            @Override
            public PrintWriter getLogWriter() {
                return null;
            }

            @Override
            public void setLogWriter(PrintWriter out) {
            }

            @Override
            public void setLoginTimeout(int seconds) {
            }

            @Override
            public int getLoginTimeout() {
                return 0;
            }

            @Override
            public Logger getParentLogger() {
                return Logger.getGlobal();
            }

            @Override
            public <T> T unwrap(Class<T> iface) throws SQLException {
                throw new SQLException("not a wrapper");
            }

            @Override
            public boolean isWrapperFor(Class<?> iface) {
                return false;
            }
        };
    }
}
