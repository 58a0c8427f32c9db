package dev.retort.types;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.exc.ArgumentException;
import dev.retort.sql.Operator;
import dev.retort.sql.TableClause;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The TypeDecorator surface, without a database: conversions, DDL, variants, equality. */
class TypeDecoratorTest {
    private static final Dialect SQLITE = Dialects.sqlite();
    private static final Dialect PG = Dialects.postgresql();
    private static final Dialect MYSQL = Dialects.mysql();

    /** API.md's example: money as BIGINT cents. */
    static final class Money extends TypeDecorator<BigDecimal, Long> {
        Money() {
            super(Types.BIGINT);
        }

        @Override
        public Long processBindParam(BigDecimal v, Dialect d) {
            return v.movePointRight(2).longValueExact();
        }

        @Override
        public BigDecimal processResultValue(Long v, Dialect d) {
            return BigDecimal.valueOf(v, 2);
        }

        @Override
        public boolean cacheOk() {
            return true;
        }
    }

    /** Strings as they are: the base of the test types that change one thing. */
    static class PassThrough extends TypeDecorator<String, String> {
        PassThrough(TypeEngine<String> impl) {
            super(impl);
        }

        @Override
        public String processBindParam(String v, Dialect d) {
            return v;
        }

        @Override
        public String processResultValue(String v, Dialect d) {
            return v;
        }
    }

    /** Strings upper-cased when bound, and marked when rendered inline. */
    static final class Upper extends PassThrough {
        Upper() {
            super(Types.string(20));
        }

        @Override
        public String processBindParam(String v, Dialect d) {
            return v.toUpperCase();
        }

        @Override
        public String processLiteralParam(String v, Dialect d) {
            return "lit:" + v;
        }
    }

    /** Stores null as the empty string, so null goes through the conversions and compares with '='. */
    static final class NullAsEmpty extends PassThrough {
        NullAsEmpty() {
            super(Types.string(20));
        }

        @Override
        public String processBindParam(String v, Dialect d) {
            return v == null ? "" : v;
        }

        @Override
        public String processResultValue(String v, Dialect d) {
            return v == null || v.isEmpty() ? null : v;
        }

        @Override
        public boolean shouldEvaluateNone() {
            return true;
        }

        @Override
        public boolean coerceToIs(Object value) {
            return false;
        }

        @Override
        public boolean cacheOk() {
            return true;
        }
    }

    /** JSON on PostgreSQL, TEXT elsewhere. */
    static final class JsonText extends PassThrough {
        JsonText() {
            super(Types.TEXT);
        }

        @Override
        @SuppressWarnings("unchecked")
        public TypeEngine<String> loadDialectImpl(Dialect dialect) {
            // Only the DDL is looked at here; JSON's values are Objects.
            return dialect.name().equals("postgresql") ? (TypeEngine<String>) (TypeEngine<?>) Types.JSON : impl();
        }
    }

    /** A type with constructor state, which must keep instances apart in cache keys. */
    static final class Choices extends PassThrough {
        private final List<String> choices;
        private final int[] weights;

        Choices(List<String> choices, int... weights) {
            super(Types.STRING);
            this.choices = choices;
            this.weights = weights;
        }

        @Override
        public String processBindParam(String v, Dialect d) {
            if (!choices.contains(v)) {
                throw new IllegalArgumentException(v + " is not one of " + choices);
            }
            return v;
        }

        @Override
        public boolean cacheOk() {
            return true;
        }
    }

    static final class Uncacheable extends PassThrough {
        Uncacheable() {
            super(Types.STRING);
        }

        @Override
        public boolean cacheOk() {
            return false;
        }
    }

    /** Generic in between: the value class is bound further down. */
    abstract static class Wrapping<X> extends TypeDecorator<X, String> {
        Wrapping() {
            super(Types.STRING);
        }
    }

    static final class UuidText extends Wrapping<UUID> {
        @Override
        public String processBindParam(UUID v, Dialect d) {
            return v.toString();
        }

        @Override
        public UUID processResultValue(String v, Dialect d) {
            return UUID.fromString(v);
        }
    }

