package dev.retort.redis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assumptions;

/** Skips a test when a server it needs does not listen on 127.0.0.1, or fails it under CI=true. */
final class RedisAvailable {
    static final String URI = "redis://127.0.0.1:6379";

    private RedisAvailable() {
    }

    /** Redis on port 6379. */
    static void require() {
        require("Redis", 6379);
    }

    /** PostgreSQL on port 5432. */
    static void requirePostgresql() {
        require("PostgreSQL", 5432);
    }

    /** MariaDB on port 3306. */
    static void requireMariadb() {
        require("MariaDB", 3306);
    }

    private static void require(String server, int port) {
        if (listening(port)) {
            return;
        }
        String reason = server + " at 127.0.0.1:" + port + " is not reachable";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(reason + " (CI=true: every server must be up)");
        }
        System.err.println("SKIPPING: " + reason);
        Assumptions.abort(reason + "; start it (see shared/design/DEPENDENCIES.md) or set CI=true to fail instead");
    }

    static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
