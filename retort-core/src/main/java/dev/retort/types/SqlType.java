package dev.retort.types;

import dev.retort.dialect.Dialect;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A built-in SQL type: a {@link TypeKind} with its arguments (length for strings, precision and
 * scale for numerics). Obtain instances from {@link Types}.
 */
public final class SqlType<T> extends StandardType<T> {
    SqlType(TypeKind kind, String visitName, Integer length, Integer precision, Integer scale) {
        super(kind, visitName, length, precision, scale);
    }

    @Override
    public List<Object> typeArguments() {
        List<Object> args = new ArrayList<>(3);
        if (length != null) args.add(length);
        if (precision != null) args.add(precision);
        if (scale != null) args.add(scale);
        return Collections.unmodifiableList(args);
    }

    /** JSON values are written as JSON text (see {@link Types#JSON}). */
    @Override
    protected Object bindValue(T value, Dialect dialect) {
        return kind.isJson() ? JsonValues.write(value) : value;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected T resultValue(Object value, Dialect dialect) {
        if (kind.isJson()) {
            return (T) JsonValues.read(value.toString());
        }
        return (T) read(kind, scale, value);
    }

    /** A value JDBC returned as one of {@code kind}, a decimal set to {@code scale} when there is one. */
    static Object read(TypeKind kind, Integer scale, Object value) {
        if (kind.isInteger() && (value instanceof Double || value instanceof BigDecimal d && !TypeKind.isWhole(d)
                || value instanceof java.math.BigInteger bi && bi.bitLength() >= 64 && kind == TypeKind.BIGINT)) {
            // a fraction the server computed for an expression typed whole, a REAL SQLite holds (see SqliteJdbcBinder), an
            // unsigned BIGINT above a long (JdbcBinder.wholeReader): read as it is, as SQLAlchemy returns it, never cut
            return value;
        }
        Object v = kind.coerce(value);
        return kind == TypeKind.NUMERIC && scale != null ? scaled((BigDecimal) v, scale) : v;
    }

    private static BigDecimal scaled(BigDecimal v, int scale) {
        return v.setScale(scale, RoundingMode.HALF_EVEN);
    }

    /**
     * The reader of this type's values given {@code plain}, the binder's plain reader of its kind
     * (or null: then null), which reads what {@link #getResult} reads but for the type's own
     * conversion: {@code plain} itself, or for a NUMERIC with a scale, its decimals set to that scale.
     * <pre>{@code
     * Reader r = ((SqlType<BigDecimal>) Types.numeric(10, 2)).reading(binder.plainReader(TypeKind.NUMERIC));   // 1.5 read as 1.50
     * }</pre>
     */
    public dev.retort.dialect.JdbcBinder.Reader reading(dev.retort.dialect.JdbcBinder.Reader plain) {
        if (plain == null || kind != TypeKind.NUMERIC || scale == null) {
            return plain;
        }
        int s = scale;
        return (rs, i) -> {
            Object v = plain.read(rs, i);
            return v == null ? null : scaled((BigDecimal) v, s);
        };
    }

    /** Byte arrays and JSON documents are the mutable kinds of value: they are copied (JSON deeply). */
    @Override
    @SuppressWarnings("unchecked")
    public T copyValue(T value) {
        if (kind.isJson() && value != null) {
            return (T) JsonValues.read(JsonValues.write(value));
        }
        return super.copyValue(value);
    }
}
