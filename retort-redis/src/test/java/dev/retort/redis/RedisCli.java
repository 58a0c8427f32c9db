package dev.retort.redis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The command line of the extra Redis servers {@code .ci/scale-servers} starts (a cluster, a
 * Sentinel-managed pair): asking them, stopping and restarting nodes, and skipping a test when
 * they are absent.
 */
final class RedisCli {
    private RedisCli() {
    }

    /** Skips the calling test when {@code up} is false (fails it under CI=true, where .ci/run starts them). */
    static void requireUp(String what, boolean up) {
        if (up) {
            return;
        }
        String reason = what + " is not up; .ci/scale-servers start creates it";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(reason + " (CI=true: .ci/run must have started it)");
        }
        System.err.println("SKIPPING: " + reason);
        Assumptions.abort(reason);
    }

    /** The port of {@code "host:port"}. */
    static int port(String node) {
        return Integer.parseInt(node.substring(node.lastIndexOf(':') + 1));
    }

    /** What {@code redis-cli} prints for {@code args} sent to {@code node} ("host:port"). */
    static String cli(String node, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", node.substring(0, node.lastIndexOf(':')), "-p", String.valueOf(port(node))));
        command.addAll(List.of(args));
        return run(command.toArray(new String[0]));
    }

    /** The directory a node runs in, where {@code .ci/scale-servers} wrote its redis.conf. */
    static String directory(String node) throws IOException, InterruptedException {
        return cli(node, "config", "get", "dir").lines().skip(1).findFirst().orElseThrow().trim();
    }

    /** Runs a command and returns its output. */
    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }
}
