package dev.retort.redis;

import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.exc.SerializationException;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.ext.serializer.ValueSerializer;
import dev.retort.sql.SQL;
import dev.retort.sql.Select;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/**
 * A result entry another process wrote (Redis is shared): whatever it decodes to, a hit gives
 * rows of values or a typed exception naming the entry, never a ClassCastException or a SQL
 * element handed back as a value.
 */
class RedisHostileEntryTest {
    @TempDir
    Path dir;
    final Shop shop = new Shop();
    final String namespace = "retort-test-" + UUID.randomUUID();
    Engine engine;

    @BeforeEach
    void setUp() {
        RedisAvailable.require();
        engine = Engine.create("jdbc:sqlite:" + dir.resolve("shop.db"));
        shop.fill(engine);
    }

    @AfterEach
    void tearDown() {
        if (engine != null) {
            engine.dispose();
        }
    }

    static List<Object[]> entries() {
        return List.of(
                new Object[] {"a string", ValueSerializer.dumps("not rows")},
                new Object[] {"an empty list", ValueSerializer.dumps(List.of())},
                new Object[] {"keys that are not strings", ValueSerializer.dumps(List.of(List.of(1, 2), List.of("a", "b")))},
                new Object[] {"a row that is not a list", ValueSerializer.dumps(List.of(List.of("id"), 7))},
                new Object[] {"a row of the wrong width", ValueSerializer.dumps(List.of(List.of("id", "name"), List.of(7)))},
                new Object[] {"a SQL element", QuerySerializer.dumps(SQL.column("x"))},
                new Object[] {"bytes that are no value", new byte[] {1, 2, 3}});
    }

    /** A bad URI is refused without its text: the password in it stays out of the message. */
    @org.junit.jupiter.api.Test
    void aMalformedUriIsRefusedWithoutItsPassword() {
        for (String uri : List.of("redis://me:s3cret pw@127.0.0.1:6379", "redis://me:s3cret%zz@127.0.0.1:6379", "redis://:s3cret@/0",
                "redis://me:s3cret@127.0.0.1:6379/x")) {
            assertThatThrownBy(() -> RedisResultCache.builder().uri(uri).build()).as(uri)
                    .isInstanceOf(dev.retort.exc.ArgumentException.class)
                    .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage()).doesNotContain("s3cret"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void aForeignEntryIsRefusedNamingIt(String what, byte[] entry) {
        Select q = select(shop.items.c("id"), shop.items.c("name")).where(shop.items.c("id").eq(3));
        try (RedisResultCache cache = RedisResultCache.builder().uri(RedisAvailable.URI).namespace(namespace).ttl(Duration.ofMinutes(1)).build();
                Connection conn = engine.connect();
                RedisClient redis = RedisClient.builder().hostAndPort("127.0.0.1", 6379).build()) {
            cache.fetch(conn, q);
            Set<String> stored = redis.keys(namespace + ":r:*");
            String key = stored.stream().filter(k -> !k.endsWith(":lock")).findFirst().orElseThrow();
            redis.set(key.getBytes(java.nio.charset.StandardCharsets.UTF_8), entry);
            assertThatThrownBy(() -> cache.fetch(conn, q))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining(key);
        }
    }
}
