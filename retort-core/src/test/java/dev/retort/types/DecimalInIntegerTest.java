package dev.retort.types;

import static dev.retort.sql.SQL.bindparam;
import static dev.retort.sql.SQL.cast;
import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.literal;
import static dev.retort.sql.SQL.nullLiteral;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.retort.engine.Connection;
import dev.retort.sql.ColumnElement;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.Draws;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * An expression typed as a whole number whose server result is a decimal or a double
 * ({@code coalesce(CAST(NULL AS INTEGER), -1.25)}, typed INTEGER by its first argument as
 * SQLAlchemy's {@code func.coalesce}) is read as the server gives it, as SQLAlchemy returns what
 * psycopg and mysqlclient give (its Integer has no result processor): PostgreSQL's numeric and
 * MariaDB's DECIMAL as a BigDecimal, a double as a Double. {@code getLong()} cut it to -1.
 * SQLite: {@link NarrowingTest}.
 */
class DecimalInIntegerTest {
    @EachDatabase
    void aDecimalWhereAWholeNumberWasDeclaredIsNeverCut(Database db) {
        assumeTrue(db != Database.SQLITE, "SQLite: NarrowingTest");
        try (Connection conn = db.engine().connect()) {
            Object v = conn.execute(select(func("coalesce", cast(nullLiteral(), Types.INTEGER), new BigDecimal("-1.25")))).scalar();
            assertThat(v).isEqualTo(new BigDecimal("-1.25"));
            Object d = conn.execute(select(func("coalesce", cast(nullLiteral(), Types.BIGINT), -1.25))).scalar();
            // PostgreSQL: float8, a Double; MariaDB: the client writes -1.25 into the SQL, a DECIMAL (as mysqlclient does)
            assertThat(d).isEqualTo(db == Database.POSTGRESQL ? (Object) (-1.25) : new BigDecimal("-1.25"));
            // a whole number declared whole still reads as the kind's class, a decimal or a double too
            assertThat(conn.execute(select(func("coalesce", cast(nullLiteral(), Types.INTEGER), 7))).scalar()).isEqualTo(7);
            assertThat(conn.execute(select(func("coalesce", cast(nullLiteral(), Types.INTEGER), new BigDecimal("7.00")))).scalar()).isEqualTo(7);
            assertThat(conn.execute(select(func("coalesce", cast(nullLiteral(), Types.BIGINT), 8.0))).scalar()).isEqualTo(8L);
            // and a whole decimal too wide for the kind is refused, naming the column (IntegerWidthTest)
            assertThatThrownBy(() -> conn.execute(select(func("coalesce", cast(nullLiteral(), Types.SMALLINT), new BigDecimal("70000")))).all())
                    .hasMessageContaining("does not fit SMALLINT");
            // one statement, run again with a value whose SQL type differs (MariaDB writes values into the SQL)
            var stmt = select(func("coalesce", cast(nullLiteral(), Types.INTEGER), bindparam("x", null, Types.numeric(12, 3))));
            List<Object> got = new ArrayList<>();
            for (String x : List.of("5", "1.5", "5", "-2.75")) {
                got.add(conn.execute(stmt, Map.of("x", new BigDecimal(x))).scalar());
            }
            assertThat(got).as("%s", got).allSatisfy(g -> assertThat(g).isInstanceOfAny(Number.class));
            assertThat(got.stream().map(g -> new BigDecimal(g.toString()).stripTrailingZeros()).toList())
                    .containsExactly(new BigDecimal("5"), new BigDecimal("1.5"), new BigDecimal("5"), new BigDecimal("-2.75"));
        }
    }

    /**
     * Property: generated whole-typed expressions over fractions (decimals and doubles) read exactly
     * what the server holds, compared with the server's own text of the same expression (on SQLite,
     * whose text of a REAL has 15 digits, with the drawn value's double), through every kind of
     * whole-number type: the plain ones, a variant, MySQL's, one evaluating none, a decorator taking
     * any Number; a decorator taking Long refuses the fraction, naming it. Only the plain types were
     * drawn before, and the others were cut to their integer part on PostgreSQL and MariaDB.
     */
    @EachDatabase
    void generatedWholeTypedExpressionsReadTheServersExactValue(Database db) {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom r = new SplittableRandom(seed);
        try (Connection conn = db.engine().connect()) {
            for (int n = 0; n < 60; n++) {
                Drawn drawn = expression(r);
                ColumnElement<?> e = drawn.expression();
                String where = "seed " + seed + ", #" + n + ", " + drawn.type() + " over " + drawn.value();
                if (drawn.type() instanceof DecoratedWholeTest.Counted) {
                    assertThatThrownBy(() -> conn.execute(select(e)).all()).as(where).hasMessageContaining("not a whole number");
                    continue;
                }
                var row = conn.execute(select(e, cast(e, Types.STRING))).one();
                Object v = row.get(0);
                String text = (String) row.get(1);
                String what = where + ": " + v + " (" + (v == null ? null : v.getClass().getSimpleName()) + ") vs server text " + text;
                if (db == Database.SQLITE) {
                    double expected = ((Number) drawn.value()).doubleValue();
                    assertThat(v).as(what).isInstanceOf(Double.class);
                    assertThat((Double) v).as(what).isCloseTo(expected, org.assertj.core.data.Offset.offset(2 * Math.ulp(expected)));
                } else if (v instanceof Double x) {
                    assertThat(x).as(what).isEqualTo(Double.parseDouble(text));
                } else {
                    assertThat(v).as(what).isInstanceOf(BigDecimal.class);
                    assertThat(new BigDecimal(v.toString()).compareTo(new BigDecimal(text))).as(what).isZero();
                }
            }
        }
    }

    /** A drawn expression, the whole-number type it is of, and the fraction it yields. */
    private record Drawn(ColumnElement<?> expression, TypeEngine<?> type, Object value) {}

    /** The whole-number types drawn: each way a type can be an integer one. */
    private static List<TypeEngine<?>> wholeTypes() {
        return List.of(Types.INTEGER, Types.BIGINT, Types.SMALLINT,
                Types.SMALLINT.withVariant(Types.SMALLINT, "postgresql").withVariant(Types.SMALLINT, "mysql").withVariant(Types.SMALLINT, "sqlite"),
                MysqlTypes.INTEGER, MysqlTypes.BIGINT.unsigned(), Types.BIGINT.evaluatesNone(), new DecoratedWholeTest.AnyNumber(),
                new DecoratedWholeTest.Counted());
    }

    private static Drawn expression(SplittableRandom r) {
        List<TypeEngine<?>> types = wholeTypes();
        TypeEngine<?> whole = types.get(r.nextInt(types.size()));
        // a fraction: a whole value reads as the kind (above)
        Object value = r.nextInt(4) == 0 ? (Object) ((2 * r.nextInt(-100_000, 100_000) + 1) / 64.0)
                : new BigDecimal(Draws.bigInteger(r.nextInt(1, 48), r).shiftLeft(1).add(BigInteger.ONE).multiply(BigInteger.valueOf(r.nextBoolean() ? 1 : -1)), r.nextInt(1, 7));
        ColumnElement<?> arg = literal(value);
        switch (r.nextInt(3)) {
            case 0:
                return new Drawn(func("coalesce", cast(nullLiteral(), whole), arg), whole, value);
            case 1:
                // typed by its first argument too; the server adds a decimal to a whole number
                return new Drawn(func("coalesce", cast(nullLiteral(), whole), func("coalesce", cast(nullLiteral(), whole), arg)), whole, value);
            default:
                return new Drawn(func("coalesce", cast(nullLiteral(), whole), cast(nullLiteral(), whole), arg), whole, value);
        }
    }
}
