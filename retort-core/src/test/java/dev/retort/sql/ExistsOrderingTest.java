package dev.retort.sql;

import static dev.retort.sql.SQL.asc;
import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.desc;
import static dev.retort.sql.SQL.not;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Dialects;
import dev.retort.types.Types;
import org.junit.jupiter.api.Test;

/**
 * EXISTS ordered by, labelled or not, is parenthesized as SQLAlchemy 2.1.1 writes it; a label
 * that is not selected is left out in ORDER BY. Expected SQL from
 * {@code select(t.c.id).order_by(desc(select(u.c.id).where(u.c.tid == t.c.id).exists().label('x')))}
 * and its variants, compiled by SQLAlchemy 2.1.1 for SQLite.
 */
class ExistsOrderingTest {
    private static final TableClause T = table("t", column("id", Types.INTEGER), column("x", Types.INTEGER));
    private static final TableClause U = table("u", column("id", Types.INTEGER), column("tid", Types.INTEGER));

    private static Exists e() {
        return select(U.c("id")).where(U.c("tid").eq(T.c("id"))).exists();
    }

    private static String sql(Select s) {
        return s.compile(Dialects.sqlite()).string().replace("\n", " ");
    }

    @Test
    void existsInOrderByIsParenthesizedLabelledOrNot() {
        String inner = "(EXISTS (SELECT u.id  FROM u  WHERE u.tid = t.id))";
        assertThat(sql(select(T.c("id")).orderBy(desc(e().label("x"))))).isEqualTo("SELECT t.id  FROM t ORDER BY " + inner + " DESC");
        assertThat(sql(select(T.c("id")).orderBy(desc(e())))).isEqualTo("SELECT t.id  FROM t ORDER BY " + inner + " DESC");
        assertThat(sql(select(T.c("id")).orderBy(asc(e())))).isEqualTo("SELECT t.id  FROM t ORDER BY " + inner + " ASC");
        assertThat(sql(select(T.c("id")).orderBy(desc(e()).nullsFirst()))).isEqualTo("SELECT t.id  FROM t ORDER BY " + inner + " DESC NULLS FIRST");
        assertThat(sql(select(T.c("id")).orderBy(desc(e().label("x")).nullsLast()))).isEqualTo("SELECT t.id  FROM t ORDER BY " + inner + " DESC NULLS LAST");
        assertThat(sql(select(T.c("id")).orderBy(e().desc()))).isEqualTo("SELECT t.id  FROM t ORDER BY " + inner + " DESC");
        assertThat(sql(select(T.c("id")).orderBy(desc(not(e()))))).isEqualTo("SELECT t.id  FROM t ORDER BY NOT " + inner + " DESC");
    }

    @Test
    void aSelectedLabelIsOrderedByName() {
        Label<Boolean> x = e().label("x");
        assertThat(sql(select(T.c("id"), x).orderBy(desc(x))))
                .isEqualTo("SELECT t.id, EXISTS (SELECT u.id  FROM u  WHERE u.tid = t.id) AS x  FROM t ORDER BY x DESC");
    }

    @Test
    void orderedExistsInTheColumnList() {
        String inner = "(EXISTS (SELECT u.id  FROM u, t  WHERE u.tid = t.id))";
        assertThat(sql(select(desc(e())))).isEqualTo("SELECT " + inner + " DESC AS anon_1");
        assertThat(sql(select(desc(e()).label("y")))).isEqualTo("SELECT " + inner + " DESC AS y");
    }
}
