package dev.retort.redis;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.delete;
import static dev.retort.sql.SQL.excluded;
import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.lambdaStmt;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static dev.retort.sql.SQL.text;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.EngineOptions;
import dev.retort.engine.Row;
import dev.retort.sql.CTE;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Select;
import dev.retort.sql.StatementLambdaElement;
import dev.retort.sql.TableClause;
import dev.retort.types.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A cached result equals the database's after writes of every kind (PostgreSQL): INSERT, multi-row INSERT, upsert,
 * UPDATE, multi-table UPDATE and DELETE, DML with RETURNING fetched through the cache, a SELECT with a data-modifying
 * CTE fetched or executed through it, and writes the cache only sees through {@code watch}. Random sequences; after each
 * committed write every read fetched through the cache returns what the database returns.
 */
class RedisCacheWritePropertyTest {
    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final TableClause a = table("cw_a_" + suffix, column("id", Types.INTEGER), column("v", Types.INTEGER));
    private final TableClause b = table("cw_b_" + suffix, column("id", Types.INTEGER), column("a_id", Types.INTEGER), column("w", Types.INTEGER));
    private Engine engine;

    @BeforeEach
    void setUp() {
        RedisAvailable.require();
        RedisAvailable.requirePostgresql();
        engine = Engine.create("jdbc:postgresql://127.0.0.1:5432/test", EngineOptions.builder().user("postgres").build());
        try (Connection c = engine.begin()) {
            c.execute(text("CREATE TABLE " + a.name() + " (id INTEGER PRIMARY KEY, v INTEGER)"));
            c.execute(text("CREATE TABLE " + b.name() + " (id INTEGER PRIMARY KEY, a_id INTEGER, w INTEGER)"));
        }
    }

    @AfterEach
    void tearDown() {
        if (engine != null) {
            try (Connection c = engine.begin()) {
                c.execute(text("DROP TABLE IF EXISTS " + a.name() + ", " + b.name()));
            }
            engine.dispose();
        }
    }

    private List<Select> reads() {
        return List.of(select(func("count"), func("sum", a.c("v"))).selectFrom(a), select(func("count")).selectFrom(b),
                select(func("count")).selectFrom(a.join(b, a.c("id").eq(b.c("a_id")))), select(a.c("id"), a.c("v")).where(a.c("v").gt(5)).orderBy(a.c("id")));
    }

    /** A write; how it reaches the database (the cache's execute or fetch, or a plain execute the cache watches) is drawn too. */
    private ClauseElement write(SplittableRandom r) {
        int id = r.nextInt(12);
        int v = r.nextInt(10);
        switch (r.nextInt(9)) {
            case 0: return insert(a).values(Map.of("id", 100 + r.nextInt(1_000_000), "v", v));
            case 1: return insert(a).values(Map.of("id", id, "v", v)).onConflictDoUpdate(List.of(a.c("id")), Map.of("v", excluded(a).c("v")));
            case 2: return update(a).values(Map.of("v", v)).where(a.c("id").lt(id));
            case 3: return update(b).values(Map.of("w", a.c("v"))).where(b.c("a_id").eq(a.c("id")), a.c("v").gt(v));
            case 4: return delete(b).using(a).where(b.c("a_id").eq(a.c("id")), a.c("v").lt(v));
            case 5: return insert(b).values(Map.of("id", 100 + r.nextInt(1_000_000), "a_id", id, "w", v)).returning(b.c("id"));
            case 6: {
                CTE w = insert(b).values(Map.of("id", 100 + r.nextInt(1_000_000), "a_id", id, "w", v)).returning(b.c("id")).cte("w");
                return select(w.c("id")).addCte(w);
            }
            case 7: {
                CTE w = update(a).values(Map.of("v", v)).where(a.c("id").eq(id)).returning(a.c("id")).cte("w");
                return select(func("count")).selectFrom(w).addCte(w);
            }
            default: return delete(a).where(a.c("id").eq(id)).returning(a.c("id"));
        }
    }

