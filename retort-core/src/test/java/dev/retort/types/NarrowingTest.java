package dev.retort.types;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Connection;
import dev.retort.exc.ArgumentException;
import dev.retort.sql.ColumnClause;
import dev.retort.sql.TableClause;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.Databases.TempTable;
import dev.retort.testing.Draws;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import org.junit.jupiter.api.Test;

/**
 * Narrowing a number to INTEGER, SMALLINT or BIGINT ({@link TypeKind#coerce}) against an exact
 * reference: the value's {@link BigDecimal}, whole and within the kind's range, or refused. Before,
 * -2^63 as a double (a long exactly) was refused, and refusing a number of millions of digits wrote
 * them all into the message (a second of CPU, 900,000 characters).
 */
class NarrowingTest {
    private static final BigDecimal TWO_63 = new BigDecimal(BigInteger.ONE.shiftLeft(63));

    /** The kinds narrowed to, with their ranges. */
    private static final Map<TypeKind, long[]> RANGES = Map.of(TypeKind.SMALLINT, new long[] {Short.MIN_VALUE, Short.MAX_VALUE},
            TypeKind.INTEGER, new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE}, TypeKind.BIGINT, new long[] {Long.MIN_VALUE, Long.MAX_VALUE});

    @Test
    void boundaryValuesOfEveryNumberClassNarrowExactlyAsTheirDecimalSays() {
        long seed = System.nanoTime();
        SplittableRandom r = new SplittableRandom(seed);
        List<Number> values = boundaryValues(r);
        int checked = 0;
        for (Number n : values) {
            BigDecimal exact = reference(n);
            for (Map.Entry<TypeKind, long[]> e : RANGES.entrySet()) {
                TypeKind kind = e.getKey();
                boolean fits = exact != null && exact.stripTrailingZeros().scale() <= 0
                        && exact.compareTo(BigDecimal.valueOf(e.getValue()[0])) >= 0 && exact.compareTo(BigDecimal.valueOf(e.getValue()[1])) <= 0;
                String what = n + " (" + n.getClass().getSimpleName() + ") to " + kind + ", seed " + seed;
                if (fits) {
                    Object v = kind.coerce(n);
                    assertThat(v).as(what).isInstanceOf(kind.javaType());
                    assertThat(new BigDecimal(((Number) v).longValue())).as(what).isEqualByComparingTo(exact);
                } else {
                    assertThatThrownBy(() -> kind.coerce(n)).as(what).isInstanceOf(ArithmeticException.class)
                            .hasMessageContaining("does not fit " + kind).hasMessageContaining(n.getClass().getName());
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(3000);
    }

    @Test
    void theEdgesOfALongAsADouble() {
        assertThat(TypeKind.BIGINT.coerce(-0x1p63)).isEqualTo(Long.MIN_VALUE);
        assertThat(TypeKind.BIGINT.coerce((float) -0x1p63)).isEqualTo(Long.MIN_VALUE);
        assertThat(TypeKind.BIGINT.coerce(Math.nextDown(0x1p63))).isEqualTo(Long.MAX_VALUE - 1023);
        for (double d : new double[] {0x1p63, Math.nextDown(-0x1p63), Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.5, -1e-300}) {
            assertThatThrownBy(() -> TypeKind.BIGINT.coerce(d)).as("%s", d).isInstanceOf(ArithmeticException.class);
        }
        assertThat(TypeKind.INTEGER.coerce(-0.0)).isEqualTo(0);
    }

    @Test
    void numbersOfOtherClassesAreReadExactly() {
        assertThat(TypeKind.BIGINT.coerce(new AtomicLong(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
        DoubleAdder half = new DoubleAdder();
        half.add(2.5);
        assertThatThrownBy(() -> TypeKind.INTEGER.coerce(half)).isInstanceOf(ArithmeticException.class);
        // a Number whose longValue() wraps, as Guava's UnsignedLong does above 2^63 - 1
        Number unsigned = new Number() {
            public int intValue() { return -1; }
            public long longValue() { return -1; }
            public float floatValue() { return 0x1p64f; }
            public double doubleValue() { return 0x1p64; }
            public String toString() { return "18446744073709551615"; }
        };
        assertThatThrownBy(() -> TypeKind.BIGINT.coerce(unsigned)).isInstanceOf(ArithmeticException.class).hasMessageContaining("18446744073709551615 does not fit");
    }

    /**
     * A BigDecimal is judged from its unscaled bits and scale, never by expanding its digits; a refused
     * number of 3,000,000 bits is described by its size (before: its 903,000 digits, a second of CPU).
     */
    @Test
    void hugeExponentsAreRefusedWithoutExpandingDigits() {
        for (String s : List.of("1e100000000", "-1e100000000", "1e-100000000", "7e2147483647", "1e-2147483647", "1e1000000", "1e19", "9223372036854775808.0")) {
            for (TypeKind kind : RANGES.keySet()) {
                assertThatThrownBy(() -> kind.coerce(new BigDecimal(s))).as(s).isInstanceOf(ArithmeticException.class).hasMessageContaining("does not fit");
            }
        }
        BigInteger wide = BigInteger.ONE.shiftLeft(3_000_000).subtract(BigInteger.ONE);
        assertThatThrownBy(() -> TypeKind.BIGINT.coerce(wide)).hasMessageContaining("a number of 3000000 bits does not fit BIGINT");
        // a whole number written with a large scale is still whole
        assertThat(TypeKind.BIGINT.coerce(new BigDecimal(BigInteger.TEN.pow(5000).negate(), 5000))).isEqualTo(-1L);
        assertThat(TypeKind.BIGINT.coerce(new BigDecimal(BigInteger.valueOf(-922337203685477580L), -1))).isEqualTo(Long.MIN_VALUE + 8);
        assertThat(TypeKind.SMALLINT.coerce(new BigDecimal("-3.2768E+4"))).isEqualTo(Short.MIN_VALUE);
    }

    /**
     * Round trips of each kind's edges, given as other number classes, on every database; a value
     * beyond BIGINT is refused naming the parameter and the value's class, before anything is sent.
     */
    @EachDatabase
    void edgesRoundTripAndValuesBeyondAreRefusedNamingTheParameter(Database db) {
        try (TempTable tt = new TempTable(db.engine(), "narrow", "id INTEGER, s SMALLINT, i INTEGER, b BIGINT");
                Connection conn = db.engine().connect()) {
            ColumnClause<Integer> id = column("id", Types.INTEGER);
            ColumnClause<Short> s = column("s", Types.SMALLINT);
            ColumnClause<Integer> i = column("i", Types.INTEGER);
            ColumnClause<Long> b = column("b", Types.BIGINT);
            TableClause t = table(tt.name(), id, s, i, b);
            conn.execute(insert(t), List.of(
                    row(1, -32768.0, BigInteger.valueOf(Integer.MIN_VALUE), -0x1p63),
                    row(2, new BigDecimal("32767.000"), (double) Integer.MAX_VALUE, BigInteger.valueOf(Long.MAX_VALUE)),
                    row(3, 0L, new BigDecimal("-2.147483648E9"), new BigDecimal("-9223372036854775808"))));
            List<List<Object>> rows = conn.execute(select(s, i, b).selectFrom(t).orderBy(id)).all().stream()
                    .map(row -> List.of(row.get(0), row.get(1), row.get(2))).toList();
            assertThat(rows).containsExactly(List.of(Short.MIN_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE),
                    List.of(Short.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE), List.of((short) 0, Integer.MIN_VALUE, Long.MIN_VALUE));
            assertThat(conn.execute(select(id).selectFrom(t).where(b.eq(-0x1p63)).orderBy(id)).all().stream().map(row -> row.get(0)))
                    .containsExactly(1, 3);
            for (Object beyond : List.of(BigInteger.ONE.shiftLeft(63), BigInteger.ONE.shiftLeft(70).negate(), BigInteger.ONE.shiftLeft(3_000_000))) {
                assertThatThrownBy(() -> conn.execute(insert(t).values(Map.of("id", 9, "b", beyond)))).as("%s", beyond.getClass())
                        .isInstanceOf(ArgumentException.class).hasMessageContaining("'b'").hasMessageContaining("java.math.BigInteger")
                        .hasMessageContaining("does not fit BIGINT");
                assertThatThrownBy(() -> conn.execute(insert(t), List.of(row(9, 0, 0, 0L), row(10, 0, 0, beyond))))
                        .isInstanceOf(ArgumentException.class).hasMessageContaining("'b'").hasMessageContaining("java.math.BigInteger");
                assertThatThrownBy(() -> conn.execute(select(id).selectFrom(t).where(b.eq(beyond))).all())
                        .isInstanceOf(ArgumentException.class).hasMessageContaining("'b_1'").hasMessageContaining("does not fit BIGINT");
            }
            assertThat(conn.execute(select(id).selectFrom(t).where(id.gt(3))).all()).isEmpty();
        }
    }

    /**
     * SQLite hands back a REAL for an expression typed INTEGER ({@code min(users.id, -1.25)}, typed
     * by its first argument as SQLAlchemy's {@code func.min}): read as the Double it is, as
     * SQLAlchemy returns it, where {@code getLong()} cut it to -1 (judge corpus seeds 402 and 403,
     * lines d1269, d0419 and d1687); a REAL beyond the kind too, where it was refused or saturated.
     */
    @Test
    void aRealWhereAWholeNumberWasDeclaredIsReadAsItIsNeverCut() {
        dev.retort.engine.Engine engine = dev.retort.engine.Engine.create("jdbc:sqlite::memory:");
        try (Connection conn = engine.connect()) {
            ColumnClause<Integer> n = column("n", Types.INTEGER);
            ColumnClause<Long> b = column("b", Types.BIGINT);
            ColumnClause<Short> s = column("s", Types.SMALLINT);
            TableClause t = table("reals", n, b, s);
            conn.execute(dev.retort.sql.SQL.text("CREATE TABLE reals (n INTEGER, b BIGINT, s SMALLINT)"));
            conn.execute(insert(t), List.of(Map.of("n", 1, "b", (1L << 60) + 1, "s", (short) 2)));
            // SELECT min(reals.n, ?) ..., max(reals.b, ?) ...: SQLite's scalar min/max of an integer and a real
            var row = conn.execute(select(dev.retort.sql.SQL.func("min", n, -1.25), dev.retort.sql.SQL.func("max", s, dev.retort.sql.SQL.literal(2.5)),
                    dev.retort.sql.SQL.func("max", n, 3.0), b).selectFrom(t)).one();
            assertThat(List.of(row.get(0), row.get(1), row.get(2), row.get(3))).containsExactly(-1.25, 2.5, 3, (1L << 60) + 1);
            assertThat(conn.execute(select(dev.retort.sql.SQL.func("min", n, -1.25)).selectFrom(t)).scalar()).isEqualTo(-1.25);
            // a REAL beyond the kind: SQLAlchemy's float, where getLong() saturated 9.3e18 to 2^63 - 1 (judge2 seed 405, d1259: max(users.id, 1e10))
            conn.execute(dev.retort.sql.SQL.text("UPDATE reals SET b = 9.3e18, n = 4.0"));
            var reals = conn.execute(select(n, b, dev.retort.sql.SQL.func("max", n, 1e10)).selectFrom(t)).one();
            assertThat(List.of(reals.get(0), reals.get(1), reals.get(2))).containsExactly(4, 9.3e18, 1e10);
            // an integer wider than the kind stays refused, naming the column (IntegerWidthTest)
            conn.execute(dev.retort.sql.SQL.text("UPDATE reals SET s = 7e4"));
            assertThatThrownBy(() -> conn.execute(select(s).selectFrom(t)).all()).hasMessageContaining("'s'").hasMessageContaining("does not fit SMALLINT");
        } finally {
            engine.dispose();
        }
    }

    private static Map<String, Object> row(int id, Object s, Object i, Object b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("s", s);
        m.put("i", i);
        m.put("b", b);
        return m;
    }

    /** The exact value of {@code n}, or null for NaN and the infinities. */
    private static BigDecimal reference(Number n) {
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? new BigDecimal(d) : null;
        }
        return n instanceof BigDecimal bd ? bd : n instanceof BigInteger bi ? new BigDecimal(bi) : BigDecimal.valueOf(n.longValue());
    }

    /**
     * Each kind's edges and every power of two to 2^70, one either side, and random wide values, as
     * each number class that holds them (a double, a float, a BigDecimal at several scales), and
     * halves beside them.
     */
    private static List<Number> boundaryValues(SplittableRandom r) {
        List<BigInteger> centres = new ArrayList<>();
        for (long[] range : RANGES.values()) {
            centres.add(BigInteger.valueOf(range[0]));
            centres.add(BigInteger.valueOf(range[1]));
        }
        for (int k = 0; k <= 70; k++) {
            centres.add(BigInteger.ONE.shiftLeft(k));
            centres.add(BigInteger.ONE.shiftLeft(k).negate());
        }
        for (int k = 0; k < 40; k++) {
            BigInteger x = Draws.bigInteger(1 + r.nextInt(80), r);
            centres.add(r.nextBoolean() ? x : x.negate());
        }
        List<Number> out = new ArrayList<>();
        for (BigInteger c : centres) {
            for (int delta = -2; delta <= 2; delta++) {
                BigInteger x = c.add(BigInteger.valueOf(delta));
                out.add(x);
                if (x.bitLength() < 64) {
                    out.add(x.longValue());
                }
                double d = x.doubleValue();
                out.add(d);
                out.add(Math.nextUp(d));
                out.add(Math.nextDown(d));
                out.add(x.floatValue());
                BigDecimal exact = new BigDecimal(x);
                out.add(exact);
                out.add(exact.setScale(1 + r.nextInt(20)));
                out.add(new BigDecimal(x.multiply(BigInteger.TEN.pow(3)), 3));
                out.add(exact.add(new BigDecimal("0.5")));
                out.add(exact.subtract(BigDecimal.ONE.movePointLeft(1 + r.nextInt(30))));
                out.add(d + 0.5);
            }
        }
        out.add(Double.NaN);
        out.add(Double.POSITIVE_INFINITY);
        out.add(Double.NEGATIVE_INFINITY);
        out.add(Float.NaN);
        out.add(new BigDecimal("1e1000000"));
        out.add(new BigDecimal("-1e-1000000"));
        Draws.shuffle(out, r);
        return out;
    }
}
