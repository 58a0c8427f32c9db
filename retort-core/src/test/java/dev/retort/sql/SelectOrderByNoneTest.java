package dev.retort.sql;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.desc;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import org.junit.jupiter.api.Test;

/** SQLAlchemy's {@code order_by(None)}: {@code orderBy((ClauseElement) null)} takes the ORDER BY off. SQL from SQLAlchemy 2.1.1. */
class SelectOrderByNoneTest {
    private static final TableClause T = table("t", column("a"), column("b"));

    private static String sql(Select s) {
        return s.compile().string().replaceAll("\\s+", " ").trim();
    }

    @Test
    void aLoneNullTakesTheOrderByOff() {
        // select(t).order_by(t.c.a).order_by(None); ... .order_by(t.c.b.desc())
        Select ordered = select(T).orderBy(T.c("a"));
        assertThat(sql(ordered.orderBy((ClauseElement) null))).isEqualTo("SELECT t.a, t.b FROM t");
        assertThat(sql(ordered.orderBy((ClauseElement) null).orderBy(desc(T.c("b"))))).isEqualTo("SELECT t.a, t.b FROM t ORDER BY t.b DESC");
        assertThat(sql(ordered)).as("unchanged").isEqualTo("SELECT t.a, t.b FROM t ORDER BY t.a");
    }

    @Test
    void aNullAmongClausesIsRefused() {
        assertThatThrownBy(() -> select(T).orderBy(T.c("a"), null)).isInstanceOf(ArgumentException.class).hasMessageContaining("null");
    }
}
