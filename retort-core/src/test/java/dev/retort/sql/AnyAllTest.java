package dev.retort.sql;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.exc.ArgumentException;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.Database;
import dev.retort.types.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link SQL#any} and {@link SQL#all}, SQLAlchemy's {@code any_()} / {@code all_()}. The
 * expected SQL is what SQLAlchemy 2.1.1 prints for the same expressions (tools/expect/any_all.py).
 */
class AnyAllTest {
    static final TableClause T = table("t", column("x", Types.INTEGER), column("arr", Types.array(Types.INTEGER)));
    static final ColumnElement<?> X = T.c("x");
    static final ColumnElement<?> ARR = T.c("arr");

    static Compiled compile(ClauseElement e) {
        return e.compile(Dialects.defaultDialect());
    }

    static final Map<String, Supplier<ClauseElement>> CASES = new LinkedHashMap<>();

    static {
        CASES.put("t.x = ANY (t.arr)", () -> X.eq(any(ARR)));
        // on the left of a comparison it goes to the right, the operator mirrored
        CASES.put(":param_1 < ANY (t.arr)", () -> any(ARR).gt(5));
        CASES.put("t.x >= ANY (t.arr)", () -> any(ARR).le(X));
        CASES.put("NULL = ANY (t.arr)", () -> any(ARR).eq(null));
        CASES.put("NULL = ANY (t.arr) ", () -> nullLiteral().eq(any(ARR)));
        CASES.put("NOT (:param_1 != ANY (t.arr))", () -> not(any(ARR).ne(5)));
        CASES.put("NOT (t.x = ALL (t.arr))", () -> not(X.eq(all(ARR))));
        CASES.put("t.x > ALL (SELECT t.x FROM t WHERE t.x < :x_1)", () -> X.gt(all(select(X).where(X.lt(10)).scalarSubquery())));
        CASES.put("t.x = ANY (t.x + :x_1)", () -> X.eq(any(X.add(1))));
        CASES.put("SELECT ANY (t.arr) FROM t", () -> select(any(ARR)));
        CASES.put(":param_1 = ANY (t.arr) AND :param_2 != ALL (t.arr)", () -> and(any(ARR).eq(1), all(ARR).ne(2)));
    }

    @Test
    void rendersAsSqlalchemy() {
        CASES.forEach((want, e) -> assertThat(compile(e.get()).string().replaceAll("\\s+", " ")).isEqualTo(want.strip()));
    }

    @Test
    void valueComparedWithAnArrayIsAParameterOfItsElementType() {
        Compiled c = compile(any(ARR).gt(5));
        assertThat(c.params()).isEqualTo(Map.of("param_1", 5));
        BinaryExpression<?> b = (BinaryExpression<?>) any(ARR).gt(5);
        assertThat(((ColumnElement<?>) b.left()).type()).isEqualTo(Types.INTEGER);
    }

    @Test
    void onlyComparisonsTakeIt() {
        assertThatThrownBy(() -> any(ARR).add(5)).isInstanceOf(ArgumentException.class).hasMessageContaining("ANY/ALL");
        assertThatThrownBy(() -> all(ARR).neg()).isInstanceOf(ArgumentException.class);
        assertThatThrownBy(() -> any(ARR).in(List.of(1, 2))).isInstanceOf(ArgumentException.class);
        assertThatThrownBy(() -> any(all(ARR))).isInstanceOf(ArgumentException.class);
    }

    @Test
    void sqliteRefusesIt() {
        assertThatThrownBy(() -> X.eq(any(ARR)).compile(Dialects.sqlite())).isInstanceOf(dev.retort.exc.CompileException.class)
                .hasMessageContaining("ANY");
        assertThatThrownBy(() -> X.gt(all(select(X).scalarSubquery())).compile(Dialects.sqlite()))
                .isInstanceOf(dev.retort.exc.CompileException.class).hasMessageContaining("ALL");
    }

    @Test
    void cacheKeyTellsAnyFromAll() {
        assertThat(X.eq(any(ARR)).cacheKey()).isNotEqualTo(X.eq(all(ARR)).cacheKey());
        assertThat(X.eq(any(ARR)).cacheKey()).isEqualTo(X.eq(any(ARR)).cacheKey());
    }

    @Test
    void survivesSerialization() {
        for (dev.retort.ext.serializer.Protocol p : dev.retort.ext.serializer.Protocol.values()) {
            ClauseElement e = select(X).where(and(any(ARR).gt(5), not(X.eq(all(ARR)))));
            ClauseElement back = (ClauseElement) dev.retort.ext.serializer.QuerySerializer.loads(dev.retort.ext.serializer.QuerySerializer.dumps(e, p));
            assertThat(compile(back).string()).isEqualTo(compile(e).string());
            assertThat(back.cacheKey()).isEqualTo(e.cacheKey());
        }
    }

    @Test
    void selectsTheRowsOnPostgresql() {
        ColumnElement<?> fiveSix = literalColumn("ARRAY[5, 6]", Types.array(Types.INTEGER));
        try (Connection c = Database.POSTGRESQL.engine().connect()) {
            assertThat(c.execute(select(literal(5).eq(any(fiveSix)))).scalar()).isEqualTo(true);
            assertThat(c.execute(select(literal(5).eq(all(fiveSix)))).scalar()).isEqualTo(false);
            // ANY (a) > 5 is 5 < ANY (a): 6 is greater
            assertThat(c.execute(select(any(fiveSix).gt(5))).scalar()).isEqualTo(true);
            // NOT (5 != ANY (a)) is false (6 differs); 5 = ANY (a) would be true
            assertThat(c.execute(select(not(any(fiveSix).ne(5)))).scalar()).isEqualTo(false);
        }
    }

    @Test
    void allOverASubquerySelectsTheRowsOnMariadb() {
        try (Databases.TempTable t = Database.MARIADB.table("any_all", "id INTEGER")) {
            TableClause tc = table(t.name(), column("id", Types.INTEGER));
            ColumnElement<?> id = tc.c("id");
            try (Connection c = Database.MARIADB.engine().connect()) {
                c.execute(insert(tc), List.of(Map.of("id", 1), Map.of("id", 2), Map.of("id", 3)));
                ColumnElement<?> others = select(id).where(id.lt(3)).scalarSubquery();
                assertThat(c.execute(select(id).where(id.gt(all(others)))).all())
                        .extracting(r -> ((Number) r.get(0)).intValue()).containsExactly(3);
                assertThat(c.execute(select(id).where(all(others).lt(id))).all())
                        .extracting(r -> ((Number) r.get(0)).intValue()).containsExactly(3);
                assertThat(c.execute(select(id).where(id.eq(any(others))).orderBy(id)).all())
                        .extracting(r -> ((Number) r.get(0)).intValue()).containsExactly(1, 2);
                c.rollback();
            }
        }
    }
}
