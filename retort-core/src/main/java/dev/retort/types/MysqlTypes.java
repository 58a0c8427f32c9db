package dev.retort.types;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * MySQL's and MariaDB's own column types, SQLAlchemy's {@code sqlalchemy.dialects.mysql} types:
 * each a bare {@link MysqlType} whose options are set with its methods. On other databases a
 * standard name is the standard type; a MySQL-only name needs a variant (see {@link MysqlType}).
 *
 * <pre>{@code
 * Column.of("id", MysqlTypes.BIGINT.unsigned()).primaryKey();                // BIGINT UNSIGNED
 * Column.of("flag", MysqlTypes.TINYINT.displayWidth(1));                     // TINYINT(1)
 * Column.of("name", MysqlTypes.VARCHAR.length(40).charset("utf8mb4").collate("utf8mb4_bin"));
 * Column.of("body", MysqlTypes.MEDIUMTEXT.charset("utf8mb4"));
 * Column.of("seen", MysqlTypes.TIMESTAMP.fsp(6));                            // TIMESTAMP(6)
 * }</pre>
 */
@SuppressWarnings("unchecked")
public final class MysqlTypes {
    private MysqlTypes() {
    }

    /** Integers; {@code .displayWidth(n)}, {@code .unsigned()}, {@code .zerofill()}. TINYINT to INTEGER values are {@code Integer}. */
    public static final MysqlType<Integer> TINYINT = (MysqlType<Integer>) MysqlType.of("TINYINT");
    public static final MysqlType<Integer> SMALLINT = (MysqlType<Integer>) MysqlType.of("SMALLINT");
    public static final MysqlType<Integer> MEDIUMINT = (MysqlType<Integer>) MysqlType.of("MEDIUMINT");
    public static final MysqlType<Integer> INTEGER = (MysqlType<Integer>) MysqlType.of("INTEGER");
    public static final MysqlType<Long> BIGINT = (MysqlType<Long>) MysqlType.of("BIGINT");

    /** Exact and approximate numbers; {@code .precision(p)} / {@code .precision(p, s)}, {@code .unsigned()}, {@code .zerofill()}. */
    public static final MysqlType<BigDecimal> DECIMAL = (MysqlType<BigDecimal>) MysqlType.of("DECIMAL");
    public static final MysqlType<BigDecimal> NUMERIC = (MysqlType<BigDecimal>) MysqlType.of("NUMERIC");
    public static final MysqlType<Double> FLOAT = (MysqlType<Double>) MysqlType.of("FLOAT");
    public static final MysqlType<Double> DOUBLE = (MysqlType<Double>) MysqlType.of("DOUBLE");
    public static final MysqlType<Double> REAL = (MysqlType<Double>) MysqlType.of("REAL");

    /**
     * Character types; {@code .length(n)} (VARCHAR and NVARCHAR need one), {@code .charset(name)},
     * {@code .collate(name)}, {@code .national()}, {@code .binary()}, {@code .ascii()}, {@code .unicode()}.
     * NCHAR and NVARCHAR are written {@code NATIONAL CHAR} and {@code NATIONAL VARCHAR}.
     */
    public static final MysqlType<String> CHAR = (MysqlType<String>) MysqlType.of("CHAR");
    public static final MysqlType<String> VARCHAR = (MysqlType<String>) MysqlType.of("VARCHAR");
    public static final MysqlType<String> NCHAR = (MysqlType<String>) MysqlType.of("NCHAR");
    public static final MysqlType<String> NVARCHAR = (MysqlType<String>) MysqlType.of("NVARCHAR");
    public static final MysqlType<String> TEXT = (MysqlType<String>) MysqlType.of("TEXT");
    public static final MysqlType<String> TINYTEXT = (MysqlType<String>) MysqlType.of("TINYTEXT");
    public static final MysqlType<String> MEDIUMTEXT = (MysqlType<String>) MysqlType.of("MEDIUMTEXT");
    public static final MysqlType<String> LONGTEXT = (MysqlType<String>) MysqlType.of("LONGTEXT");

    /**
     * Date-times and times with {@code .fsp(n)}, the fractional seconds kept (0 to 6; none by
     * default, where {@link Types#DATETIME} is {@code DATETIME(6)} here). A TIMESTAMP's values
     * are wall-clock {@code LocalDateTime}s that the server converts through the session time zone.
     */
    public static final MysqlType<LocalDateTime> DATETIME = (MysqlType<LocalDateTime>) MysqlType.of("DATETIME");
    public static final MysqlType<LocalDateTime> TIMESTAMP = (MysqlType<LocalDateTime>) MysqlType.of("TIMESTAMP");
    public static final MysqlType<LocalTime> TIME = (MysqlType<LocalTime>) MysqlType.of("TIME");

    /** {@code BIT}, {@code .length(n)} bits (1 to 64); values {@code Long}. */
    public static final MysqlType<Long> BIT = (MysqlType<Long>) MysqlType.of("BIT");

