package dev.retort.redis;

import static dev.retort.sql.SQL.select;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.Row;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The second application instance of {@code RedisResultCacheTest}: same schema, same Redis,
 * its own JVM. Prints how many statements it executed and the rows it got.
 */
public final class OtherProcess {
    private OtherProcess() {
    }

    public static void main(String[] args) {
        Shop shop = new Shop();
        Engine engine = Engine.create("jdbc:sqlite:" + args[0]);
        AtomicInteger executed = new AtomicInteger();
        engine.addListener((sql, params) -> executed.incrementAndGet());
        try (RedisResultCache cache = RedisResultCache.builder().uri(RedisAvailable.URI).namespace(args[1]).ttl(Duration.ofMinutes(1)).build();
                Connection conn = engine.connect()) {
            List<Row> rows = cache.fetch(conn, select(shop.items.c("id"), shop.items.c("name"), shop.items.c("price"))
                    .where(shop.items.c("id").in(List.of(3, 4))).orderBy(shop.items.c("id")));
            System.out.println("executed=" + executed.get());
            System.out.println("rows=" + rows);
        } finally {
            engine.dispose();
        }
    }
}
