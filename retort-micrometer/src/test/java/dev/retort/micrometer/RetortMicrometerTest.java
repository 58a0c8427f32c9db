package dev.retort.micrometer;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static dev.retort.sql.SQL.text;
import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.exc.IntegrityException;
import dev.retort.sql.TableClause;
import dev.retort.types.Types;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Meters (SimpleMeterRegistry) and observations (TestObservationRegistry) of an engine on SQLite. */
class RetortMicrometerTest {
    private final TableClause items = table("items", column("id", Types.INTEGER), column("name", Types.STRING));
    private Engine engine;

    @BeforeEach
    void setUp() {
        engine = Engine.create("jdbc:sqlite::memory:");
        engine.inTransaction(c -> c.execute(text("CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(20))")));
    }

    @AfterEach
    void tearDown() {
        engine.dispose();
    }

    private void workload() {
        engine.inTransaction(c -> {
            for (int i = 1; i <= 3; i++) {
                c.execute(insert(items).values(Map.of("id", i, "name", "secret-" + i)));
            }
            c.execute(select(items).where(items.c("name").eq("secret-2"))).all();
        });
    }

    @Test
    void statementTimersByOperationAndCacheOutcomeWithoutValues() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RetortMetrics.monitor(engine, "main", meters);
        workload();
        assertThatThrownBy(() -> engine.inTransaction(c -> c.execute(insert(items).values(Map.of("id", 1, "name", "dup")))))
                .isInstanceOf(IntegrityException.class);

        Timer insertMiss = meters.get("retort.statement").tags("db.operation", "insert", "retort.compiled.cache", "miss", "error", "none").timer();
        Timer insertHit = meters.get("retort.statement").tags("db.operation", "insert", "retort.compiled.cache", "hit", "error", "none").timer();
        Timer select = meters.get("retort.statement").tags("db.operation", "select", "db.system", "sqlite").timer();
        Timer failed = meters.get("retort.statement").tags("db.operation", "insert", "error", "IntegrityException").timer();
        assertThat(insertMiss.count()).isEqualTo(1);
        assertThat(insertHit.count()).isEqualTo(2);
        assertThat(select.count()).isEqualTo(1);
        assertThat(failed.count()).isEqualTo(1);
        // no value of a parameter, and no SQL, in any meter's name or tags
        assertThat(meters.getMeters()).allSatisfy(m -> assertThat(m.getId().toString()).doesNotContain("secret").doesNotContain("INSERT").doesNotContain("dup"));
    }

    @Test
    void compiledCacheCountersAndSize() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        new RetortMetrics(engine, "main").bindTo(meters);
        workload();
        Engine.CacheStats stats = engine.compiledCacheStats();
        assertThat(meters.get("retort.compiled.cache.requests").tags("engine", "main", "result", "hit").functionCounter().count()).isEqualTo(stats.hits());
        assertThat(meters.get("retort.compiled.cache.requests").tag("result", "miss").functionCounter().count()).isEqualTo(stats.misses());
        assertThat(meters.get("retort.compiled.cache.requests").tag("result", "uncached").functionCounter().count()).isEqualTo(stats.uncached());
        assertThat(meters.get("retort.compiled.cache.size").gauge().value()).isEqualTo(stats.size());
        assertThat(stats.hits()).isEqualTo(2);
    }

    @Test
    void theEnginesPoolReportsThroughHikarisOwnMeters() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        new RetortMetrics(engine, "main").bindTo(meters);
        try (Connection c = engine.connect()) {
            c.execute(text("SELECT 1")).scalar();
            assertThat(meters.get("hikaricp.connections.active").gauge().value()).isEqualTo(1.0);
        }
        assertThat(meters.get("hikaricp.connections.max").gauge().value()).isEqualTo(engine.options().poolSize());
    }

    @Test
    void anObservationPerStatementWithItsSqlTemplate() {
        TestObservationRegistry observations = TestObservationRegistry.create();
        RetortObservations listener = RetortObservations.observe(engine, observations);
        engine.inTransaction(c -> c.execute(insert(items).values(Map.of("id", 7, "name", "secret-7"))));
        assertThatThrownBy(() -> engine.inTransaction(c -> c.execute(text("INSERT INTO nowhere VALUES (1)")))).isNotNull();

        assertThat(observations).hasNumberOfObservationsWithNameEqualTo("retort.statement", 2)
                .hasAnObservation(o -> o.hasContextualNameEqualTo("insert")
                        .hasLowCardinalityKeyValue("db.operation", "insert")
                        .hasLowCardinalityKeyValue("retort.compiled.cache", "miss")
                        .hasLowCardinalityKeyValue("db.system", "sqlite")
                        .hasHighCardinalityKeyValue("db.statement", "INSERT INTO items (id, name) VALUES (?, ?)")
                        .doesNotHaveError())
                .hasAnObservation(o -> o.hasContextualNameEqualTo("text")
                        .hasHighCardinalityKeyValue("db.statement", "INSERT INTO nowhere VALUES (1)")
                        .hasError())
                .doesNotHaveAnyRemainingCurrentObservation();

        engine.removeListener(listener);
        engine.inTransaction(c -> c.execute(text("SELECT 1")));
        assertThat(observations).hasNumberOfObservationsWithNameEqualTo("retort.statement", 2);
    }
}