    @Test
    void afterEveryKindOfWriteACachedResultIsTheDatabases() throws Exception {
        String namespace = "retort-test-" + UUID.randomUUID();
        SplittableRandom r = new SplittableRandom(Long.getLong("retort.property.seed", 20261207L));
        int writes = 0;
        try (RedisResultCache cache = RedisResultCache.builder().uri(RedisAvailable.URI).namespace(namespace).ttl(Duration.ofMinutes(1)).build();
                AutoCloseable watching = cache.watch(engine)) {
            for (int i = 0; i < 120; i++) {
                ClauseElement w = write(r);
                int how = r.nextInt(3);
                Function<Connection, Object> run = how == 0 ? c -> cache.execute(c, w).all() : how == 1 ? c -> cache.fetch(c, w) : c -> c.execute(w).all();
                engine.transaction(run::apply);
                writes++;
                for (Select read : reads()) {
                    List<List<Object>> cached = values(engine.transaction(c -> cache.fetch(c, read)));
                    List<List<Object>> fresh = values(engine.transaction(c -> c.execute(read).all()));
                    assertThat(cached).as("after write %d (%s, way %d): %s", i, w, how, read).isEqualTo(fresh);
                }
            }
            System.out.printf("RedisCacheWritePropertyTest: %d writes, %s%n", writes, cache.stats());
        }
    }

    /**
     * Lambda statements run through a watched engine: whether one writes is decided once per cache key, so a lambda
     * SELECT's statement is built for the first execution only (before, the watcher built it for every execution, though
     * the compiled form was cached), while its writes (an UPDATE, a SELECT with a data-modifying CTE) still invalidate:
     * after each, every read fetched through the cache returns what the database returns.
     */
    @Test
    void theWatcherBuildsALambdaSelectOnceAndItsWritesStillInvalidate() throws Exception {
        String namespace = "retort-test-" + UUID.randomUUID();
        SplittableRandom r = new SplittableRandom(Long.getLong("retort.property.seed", 20261208L));
        TableClause ta = a;
        TableClause tb = b;
        int selects = 0;
        int built = 0;
        try (RedisResultCache cache = RedisResultCache.builder().uri(RedisAvailable.URI).namespace(namespace).ttl(Duration.ofMinutes(1)).build();
                AutoCloseable watching = cache.watch(engine)) {
            engine.transaction(c -> c.execute(insert(a).values(Map.of("id", 1, "v", 1))));
            for (int i = 0; i < 60; i++) {
                int id = r.nextInt(12);
                int v = r.nextInt(10);
                int kind = r.nextInt(4);
                int newA = 100 + r.nextInt(1_000_000);
                int newB = 100 + r.nextInt(1_000_000);
                StatementLambdaElement s = switch (kind) {
                    case 0 -> lambdaStmt(() -> update(ta).values(Map.of("v", v)).where(ta.c("id").le(id)));
                    case 1 -> lambdaStmt(() -> insert(ta).values(Map.of("id", newA, "v", v))
                            .onConflictDoUpdate(List.of(ta.c("id")), Map.of("v", excluded(ta).c("v"))));
                    case 2 -> lambdaStmt(() -> {
                        CTE w = insert(tb).values(Map.of("id", newB, "a_id", id, "w", v)).returning(tb.c("id")).cte("w");
                        return select(w.c("id")).addCte(w);
                    });
                    default -> lambdaStmt(() -> select(ta.c("id"), ta.c("v")).where(ta.c("v").gt(v)).orderBy(ta.c("id")));
                };
                engine.transaction(c -> c.execute(s).all());
                if (kind == 3) {
                    selects++;
                    built += isBuilt(s) ? 1 : 0;
                }
                for (Select read : reads()) {
                    List<List<Object>> cached = values(engine.transaction(c -> cache.fetch(c, read)));
                    List<List<Object>> fresh = values(engine.transaction(c -> c.execute(read).all()));
                    assertThat(cached).as("after write %d (kind %d): %s", i, kind, read).isEqualTo(fresh);
                }
            }
        }
        assertThat(selects).isGreaterThan(5);
        assertThat(built).as("lambda SELECTs built of %d executed", selects).isEqualTo(1);
    }

    /** Whether the lambda statement's own statement was built (it is, once, when first needed). */
    private static boolean isBuilt(StatementLambdaElement s) throws ReflectiveOperationException {
        java.lang.reflect.Field f = StatementLambdaElement.class.getDeclaredField("statement");
        f.setAccessible(true);
        return f.get(s) != null;
    }

    private static List<List<Object>> values(List<Row> rows) {
        List<List<Object>> out = new ArrayList<>();
        for (Row row : rows) {
            List<Object> v = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                Object o = row.get(i);
                v.add(o instanceof Number n ? (Object) n.longValue() : o);
            }
            out.add(v);
        }
        return out;
    }
}
