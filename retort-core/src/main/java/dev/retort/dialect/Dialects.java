package dev.retort.dialect;

import dev.retort.exc.ArgumentException;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in dialects.
 *
 * <pre>{@code
 * stmt.compile(Dialects.postgresql()).string();
 * Dialect d = Dialects.forUrl("jdbc:sqlite:app.db");
 * }</pre>
 */
public final class Dialects {
    private static final Logger LOG = LoggerFactory.getLogger(Dialects.class);
    private static final Dialect DEFAULT = new DefaultDialect();
    private static final Dialect SQLITE = new SqliteDialect();
    private static final Dialect POSTGRESQL = new PostgresqlDialect();
    private static final Dialect MYSQL = new MysqlDialect("mysql");
    private static final Dialect MARIADB = new MysqlDialect("mariadb");
    private static final Dialect MYSQL_ROW_ALIAS = new MysqlDialect("mysql", true);

    private Dialects() {
    }

    /** SQLAlchemy's default dialect: what {@code toString()} renders. */
    public static Dialect defaultDialect() {
        return DEFAULT;
    }

    public static Dialect sqlite() {
        return SQLITE;
    }

    public static Dialect postgresql() {
        return POSTGRESQL;
    }

    public static Dialect mysql() {
        return MYSQL;
    }

    /**
     * The MySQL dialect for a server of {@code serverVersion} ("8.0.36"): from 8.0.20 on, where
     * {@code VALUES(col)} is deprecated, ON DUPLICATE KEY UPDATE names the inserted row by the
     * alias {@code AS new}; older versions get {@link #mysql()}.
     */
    public static Dialect mysql(String serverVersion) {
        String[] parts = serverVersion.split("[.-]");
        int[] v = new int[3];
        for (int k = 0; k < 3 && k < parts.length; k++) {
            try {
                v[k] = Integer.parseInt(parts[k].replaceAll("\\D.*", ""));
            } catch (NumberFormatException e) {
                throw new ArgumentException("Not a MySQL version: '" + serverVersion + "'");
            }
        }
        boolean rowAlias = v[0] > 8 || v[0] == 8 && (v[1] > 0 || v[2] >= 20);
        return rowAlias ? MYSQL_ROW_ALIAS : MYSQL;
    }

    public static Dialect mariadb() {
        return MARIADB;
    }

    /** The dialect for a JDBC URL ({@code jdbc:sqlite:}, {@code jdbc:postgresql:}, {@code jdbc:mysql:}, {@code jdbc:mariadb:}). */
    public static Dialect forUrl(String jdbcUrl) {
        if (jdbcUrl == null) {
            throw new ArgumentException("A JDBC URL is required");
        }
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (jdbcUrl.startsWith("jdbc:mariadb:")) {
            return MARIADB;
        }
        if (jdbcUrl.startsWith("jdbc:mysql:")) {
            return MYSQL;
        }
        // Only the scheme is shown: the rest of a URL may hold a password.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(jdbc:)?[A-Za-z0-9+.-]{0,30}:?").matcher(jdbcUrl);
        String scheme = m.lookingAt() ? m.group() : "";
        throw new ArgumentException("No dialect for JDBC URL scheme '" + scheme + "'; supported: jdbc:sqlite:, jdbc:postgresql:, jdbc:mysql:, jdbc:mariadb:");
    }

    /**
     * The dialect with this name: a built-in one ("default", "sqlite", "postgresql", "mysql",
     * "mariadb") or one registered through {@link ServiceLoader}.
     */
    public static Dialect byName(String name) {
        Dialect d = Registered.BY_NAME.get(name);
        if (d == null) {
            throw new ArgumentException("Unknown dialect '" + name + "'; known: " + String.join(", ", names()));
        }
        return d;
    }

    /** The names of every known dialect, sorted. */
    public static Set<String> names() {
        return Registered.BY_NAME.keySet();
    }

    /** Built-in and registered dialects, loaded on first use so late class loading still finds them. */
    private static final class Registered {
        static final Map<String, Dialect> BY_NAME = load();

        private static Map<String, Dialect> load() {
            Map<String, Dialect> out = new TreeMap<>();
            for (Dialect d : List.of(DEFAULT, SQLITE, POSTGRESQL, MYSQL, MARIADB)) {
                out.put(d.name(), d);
            }
            Iterator<Dialect> it = ServiceLoader.load(Dialect.class).iterator();
            while (it.hasNext()) {
                try {
                    Dialect d = it.next();
                    if (out.putIfAbsent(d.name(), d) != null) {
                        LOG.warn("Ignoring dialect {} registered as '{}': a dialect of that name is built in", d.getClass().getName(), d.name());
                    }
                } catch (ServiceConfigurationError e) {
                    // One broken registration must not make every dialect unavailable.
                    LOG.warn("A dialect registered under META-INF/services could not be loaded", e);
                }
            }
            return Collections.unmodifiableMap(out);
        }
    }
}
