package dev.retort.dialect;

import dev.retort.types.TypeEngine;
import dev.retort.types.TypeKind;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A decimal type's parameter where SQLite applies NUMERIC affinity to the value: stored into, or
 * compared with, a column of NUMERIC affinity, which turns numeric text into a 64-bit INTEGER
 * when it is whole and fits, else into a REAL of 15 significant digits
 * ({@code 999999999999.999999} was stored as {@code 1000000000000}, and {@code n = '0.10000000000000000001'}
 * matches a stored 0.1). A value that would round is refused before sending; any other binds as
 * {@code type} binds it, as its exact text (see {@link SqliteJdbcBinder}). Made by the SQLite
 * compiler for a slot ({@link SqlCompiler#boundType}), never part of a statement.
 */
final class SqliteAffinityDecimal<T> extends TypeEngine<T> {
    private final TypeEngine<T> type;

    SqliteAffinityDecimal(TypeEngine<T> type) {
        this.type = type;
    }

    @Override
    public Class<T> javaType() {
        return type.javaType();
    }

    @Override
    public String visitName() {
        return type.visitName();
    }

    @Override
    public TypeKind kind() {
        return type.kind();
    }

    @Override
    public TypeEngine<?> dialectImpl(Dialect dialect) {
        return type.dialectImpl(dialect);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void setParameter(PreparedStatement ps, int index, Object value, Dialect dialect) throws SQLException {
        if (type.bindProcessor(dialect).apply((T) value) instanceof BigDecimal d) {
            exact(d);
        }
        type.setParameter(ps, index, value, dialect);
    }

    /** {@code d}, refused when NUMERIC affinity would not keep it (see the class comment). */
    static BigDecimal exact(BigDecimal d) {
        BigDecimal stripped = d.stripTrailingZeros();
        boolean integer = stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= 19 && stripped.toBigInteger().bitLength() <= 63;
        if (!integer && stripped.precision() > 15) {
            throw new dev.retort.exc.ArgumentException("SQLite keeps 15 significant digits of a NUMERIC that is not a 64-bit integer, not the "
                    + stripped.precision() + " of " + TypeKind.describe(d) + ", where a column of NUMERIC affinity stores or compares it");
        }
        return d;
    }

    @Override
    public String toString() {
        return type.toString();
    }
}
