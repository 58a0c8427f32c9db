package dev.retort.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.sql.CacheKey;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Compiled;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Same key ⇒ same SQL over the ported SQLAlchemy compiler cases: every case is built twice
 * (fresh tables each time), and on every dialect a statement whose key was seen before, in any
 * case, sends through the compiled form of that key exactly what compiling it alone sends.
 * These cases use many lightweight tables of the same names, the kind of collision a key that
 * forgets a detail mixes up.
 */
class SqlalchemySuiteCacheKeyTest {
    private static final List<Dialect> DIALECTS = List.of(Dialects.defaultDialect(), Dialects.sqlite(), Dialects.postgresql(),
            Dialects.mysql(), Dialects.mariadb(), Dialects.postgresql().withLabelLength(12));

    private record First(ClauseElement statement, Compiled compiled, Compiled.Positions positions, String error) {
    }

    @Test
    void equalKeysSendTheSameSqlAcrossAllPortedCases() throws Exception {
        List<Map<CacheKey, First>> firsts = new ArrayList<>();
        DIALECTS.forEach(d -> firsts.add(new HashMap<>()));
        int statements = 0;
        int checked = 0;
        for (JsonNode c : SqlalchemySuiteTest.cases()) {
            for (int copy = 0; copy < 2; copy++) {
                ClauseElement stmt;
                try {
                    stmt = new SqlalchemySuiteTree(c.get("tables"), "").statement(c.get("tree"));
                } catch (RuntimeException e) {
                    break;
                }
                CacheKey key = stmt.cacheKey();
                if (key == null) {
                    break;
                }
                statements++;
                for (int d = 0; d < DIALECTS.size(); d++) {
                    Dialect dialect = DIALECTS.get(d);
                    First first = firsts.get(d).get(key);
                    String alone;
                    Compiled compiled = null;
                    try {
                        compiled = stmt.compile(dialect);
                        alone = sent(compiled.bind(Map.of()), compiled);
                    } catch (RuntimeException e) {
                        alone = "error " + e.getClass().getSimpleName();
                    }
                    if (first == null) {
                        firsts.get(d).put(key, new First(stmt, compiled, compiled == null ? null : compiled.positionsIn(key), alone));
                        continue;
                    }
                    checked++;
                    String viaCache = first.compiled() == null ? first.error()
                            : sent(first.compiled().bind(first.positions(), key, Map.of()), first.compiled());
                    assertThat(viaCache).as("%s on %s (%s), same key as:%n%s", c.get("id"), dialect.name(), stmt, first.statement()).isEqualTo(alone);
                }
            }
        }
        System.out.printf("SqlalchemySuiteCacheKeyTest: %d statements, %d compilations checked against the first of their key%n", statements, checked);
        assertThat(checked).isGreaterThan(statements);
    }

    private static String sent(Compiled.BoundSql bound, Compiled c) {
        return bound.sql() + " | " + bound.values() + " | " + c.resultColumns();
    }
}
