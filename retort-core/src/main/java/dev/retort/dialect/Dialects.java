package dev.retort.dialect;

import dev.retort.exc.ArgumentException;

/**
 * The built-in dialects.
 *
 * <pre>{@code
 * stmt.compile(Dialects.postgresql()).string();
 * Dialect d = Dialects.forUrl("jdbc:sqlite:app.db");
 * }</pre>
 */
public final class Dialects {
    private static final Dialect DEFAULT = new DefaultDialect();
    private static final Dialect SQLITE = new SqliteDialect();
    private static final Dialect POSTGRESQL = new PostgresqlDialect();
    private static final Dialect MYSQL = new MysqlDialect("mysql");
    private static final Dialect MARIADB = new MysqlDialect("mariadb");

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
        throw new ArgumentException("No dialect for JDBC URL '" + jdbcUrl + "'; supported: jdbc:sqlite:, jdbc:postgresql:, jdbc:mysql:, jdbc:mariadb:");
    }

    /** The dialect with this name ("default", "sqlite", "postgresql", "mysql", "mariadb"). */
    public static Dialect byName(String name) {
        switch (name) {
            case "default": return DEFAULT;
            case "sqlite": return SQLITE;
            case "postgresql": return POSTGRESQL;
            case "mysql": return MYSQL;
            case "mariadb": return MARIADB;
            default: throw new ArgumentException("Unknown dialect '" + name + "'; known: default, sqlite, postgresql, mysql, mariadb");
        }
    }
}
