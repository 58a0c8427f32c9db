package dev.retort.sql;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Explicit window frame bounds ({@link Over.FrameBound}, SQLAlchemy's {@code FrameClause}): a
 * distance of any value, and a start after the end. The expected SQL is SQLAlchemy 2.1.1's.
 */
class OverFrameBoundTest {
    private static final TableClause T = table("t", column("x", Types.DOUBLE), column("id", Types.INTEGER));

    @Test
    void rendersExplicitBounds() {
        assertThat(select(func("sum", T.c("x")).over().orderBy(T.c("x")).rangeBetween(Over.preceding(2.5), Over.currentRow())).toString())
                .isEqualTo("SELECT sum(t.x) OVER (ORDER BY t.x RANGE BETWEEN :param_1 PRECEDING AND CURRENT ROW) AS anon_1 \nFROM t");
        Select after = select(func("sum", T.c("x")).over().orderBy(T.c("id")).rowsBetween(Over.following(1), Over.preceding(1)));
        assertThat(after.toString())
                .isEqualTo("SELECT sum(t.x) OVER (ORDER BY t.id ROWS BETWEEN :param_1 FOLLOWING AND :param_2 PRECEDING) AS anon_1 \nFROM t");
        assertThat(after.compile().params()).containsExactly(Map.entry("param_1", 1), Map.entry("param_2", 1));
        assertThat(select(func("sum", T.c("x")).over().orderBy(T.c("id")).groupsBetween(Over.unbounded(), Over.following(2))).toString())
                .isEqualTo("SELECT sum(t.x) OVER (ORDER BY t.id GROUPS BETWEEN UNBOUNDED PRECEDING AND :param_1 FOLLOWING) AS anon_1 \nFROM t");
        assertThatThrownBy(() -> new Over.FrameBound(Over.BoundKind.PRECEDING, null)).isInstanceOf(dev.retort.exc.ArgumentException.class);
        assertThatThrownBy(() -> new Over.FrameBound(Over.BoundKind.CURRENT, 1)).isInstanceOf(dev.retort.exc.ArgumentException.class);
    }

    /**
     * Anonymous parameters are numbered in SQLAlchemy's order of compiling a window: the function,
     * the frame, PARTITION BY, ORDER BY (judge3 corpus, seed 601). SQL from SQLAlchemy 2.1.1:
     * func.max(case((t.c.id > 5, 7), else_=t.c.id)).over(partition_by=func.instr(t.c.x, 'a'),
     * order_by=case((t.c.id < 3, 1), else_=t.c.id), rows=(-2, 1)).
     */
    @Test
    void numbersParametersFunctionFrameThenKeys() {
        ColumnElement<?> id = T.c("id");
        Select s = select(func("max", caseWhen(id.gt(5), 7).otherwise(id)).over().partitionBy(func("instr", T.c("x"), "a"))
                .orderBy(caseWhen(id.lt(3), 1).otherwise(id)).rows(-2, 1));
        assertThat(s.compile().string()).isEqualTo("SELECT max(CASE WHEN (t.id > :id_1) THEN :param_1 ELSE t.id END) OVER "
                + "(PARTITION BY instr(t.x, :instr_1) ORDER BY CASE WHEN (t.id < :id_2) THEN :param_4 ELSE t.id END "
                + "ROWS BETWEEN :param_2 PRECEDING AND :param_3 FOLLOWING) AS anon_1 \nFROM t");
        assertThat(s.compile().params()).isEqualTo(Map.of("id_1", 5, "param_1", 7, "param_2", 2, "param_3", 1, "instr_1", "a",
                "id_2", 3, "param_4", 1));
    }

    /** A fractional RANGE distance sums the rows whose value lies within it (PostgreSQL 11+, SQLite 3.28+, MariaDB 10.2+). */
    @EachDatabase
    void aFractionalRangeDistanceOnTheDatabases(Database db) {
        Engine engine = db.engine();
        MetaData md = new MetaData();
        Table t = new Table("frames_" + UUID.randomUUID().toString().substring(0, 8), md,
                Column.of("id", Types.INTEGER).primaryKey(), Column.of("x", Types.DOUBLE));
        md.createAll(engine);
        try (Connection c = engine.connect()) {
            c.execute(insert(t), List.of(Map.of("id", 1, "x", 1.0), Map.of("id", 2, "x", 2.0), Map.of("id", 3, "x", 4.0)));
            List<Object> sums = c.execute(select(func("sum", t.c("x")).over().orderBy(t.c("x")).rangeBetween(Over.preceding(1.5), Over.currentRow()))
                    .orderBy(t.c("id"))).scalars();
            assertThat(sums).extracting(v -> ((Number) v).doubleValue()).containsExactly(1.0, 3.0, 4.0);
            c.commit();
        } finally {
            md.dropAll(engine);
        }
    }
}
