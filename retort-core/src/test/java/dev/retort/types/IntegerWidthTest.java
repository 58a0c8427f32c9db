package dev.retort.types;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Connection;
import dev.retort.exc.RetortException;
import dev.retort.sql.ColumnClause;
import dev.retort.sql.TableClause;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.Databases.TempTable;
import java.util.List;
import java.util.Map;

/**
 * An integer result wider than its declared type is refused with an error naming the column, never
 * cut to 32 or 16 bits: SQLite keeps 64 bits in every integer column, and expressions (shifts,
 * products) typed INTEGER can exceed 32 bits on any database. Found by the generated breadth
 * corpus ({@code id << age} came back as -2147483648).
 */
class IntegerWidthTest {

    @EachDatabase
    void valuesBeyondTheDeclaredWidthAreRefusedNamingTheColumnNeverCut(Database db) {
        try (TempTable tt = new TempTable(db.engine(), "intwidth", "n BIGINT, s BIGINT");
                Connection conn = db.engine().connect()) {
            ColumnClause<Integer> n = column("n", Types.INTEGER);
            ColumnClause<Short> s = column("s", Types.SMALLINT);
            TableClause t = table(tt.name(), n, s);
            conn.execute(insert(t), List.of(Map.of("n", 7, "s", (short) 3), Map.of("n", 1 << 30, "s", (short) -2)));
            assertThat(conn.execute(select(n, s).selectFrom(t).orderBy(n)).all().stream().map(r -> List.of(r.get(0), r.get(1))))
                    .containsExactly(List.of(7, (short) 3), List.of(1 << 30, (short) -2));
            assertThatThrownBy(() -> conn.execute(select(n.mul(n)).selectFrom(t).where(n.eq(1 << 30))).all())
                    .isInstanceOf(RetortException.class).hasMessageContaining("as INTEGER")
                    .hasMessageContaining("1152921504606846976 does not fit INTEGER");
            conn.execute(text("INSERT INTO " + tt.name() + " (n, s) VALUES (8589934592, 70000)"));
            assertThatThrownBy(() -> conn.execute(select(n).selectFrom(t).where(n.gt(1 << 30))).all())
                    .isInstanceOf(RetortException.class).hasMessageContaining("'n'").hasMessageContaining("8589934592 does not fit INTEGER");
            assertThatThrownBy(() -> conn.execute(select(s).selectFrom(t).where(n.gt(1 << 30))).all())
                    .isInstanceOf(RetortException.class).hasMessageContaining("'s'").hasMessageContaining("70000 does not fit SMALLINT");
            assertThat(conn.execute(select(n.cast(Types.BIGINT)).selectFrom(t).where(n.gt(1 << 30))).scalar()).isEqualTo(8589934592L);
        }
    }

    /**
     * A sum of INTEGER values outgrows 32 bits (PostgreSQL sums them as bigint, MySQL as DECIMAL,
     * SQLite in 64 bits): {@code sum()} of an INTEGER or SMALLINT is typed BIGINT and reads as a
     * Long, as does {@code count()}, rather than being refused. Other sums keep their argument's
     * type.
     */
    @EachDatabase
    void sumsAndCountsOfIntegersReadAsLongs(Database db) {
        try (TempTable tt = new TempTable(db.engine(), "intsum", "n INTEGER, s SMALLINT, b BIGINT");
                Connection conn = db.engine().connect()) {
            ColumnClause<Integer> n = column("n", Types.INTEGER);
            ColumnClause<Short> s = column("s", Types.SMALLINT);
            ColumnClause<Long> b = column("b", Types.BIGINT);
            TableClause t = table(tt.name(), n, s, b);
            conn.execute(insert(t), List.of(Map.of("n", 2_000_000_000, "s", (short) 30000, "b", 1L << 40),
                    Map.of("n", 2_000_000_000, "s", (short) 30000, "b", 1L << 40)));
            var row = conn.execute(select(func("sum", n), func("sum", s), func("sum", b), func("count", n), func("max", n)).selectFrom(t)).one();
            assertThat(List.of(row.get(0), row.get(1), row.get(2), row.get(3), row.get(4)))
                    .containsExactly(4_000_000_000L, 60000L, 1L << 41, 2L, 2_000_000_000);
            assertThat(conn.execute(select(n).selectFrom(t).groupBy(n).having(func("sum", n).gt(3_000_000_000L))).scalar())
                    .isEqualTo(2_000_000_000);
        }
        assertThat(func("sum", column("n", Types.INTEGER)).type()).isEqualTo(Types.BIGINT);
        assertThat(func("sum", column("d", Types.NUMERIC)).type()).isEqualTo(Types.NUMERIC);
        assertThat(func("count").type()).isEqualTo(Types.BIGINT);
    }

    @org.junit.jupiter.api.Test
    void coercingToANarrowerKindRefusesWhatItWouldCut() {
        assertThat(TypeKind.INTEGER.coerce(2.0)).isEqualTo(2);
        assertThat(TypeKind.SMALLINT.coerce(-32768L)).isEqualTo((short) -32768);
        assertThatThrownBy(() -> TypeKind.INTEGER.coerce(1.5)).isInstanceOf(ArithmeticException.class).hasMessageContaining("1.5 does not fit INTEGER");
        assertThatThrownBy(() -> TypeKind.INTEGER.coerce(1L << 31)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> TypeKind.SMALLINT.coerce(70000)).isInstanceOf(ArithmeticException.class).hasMessageContaining("70000 does not fit SMALLINT");
    }

    @org.junit.jupiter.api.Test
    void bigNumbersAreCheckedExactlyNotThroughLongValue() {
        java.math.BigInteger wide = java.math.BigInteger.ONE.shiftLeft(64).add(java.math.BigInteger.valueOf(5));
        assertThatThrownBy(() -> TypeKind.BIGINT.coerce(wide)).isInstanceOf(ArithmeticException.class).hasMessageContaining("does not fit BIGINT");
        assertThatThrownBy(() -> TypeKind.INTEGER.coerce(wide)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> TypeKind.BIGINT.coerce(new java.math.BigDecimal("2.5"))).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> TypeKind.INTEGER.coerce(new java.math.BigDecimal("7.25"))).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> TypeKind.BIGINT.coerce(1e19)).isInstanceOf(ArithmeticException.class);
        assertThat(TypeKind.BIGINT.coerce(java.math.BigInteger.valueOf(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
        assertThat(TypeKind.INTEGER.coerce(new java.math.BigDecimal("7.00"))).isEqualTo(7);
    }
}
