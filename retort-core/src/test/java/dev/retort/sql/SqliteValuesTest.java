package dev.retort.sql;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.engine.Row;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * VALUES on SQLite: a VALUES list renamed by a SELECT around it, so that more than 500 rows (SQLite's
 * limit of a compound SELECT, which the UNION ALL form hit) run, in FROM, as a CTE and after IN.
 */
class SqliteValuesTest {
    private static final int ROWS = 2_000;

    private static Values rows(int n) {
        return values(column("id", Types.INTEGER), column("label", Types.STRING))
                .data(IntStream.rangeClosed(1, n).mapToObj(i -> List.<Object>of(i, "r" + i)).toList());
    }

    @Test
    void rendersTheValuesListUnderItsColumnNames() {
        assertThat(select(rows(2).alias("v")).compile(Dialects.sqlite()).string())
                .isEqualTo("SELECT v.id, v.label \nFROM (SELECT column1 AS id, column2 AS label FROM (VALUES (?, ?), (?, ?))) AS v");
        assertThat(select(rows(2).cte("w")).compile(Dialects.sqlite()).string())
                .isEqualTo("WITH w(id, label) AS \n(VALUES (?, ?), (?, ?))\n SELECT w.id, w.label \nFROM w");
        assertThat(select(rows(2).literalBinds().alias("v")).compile(Dialects.sqlite()).string())
                .isEqualTo("SELECT v.id, v.label \nFROM (SELECT column1 AS id, column2 AS label FROM (VALUES (1, 'r1'), (2, 'r2'))) AS v");
    }

    @Test
    void twoThousandRowsInFrom() {
        Alias v = rows(ROWS).alias("v");
        try (Connection c = Databases.sqlite().connect()) {
            List<Row> all = c.execute(select(v.c("id"), v.c("label")).orderBy(v.c("id"))).all();
            assertThat(all).hasSize(ROWS);
            assertThat(all.get(0).toList()).containsExactly(1, "r1");
            assertThat(all.get(ROWS - 1).toList()).containsExactly(ROWS, "r" + ROWS);
            assertThat(c.execute(select(func("sum", v.c("id"))).where(v.c("label").like("r1%"))).scalar())
                    .as("a WHERE on the renamed columns").isEqualTo(IntStream.rangeClosed(1, ROWS).filter(i -> ("r" + i).startsWith("r1")).asLongStream().sum());
        }
    }

    @Test
    void twoThousandRowsAsACteAndAfterIn() {
        CTE w = rows(ROWS).cte("w");
        try (Connection c = Databases.sqlite().connect()) {
            assertThat(c.execute(select(func("count")).selectFrom(w)).scalar()).isEqualTo((long) ROWS);
            Values ids = values(column("x", Types.INTEGER)).data(IntStream.rangeClosed(1, ROWS).mapToObj(i -> List.<Object>of(i)).toList());
            ColumnElement<Integer> probe = literal(ROWS, Types.INTEGER);
            assertThat(c.execute(select(probe.in(ids.scalarValues()))).scalar()).isIn(true, 1);
        }
    }
}