    /** Binary large objects of MySQL's sizes; values {@code byte[]}. */
    public static final MysqlType<byte[]> TINYBLOB = (MysqlType<byte[]>) MysqlType.of("TINYBLOB");
    public static final MysqlType<byte[]> MEDIUMBLOB = (MysqlType<byte[]>) MysqlType.of("MEDIUMBLOB");
    public static final MysqlType<byte[]> LONGBLOB = (MysqlType<byte[]>) MysqlType.of("LONGBLOB");

    /**
     * {@code ENUM('a','b')}, SQLAlchemy's {@code mysql.ENUM}: one of the labels, values Strings. The
     * same type as {@code Types.enumOf(null, labels)}: a {@code VARCHAR} and no type of its own elsewhere.
     *
     * <pre>{@code
     * Column.of("size", MysqlTypes.enumOf("S", "M", "L"));    // ENUM('S','M','L')
     * }</pre>
     */
    public static EnumType<String> enumOf(String... labels) {
        return Types.enumOf(null, labels);
    }

    /**
     * {@code SET('a','b')}, SQLAlchemy's {@code mysql.SET}: any number of the labels (at most 64,
     * none with a comma). Values are the chosen labels as MySQL writes them, joined by commas in
     * the order of the definition ({@code "a,b"}; the empty set is {@code ""}). A {@code CAST} to
     * it is a {@code CAST} to {@code CHAR}. Other databases have no such type (give a variant).
     *
     * <pre>{@code
     * Column.of("perms", MysqlTypes.set("read", "write"));     // SET('read','write')
     * conn.execute(insert(t).values(Map.of("perms", "read,write")));
     * }</pre>
     */
    public static NamedType<String> set(String... labels) {
        if (labels.length == 0 || labels.length > 64) {
            throw new dev.retort.exc.ArgumentException("A MySQL SET has 1 to 64 labels, got " + labels.length);
        }
        for (String label : labels) {
            if (label != null && label.indexOf(',') >= 0) {
                throw new dev.retort.exc.ArgumentException("A MySQL SET label cannot contain a comma: " + label);
            }
        }
        return Types.named("mysql", labelList("SET", labels));
    }

    /**
     * An {@code ENUM} with a character set and collation, SQLAlchemy's {@code mysql.ENUM(...,
     * charset=, collation=)} (also {@code ascii}, {@code unicode}, {@code binary}): {@code characters}
     * is a bare character type carrying them. Values are the label Strings; a {@code CAST} to it
     * is a {@code CAST} to {@code CHAR}. MySQL's alone, as {@link #set}: other databases need a variant.
     *
     * <pre>{@code
     * Column.of("size", MysqlTypes.enumOf(MysqlTypes.CHAR.charset("utf8mb4").collate("utf8mb4_bin"), "S", "M"));
     * // ENUM('S','M') CHARACTER SET utf8mb4 COLLATE utf8mb4_bin
     * }</pre>
     */
    public static NamedType<String> enumOf(MysqlType<String> characters, String... labels) {
        if (labels.length == 0) {
            throw new dev.retort.exc.ArgumentException("A MySQL ENUM needs at least one label");
        }
        return Types.named("mysql", characters.withCharacterOptions(labelList("ENUM", labels)));
    }

    /**
     * A {@link #set(String...) SET} with a character set and collation, SQLAlchemy's {@code mysql.SET(...,
     * charset=, collation=)}, taken from the bare character type {@code characters}.
     *
     * <pre>{@code
     * Column.of("perms", MysqlTypes.set(MysqlTypes.CHAR.charset("latin1"), "read", "write"));
     * // SET('read','write') CHARACTER SET latin1
     * }</pre>
     */
    public static NamedType<String> set(MysqlType<String> characters, String... labels) {
        return Types.named("mysql", characters.withCharacterOptions(set(labels).name()));
    }

    /** {@code KEYWORD('a','b''c')}: labels as MySQL reads them whatever its SQL mode (no backslash, no NUL). */
    private static String labelList(String keyword, String... labels) {
        java.util.StringJoiner ddl = new java.util.StringJoiner(",", keyword + "(", ")");
        for (String label : labels) {
            if (label == null || label.indexOf('\\') >= 0 || label.indexOf('\0') >= 0) {
                throw new dev.retort.exc.ArgumentException("A MySQL " + keyword + " label cannot be null nor contain a backslash or NUL: " + label);
            }
            ddl.add("'" + label.replace("'", "''") + "'");
        }
        return ddl.toString();
    }

    /** {@code YEAR}, a year 1901 to 2155 (or 0000); {@code YEAR(4)} with {@code .displayWidth(4)}; values {@code Integer}. No other database has it. */
    public static final MysqlType<Integer> YEAR = (MysqlType<Integer>) MysqlType.of("YEAR");
}
