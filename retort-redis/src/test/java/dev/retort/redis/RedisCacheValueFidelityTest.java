package dev.retort.redis;

import static dev.retort.sql.SQL.bindparam;
import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.literal;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.Row;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.TableClause;
import dev.retort.types.Types;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Values whose equal-looking forms differ (a decimal's scale, an instant at other offsets, bytes, a date-time
 * without zone), stored, compared and selected as literals: every fetch through the cache, the first (stored) and
 * the next (read back from Redis, and through a second cache, as another process would), equals what the
 * database returns without it, value by value with its class, scale and offset. Seeded draws; statements of one SQL
 * whose values differ only in scale or offset must not share a result.
 */
class RedisCacheValueFidelityTest {
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final TableClause T = table("fid_" + SUFFIX, column("id", Types.INTEGER), column("amt", Types.numeric(12, 4)),
            column("at", Types.TIMESTAMP), column("ts", Types.DATETIME), column("bin", Types.LARGE_BINARY), column("day", Types.DATE));

    /** A value, its class and what {@code equals} does not show (scale, offset, bytes). */
    private static String exact(Object v) {
        if (v == null) {
            return "null";
        }
        String detail = v instanceof BigDecimal d ? d.toPlainString() + " scale " + d.scale()
                : v instanceof OffsetDateTime o ? o + " offset " + o.getOffset()
                : v instanceof byte[] b ? Arrays.toString(b) : String.valueOf(v);
        return v.getClass().getSimpleName() + ":" + detail;
    }

    private static String exact(List<Row> rows) {
        List<String> out = new ArrayList<>();
        for (Row row : rows) {
            out.add(row.toList().stream().map(RedisCacheValueFidelityTest::exact).toList().toString());
        }
        return out.toString();
    }

    private static BigDecimal decimal(SplittableRandom r) {
        return BigDecimal.valueOf(r.nextInt(5), 0).setScale(r.nextInt(5));
    }

    private static OffsetDateTime instant(SplittableRandom r) {
        Instant at = Instant.parse("2024-03-01T10:00:00Z").plusSeconds(3600L * r.nextInt(3));
        return at.atOffset(ZoneOffset.ofHours(r.nextInt(5) - 2));
    }

    private static byte[] bytes(SplittableRandom r) {
        byte[] b = new byte[r.nextInt(3)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (r.nextInt(3) - 1);
        }
        return b;
    }

    /** Statements drawn from the random: of one SQL, values differing in scale, offset or bytes. */
    private static final List<Function<SplittableRandom, ClauseElement>> STATEMENTS = List.of(
            r -> select(T).where(T.c("id").eq(r.nextInt(6))),
            r -> select(T.c("id")).where(T.c("amt").eq(decimal(r))).orderBy(T.c("id")),
            r -> select(T.c("id")).where(T.c("at").eq(instant(r))).orderBy(T.c("id")),
            r -> select(T.c("id")).where(T.c("bin").eq(bytes(r))).orderBy(T.c("id")),
            r -> select(literal(decimal(r)).label("x")),
            r -> select(bindparam("x", decimal(r), Types.numeric(12, 4)).label("x")),
            r -> select(literal(instant(r)).label("x")),
            r -> select(literal(instant(r), Types.TIMESTAMP).label("x")),
            r -> select(literal(bytes(r), Types.LARGE_BINARY).label("x")),
            r -> select(literal(LocalDateTime.of(2024, 3, 1, 10, 0).plusNanos(1000L * r.nextInt(3)), Types.DATETIME).label("x")),
            r -> select(T.c("amt").add(decimal(r)).label("x")).where(T.c("id").eq(1)),
            r -> text("SELECT :x AS x").bindparams(Map.of("x", decimal(r))).columns(column("x", Types.numeric(12, 4))));

    @Test
    void cachedValuesAreTheDatabasesToTheScaleOffsetAndByte() {
        RedisAvailable.require();
        RedisAvailable.requirePostgresql();
        long seed = Long.getLong("retort.property.seed", 20261207L);
        SplittableRandom r = new SplittableRandom(seed);
        Engine engine = Engine.create("jdbc:postgresql://127.0.0.1:5432/test");
        String namespace = "retort-test-" + UUID.randomUUID();
        try (RedisResultCache cache = RedisResultCache.builder().uri(RedisAvailable.URI).namespace(namespace).ttl(Duration.ofMinutes(1)).build();
                RedisResultCache other = RedisResultCache.builder().uri(RedisAvailable.URI).namespace(namespace).ttl(Duration.ofMinutes(1)).build()) {
            engine.inTransaction(c -> {
                c.execute(text("CREATE TABLE " + T.name() + " (id INTEGER, amt NUMERIC(12, 4), at TIMESTAMP WITH TIME ZONE, ts TIMESTAMP, bin BYTEA, day DATE)"));
                for (int id = 0; id < 6; id++) {
                    Map<String, Object> row = new HashMap<>();
                    row.put("id", id);
                    row.put("amt", decimal(r));
                    row.put("at", instant(r));
                    row.put("ts", LocalDateTime.of(2024, 3, 1, 10, 0).plusNanos(1000L * r.nextInt(3)));
                    row.put("bin", bytes(r));
                    row.put("day", LocalDate.of(2024, 1, 1 + r.nextInt(3)));
                    c.execute(dev.retort.sql.SQL.insert(T).values(row));
                }
            });
            int fetches = 0;
            for (int step = 0; step < 300; step++) {
                int which = r.nextInt(STATEMENTS.size());
                ClauseElement s = STATEMENTS.get(which).apply(r);
                try (Connection conn = engine.connect()) {
                    String direct = exact(conn.execute(s).all());
                    conn.commit();
                    RedisResultCache through = r.nextBoolean() ? cache : other;
                    assertThat(exact(through.fetch(conn, s, T))).as("statement %d at step %d (seed %d): %s", which, step, seed, s).isEqualTo(direct);
                    fetches++;
                }
            }
            assertThat(cache.stats().hits() + other.stats().hits()).as("the cache served").isGreaterThan(fetches / 4);
        } finally {
            engine.inTransaction(c -> c.execute(text("DROP TABLE IF EXISTS " + T.name())));
            engine.dispose();
        }
    }
}
