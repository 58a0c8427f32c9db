package dev.retort.sql;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Connection;
import dev.retort.exc.CompileException;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import org.junit.jupiter.api.Test;

/** One WITH entry per CTE name (SQLAlchemy 2.1.1's SQL in each comment). */
class CteNamingTest {
    private static final TableClause T = table("t", column("a", Types.INTEGER), column("b", Types.INTEGER));

    /** s1 = select(literal(0).label("x")); cte = s1.cte("cte", recursive=True); bar = select(cte).cte("bar"); cte = cte.union_all(...) */
    private static Select restatedAfterAReference() {
        CTE cte = select(literal(0, Types.INTEGER).label("x")).cteRecursive("cte");
        CTE bar = select(cte).cte("bar");
        CTE all = cte.unionAll(select(cte.c("x").add(1)).where(cte.c("x").lt(10)));
        return select(bar, all);
    }

    @Test
    void aRecursiveCteListsARepeatedColumnOnce() {
        // c = select(t.c.a, t.c.b, t.c.a).cte("c", recursive=True); select(c): the repeat keeps its own name
        // (a__1), which a shorter name list leaves it, where a repeated "a" in the list made c.a ambiguous
        CTE c = select(T.c("a"), T.c("b"), T.c("a")).cteRecursive("c");
        assertThat(select(c).toString().replaceAll("\\s+", " ")).isEqualTo(
                "WITH RECURSIVE c(a, b) AS (SELECT t.a AS a, t.b AS b, t.a AS a__1 FROM t) SELECT c.a, c.b, c.a AS a_1 FROM c");
    }

    @Test
    void aRestatementReplacesTheVersionAnEarlierReferenceListed() {
        // select(bar, cte)
        assertThat(restatedAfterAReference().toString().replaceAll("\\s+", " ")).isEqualTo(
                "WITH RECURSIVE bar AS (SELECT cte.x AS x FROM cte), cte(x) AS (SELECT :param_1 AS x UNION ALL "
                        + "SELECT cte.x + :x_2 AS anon_1 FROM cte WHERE cte.x < :x_3) SELECT bar.x, cte.x AS x_1 FROM bar, cte");
    }

    @Test
    void twoDifferentCtesOfOneNameAreAnError() {
        // SQLAlchemy: "Multiple, unrelated CTEs found with the same name: 'c'"
        CTE c1 = select(T.c("a")).cte("c");
        CTE c3 = select(T.c("a")).where(T.c("a").gt(1)).cte("c");
        assertThatThrownBy(() -> select(c1.c("a")).where(c1.c("a").in(select(c3.c("a")))).compile())
                .isInstanceOf(CompileException.class).hasMessageContaining("'c'");
        // Equal copies (what a replace() makes of one CTE; SQLAlchemy's clones) share one entry.
        CTE c2 = select(T.c("a")).cte("c");
        assertThat(select(c1.c("a")).where(c1.c("a").in(select(c2.c("a")))).toString().replaceAll("\\s+", " "))
                .isEqualTo("WITH c AS (SELECT t.a AS a FROM t) SELECT c.a FROM c WHERE c.a IN (SELECT c.a FROM c)");
    }

    @EachDatabase
    void theRestatedStatementRuns(Database db) {
        try (Connection c = db.engine().connect()) {
            // It ran into "duplicate WITH name" before. As in SQLAlchemy's SQL, the one name "cte" means the
            // restatement everywhere, so bar reads its eleven rows (0..10) too: 11 x 11.
            assertThat(c.execute(restatedAfterAReference()).all()).hasSize(121);
        }
    }
}
