package dev.retort.engine;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.IntegrityException;
import dev.retort.exc.RetortException;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.TableClause;
import dev.retort.types.Types;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Engine creation, SQLite specifics, options, listeners, echo and the compiled cache. */
class EngineTest {
    /** Runs {@code test} with a new engine, disposed afterwards. */
    private static void withEngine(String url, EngineOptions options, Consumer<Engine> test) {
        Engine engine = Engine.create(url, options);
        try {
            test.accept(engine);
        } finally {
            engine.dispose();
        }
    }

    private static Object scalar(Engine engine, String sql) {
        try (Connection conn = engine.connect()) {
            return conn.execute(text(sql)).scalar();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:sqlite::memory:", "jdbc:sqlite:", "jdbc:sqlite:file::memory:", "jdbc:sqlite:file::memory:?cache=private"})
    void anInMemorySqliteDatabaseIsSharedByTheEnginesConnections(String url) {
        withEngine(url, EngineOptions.defaults(), engine -> {
            try (Connection first = engine.connect(); Connection second = engine.connect()) {
                assertThat(first.jdbc()).isNotSameAs(second.jdbc());
                first.execute(text("CREATE TABLE shared (id INTEGER PRIMARY KEY)"));
                first.execute(text("INSERT INTO shared (id) VALUES (1)"));
                first.commit();
                assertThat(second.execute(text("SELECT id FROM shared")).scalars()).containsExactly(1);
            }
        });
    }

    @Test
    void eachEngineHasAnInMemoryDatabaseOfItsOwn() {
        withEngine("jdbc:sqlite::memory:", EngineOptions.defaults(), one -> withEngine("jdbc:sqlite::memory:", EngineOptions.defaults(), two -> {
            one.inTransaction(c -> c.execute(text("CREATE TABLE mine (id INTEGER)")));
            assertThat(scalar(one, "SELECT count(*) FROM sqlite_master WHERE name = 'mine'")).isEqualTo(1);
            assertThat(scalar(two, "SELECT count(*) FROM sqlite_master WHERE name = 'mine'")).isEqualTo(0);
        }));
    }

    @Test
    void inMemoryUrlsAreRewrittenToANamedSharedDatabase() {
        String url = JdbcTarget.of("jdbc:sqlite::memory:?journal_mode=WAL", EngineOptions.defaults()).url();
        assertThat(url).matches("jdbc:sqlite:file:retort-mem-[0-9a-f-]{36}\\?mode=memory&cache=shared&journal_mode=WAL");
        assertThat(JdbcTarget.of("jdbc:sqlite:file:named?mode=memory", EngineOptions.defaults()).url()).isEqualTo("jdbc:sqlite:file:named?mode=memory&cache=shared");
        JdbcTarget file = JdbcTarget.of("jdbc:sqlite:/tmp/app.db", EngineOptions.defaults());
        assertThat(file.url()).isEqualTo("jdbc:sqlite:/tmp/app.db");
        assertThat(file.sqliteMemory()).isFalse();
        JdbcTarget pg = JdbcTarget.of("jdbc:postgresql://db/app", EngineOptions.builder().property("ApplicationName", "x").build());
        assertThat(pg.url()).isEqualTo("jdbc:postgresql://db/app");
        assertThat(pg.properties()).containsOnly(Map.entry("ApplicationName", "x"), Map.entry("connectTimeout", "5"), Map.entry("loginTimeout", "5"));
        JdbcTarget slow = JdbcTarget.of("jdbc:mariadb://db/app", EngineOptions.builder().property("connectTimeout", "60000").build());
        assertThat(slow.properties()).containsOnly(Map.entry("connectTimeout", "60000"));
    }

    @Test
    void sqliteEnforcesForeignKeysAndWaitsForLocks(@TempDir Path dir) {
        withEngine("jdbc:sqlite:" + dir.resolve("app.db"), EngineOptions.defaults(), engine -> {
            assertThat(scalar(engine, "PRAGMA foreign_keys")).isEqualTo(1);
            assertThat(scalar(engine, "PRAGMA busy_timeout")).isEqualTo(5000);
            engine.inTransaction(c -> {
                c.execute(text("CREATE TABLE parent (id INTEGER PRIMARY KEY)"));
                c.execute(text("CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id))"));
            });
            assertThatThrownBy(() -> engine.inTransaction(c -> c.execute(text("INSERT INTO child (id, parent_id) VALUES (1, 99)"))))
                    .isInstanceOf(IntegrityException.class).hasMessageContaining("FOREIGN KEY");
        });
        // The file outlives the engine.
        withEngine("jdbc:sqlite:" + dir.resolve("app.db"), EngineOptions.defaults(),
                engine -> assertThat(scalar(engine, "SELECT count(*) FROM parent")).isEqualTo(0));
    }

    @Test
    void driverPropertiesOverrideRetortsDefaults() {
        withEngine("jdbc:sqlite::memory:", EngineOptions.builder().property("busy_timeout", "1234").build(),
                engine -> assertThat(scalar(engine, "PRAGMA busy_timeout")).isEqualTo(1234));
    }

    @Test
    void aDisposedEngineRefusesConnections() {
        Engine engine = Engine.create("jdbc:sqlite::memory:");
        assertThat(engine.url()).isEqualTo("jdbc:sqlite::memory:");
        assertThat(engine.dialect()).isSameAs(Dialects.sqlite());
        assertThat(engine).hasToString("Engine[jdbc:sqlite::memory:]");
        engine.dispose();
        engine.dispose();
        assertThatThrownBy(engine::connect).isInstanceOf(RetortException.class).hasMessageContaining("disposed");
    }

    @Test
    void optionsHaveDefaultsAndAreChecked() {
        EngineOptions defaults = EngineOptions.defaults();
        assertThat(defaults.poolSize()).isEqualTo(5);
        assertThat(defaults.echo()).isFalse();
        assertThat(defaults.compiledCacheSize()).isEqualTo(500);
        assertThat(defaults.fetchSize()).isEqualTo(1000);
        assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(30));
        EngineOptions options = EngineOptions.builder().user("app").password("s3cret").poolSize(2).property("a", "b").build();
        assertThat(options.user()).isEqualTo("app");
        assertThat(options.password()).isEqualTo("s3cret");
        assertThat(options.toString()).contains("app").doesNotContain("s3cret");
        assertThatThrownBy(() -> options.properties().put("c", "d")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> EngineOptions.builder().poolSize(0).build()).isInstanceOf(ArgumentException.class);
        assertThatThrownBy(() -> EngineOptions.builder().fetchSize(-1).build()).isInstanceOf(ArgumentException.class);
        assertThatThrownBy(() -> EngineOptions.builder().connectTimeout(Duration.ofMillis(10)).build()).isInstanceOf(ArgumentException.class);
        assertThatThrownBy(() -> EngineOptions.builder().property("x", null)).isInstanceOf(ArgumentException.class);
    }

    @Test
    void listenersHearEveryStatementBeforeItRuns() {
        withEngine("jdbc:sqlite::memory:", EngineOptions.defaults(), engine -> {
            List<String> heard = new ArrayList<>();
            ExecutionListener listener = (sql, params) -> heard.add(sql + " " + params);
            engine.addListener(listener);
            try (Connection conn = engine.connect()) {
                conn.execute(text("SELECT :x"), Map.of("x", 42));
                engine.removeListener(listener);
                conn.execute(text("SELECT 1"));
            }
            assertThat(heard).containsExactly("SELECT ? [42]");
        });
    }

    @Test
    void echoLogsEveryStatementAndItsParameters() {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            withEngine("jdbc:sqlite::memory:", EngineOptions.builder().echo(true).build(), engine -> {
                try (Connection conn = engine.connect()) {
                    conn.execute(text("SELECT :answer"), Map.of("answer", 42));
                    conn.execute(text("CREATE TABLE t (n INTEGER)"));
                    conn.execute(text("INSERT INTO t (n) VALUES (:n)"), List.of(Map.of("n", 1), Map.of("n", 2)));
                }
            });
        } finally {
            System.setErr(stderr);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .contains("INFO dev.retort.engine - SELECT ? [42]")
                .contains("INFO dev.retort.engine - INSERT INTO t (n) VALUES (?) [batch of 2 parameter sets, the first:] [1]");
    }

    @Test
    void aStatementShapeCompilesOncePerParameterNames() {
        TableClause users = table("users", column("id", Types.INTEGER), column("name", Types.STRING));
        ClauseElement stmt = insert(users);
        withEngine("jdbc:sqlite::memory:", EngineOptions.defaults(), engine -> {
            assertThat(engine.compiled(stmt, Set.of("id", "name")).entry()).isSameAs(engine.compiled(stmt, Set.of("name", "id")).entry());
            assertThat(engine.compiled(stmt, Set.of("id")).entry().compiled().string()).isEqualTo("INSERT INTO users (id) VALUES (?)");
            assertThat(engine.compiled(select(users), Set.of()).entry()).isSameAs(engine.compiled(select(users), Set.of()).entry());
        });
        withEngine("jdbc:sqlite::memory:", EngineOptions.builder().compiledCacheSize(0).build(),
                engine -> assertThat(engine.compiled(stmt, Set.of("id")).entry()).isNotSameAs(engine.compiled(stmt, Set.of("id")).entry()));
    }
}
