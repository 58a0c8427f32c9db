package dev.retort.types;

import static dev.retort.sql.SQL.cast;
import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.nullLiteral;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialect;
import dev.retort.engine.Connection;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import java.math.BigDecimal;

/**
 * A whole-number type that is not a plain built-in one (a variant, a MySQL integer type, a
 * {@link TypeDecorator} over an integer) reads a fraction its expression yields as the plain types
 * do ({@link DecimalInIntegerTest}): never cut by {@code getLong()}. A decorator whose
 * {@code processResultValue} takes the implementation's Long cannot be given -1.25: it is refused,
 * naming the value, where before PostgreSQL and MariaDB gave it -1 and SQLite a ClassCastException.
 */
class DecoratedWholeTest {
    /** Cents counted as a BIGINT, read and written as they are. */
    static final class Counted extends TypeDecorator<Long, Long> {
        Counted() {
            super(Types.BIGINT);
        }

        @Override
        public Long processBindParam(Long v, Dialect d) {
            return v;
        }

        @Override
        public Long processResultValue(Long v, Dialect d) {
            return v;
        }

        @Override
        public boolean cacheOk() {
            return true;
        }
    }

    /** A decorator over BIGINT that takes whatever number it reads and returns it as it is. */
    static final class AnyNumber extends TypeDecorator<Number, Number> {
        @SuppressWarnings({"unchecked", "rawtypes"})
        AnyNumber() {
            super((TypeEngine) Types.BIGINT);
        }

        @Override
        public Number processBindParam(Number v, Dialect d) {
            return v;
        }

        @Override
        public Number processResultValue(Number v, Dialect d) {
            return v;
        }

        @Override
        public boolean cacheOk() {
            return true;
        }
    }

    private static final BigDecimal FRACTION = new BigDecimal("-1.25");

    private static Object whole(Connection conn, TypeEngine<?> type, Object value) {
        return conn.execute(select(func("coalesce", cast(nullLiteral(), type), value))).scalar();
    }

    @EachDatabase
    void aFractionInAVariantOrMysqlWholeTypeIsReadAsThePlainTypesReadIt(Database db) {
        try (Connection conn = db.engine().connect()) {
            TypeEngine<Integer> variant = Types.INTEGER.withVariant(Types.INTEGER, "postgresql").withVariant(Types.INTEGER, "mysql")
                    .withVariant(Types.INTEGER, "sqlite");
            for (TypeEngine<?> type : new TypeEngine<?>[] {variant, MysqlTypes.INTEGER, MysqlTypes.BIGINT, Types.BIGINT.evaluatesNone()}) {
                Object v = whole(conn, type, FRACTION);
                Object plain = whole(conn, Types.INTEGER, FRACTION);
                assertThat(v).as("%s", type).isEqualTo(plain).isInstanceOfAny(BigDecimal.class, Double.class);
                assertThat(new BigDecimal(v.toString())).as("%s", type).isEqualByComparingTo(FRACTION);
                assertThat(whole(conn, type, new BigDecimal("7.00"))).as("%s", type).isEqualTo(type.kind() == TypeKind.BIGINT ? (Object) 7L : 7);
            }
        }
    }

    @EachDatabase
    void aDecoratorOverAWholeTypeGetsTheFractionOrRefusesIt(Database db) {
        try (Connection conn = db.engine().connect()) {
            assertThat(whole(conn, new Counted(), new BigDecimal("7.00"))).isEqualTo(7L);
            assertThatThrownBy(() -> whole(conn, new Counted(), FRACTION)).hasMessageContaining("-1.25").hasMessageContaining("Counted(BIGINT)")
                    .hasMessageContaining("not a whole number").hasMessageContaining("java.lang.Long");
            // given the fraction as the plain types read it
            assertThat(whole(conn, new AnyNumber(), FRACTION)).isEqualTo(whole(conn, Types.BIGINT, FRACTION)).isInstanceOfAny(BigDecimal.class, Double.class);
            assertThat(whole(conn, new AnyNumber(), 7)).isEqualTo(7L);
        }
    }

    /**
     * PostgreSQL: an array expression typed INTEGER[] by its first argument whose server type is
     * numeric[] ({@code coalesce(CAST(NULL AS INTEGER[]), ARRAY[1.5])}) reads its fractions as the
     * plain INTEGER reads one, where each item was refused as "does not fit INTEGER".
     */
    @org.junit.jupiter.api.Test
    void anIntegerArrayOfFractionsReadsThemOnPostgresql() {
        try (Connection conn = Database.POSTGRESQL.engine().connect()) {
            var items = dev.retort.sql.SQL.literal(java.util.List.of(new BigDecimal("1.5"), new BigDecimal("2")), Types.array(Types.numeric(10, 1)));
            Object v = conn.execute(select(func("coalesce", cast(nullLiteral(), Types.array(Types.INTEGER)), items))).scalar();
            assertThat(v).isEqualTo(java.util.List.of(new BigDecimal("1.5"), 2));
        }
    }
}
