package dev.retort.sql;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import org.junit.jupiter.api.Test;

/**
 * text() next to operators: as SQLAlchemy 2.1.1 writes it (the statement in each comment) where
 * parentheses could not change its meaning, parenthesised where they could.
 */
class TextGroupingTest {
    private static final TableClause T = table("t", column("a", Types.INTEGER), column("b", Types.INTEGER));

    private static String sql(ClauseElement e) {
        return e.toString().replaceAll("\\s+", " ");
    }

    @Test
    void textIsWrittenAsItIsWhereParenthesesChangeNothing() {
        // select(t.c.a).where(and_(text("a = 1"), t.c.b == 2, text("x")))
        assertThat(sql(select(T.c("a")).where(and(text("a = 1"), T.c("b").eq(2), text("x")))))
                .isEqualTo("SELECT t.a FROM t WHERE a = 1 AND t.b = :b_1 AND x");
        // select(t.c.a).where(or_(text("a = 1 AND b = 2"), t.c.b == 2))
        assertThat(sql(select(T.c("a")).where(or(text("a = 1 AND b = 2"), T.c("b").eq(2)))))
                .isEqualTo("SELECT t.a FROM t WHERE a = 1 AND b = 2 OR t.b = :b_1");
        // t.c.a.concat(text("'hi'"))
        assertThat(sql(T.c("a").concat(text("'it''s'")))).isEqualTo("t.a || 'it''s'");
    }

    @Test
    void textThatWouldBindDifferentlyKeepsItsParentheses() {
        // SQLAlchemy writes "a = 1 OR a = 2 AND t.b = :b_1", which ANDs only the second alternative.
        assertThat(sql(select(T.c("a")).where(and(text("a = 1 OR a = 2"), T.c("b").eq(2)))))
                .isEqualTo("SELECT t.a FROM t WHERE (a = 1 OR a = 2) AND t.b = :b_1");
        // An OR inside quotes or parentheses is no OR of the text's own.
        assertThat(sql(select(T.c("a")).where(and(text("a = 'x OR y'"), text("f(a OR b)")))))
                .isEqualTo("SELECT t.a FROM t WHERE a = 'x OR y' AND f(a OR b)");
        // SQLAlchemy writes "t.a || 'a' || 'b'"; more than one term keeps its parentheses.
        assertThat(sql(T.c("a").concat(text("'a' || 'b'")))).isEqualTo("t.a || ('a' || 'b')");
    }

    @EachDatabase
    void anOrTextInsideAndSelectsTheRowsTheTreeMeans(Database db) {
        RenderingFixesTest.withData(db, (s, c) -> {
            // users: (1, ann, 30), (2, bob, 7), (3, cy, 30), (4, dee, 5)
            String name = s.users.name();
            ClauseElement stmt = select(s.u("id")).where(and(text(name + ".age = 7 OR " + name + ".age = 5"), s.u("id").gt(3)));
            assertThat(RenderingFixesTest.values(c, stmt)).containsExactly(4L);
        });
    }
}
