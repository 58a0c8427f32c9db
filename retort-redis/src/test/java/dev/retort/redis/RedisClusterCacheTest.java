package dev.retort.redis;

import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.schema.Table;
import dev.retort.sql.Select;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The result cache on a real 3-master Redis Cluster, the one {@code .ci/scale-servers} starts
 * (RETORT_REDIS_CLUSTER, default 127.0.0.1:7101-7103); skips when it is absent, fails under
 * CI=true. The failover test stops a master and starts it again, empty.
 */
class RedisClusterCacheTest {
    private static final List<String> NODES = List.of(
            System.getenv().getOrDefault("RETORT_REDIS_CLUSTER", "127.0.0.1:7101,127.0.0.1:7102,127.0.0.1:7103").split(","));
    static final Shop SHOP = new Shop();
    static final Table ITEMS = SHOP.items;

    @TempDir
    Path dir;
    final String namespace = "retort-cluster-" + UUID.randomUUID();
    final AtomicInteger executed = new AtomicInteger();
    Engine engine;

    @BeforeEach
    void setUp() throws Exception {
        for (String node : NODES) {
            if (!RedisAvailable.listening(port(node)) || !cli(node, "cluster", "info").contains("cluster_state:ok")) {
                String reason = "the Redis Cluster at " + NODES + " is not up; .ci/scale-servers start creates it";
                if ("true".equals(System.getenv("CI"))) {
                    throw new AssertionError(reason + " (CI=true: .ci/run must have started it)");
                }
                System.err.println("SKIPPING: " + reason);
                Assumptions.abort(reason);
            }
        }
        engine = Engine.create("jdbc:sqlite:" + dir.resolve("shop.db"));
        SHOP.fill(engine);
        engine.addListener((sql, params) -> executed.incrementAndGet());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (engine != null) {
            engine.dispose();
            for (String node : NODES) {
                cli(node, "eval", "for _, k in ipairs(redis.call('keys', ARGV[1])) do redis.call('del', k) end", "0", "*" + namespace + "*");
            }
        }
    }

    private RedisResultCache cache() {
        return RedisResultCache.builder().cluster(NODES.toArray(new String[0])).namespace(namespace)
                .ttl(Duration.ofMinutes(1)).redisTimeout(Duration.ofMillis(300)).build();
    }

    private static Select nameOf(int id) {
        return select(ITEMS.c("name")).where(ITEMS.c("id").eq(id));
    }

    private String fetchName(RedisResultCache cache, int id) {
        try (Connection c = engine.connect()) {
            return (String) cache.fetch(c, nameOf(id)).get(0).get(0);
        }
    }

    @Test
    void resultsSpreadOverTheMastersAndAreInvalidatedAtCommit() throws Exception {
        try (RedisResultCache cache = cache()) {
            for (int id = 0; id < 30; id++) {
                assertThat(fetchName(cache, id)).isEqualTo("item " + id);
            }
            int afterFirst = executed.get();
            for (int id = 0; id < 30; id++) {
                assertThat(fetchName(cache, id)).isEqualTo("item " + id);
            }
            assertThat(executed.get()).as("the second round is served by the cluster").isEqualTo(afterFirst);
            int mastersWithResults = 0;
            for (String node : NODES) {
                mastersWithResults += cli(node, "eval", "return #redis.call('keys', ARGV[1])", "0", namespace + ":r:*").trim().equals("0") ? 0 : 1;
            }
            assertThat(mastersWithResults).as("results live on more than one master").isGreaterThan(1);

            try (Connection w = engine.connect()) {
                cache.execute(w, update(ITEMS).values(Map.of("name", "renamed 3")).where(ITEMS.c("id").eq(3)));
                assertThat(fetchName(cache, 3)).as("before the commit").isEqualTo("item 3");
                w.commit();
            }
            assertThat(fetchName(cache, 3)).isEqualTo("renamed 3");
        }
    }

    @Test
    void aMasterThatStopsAndComesBackEmptyGivesMissesNeverWrongRows() throws Exception {
        String generations = ownerOf("{" + namespace + "}");
        String other = NODES.stream().filter(n -> !n.equals(generations)).findFirst().orElseThrow();
        try (RedisResultCache cache = cache()) {
            int round = 0;
            for (String victim : List.of(generations, other)) {
                for (int id = 0; id < 20; id++) {
                    assertThat(fetchName(cache, id)).isEqualTo(id < 5 && round > 0 ? "round " + round + " item " + id : "item " + id);
                }
                String nodeDir = cli(victim, "config", "get", "dir").lines().skip(1).findFirst().orElseThrow().trim();
                cli(victim, "shutdown", "nosave");
                round++;
                // Written while the master is down: the invalidation cannot reach it.
                try (Connection w = engine.connect()) {
                    for (int id = 0; id < 5; id++) {
                        cache.execute(w, update(ITEMS).values(Map.of("name", "round " + round + " item " + id)).where(ITEMS.c("id").eq(id)));
                    }
                    w.commit();
                }
                for (int id = 0; id < 20; id++) {
                    assertThat(fetchName(cache, id)).as("with %s down", victim).isEqualTo(id < 5 ? "round " + round + " item " + id : "item " + id);
                }
                run("redis-server", nodeDir + "/redis.conf");
                awaitClusterOk();
                // Back, empty: every read is right, and reads are served from the cluster again.
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                int before;
                do {
                    Thread.sleep(100);
                    before = executed.get();
                    for (int id = 0; id < 20; id++) {
                        assertThat(fetchName(cache, id)).as("after %s came back", victim).isEqualTo(id < 5 ? "round " + round + " item " + id : "item " + id);
                    }
                } while (executed.get() - before > 0 && System.nanoTime() < deadline);
                assertThat(executed.get() - before).as("the cluster serves hits again").isZero();
            }
        }
    }

    /** The node ("host:port") serving the slot of {@code key}. */
    private static String ownerOf(String key) throws Exception {
        int slot = Integer.parseInt(cli(NODES.get(0), "cluster", "keyslot", key).trim());
        for (String line : cli(NODES.get(0), "cluster", "nodes").split("\n")) {
            String[] f = line.trim().split(" ");
            for (int i = 8; i < f.length; i++) {
                String[] range = f[i].split("-");
                int lo = Integer.parseInt(range[0]);
                int hi = range.length > 1 ? Integer.parseInt(range[1]) : lo;
                if (slot >= lo && slot <= hi) {
                    return f[1].substring(0, f[1].indexOf('@'));
                }
            }
        }
        throw new AssertionError("no node serves slot " + slot);
    }

    private static void awaitClusterOk() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            boolean ok = true;
            for (String node : NODES) {
                ok &= cli(node, "cluster", "info").contains("cluster_state:ok");
            }
            if (ok) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the Redis Cluster did not come back");
    }

    private static int port(String node) {
        return Integer.parseInt(node.substring(node.lastIndexOf(':') + 1));
    }

    private static String cli(String node, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", node.substring(0, node.lastIndexOf(':')), "-p", String.valueOf(port(node))));
        command.addAll(List.of(args));
        return run(command.toArray(new String[0]));
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }
}
