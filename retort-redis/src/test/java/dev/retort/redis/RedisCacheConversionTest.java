package dev.retort.redis;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Engine;
import dev.retort.engine.Row;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.TableClause;
import dev.retort.testing.ConvertingTypes.Prefixed;
import dev.retort.testing.ConvertingTypes.Scaled;
import dev.retort.types.TypeEngine;
import dev.retort.types.Types;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Statements of one SQL and one set of values whose types convert differently (a TypeDecorator's state, a
 * decorator against its implementation; text with a prefix, numbers scaled) send other values or read other Java values: a result cached for one is
 * never served to the other. Seeded draws of statement and value, each fetched through the cache and compared with
 * what the database returns without it.
 */
class RedisCacheConversionTest {
    private static TableClause tags(String name, TypeEngine<?> tag) {
        return table(name, column("id", Types.INTEGER), column("tag", tag), column("amt", Types.BIGINT));
    }

    private static TableClause amounts(String name, TypeEngine<?> amt) {
        return table(name, column("id", Types.INTEGER), column("tag", Types.string(20)), column("amt", amt));
    }

    private static List<List<Object>> values(List<Row> rows) {
        List<List<Object>> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.toList()));
        return out;
    }

    @Test
    void resultsOfOneSqlConvertedOtherwiseAreNeverServedToEachOther() throws Exception {
        RedisAvailable.require();
        long seed = Long.getLong("retort.property.seed", 20261207L);
        SplittableRandom r = new SplittableRandom(seed);
        Path dir = Files.createTempDirectory("retort-conv");
        String name = "conv_" + UUID.randomUUID().toString().substring(0, 8);
        Engine engine = Engine.create("jdbc:sqlite:" + dir.resolve("conv.db"));
        List<TypeEngine<?>> types = List.of(new Prefixed("a"), new Prefixed("b"), Types.string(20));
        List<TypeEngine<?>> scales = List.of(new Scaled(1), new Scaled(2), Types.BIGINT);
        List<Function<TableClause, ClauseElement>> shapes = List.of(
                t -> select(t.c("id")).where(t.c("tag").eq("t" + 1)).orderBy(t.c("id")),
                t -> select(t.c("tag")).where(t.c("id").le(3)).orderBy(t.c("id")),
                t -> select(t.c("id"), t.c("tag")).where(t.c("tag").in(List.of("t1", "t2"))).orderBy(t.c("id")));
        try (RedisResultCache cache = RedisResultCache.builder().uri(RedisAvailable.URI).namespace("retort-test-" + UUID.randomUUID())
                .ttl(Duration.ofMinutes(1)).build()) {
            engine.inTransaction(c -> c.execute(text("CREATE TABLE " + name + " (id INTEGER, tag VARCHAR(20), amt BIGINT)")));
            engine.inTransaction(c -> {
                int id = 1;
                for (String tag : List.of("at1", "bt1", "t1", "at2", "bt2", "t2")) {
                    c.execute(dev.retort.sql.SQL.insert(tags(name, Types.string(20))).values(java.util.Map.of("id", id, "tag", tag, "amt", (long) List.of(5, 50, 500).get(id % 3))));
                    id++;
                }
            });
            for (int i = 0; i < 60; i++) {
                boolean amount = r.nextInt(3) == 0;
                TypeEngine<?> type = amount ? scales.get(r.nextInt(scales.size())) : types.get(r.nextInt(types.size()));
                TableClause t = amount ? amounts(name, type) : tags(name, type);
                // one value, 0.5, sent as 5 in tenths and as 50 in hundredths (and 50 as a plain BIGINT): other rows
                ClauseElement s = amount ? select(t.c("id"), t.c("amt")).where(t.c("amt").eq(type == Types.BIGINT ? (Object) 50L
                        : java.math.BigDecimal.valueOf(5, 1))).orderBy(t.c("id")) : shapes.get(r.nextInt(shapes.size())).apply(t);
                List<List<Object>> direct = values(engine.transaction(c -> c.execute(s).all()));
                assertThat(values(engine.transaction(c -> cache.fetch(c, s)))).as("%s with %s (seed %d)", s, type, seed).isEqualTo(direct);
            }
        } finally {
            engine.dispose();
        }
    }
}
