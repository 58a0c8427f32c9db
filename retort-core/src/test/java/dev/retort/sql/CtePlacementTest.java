package dev.retort.sql;

import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.exc.CompileException;
import dev.retort.schema.Table;
import dev.retort.sql.RenderingFixesTest.Schema;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Where CTEs are declared (their SQL is compared with SQLAlchemy's in the ported suite,
 * test_cte.py) and that the statements mean what they say on the databases: a nesting CTE inside
 * a correlated subquery, CTEs added with addCte / addNestedCte, and (PostgreSQL) an UPDATE as a
 * CTE. Data as in {@link RenderingFixesTest#withData}: users 1-4, user 1 has one address, user 2 two.
 */
class CtePlacementTest {
    /** Per user, the addresses count read from a CTE declared inside the correlated subquery. */
    private static Select countsThroughNestingCte(Schema s, boolean nesting, boolean added) {
        Table a = s.addresses;
        CTE counts = select(a.c("user_id"), func("count", a.c("id")).label("n")).groupBy(a.c("user_id")).cte("counts");
        if (nesting) {
            counts = counts.nesting();
        }
        Select inner = select(counts.c("n")).where(counts.c("user_id").eq(s.u("id")));
        if (added) {
            inner = inner.addNestedCte(counts);
        }
        return select(s.u("id"), inner.scalarSubquery().label("n"));
    }

    @EachDatabase
    void aCteDeclaredInsideACorrelatedSubqueryReadsPerRow(Database db) {
        RenderingFixesTest.withData(db, (s, c) -> {
            for (boolean[] v : new boolean[][] {{true, false}, {false, true}, {false, false}}) {
                Select stmt = countsThroughNestingCte(s, v[0], v[1]);
                String sql = stmt.compile(db.engine().dialect()).string();
                assertThat(sql.startsWith("WITH")).as(sql).isEqualTo(!v[0] && !v[1]);
                Map<Long, Long> got = new TreeMap<>();
                c.execute(stmt).all().forEach(r -> got.put(((Number) r.get(0)).longValue(), r.get(1) == null ? 0L : ((Number) r.get(1)).longValue()));
                assertThat(got).as(sql).isEqualTo(Map.of(1L, 1L, 2L, 2L, 3L, 0L, 4L, 0L));
            }
        });
    }

    @EachDatabase
    void anAddedCteIsDeclaredThoughNothingRefersToIt(Database db) {
        RenderingFixesTest.withData(db, (s, c) -> {
            CTE unused = select(s.u("id")).where(s.u("age").gt(10)).cte("unused");
            Select stmt = select(s.u("name")).where(s.u("id").eq(1)).addCte(unused);
            assertThat(stmt.compile(db.engine().dialect()).string()).startsWith("WITH unused");
            assertThat(RenderingFixesTest.values(c, stmt)).containsExactly("ann");
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Database.class, names = "POSTGRESQL")
    void anUpdateAsACteChangesRowsAndReturnsThem(Database db) {
        RenderingFixesTest.withData(db, (s, c) -> {
            CTE bumped = update(s.users).values(Map.of("age", s.u("age").add(1))).where(s.u("age").gt(10)).returning(s.u("id")).cte("bumped");
            assertThat(RenderingFixesTest.values(c, select(bumped.c("id")))).containsExactly(1L, 3L);
            // Added and unreferenced, it still runs.
            CTE reset = update(s.users).values(Map.of("age", 0)).where(s.u("id").eq(4)).returning(s.u("id")).cte();
            c.execute(select(s.u("id")).where(s.u("id").eq(1)).addCte(reset)).all();
            List<Object> ages = new ArrayList<>();
            c.execute(select(s.u("age")).orderBy(s.u("id"))).all().forEach(r -> ages.add(((Number) r.get(0)).longValue()));
            assertThat(ages).containsExactly(31L, 7L, 31L, 0L);
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Database.class, names = "POSTGRESQL")
    void twoUpdateCtesMaySetOneColumnToDifferentValues(Database db) {
        RenderingFixesTest.withData(db, (s, c) -> {
            // Their value parameters are anonymous (param_N): named after the column, the two would clash.
            CTE first = update(s.users).values(Map.of("age", 40)).where(s.u("id").eq(1)).returning(s.u("id")).cte("first");
            CTE second = update(s.users).values(Map.of("age", 50)).where(s.u("id").eq(2)).returning(s.u("id")).cte("second");
            c.execute(select(first.c("id"), second.c("id"))).all();
            List<Object> ages = new ArrayList<>();
            c.execute(select(s.u("age")).where(s.u("id").in(List.of(1, 2))).orderBy(s.u("id"))).all().forEach(r -> ages.add(((Number) r.get(0)).longValue()));
            assertThat(ages).containsExactly(40L, 50L);
        });
    }

    @Test
    void aCteNestedHereInTwoStatementsIsAnError() {
        Schema s = new Schema("");
        CTE c = select(s.u("id")).cte("c");
        Select a = select(c.c("id")).addNestedCte(c);
        Select b = select(c.c("id")).addNestedCte(c);
        assertThatThrownBy(() -> SQL.union(a, b).compile(Dialects.defaultDialect())).isInstanceOf(CompileException.class)
                .hasMessageContaining("'c' is added with addNestedCte in more than one statement");
        assertThat(select(c.c("id")).addNestedCte(c).addedCtesNestHere()).containsExactly(true);
    }
}
