package dev.retort.types;

import dev.retort.dialect.Dialect;
import dev.retort.exc.ArgumentException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A built-in type under a spelling of its own: {@code CHAR}, {@code NCHAR}, {@code NVARCHAR}
 * (strings), {@code BINARY}, {@code VARBINARY} (bytes), {@code DECIMAL} (BigDecimal), a {@code
 * TEXT} with a length, or a string type with a collation. Values bind, read and compare as those
 * of the {@link TypeKind}; only DDL and {@code CAST} differ, as SQLAlchemy's classes of the same
 * names render them on each dialect. Obtain instances from {@link Types}.
 *
 * <pre>{@code
 * Column.of("code", Types.CHAR.length(3));                       // CHAR(3)
 * Column.of("name", Types.collated(Types.string(50), "C"));      // VARCHAR(50) COLLATE "C"
 * Column.of("price", Types.DECIMAL.precision(10, 2));            // DECIMAL(10, 2)
 * }</pre>
 */
public final class SpelledType<T> extends StandardType<T> {
    private final String collation;

    SpelledType(TypeKind kind, String visitName, Integer length, Integer precision, Integer scale, String collation) {
        super(kind, visitName, length, precision, scale);
        this.collation = collation;
    }

    /**
     * The bare spelling named {@code name}: {@code CHAR}, {@code NCHAR}, {@code NVARCHAR}, {@code
     * VARCHAR}, {@code TEXT}, {@code CLOB} (strings), {@code BINARY}, {@code VARBINARY} (bytes), {@code DECIMAL},
     * {@code NUMERIC} (BigDecimal), {@code REAL}, {@code DOUBLE PRECISION} (Double).
     */
    public static SpelledType<?> of(String name) {
        TypeKind kind = switch (name == null ? "" : name) {
            case "CHAR", "NCHAR", "NVARCHAR", "VARCHAR" -> TypeKind.STRING;
            case "TEXT", "CLOB" -> TypeKind.TEXT;
            case "BINARY", "VARBINARY" -> TypeKind.BINARY;
            case "DECIMAL", "NUMERIC" -> TypeKind.NUMERIC;
            case "REAL", "DOUBLE PRECISION" -> TypeKind.DOUBLE;
            default -> throw new ArgumentException("No built-in type is spelled '" + name + "'");
        };
        return new SpelledType<>(kind, name, null, null, null, null);
    }

    /** This spelling with a length: {@code CHAR(3)}, {@code VARBINARY(16)}. */
    public SpelledType<T> length(int length) {
        if (kind == TypeKind.NUMERIC) {
            throw new ArgumentException(visitName + " takes a precision, not a length");
        }
        if (visitName.equals("CLOB")) {
            throw new ArgumentException("CLOB takes no length (SQLAlchemy's CLOB(n) writes CLOB)");
        }
        if (length < 0) {
            throw new ArgumentException(visitName + " length must not be negative, got " + length);   // MySQL takes CHAR(0)
        }
        return new SpelledType<>(kind, visitName, length, null, null, collation);
    }

    /** {@code DECIMAL(precision)}: the database's default scale (0 on most). */
    public SpelledType<T> precision(int precision) {
        return withPrecision(precision, null);
    }

    /** {@code DECIMAL(precision, scale)}. */
    public SpelledType<T> precision(int precision, int scale) {
        return withPrecision(precision, scale);
    }

    private SpelledType<T> withPrecision(int precision, Integer scale) {
        if (kind != TypeKind.NUMERIC) {
            throw new ArgumentException(visitName + " takes no precision");
        }
        // A scale beyond the precision is PostgreSQL 15's (and SQLAlchemy's) to accept or refuse.
        if (precision <= 0 || scale != null && scale < 0) {
            throw new ArgumentException("Invalid " + visitName + "(" + precision + (scale == null ? "" : ", " + scale) + ")");
        }
        return new SpelledType<>(kind, visitName, null, precision, scale, collation);
    }

    /** This string type with {@code COLLATE collation} in DDL and after a {@code CAST}. */
    public SpelledType<T> collate(String collation) {
        if (!kind.isString()) {
            throw new ArgumentException(visitName + " is not a string type and takes no collation");
        }
        if (collation == null || collation.isEmpty()) {
            throw new ArgumentException("A collation needs a name");
        }
        return new SpelledType<>(kind, visitName, length, precision, scale, collation);
    }

    /** The collation, or null. */
    public String collation() {
        return collation;
    }

    /** {@code (3)}, {@code (10, 2)}, or empty: the arguments as DDL writes them after the name. */
    public String argumentsDdl() {
        if (length != null) {
            return "(" + length + ")";
        }
        if (precision != null) {
            return "(" + precision + (scale == null ? "" : ", " + scale) + ")";
        }
        return "";
    }

    @Override
    public List<Object> typeArguments() {
        List<Object> args = new ArrayList<>(4);
        args.add(Objects.toString(length));
        args.add(Objects.toString(precision));
        args.add(Objects.toString(scale));
        args.add(Objects.toString(collation));
        return Collections.unmodifiableList(args);
    }

    @Override
    @SuppressWarnings("unchecked")
    protected T resultValue(Object value, Dialect dialect) {
        return (T) SqlType.read(kind, scale, value);
    }

    @Override
    public String toString() {
        return visitName + argumentsDdl() + (collation == null ? "" : " COLLATE " + collation);
    }
}
