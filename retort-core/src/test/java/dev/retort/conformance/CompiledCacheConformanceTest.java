package dev.retort.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.EngineOptions;
import dev.retort.engine.Result;
import dev.retort.engine.Row;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.DmlStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An engine with its compiled cache sends exactly what an engine without one
 * ({@code compiledCacheSize(0)}) sends, statement after statement, over both conformance
 * corpora: each statement, its same-shape twin, its mutant and its serializer round trip, in a
 * seeded shuffled order, twice over (the second pass runs on a warm cache). Rows must match too.
 */
class CompiledCacheConformanceTest {
    private final CorpusTree tree = new CorpusTree();
    private Engine cached;
    private Engine uncached;
    private final List<String> sentCached = new ArrayList<>();
    private final List<String> sentUncached = new ArrayList<>();

    @BeforeEach
    void setUp() {
        cached = Engine.create("jdbc:sqlite::memory:", EngineOptions.builder().property("foreign_keys", "false").compiledCacheSize(10_000).build());
        uncached = Engine.create("jdbc:sqlite::memory:", EngineOptions.builder().property("foreign_keys", "false").compiledCacheSize(0).build());
        ConformanceTest.load(cached, tree);
        ConformanceTest.load(uncached, tree);
        cached.addListener((sql, params) -> sentCached.add(sql + " " + params));
        uncached.addListener((sql, params) -> sentUncached.add(sql + " " + params));
    }

    @AfterEach
    void tearDown() {
        cached.dispose();
        uncached.dispose();
    }

    @Test
    void theCachedEngineSendsWhatTheUncachedOneSends() throws Exception {
        List<ClauseElement> statements = new ArrayList<>();
        List<JsonNode> lines = new ArrayList<>(ConformanceTest.corpus());
        for (String corpus : List.of(ConformanceTest.WIDENED, ConformanceTest.BREADTH, ConformanceTest.BREADTH2)) {
            lines.addAll(ConformanceTest.read(ConformanceTest.class.getResourceAsStream(corpus)));
        }
        for (JsonNode c : lines) {
            ClauseElement s = tree.statement(c.get("tree"));
            statements.add(s);
            statements.add(tree.statement(c.get("twin")));
            if (!c.get("mutant").isNull()) {
                statements.add(tree.statement(c.get("mutant")));
            }
            statements.add((ClauseElement) QuerySerializer.loads(QuerySerializer.dumps(s), tree.metadata));
        }
        SplittableRandom r = new SplittableRandom(4242);
        int runs = 0;
        for (int pass = 0; pass < 2; pass++) {
            dev.retort.testing.Draws.shuffle(statements, r);
            for (ClauseElement s : statements) {
                int before = sentCached.size();
                String a = run(cached, s);
                String b = run(uncached, s);
                assertThat(a).as("outcome of %s", s).isEqualTo(b);
                assertThat(sentCached.subList(before, sentCached.size())).as("sent for %s", s).isEqualTo(sentUncached.subList(before, sentUncached.size()));
                runs++;
            }
        }
        assertThat(sentCached).isEqualTo(sentUncached);
        Engine.CacheStats stats = cached.compiledCacheStats();
        System.out.printf("CompiledCacheConformanceTest: %d executions of %d statements; cache hits %d, misses %d%n", runs, statements.size(),
                stats.hits(), stats.misses());
        assertThat(stats.hits()).as("the cache was used").isGreaterThan(runs / 2);
        assertThat(uncached.compiledCacheStats().hits()).isZero();
    }

    private static String run(Engine engine, ClauseElement s) {
        try (Connection conn = engine.connect()) {
            if (s instanceof DmlStatement) {
                long n = conn.execute(s).rowCount();
                conn.rollback();
                return "rows " + n;
            }
            List<List<Object>> rows = new ArrayList<>();
            try (Result res = conn.execute(s)) {
                for (Row row : res) {
                    rows.add(row.toList());
                }
            }
            return rows.toString();
        } catch (RuntimeException e) {
            return "error " + e.getClass().getSimpleName();
        }
    }
}
