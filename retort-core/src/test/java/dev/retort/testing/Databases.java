package dev.retort.testing;

import static dev.retort.sql.SQL.text;

import dev.retort.engine.Engine;
import dev.retort.engine.EngineOptions;
import dev.retort.exc.OperationalException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The databases the tests run on: SQLite in memory, always there, and the PostgreSQL and
 * MariaDB servers of the project's machines (127.0.0.1, database {@code test}; see
 * shared/design/DEPENDENCIES.md). One engine per database and JVM, disposed at exit.
 *
 * <p>A server that cannot be reached skips the tests that need it, with the reason printed to
 * stderr and recorded as the skip message; with {@code CI=true} in the environment they fail
 * instead. To run a test on every database:
 *
 * <pre>{@code
 * @EachDatabase                              // = @ParameterizedTest @MethodSource("dev.retort.testing.Databases#all")
 * void roundTrip(Database db) {
 *     Engine engine = db.engine();           // skips (or fails under CI) if the server is down
 *     try (TempTable t = db.table("users", "id INTEGER PRIMARY KEY, name VARCHAR(50)")) { ... }
 * }
 * }</pre>
 *
 * Each invocation is named after its database, so an unreachable one shows up as a skipped
 * {@code [2] postgresql} rather than disappearing.
 */
public final class Databases {
    /** Engines, or the reason a database cannot be reached, by database. */
    private static final Map<Database, Object> STATE = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> STATE.values().forEach(s -> {
            if (s instanceof Engine e) {
                e.dispose();
            }
        })));
    }

    private Databases() {
    }

    /** Runs the annotated test once per {@link Database}; the test takes a {@code Database} parameter. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("dev.retort.testing.Databases#all")
    public @interface EachDatabase {
    }

    /** A database the tests run on. */
    public enum Database {
        SQLITE("sqlite", "jdbc:sqlite::memory:", null),
        POSTGRESQL("postgresql", "jdbc:postgresql://127.0.0.1:5432/test", "postgres"),
        MARIADB("mariadb", "jdbc:mariadb://127.0.0.1:3306/test", "root");

        private final String label;
        private final String url;
        private final String user;

        Database(String label, String url, String user) {
            this.label = label;
            this.url = url;
            this.user = user;
        }

        /** The JDBC URL. */
        public String url() {
            return url;
        }

        /** The user the tests connect as (null for SQLite). */
        public String user() {
            return user;
        }

        /**
         * This database's shared engine. An unreachable server aborts the calling test (it is
         * reported as skipped), or fails it when the environment has {@code CI=true}.
         */
        public Engine engine() {
            Object state = STATE.computeIfAbsent(this, Database::open);
            if (state instanceof Engine e) {
                return e;
            }
            String reason = (String) state;
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(reason + " (CI=true: every database must be up)");
            }
            return Assumptions.abort(reason + "; start it (see shared/design/DEPENDENCIES.md) or set CI=true to fail instead");
        }

        /**
         * A new engine of its own for this database (the caller disposes it), for tests that
         * change engine options. Checks reachability like {@link #engine()}.
         */
        public Engine newEngine(EngineOptions.Builder options) {
            engine();
            return Engine.create(url, options.user(user).build());
        }

        /** A table with a unique name, created now and dropped by {@link TempTable#close()}. */
        public TempTable table(String prefix, String columnsDdl) {
            return new TempTable(engine(), prefix, columnsDdl);
        }

        /** The name JUnit shows for an invocation. */
        @Override
        public String toString() {
            return label;
        }

        private Object open() {
            Engine engine = Engine.create(url, EngineOptions.builder().user(user).connectTimeout(Duration.ofSeconds(5)).build());
            try (var conn = engine.connect()) {
                return engine;
            } catch (OperationalException e) {
                engine.dispose();
                String reason = label + " at " + url + " is not reachable: " + e.getMessage().lines().findFirst().orElse("");
                System.err.println("SKIPPING " + label + " tests: " + reason);
                return reason;
            }
        }
    }

    /** The in-memory SQLite engine. */
    public static Engine sqlite() {
        return Database.SQLITE.engine();
    }

    /** The PostgreSQL engine (skips or fails the test when the server is down). */
    public static Engine postgresql() {
        return Database.POSTGRESQL.engine();
    }

    /** The MariaDB engine (skips or fails the test when the server is down). */
    public static Engine mariadb() {
        return Database.MARIADB.engine();
    }

    /** Every database, for {@code @MethodSource("dev.retort.testing.Databases#all")}. */
    public static Stream<Database> all() {
        return Stream.of(Database.values());
    }

    /**
     * A table for one test. Its name has a random suffix, because other builds may be running
     * the same tests against the same servers at the same time.
     */
    public static final class TempTable implements AutoCloseable {
        private final Engine engine;
        private final String name;

        /** Creates the table, named {@code prefix} and a random suffix, in {@code engine}'s database. */
        public TempTable(Engine engine, String prefix, String columnsDdl) {
            this.engine = engine;
            this.name = prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
            engine.inTransaction(c -> c.execute(text("CREATE TABLE " + name + " (" + columnsDdl + ")")));
        }

        /** The table's name. */
        public String name() {
            return name;
        }

        @Override
        public void close() {
            engine.inTransaction(c -> c.execute(text("DROP TABLE " + name)));
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
