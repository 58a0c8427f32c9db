package dev.retort.redis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assumptions;

/** Skips a test when no Redis listens on 127.0.0.1:6379, or fails it under CI=true. */
final class RedisAvailable {
    static final String URI = "redis://127.0.0.1:6379";

    /** Skips (or under CI=true fails) a test when PostgreSQL does not listen on 127.0.0.1:5432. */
    static void requirePostgresql() {
        if (listening(5432)) {
            return;
        }
        String reason = "PostgreSQL at 127.0.0.1:5432 is not reachable";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(reason + " (CI=true: every server must be up)");
        }
        System.err.println("SKIPPING: " + reason);
        Assumptions.abort(reason);
    }

    private RedisAvailable() {
    }

    static void require() {
        if (listening(6379)) {
            return;
        }
        String reason = "Redis at 127.0.0.1:6379 is not reachable";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(reason + " (CI=true: every server must be up)");
        }
        System.err.println("SKIPPING redis tests: " + reason);
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
