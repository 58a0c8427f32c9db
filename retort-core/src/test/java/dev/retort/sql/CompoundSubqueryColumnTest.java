package dev.retort.sql;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.types.Types;
import org.junit.jupiter.api.Test;

/**
 * {@link FromClause#correspondingColumn} of a UNION's subquery: a column derives from the column at its
 * position in every member SELECT, the first member's preferred (SQLAlchemy 2.1.1's corresponding_column;
 * its SQL in the comment).
 */
class CompoundSubqueryColumnTest {
    private final MetaData md = new MetaData();
    private final Table t1 = new Table("t1", md, Column.of("a", Types.INTEGER), Column.of("b", Types.INTEGER));
    private final Table t2 = new Table("t2", md, Column.of("a", Types.INTEGER), Column.of("b", Types.INTEGER));

    @Test
    void aLaterMembersColumnIsTheSubquerysColumnAtItsPosition() {
        Alias u = unionAll(select(t1.c("a"), t1.c("b")), select(t2.c("b"), t2.c("a"))).subquery("u");
        assertThat(u.correspondingColumn(t2.c("a"))).isSameAs(u.c("b"));
        assertThat(u.correspondingColumn(t2.c("b"))).isSameAs(u.c("a"));
        assertThat(u.correspondingColumn(t1.c("a"))).isSameAs(u.c("a"));
        // select(u.corresponding_column(t2.c.a)).where(u.corresponding_column(t2.c.b) > 1)
        assertThat(select(u.correspondingColumn(t2.c("a"))).where(((ColumnElement<Integer>) u.correspondingColumn(t2.c("b"))).gt(1))
                .toString().replaceAll("\\s+", " "))
                .isEqualTo("SELECT u.b FROM (SELECT t1.a AS a, t1.b AS b FROM t1 UNION ALL SELECT t2.b AS b, t2.a AS a FROM t2) AS u WHERE u.a > :a_1");
    }

    @Test
    void theFirstMembersColumnWinsOverALaterOnesOfTheSameColumn() {
        // union(select(t1.c.a, t1.c.b), union(select(t2.c.a, t2.c.b), select(t2.c.b, t2.c.a))): t2.b is u.b
        Alias u = union(select(t1.c("a"), t1.c("b")), union(select(t2.c("a"), t2.c("b")), select(t2.c("b"), t2.c("a")))).subquery("u");
        assertThat(u.correspondingColumn(t2.c("b"))).isSameAs(u.c("b"));
        Alias v = u.alias("v");
        assertThat(v.correspondingColumn(t2.c("a"))).as("through an alias of the subquery").isSameAs(v.c("a"));
    }
}
