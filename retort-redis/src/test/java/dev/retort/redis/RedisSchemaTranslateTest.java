package dev.retort.redis;

import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.lambdaStmt;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.text;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.EngineOptions;
import dev.retort.engine.Row;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.ClauseElement;
import dev.retort.types.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One MetaData, a PostgreSQL schema per tenant, one result cache: a result cached for tenant A
 * is never served to tenant B. Many generated statements, fetched alternately for the two
 * tenants (so that each finds the other's entry if the key ignored the schema translations),
 * each equal what the database returns for its tenant without the cache.
 */
class RedisSchemaTranslateTest {
    private static final int STATEMENTS = 60;

    private static Map<String, String> toSchema(String schema) {
        Map<String, String> m = new HashMap<>();
        m.put(null, schema);
        return m;
    }

    /** The {@code seed}th statement over {@code items}: each reads names, which differ per tenant. */
    private static ClauseElement statement(Table items, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int v = r.nextInt(20);
        switch (r.nextInt(5)) {
            case 0: return select(items.c("name")).where(items.c("id").eq(v));
            case 1: return select(items).where(items.c("id").gt(v)).orderBy(items.c("id")).limit(3);
            case 2: return select(func("max", items.c("name"))).where(items.c("id").le(v));
            case 3: {
                int id = v;
                return lambdaStmt(() -> select(items.c("name")).where(items.c("id").eq(id)));
            }
            default: return select(items.c("id"), items.c("name")).where(items.c("name").like("%" + v + "%")).orderBy(items.c("id"));
        }
    }

    private static List<List<Object>> values(List<Row> rows) {
        List<List<Object>> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.toList()));
        return out;
    }

    @Test
    void aResultCachedForOneTenantIsNeverServedToAnother() {
        RedisAvailable.require();
        RedisAvailable.requirePostgresql();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String a = "rta_" + suffix;
        String b = "rtb_" + suffix;
        Engine engine = Engine.create("jdbc:postgresql://127.0.0.1:5432/test", EngineOptions.builder().user("postgres").build());
        MetaData metadata = new MetaData();
        Table items = new Table("items", metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false), Column.of("name", Types.string(20)));
        Engine ta = engine.withSchemaTranslateMap(toSchema(a));
        Engine tb = engine.withSchemaTranslateMap(toSchema(b));
        try (RedisResultCache cache = RedisResultCache.builder().uri(RedisAvailable.URI).namespace("retort-test-" + UUID.randomUUID())
                .ttl(Duration.ofMinutes(1)).nearCache(Duration.ofMinutes(1), 1000).build()) {
            engine.inTransaction(c -> c.execute(text("CREATE SCHEMA " + a + "; CREATE SCHEMA " + b)));
            metadata.createAll(ta);
            metadata.createAll(tb);
            for (Engine tenant : List.of(ta, tb)) {
                String prefix = tenant == ta ? "a" : "b";
                List<Map<String, Object>> rows = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    rows.add(Map.of("id", i, "name", prefix + "-" + i));
                }
                tenant.inTransaction(c -> c.execute(insert(items), rows));
            }
            for (int round = 0; round < 2; round++) {
                for (long seed = 0; seed < STATEMENTS; seed++) {
                    ClauseElement stmt = statement(items, seed);
                    for (Engine tenant : round == 0 ? List.of(ta, tb) : List.of(tb, ta)) {
                        try (Connection c = tenant.connect()) {
                            List<List<Object>> cached = values(cache.fetch(c, stmt));
                            List<List<Object>> direct = values(c.execute(stmt).all());
                            assertThat(cached).as("seed %d for %s", seed, tenant.schemaTranslateMap()).isEqualTo(direct);
                            String other = tenant == ta ? "b-" : "a-";
                            assertThat(cached.toString()).doesNotContain(other);
                        }
                    }
                }
            }
            assertThat(cache.stats().hits() + cache.stats().nearHits()).isGreaterThan(STATEMENTS);
            // a write through tenant a invalidates a's results; b's stay right
            ClauseElement first = select(items.c("name")).where(items.c("id").eq(1));
            try (Connection c = ta.begin()) {
                cache.execute(c, update(items).values(Map.of("name", "a-renamed")).where(items.c("id").eq(1)));
            }
            try (Connection c = ta.connect()) {
                assertThat(values(cache.fetch(c, first))).containsExactly(List.of("a-renamed"));
            }
            try (Connection c = tb.connect()) {
                assertThat(values(cache.fetch(c, first))).containsExactly(List.of("b-1"));
            }
        } finally {
            engine.inTransaction(c -> c.execute(text("DROP SCHEMA IF EXISTS " + a + " CASCADE; DROP SCHEMA IF EXISTS " + b + " CASCADE")));
            engine.dispose();
        }
    }

    /**
     * A table whose name holds a dot ({@code items.v1}), read through a tenant's translations and
     * written, in its tenant schema, by a connection without any: the write invalidates the read.
     * The tags were parsed at the last dot, so the read was tagged {@code items.v1} only (as if
     * table {@code v1} of schema {@code items}) and served the old row after the write.
     */
    @Test
    void aWriteInTheTenantSchemaInvalidatesATranslatedReadOfADottedTableName() {
        RedisAvailable.require();
        RedisAvailable.requirePostgresql();
        String a = "rtd_" + UUID.randomUUID().toString().substring(0, 8);
        Engine engine = Engine.create("jdbc:postgresql://127.0.0.1:5432/test", EngineOptions.builder().user("postgres").build());
        Table logical = new Table("items.v1", new MetaData(), Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("name", Types.string(20)));
        Table physical = new Table("items.v1", a, new MetaData(), Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("name", Types.string(20)));
        Engine tenant = engine.withSchemaTranslateMap(toSchema(a));
        try (RedisResultCache cache = RedisResultCache.builder().uri(RedisAvailable.URI).namespace("retort-test-" + UUID.randomUUID())
                .ttl(Duration.ofMinutes(1)).build()) {
            engine.inTransaction(c -> c.execute(text("CREATE SCHEMA " + a)));
            engine.inTransaction(c -> {
                c.execute(new dev.retort.schema.CreateTable(physical));
                c.execute(insert(physical).values(Map.of("id", 1, "name", "old")));
            });
            ClauseElement read = select(logical.c("name")).where(logical.c("id").eq(1));
            try (Connection c = tenant.connect()) {
                assertThat(values(cache.fetch(c, read))).containsExactly(List.of("old"));
            }
            try (Connection c = engine.begin()) {
                cache.execute(c, update(physical).values(Map.of("name", "new")).where(physical.c("id").eq(1)));
            }
            try (Connection c = tenant.connect()) {
                assertThat(values(cache.fetch(c, read))).containsExactly(List.of("new"));
            }
        } finally {
            engine.inTransaction(c -> c.execute(text("DROP SCHEMA IF EXISTS " + a + " CASCADE")));
            engine.dispose();
        }
    }
}
