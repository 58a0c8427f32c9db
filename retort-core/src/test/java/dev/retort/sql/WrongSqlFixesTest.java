package dev.retort.sql;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import dev.retort.testing.Databases;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * SQL that selected other rows than the expression means (issue 12, found by the SQLAlchemy
 * suite). The expected SQL is what SQLAlchemy 2.1.1 prints for the same expressions
 * (tools/expect/wrong_sql.py); each fix also runs on the databases, where the old SQL gave
 * another answer.
 */
class WrongSqlFixesTest {
    static final ColumnElement<Integer> F = column("f", Types.INTEGER);

    static String sql(ClauseElement e) {
        return e.compile(Dialects.defaultDialect()).string();
    }

    static final Map<String, Supplier<ClauseElement>> LABELS = Map.of(
            "f - (f - f)", () -> F.sub(F.sub(F).label("foo")),
            "(f - f) - f", () -> F.sub(F).label("foo").sub(F),
            "f / CAST((f - f) AS NUMERIC)", () -> F.div(F.sub(F).label("foo")),
            "f * (f + f)", () -> F.mul(F.add(F).label("foo")),
            "f + f + f", () -> F.add(F.add(F).label("foo")));

    @Test
    void labelledOperandIsGroupedAgainstTheOperator() {
        LABELS.forEach((want, e) -> assertThat(sql(e.get())).isEqualTo(want));
    }

    @EachDatabase
    void labelledRightOperandOfMinusKeepsItsMeaning(Database db) {
        ColumnElement<Integer> five = literal(5, Types.INTEGER);
        try (Connection c = db.engine().connect()) {
            // 5 - (5 - 5) is 5; without the parentheses 5 - 5 - 5 is -5
            assertThat(((Number) c.execute(select(five.sub(five.sub(five).label("foo")))).scalar()).intValue()).isEqualTo(5);
        }
    }

    static final ColumnElement<Integer> X = column("x", Types.INTEGER);
    static final ColumnElement<Integer> ARR = column("arr", Types.INTEGER);

    static final Map<String, Supplier<ClauseElement>> COLLECTION_AGGREGATES = Map.of(
            "NOT (x = any(arr))", () -> not(X.eq(func("any", ARR))),
            "NOT (all(arr) = x)", () -> not(func("all", ARR).eq(X)),
            "NOT (x = some(arr))", () -> not(X.eq(func("some", ARR))),
            "NOT (x < all(arr))", () -> not(X.lt(func("all", ARR))),
            "NOT (x = ANY (arr))", () -> not(column("arr", Types.array(Types.INTEGER)).anyEq(X)),
            "NOT (x = ALL (arr))", () -> not(column("arr", Types.array(Types.INTEGER)).allEq(X)),
            "x != coalesce(arr)", () -> not(X.eq(func("coalesce", ARR))));

    @Test
    void negatedComparisonWithCollectionAggregateIsWrappedInNot() {
        COLLECTION_AGGREGATES.forEach((want, e) -> assertThat(sql(e.get())).isEqualTo(want));
        // SQLAlchemy's function names are case-insensitive; Retort writes the name as given
        assertThat(sql(not(X.ne(func("ANY", ARR))))).isEqualToIgnoringCase("NOT (x != any(arr))");
        // Differs from SQLAlchemy on purpose: it flips the operator through a label (x != any(arr)), which is wrong SQL.
        assertThat(sql(not(X.eq(func("any", ARR).label("q"))))).isEqualTo("NOT (x = any(arr))");
    }

    @Test
    void negatedComparisonWithCollectionAggregateSelectsTheSameRowsOnPostgresql() {
        ColumnElement<Integer> five = literal(5, Types.INTEGER);
        ColumnElement<Object> fiveSix = literalColumn("ARRAY[5, 6]");
        try (Connection c = Database.POSTGRESQL.engine().connect()) {
            // 5 = ANY (ARRAY[5, 6]) holds, so its negation is false; 5 != ANY (ARRAY[5, 6]) is true (6 differs)
            assertThat(c.execute(select(not(five.eq(func("any", fiveSix))))).scalar()).isEqualTo(false);
            // 5 = ALL (ARRAY[5, 6]) is false, so its negation is true; 5 != ALL (ARRAY[5, 6]) is false
            assertThat(c.execute(select(not(five.eq(func("all", fiveSix))))).scalar()).isEqualTo(true);
        }
    }

    static final ColumnElement<?> MYID = table("mytable", column("myid", Types.INTEGER)).c("myid");

    static List<Integer> list(Integer... values) {
        return Arrays.asList(values);
    }

    @Test
    void inListWithNullsBindsNullParameters() {
        Compiled c = MYID.in(list(1, 2, null, 3)).compile(Dialects.defaultDialect());
        assertThat(c.string()).isEqualTo("mytable.myid IN (:myid_1_1, :myid_1_2, :myid_1_3, :myid_1_4)");
        Map<String, Object> want = new java.util.HashMap<>();
        want.put("myid_1_1", 1);
        want.put("myid_1_2", 2);
        want.put("myid_1_3", null);
        want.put("myid_1_4", 3);
        assertThat(c.params()).isEqualTo(want);
        Map<List<Integer>, String> literal = Map.of(
                list(1, 2, null, 3), "mytable.myid IN (1, 2, NULL, 3)",
                list(null, null, null), "mytable.myid IN (NULL, NULL, NULL)",
                list(null, 2, 3, 3), "mytable.myid IN (NULL, 2, 3, 3)");
        literal.forEach((values, sql) ->
                assertThat(MYID.in(values).compile(Dialects.defaultDialect(), CompileOption.LITERAL_BINDS).string()).isEqualTo(sql));
    }

    @EachDatabase
    void inListWithNullsSelectsWhatSqlNullMeans(Database db) {
        try (Databases.TempTable t = db.table("in_null", "id INTEGER")) {
            TableClause tc = table(t.name(), column("id", Types.INTEGER));
            ColumnElement<?> id = tc.c("id");
            try (Connection c = db.engine().connect()) {
                c.execute(insert(tc), List.of(Map.of("id", 1), Map.of("id", 2), Map.of("id", 3)));
                // NULL never equals: IN (1, NULL, 3) selects 1 and 3; NOT IN (1, NULL) is never true
                assertThat(c.execute(select(id).where(id.in(list(1, null, 3))).orderBy(id)).all())
                        .extracting(r -> ((Number) r.get(0)).intValue()).containsExactly(1, 3);
                assertThat(c.execute(select(id).where(id.in(list(null, null)))).all()).isEmpty();
                assertThat(c.execute(select(id).where(id.notIn(list(1, null)))).all()).isEmpty();
                c.rollback();
            }
        }
    }
}
