package dev.retort.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.Row;
import dev.retort.exc.DBAPIException;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.MetaData;
import dev.retort.schema.ReflectOptions;
import dev.retort.schema.Table;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Compiled;
import dev.retort.sql.DmlStatement;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The conformance corpus against a reflected schema: the corpus tables are created and filled
 * from their declarations, reflected into a new {@code MetaData}, and every statement, dumped
 * against the declared tables in each protocol, is loaded against the reflected ones. The loaded
 * statement must compile to the same SQL and parameters and give the same rows (or row count).
 *
 * <p>As in {@link ConformanceOnServersTest}, PostgreSQL refuses some statements by its grouping
 * rules; there the loaded statement must be refused the same way.
 */
class ReflectionRoundTripTest {
    /** SQLSTATEs of PostgreSQL's refusals of an ORDER BY outside GROUP BY or DISTINCT. */
    private static final Set<String> GROUPING_RULES = Set.of("42803", "42P10");

    /** What running a statement gave: rows in a canonical order, a row count, or the SQLSTATE it was refused with. */
    private record Outcome(List<String> rows, Integer rowCount, String refusal) {
    }

    @EachDatabase
    void everyCorpusStatementLoadsAgainstTheReflectedSchemaAndGivesTheSameRows(Databases.Database db) throws Exception {
        Engine engine = db.engine();
        CorpusTree tree = new CorpusTree("_" + UUID.randomUUID().toString().substring(0, 8));
        ConformanceTest.load(engine, tree);
        try {
            MetaData reflected = new MetaData();
            List<String> names = tree.metadata.tables().values().stream().map(Table::name).toList();
            reflected.reflect(engine, ReflectOptions.builder().only(names).build());
            assertThat(reflected.tables().keySet()).containsExactlyInAnyOrderElementsOf(names);

            int statements = 0;
            List<String> refused = new ArrayList<>();
            for (JsonNode c : ConformanceTest.corpus()) {
                String id = c.get("id").asText();
                ClauseElement original = tree.statement(c.get("tree"));
                Outcome expected = run(engine, original);
                for (Protocol protocol : Protocol.values()) {
                    ClauseElement loaded = (ClauseElement) QuerySerializer.loads(QuerySerializer.dumps(original, protocol), reflected);
                    Compiled a = original.compile(engine.dialect());
                    Compiled b = loaded.compile(engine.dialect());
                    assertThat(b.string()).as(id + " " + protocol + " SQL").isEqualTo(a.string());
                    assertThat(b.params()).as(id + " " + protocol + " params").isEqualTo(a.params());
                    assertThat(run(engine, loaded)).as(id + " " + protocol + " outcome").isEqualTo(expected);
                }
                if (expected.refusal() != null) {
                    refused.add(id);
                }
                statements++;
            }
            assertThat(statements).isGreaterThan(refused.size() * 5);
            System.out.println(db + ": " + statements + " corpus statements loaded against the reflected schema; refused by PostgreSQL's grouping rules: " + refused.size());
        } finally {
            tree.metadata.dropAll(engine);
        }
    }

    /** Runs a statement in a transaction that is rolled back, so DML leaves the corpus data as it was. */
    private static Outcome run(Engine engine, ClauseElement stmt) {
        try (Connection conn = engine.connect()) {
            try {
                if (stmt instanceof DmlStatement) {
                    return new Outcome(null, conn.execute(stmt).rowCount(), null);
                }
                List<String> rows = new ArrayList<>();
                for (Row r : conn.execute(stmt).all()) {
                    rows.add(ConformanceTest.numbersList(r.toList()).toString());
                }
                rows.sort(null);
                return new Outcome(rows, null, null);
            } catch (DBAPIException e) {
                String state = e.sqlException().getSQLState();
                if (!GROUPING_RULES.contains(state)) {
                    throw e;
                }
                return new Outcome(null, null, state);
            } finally {
                conn.rollback();
            }
        }
    }
}