    @Test
    void theValueClassIsReadFromTheDeclaration() {
        assertThat(new Money().javaType()).isEqualTo(BigDecimal.class);
        assertThat(new UuidText().javaType()).isEqualTo(UUID.class);
        TypeDecorator<List<String>, String> anonymous = new TypeDecorator<>(Types.TEXT) {
            @Override
            public String processBindParam(List<String> v, Dialect d) {
                return String.join(",", v);
            }

            @Override
            public List<String> processResultValue(String v, Dialect d) {
                return List.of(v.split(","));
            }
        };
        assertThat(anonymous.javaType()).isEqualTo(List.class);
        assertThat(PickleType.builder().build().javaType()).as("left generic").isEqualTo(Object.class);
    }

    @Test
    void valuesConvertThroughTheImplementationWhenBoundAndRead() {
        Money money = new Money();
        assertThat(money.bindProcessor(SQLITE).apply(new BigDecimal("12.34"))).isEqualTo(1234L);
        assertThat(money.resultProcessor(PG).apply(1234L)).isEqualTo(new BigDecimal("12.34"));
        assertThat(money.resultProcessor(PG).apply(1234)).as("the impl coerces what the driver returns").isEqualTo(new BigDecimal("12.34"));
        assertThat(new UuidText().bindProcessor(PG).apply(new UUID(0, 1))).isEqualTo("00000000-0000-0000-0000-000000000001");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void neighbouringJavaValuesAreAcceptedAndOthersNamed() {
        Function bind = new Money().bindProcessor(SQLITE);
        assertThat(bind.apply(5)).isEqualTo(500L);
        assertThat(bind.apply("1.5")).isEqualTo(150L);
        assertThatThrownBy(() -> new UuidText().bindProcessor(SQLITE).apply((UUID) (Object) "x"))
                .isInstanceOf(ClassCastException.class);
        Function uuid = new UuidText().bindProcessor(SQLITE);
        assertThatThrownBy(() -> uuid.apply(42)).isInstanceOf(ArgumentException.class).hasMessageContaining("UuidText(VARCHAR)");
    }

    @Test
    void nullIsSqlNullAndNeverReachesTheConversions() {
        Money money = new Money();
        assertThat(money.bindProcessor(SQLITE).apply(null)).isNull();
        assertThat(money.resultProcessor(SQLITE).apply(null)).isNull();
        assertThat(money.literal(null, SQLITE)).isEqualTo("NULL");
    }

    @Test
    void aTypeThatEvaluatesNoneConvertsNull() {
        NullAsEmpty t = new NullAsEmpty();
        assertThat(t.bindProcessor(SQLITE).apply(null)).isEqualTo("");
        assertThat(t.resultProcessor(SQLITE).apply("")).isNull();
        assertThat(t.literal(null, SQLITE)).isEqualTo("''");

        TypeEngine<BigDecimal> evaluating = new Money().evaluatesNone();
        assertThat(evaluating).isInstanceOf(Money.class).isNotEqualTo(new Money());
        assertThat(evaluating.shouldEvaluateNone()).isTrue();
        assertThat(new Money().shouldEvaluateNone()).isFalse();
    }

    @Test
    void literalsGoThroughTheLiteralConversionAndTheImplementationsRendering() {
        Money money = new Money();
        assertThat(money.literal(new BigDecimal("12.34"), SQLITE)).isEqualTo("1234");
        assertThat(money.literalProcessor(PG).apply(new BigDecimal("-0.05"))).isEqualTo("-5");
        assertThat(new Upper().literal("x'y", MYSQL)).as("processLiteralParam, then the impl quotes").isEqualTo("'lit:x''y'");
        assertThat(new Upper().bindProcessor(MYSQL).apply("x")).as("binding does not use the literal conversion").isEqualTo("X");
    }

    @Test
    void theDdlIsTheImplementationsOnEachDialect() {
        assertThat(new Money().compile(SQLITE)).isEqualTo("BIGINT");
        assertThat(new Money().compile(PG)).isEqualTo("BIGINT");
        assertThat(new Upper().compile(MYSQL)).isEqualTo("VARCHAR(20)");
        assertThat(PickleType.builder().build().compile(SQLITE)).isEqualTo("BLOB");
        assertThat(PickleType.builder().build().compile(PG)).isEqualTo("BYTEA");
        assertThat(PickleType.builder().build().compile(MYSQL)).isEqualTo("LONGBLOB");
        assertThat(PickleType.builder().build().compile(Dialects.mariadb())).isEqualTo("LONGBLOB");
        assertThat(new Money().dialectImpl(PG)).isEqualTo(Types.BIGINT);
    }

    @Test
    void loadDialectImplChoosesTheImplementationPerDialect() {
        JsonText t = new JsonText();
        assertThat(t.compile(PG)).isEqualTo("JSON");
        assertThat(t.compile(SQLITE)).isEqualTo("TEXT");
        assertThat(t.dialectImpl(PG).kind()).isEqualTo(TypeKind.JSON);
        assertThat(t.dialectImpl(MYSQL).kind()).isEqualTo(TypeKind.TEXT);
    }

    @Test
    void withVariantChangesOnlyTheNamedDialect() {
        TypeEngine<BigDecimal> m = new Money().withVariant(Types.numeric(12, 2), "sqlite");
        assertThat(m).isInstanceOf(Money.class);
        assertThat(m.compile(SQLITE)).isEqualTo("NUMERIC(12, 2)");
        assertThat(m.compile(PG)).isEqualTo("BIGINT");
        assertThat(m.compile(MYSQL)).isEqualTo("BIGINT");
        assertThat(m.bindProcessor(SQLITE).apply(new BigDecimal("12.34"))).as("the variant replaces the whole type").isEqualTo(new BigDecimal("12.34"));
        assertThat(m.bindProcessor(PG).apply(new BigDecimal("12.34"))).isEqualTo(1234L);

        TypeEngine<String> s = Types.string(50).withVariant(Types.TEXT, "mysql");
        assertThat(s.compile(Dialects.mariadb())).as("a mysql variant serves MariaDB").isEqualTo("TEXT");
        assertThat(s.compile(PG)).isEqualTo("VARCHAR(50)");
        assertThat(s.asGeneric()).isEqualTo(Types.string(50));
        assertThat(new Money().withVariant(Types.NUMERIC, "sqlite")).isNotEqualTo(new Money());
        assertThatThrownBy(() -> new Money().withVariant(Types.NUMERIC, null)).isInstanceOf(ArgumentException.class);
    }

    @Test
    void theGenericFormIsTheImplementations() {
        assertThat(new Money().asGeneric()).isEqualTo(Types.BIGINT);
        assertThat(PickleType.builder().build().asGeneric()).isEqualTo(Types.LARGE_BINARY);
    }

    @Test
    void cacheOkDecidesWhetherDistinctInstancesAreEqual() {
        assertThat(new Money()).isEqualTo(new Money()).hasSameHashCodeAs(new Money());
        assertThat(new Money().cacheKeyState()).isEmpty();

        Choices ab = new Choices(List.of("a", "b"), 1, 2);
        assertThat(ab.cacheKeyState()).as("every field, arrays by content").containsExactly(List.of("a", "b"), List.of(1, 2));
        assertThat(ab).isEqualTo(new Choices(List.of("a", "b"), 1, 2)).hasSameHashCodeAs(new Choices(List.of("a", "b"), 1, 2));
        assertThat(ab).isNotEqualTo(new Choices(List.of("c"), 1, 2)).isNotEqualTo(new Choices(List.of("a", "b"), 3));

        Uncacheable u = new Uncacheable();
        assertThat(u).isEqualTo(u).isNotEqualTo(new Uncacheable());
        assertThat(u.hashCode()).isEqualTo(System.identityHashCode(u));
    }

    @Test
    void theStateEntersStatementCacheKeys() {
        TableClause a = table("t", column("c", new Choices(List.of("a"))));
        TableClause b = table("t", column("c", new Choices(List.of("b"))));
        TableClause a2 = table("t", column("c", new Choices(List.of("a"))));
        var keyA = select(a).where(a.c("c").eq("a")).cacheKey();
        assertThat(select(a2).where(a2.c("c").eq("a")).cacheKey()).isEqualTo(keyA);
        assertThat(select(b).where(b.c("c").eq("b")).cacheKey())
                .as("another instance would bind with the first one's conversions").isNotEqualTo(keyA);
    }

    @Test
    void comparisonDefaults() {
        assertThat(Types.INTEGER.coerceComparedValue(Operator.EQ, 5)).isEqualTo(Types.INTEGER);
        assertThat(Types.INTEGER.coerceComparedValue(Operator.EQ, "5")).isEqualTo(Types.STRING);
        assertThat(Types.INTEGER.coerceComparedValue(Operator.EQ, null)).isEqualTo(Types.INTEGER);
        Money money = new Money();
        assertThat(money.coerceComparedValue(Operator.EQ, "12.34")).isSameAs(money);
        assertThat(money.coerceComparedValue(Operator.ADD, 1)).isSameAs(money);
        assertThat(money.coerceToIs(null)).isTrue();
        assertThat(money.coerceToIs(BigDecimal.ONE)).isFalse();
        assertThat(money.bindExpression(null)).isNull();
        assertThat(money.columnExpression(null)).isNull();
    }

    @Test
    void comparingWithNullRendersIsNull() {
        TableClause t = table("t", column("price", new Money()));
        assertThat(select(t.c("price")).where(t.c("price").eq(null)).compile(SQLITE).string()).endsWith("WHERE t.price IS NULL");
        assertThat(select(t.c("price")).where(t.c("price").ne(null)).compile(SQLITE).string()).endsWith("WHERE t.price IS NOT NULL");
    }

    @Test
    void valuesCompareAndCopy() {
        Money money = new Money();
        assertThat(money.compareValues(new BigDecimal("1.00"), new BigDecimal("1.00"))).isTrue();
        byte[] bytes = {1, 2};
        assertThat(Types.LARGE_BINARY.copyValue(bytes)).isEqualTo(bytes).isNotSameAs(bytes);
        assertThat(Types.LARGE_BINARY.compareValues(bytes, new byte[] {1, 2})).isTrue();
    }

    @Test
    void itNamesItselfAfterItsClassAndImplementation() {
        assertThat(new Money()).hasToString("Money(BIGINT)");
        assertThat(new Upper()).hasToString("Upper(VARCHAR(20))");
        assertThat(new Money().compile()).isEqualTo("BIGINT");
    }

    /** The calls a statement received, as "setLong 1234". */
    private static java.sql.PreparedStatement recording(List<String> calls) {
        return (java.sql.PreparedStatement) java.lang.reflect.Proxy.newProxyInstance(TypeDecoratorTest.class.getClassLoader(),
                new Class<?>[] {java.sql.PreparedStatement.class}, (proxy, method, args) -> {
                    calls.add(method.getName() + " " + args[1]);
                    return null;
                });
    }

    @Test
    void bindingResolvesTheVariantOfEachDialectAndACopyResolvesAfresh() throws java.sql.SQLException {
        // A type remembers how it binds on the dialect it last bound on (issue #13): switching
        // dialects, and a copy made with withVariant after a bind, must each bind as they say.
        List<String> calls = new java.util.ArrayList<>();
        java.sql.PreparedStatement ps = recording(calls);
        BigDecimal price = new BigDecimal("12.34");
        TypeEngine<BigDecimal> plain = Types.numeric(10, 2);
        plain.setParameter(ps, 1, price, Dialects.postgresql());
        TypeEngine<BigDecimal> cents = plain.withVariant(new Money(), "postgresql");
        cents.setParameter(ps, 1, price, Dialects.postgresql());
        cents.setParameter(ps, 1, price, Dialects.sqlite());
        cents.setParameter(ps, 1, price, Dialects.postgresql());
        plain.setParameter(ps, 1, price, Dialects.postgresql());
        assertThat(calls).containsExactly("setBigDecimal 12.34", "setLong 1234", "setString 12.34", "setLong 1234", "setBigDecimal 12.34");
    }
}
