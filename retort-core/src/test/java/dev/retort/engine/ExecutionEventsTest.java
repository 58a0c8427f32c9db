package dev.retort.engine;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.lambdaStmt;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static dev.retort.sql.SQL.text;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.IntegrityException;
import dev.retort.exc.RetortException;
import dev.retort.sql.TableClause;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ExecutionListener's before/after/error events: kinds, compiled-cache outcomes, durations, row counts. */
class ExecutionEventsTest {
    private final TableClause items = table("items", column("id", Types.INTEGER), column("name", Types.STRING));
    private Engine engine;
    private final List<String> events = new ArrayList<>();

    /** Records every event; the state it keeps on the Execution shows before and after see the same one. */
    private final ExecutionListener recorder = new ExecutionListener() {
        @Override
        public void onExecute(String sql, List<Object> params) {
            throw new AssertionError("beforeExecute is overridden: onExecute is not called");
        }

        @Override
        public void beforeExecute(Execution e) {
            assertThat(e.elapsed()).isNull();
            e.put(this, "mine");
            events.add("before " + e.kind() + " " + e.cacheOutcome() + (e.isBatch() ? " batch of " + e.parameterSets().size() : ""));
        }

        @Override
        public void afterExecute(Execution e) {
            assertThat(e.get(this)).isEqualTo("mine");
            assertThat(e.elapsed()).isNotNull();
            assertThat(e.elapsed().isNegative()).isFalse();
            events.add("after " + e.kind() + " rows=" + e.rowCount());
        }

        @Override
        public void onError(Execution e, RetortException error) {
            assertThat(e.get(this)).isEqualTo("mine");
            assertThat(e.error()).isSameAs(error);
            events.add("error " + e.kind() + " " + error.getClass().getSimpleName());
        }
    };

    @BeforeEach
    void setUp() {
        engine = Engine.create("jdbc:sqlite::memory:");
        engine.inTransaction(c -> c.execute(text("CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(20))")));
        engine.addListener(recorder);
    }

    @AfterEach
    void tearDown() {
        engine.dispose();
    }

    @Test
    void eachExecutionIsToldBeforeAndAfterWithItsKindAndCacheOutcome() {
        engine.inTransaction(c -> {
            c.execute(insert(items).values(Map.of("id", 1, "name", "a")));
            c.execute(insert(items).values(Map.of("id", 2, "name", "b")));
            c.execute(select(items).where(items.c("id").eq(1))).all();
            c.execute(update(items).values(Map.of("name", "z")).where(items.c("id").gt(0)));
            c.execute(text("DELETE FROM items WHERE id = 2"));
        });
        assertThat(events).containsExactly(
                "before INSERT MISS", "after INSERT rows=1",
                "before INSERT HIT", "after INSERT rows=1",
                "before SELECT MISS", "after SELECT rows=-1",
                "before UPDATE MISS", "after UPDATE rows=2",
                "before TEXT MISS", "after TEXT rows=1");
    }

    @Test
    void batchesAndLambdasAndUncachedStatements() {
        engine.inTransaction(c -> c.execute(insert(items), List.of(Map.of("id", 1, "name", "a"), Map.of("id", 2, "name", "b"))));
        int id = 1;
        engine.inTransaction(c -> c.execute(lambdaStmt(() -> select(items).where(items.c("id").eq(id)))).all());
        Engine uncached = Engine.create("jdbc:sqlite::memory:", EngineOptions.builder().compiledCacheSize(0).build());
        try {
            uncached.addListener(recorder);
            uncached.inTransaction(c -> c.execute(select(items.c("id")).where(items.c("id").eq(1))));
        } catch (RetortException expected) {
            // no such table in that database: the error event is what this checks
        } finally {
            uncached.dispose();
        }
        assertThat(events).containsExactly(
                "before INSERT MISS batch of 2", "after INSERT rows=2",
                "before SELECT MISS", "after SELECT rows=-1",
                "before SELECT UNCACHED", "error SELECT ProgrammingException");
    }

    @Test
    void failuresAreToldAndAListenerThatFailsOnThemIsSuppressed() {
        engine.addListener(new ExecutionListener() {
            @Override
            public void onExecute(String sql, List<Object> params) {
            }

            @Override
            public void onError(Execution e, RetortException error) {
                throw new IllegalStateException("listener trouble");
            }
        });
        engine.inTransaction(c -> c.execute(insert(items).values(Map.of("id", 1, "name", "a"))));
        assertThatThrownBy(() -> engine.inTransaction(c -> c.execute(insert(items).values(Map.of("id", 1, "name", "again")))))
                .isInstanceOf(IntegrityException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly("listener trouble"));
        assertThat(events).containsExactly("before INSERT MISS", "after INSERT rows=1", "before INSERT HIT", "error INSERT IntegrityException");
    }

    @Test
    void plainListenersStillSeeEveryStatementOnce() {
        List<String> seen = new ArrayList<>();
        engine.removeListener(recorder);
        engine.addListener((sql, params) -> seen.add(sql + " " + params));
        engine.inTransaction(c -> c.execute(insert(items), List.of(Map.of("id", 1, "name", "a"), Map.of("id", 2, "name", "b"))));
        assertThat(seen).containsExactly("INSERT INTO items (id, name) VALUES (?, ?) [1, a]");
    }

    @Test
    void aListenerAddedBetweenStatementsSeesTheStatementsAfterIt() {
        // Without a listener nothing is recorded (no Execution is made); one added later is told
        // of every following statement, before and after, with its cache outcome.
        engine.removeListener(recorder);
        try (var c = engine.connect()) {
            c.execute(select(items).where(items.c("id").eq(1))).all();
            engine.addListener(recorder);
            c.execute(select(items).where(items.c("id").eq(2))).all();
            engine.removeListener(recorder);
            c.execute(select(items).where(items.c("id").eq(3))).all();
        }
        assertThat(events).containsExactly("before SELECT HIT", "after SELECT rows=-1");
    }

    @Test
    void aStatementFailingWithoutListenersRaisesItsError() {
        engine.removeListener(recorder);
        engine.inTransaction(c -> c.execute(insert(items).values(Map.of("id", 1, "name", "a"))));
        assertThatThrownBy(() -> engine.inTransaction(c -> c.execute(insert(items).values(Map.of("id", 1, "name", "again")))))
                .isInstanceOf(IntegrityException.class);
        assertThat(events).isEmpty();
    }
}
