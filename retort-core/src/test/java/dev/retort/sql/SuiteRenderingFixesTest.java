package dev.retort.sql;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import org.junit.jupiter.api.Test;

/**
 * Renderings fixed while closing the gap to SQLAlchemy's compiler suite (issue 12): the SQL is
 * SQLAlchemy 2.1.1's for the same statement, and where the old SQL returned other rows, the rows
 * are checked on the databases.
 */
class SuiteRenderingFixesTest {
    @Test
    void groupByRendersALabelsExpressionAndOrderByItsNameUnderModifiers() {
        // SQLAlchemy 2.1.1: select(lab).group_by(lab).order_by(lab.desc().nulls_last())
        ColumnElement<?> lab = table("t", column("a")).c("a").add(1).label("name");
        assertThat(select(lab).groupBy(lab).orderBy(lab.desc().nullsLast()).toString().replaceAll("\\s+", " "))
                .isEqualTo("SELECT t.a + :a_1 AS name FROM t GROUP BY t.a + :a_1 ORDER BY name DESC NULLS LAST");
    }

    @EachDatabase
    void groupByALabelNamedLikeAColumnGroupsByTheExpression(Database db) {
        RenderingFixesTest.withData(db, (s, c) -> {
            // GROUP BY name would group by users.name (the input column wins on these databases)
            ColumnElement<?> age = s.u("age").label("name");
            assertThat(RenderingFixesTest.values(c, select(age, func("count", s.u("id"))).groupBy(age)))
                    .containsExactly(30L, 5L, 7L);
        });
    }

    @Test
    void notOverArithmeticIsParenthesised() {
        // SQLAlchemy 2.1.1: select(~(t.c.x + t.c.q)); select(t.c.x).where(~(t.c.x - t.c.q))
        TableClause t = table("t", column("x", dev.retort.types.Types.INTEGER), column("q", dev.retort.types.Types.INTEGER));
        assertThat(select(not(t.c("x").add(t.c("q")))).toString().replaceAll("\\s+", " "))
                .isEqualTo("SELECT NOT (t.x + t.q) AS anon_1 FROM t");
        assertThat(select(t.c("x")).where(not(t.c("x").sub(t.c("q")))).toString().replaceAll("\\s+", " "))
                .isEqualTo("SELECT t.x FROM t WHERE NOT (t.x - t.q)");
    }
}
