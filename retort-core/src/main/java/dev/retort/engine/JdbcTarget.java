package dev.retort.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Where an engine's pool connects: the URL after Retort's rewriting, and the driver properties.
 *
 * <p>An in-memory SQLite database normally lives in one connection, so every pooled connection
 * would see a database of its own. Retort names the database ({@code file:retort-mem-<uuid>}),
 * opens it with {@code mode=memory&cache=shared} so that all the engine's connections share it,
 * and the engine holds one connection open so that it lives until {@link Engine#dispose()}.
 * Shared-cache connections lock whole tables: a connection that writes a table keeps the others
 * from reading it until it commits (they get "database table is locked").
 */
final class JdbcTarget {
    private static final String SQLITE = "jdbc:sqlite:";
    // user:password@ in an authority; key=value pairs whose key names a password, secret or
    // token, in a query string (?a=b&c=d), a property list (;a=b) or MySQL's (key=value) form.
    private static final Pattern USERINFO = Pattern.compile("(//[^/:@?#;]*):[^@/?#]*@");
    // user:password@host without the //, as a driver that took the authority for a host name quotes it.
    private static final Pattern BARE_USERINFO = Pattern.compile("(?<![\\w/.:%+-])([\\w.%+-]+):[^\\s@/:'\"]+@(?=[\\w\\[])");
    private static final Pattern SECRET_PARAM = Pattern.compile("(?i)([?&;(][^=&;?()]*(?:password|passwd|pwd|secret|token)[^=&;?()]*=)[^&;#)\\s]*");

    private final String url;
    private final Properties properties;
    private final boolean sqliteMemory;

    private JdbcTarget(String url, Properties properties, boolean sqliteMemory) {
        this.url = url;
        this.properties = properties;
        this.sqliteMemory = sqliteMemory;
    }

    static JdbcTarget of(String url, EngineOptions options) {
        Properties properties = new Properties();
        if (!url.startsWith(SQLITE)) {
            // A database that does not answer fails in seconds, not after the drivers' defaults
            // (PostgreSQL 10 s to connect and the pool's 30 s to log in, MariaDB 30 s).
            if (url.startsWith("jdbc:postgresql:")) {
                properties.setProperty("connectTimeout", "5");
                properties.setProperty("loginTimeout", "5");
            } else if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
                properties.setProperty("connectTimeout", "5000");
            }
            properties.putAll(options.properties());
            return new JdbcTarget(url, properties, false);
        }
        // SQLite checks foreign keys only when asked, and fails at once on a locked database file.
        properties.setProperty("foreign_keys", "true");
        properties.setProperty("busy_timeout", "5000");

        String rest = url.substring(SQLITE.length());
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        List<String> query = new ArrayList<>(q < 0 ? List.of() : List.of(rest.substring(q + 1).split("&")));
        boolean anonymous = path.isEmpty() || path.equals(":memory:") || path.equals("file::memory:");
        if (!anonymous && !query.contains("mode=memory")) {
            if (options.sqliteWal()) {
                // Readers then never make a writer's commit wait and fail with SQLITE_BUSY.
                properties.setProperty("journal_mode", "WAL");
            }
            properties.putAll(options.properties());
            return new JdbcTarget(url, properties, false);
        }
        properties.putAll(options.properties());
        query.removeIf(p -> p.startsWith("mode=") || p.startsWith("cache=") || p.isEmpty());
        query.add(0, "mode=memory");
        query.add(1, "cache=shared");
        String name = anonymous ? "file:retort-mem-" + UUID.randomUUID() : path.startsWith("file:") ? path : "file:" + path;
        return new JdbcTarget(SQLITE + name + "?" + String.join("&", query), properties, true);
    }

    /**
     * The text with every password it holds replaced by {@code ***}: URLs in the forms
     * {@code //user:password@host}, {@code ?password=...}, {@code ;password=...},
     * {@code (password=...)}, and the same inside messages that quote a URL, or its authority
     * alone ({@code user:password@host}).
     */
    static String redact(String text) {
        if (text == null) {
            return null;
        }
        String noUserinfo = BARE_USERINFO.matcher(USERINFO.matcher(text).replaceAll("$1:***@")).replaceAll("$1:***@");
        return SECRET_PARAM.matcher(noUserinfo).replaceAll("$1***");
    }

    /** The URL the pool connects to. */
    String url() {
        return url;
    }

    /** The driver properties (without user and password). */
    Properties properties() {
        return properties;
    }

    /** Whether this is an in-memory SQLite database, which needs a connection held open to live. */
    boolean sqliteMemory() {
        return sqliteMemory;
    }
}
