package dev.retort.sql;

import static dev.retort.sql.SQL.bindparamCallable;
import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.lambdaStmt;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static dev.retort.sql.SQL.text;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Engine;
import dev.retort.exc.SerializationException;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link SQL#bindparamCallable}: a parameter whose value a Supplier gives at each execution. The
 * invariant: no cache (compiled forms, lambda statements) freezes a supplier's value, and the
 * serializer refuses such a parameter by name.
 */
class CallableBindparamTest {
    static final TableClause ITEMS = table("cb_items", column("id", Types.INTEGER), column("qty", Types.INTEGER));
    /** What the suppliers of the lambda statement under test give; the lambda captures nothing. */
    static final AtomicInteger LAMBDA_VALUE = new AtomicInteger();

    static Engine engine;

    @BeforeAll
    static void setUp() {
        engine = Engine.create("jdbc:sqlite::memory:");
        engine.inTransaction(c -> {
            c.execute(text("CREATE TABLE cb_items (id INTEGER PRIMARY KEY, qty INTEGER)"));
            c.execute(insert(ITEMS).values(Map.of("id", 1, "qty", 0)));
        });
    }

    @AfterAll
    static void tearDown() {
        engine.dispose();
    }

    private static Object scalar(ClauseElement stmt) {
        return engine.transaction(c -> c.execute(stmt).scalar());
    }

    private static Select echo(Supplier<Integer> supplier) {
        return select(bindparamCallable("v", supplier, Types.INTEGER).label("v"));
    }

    /** Random values, executed through one statement, fresh statements of one key and a lambda: each sends the value asked now. */
    @Test
    void noCacheFreezesASuppliersValue() {
        SplittableRandom r = new SplittableRandom(20261206L);
        AtomicInteger current = new AtomicInteger();
        Select reused = echo(current::get);
        long hits = engine.compiledCacheStats().hits();
        for (int i = 0; i < 60; i++) {
            int v = r.nextInt(1_000_000) - 500_000;
            current.set(v);
            LAMBDA_VALUE.set(-v);
            switch (r.nextInt(3)) {
                case 0 -> assertThat(((Number) scalar(reused)).intValue()).isEqualTo(v);
                case 1 -> {
                    // a new statement (and supplier) of the same key: the cached compiled form asks this one's supplier
                    int[] own = {v};
                    Select fresh = echo(() -> own[0]);
                    assertThat(fresh.cacheKey()).isEqualTo(reused.cacheKey());
                    assertThat(((Number) scalar(fresh)).intValue()).isEqualTo(v);
                }
                default -> assertThat(((Number) scalar(lambdaStmt(() -> select(bindparamCallable("v", LAMBDA_VALUE::get, Types.INTEGER)
                        .label("v"))))).intValue()).isEqualTo(-v);
            }
            assertThat(reused.compile().params()).containsEntry("v", v);
        }
        assertThat(engine.compiledCacheStats().hits() - hits).as("the executions share compiled forms").isGreaterThan(30);
    }

    /**
     * A lambda that captures the supplier is refused (a Supplier is no value a key could hold), so the
     * first call's supplier is never reused for a later call's; a supplier reached without capture
     * (a static field, above) is asked at each execution.
     */
    @Test
    void aLambdaCapturingTheSupplierIsRefused() {
        Supplier<Integer> supplier = () -> 1;
        assertThatThrownBy(() -> lambdaStmt(() -> select(bindparamCallable("v", supplier, Types.INTEGER).label("v"))))
                .isInstanceOf(dev.retort.exc.ArgumentException.class).hasMessageContaining("'supplier'");
    }

    @Test
    void theSupplierIsAskedAtEachExecutionAndByLiteralRendering() {
        AtomicInteger asked = new AtomicInteger();
        Select s = echo(asked::incrementAndGet);
        assertThat(asked).hasValue(0);
        assertThat(((Number) scalar(s)).intValue()).isEqualTo(1);
        assertThat(((Number) scalar(s)).intValue()).isEqualTo(2);
        assertThat(s.compile(dev.retort.dialect.Dialects.defaultDialect(), CompileOption.LITERAL_BINDS).string()).isEqualTo("SELECT 3 AS v");
        assertThat(s.compile().string()).isEqualTo("SELECT :v AS v");
    }

    @Test
    void aValueGivenByNameOrWithValueReplacesTheSupplier() {
        Select s = echo(() -> 7);
        assertThat(((Number) scalar(s.params(Map.of("v", 8)))).intValue()).isEqualTo(8);
        BindParameter<Integer> b = bindparamCallable("v", () -> 7, Types.INTEGER);
        assertThat(b.value()).isNull();
        assertThat(b.effectiveValue()).isEqualTo(7);
        assertThat(b.withValue(9).supplier()).isNull();
        assertThat(b.withValue(9).effectiveValue()).isEqualTo(9);
        // copies that keep the parameter keep its supplier
        assertThat(b.asUnique().effectiveValue()).isEqualTo(7);
        assertThat(b.literalExecute().effectiveValue()).isEqualTo(7);
    }

    @Test
    void anUpdateSetsTheSuppliedValue() {
        AtomicInteger qty = new AtomicInteger(41);
        ClauseElement u = update(ITEMS).values(Map.of("qty", bindparamCallable("q", qty::incrementAndGet, Types.INTEGER)))
                .where(ITEMS.c("id").eq(1));
        engine.inTransaction(c -> c.execute(u));
        engine.inTransaction(c -> c.execute(u));
        assertThat(((Number) scalar(select(ITEMS.c("qty")).where(ITEMS.c("id").eq(1)))).intValue()).isEqualTo(43);
        // an anonymous one takes the name of the column it sets, and keeps its supplier
        ClauseElement anon = update(ITEMS).values(Map.of("qty", bindparamCallable(null, qty::incrementAndGet, Types.INTEGER)))
                .where(ITEMS.c("id").eq(1));
        assertThat(anon.compile().string()).contains("qty=:qty");
        engine.inTransaction(c -> c.execute(anon));
        assertThat(((Number) scalar(select(ITEMS.c("qty")).where(ITEMS.c("id").eq(1)))).intValue()).isEqualTo(44);
    }

    @Test
    void theSerializerRefusesASuppliedParameterByName() {
        Select s = select(ITEMS.c("id")).where(ITEMS.c("qty").gt(bindparamCallable("min_qty", () -> 3, Types.INTEGER)));
        for (Protocol p : Protocol.values()) {
            assertThatThrownBy(() -> QuerySerializer.dumps(s, p)).isInstanceOf(SerializationException.class)
                    .hasMessageContaining("'min_qty'").hasMessageContaining("Supplier");
        }
        // with a value given first, it is an ordinary parameter
        Object loaded = QuerySerializer.loads(QuerySerializer.dumps(s.params(Map.of("min_qty", 3)), Protocol.values()[0]));
        assertThat(((Select) loaded).compile().params()).containsEntry("min_qty", 3);
    }

    @Test
    void equalStatementsWithOtherSuppliersShareTheKeyButNotEquality() {
        Supplier<Integer> one = () -> 1;
        Supplier<Integer> two = () -> 2;
        assertThat(echo(one).cacheKey()).isEqualTo(echo(two).cacheKey());
        assertThat(echo(one).compare(echo(one))).isTrue();
        assertThat(echo(one).compare(echo(two))).isFalse();
        assertThat(List.of(echo(one).compile().params().get("v"), echo(two).compile().params().get("v"))).containsExactly(1, 2);
    }
}
