package dev.retort.dialect;

import dev.retort.types.TypeEngine;
import dev.retort.types.TypeKind;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A decimal type's parameter SQLite provably keeps as its exact text: the bare column of the
 * outermost SELECT, or stored into, or compared with, a table's column of TEXT affinity. Anywhere
 * else SQLite may apply NUMERIC affinity (a NUMERIC column, {@code BETWEEN}, a function's argument,
 * INSERT ... SELECT, raw {@code text()} SQL ...), turning the text into a REAL of 15 significant
 * digits, so {@link SqliteJdbcBinder} refuses a longer one there. Made by the SQLite compiler for a
 * slot ({@link SqlCompiler#boundType}), never part of a statement.
 */
final class SqliteExactDecimal<T> extends TypeEngine<T> {
    private final TypeEngine<T> type;

    SqliteExactDecimal(TypeEngine<T> type) {
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
        Object v = value == null ? null : type.bindProcessor(dialect).apply((T) value);
        if (v != null && type.dialectImpl(dialect).kind() == TypeKind.NUMERIC) {
            SqliteJdbcBinder.bindExact(ps, index, v);
        } else {
            type.setParameter(ps, index, value, dialect);
        }
    }

    @Override
    public String toString() {
        return type.toString();
    }
}
