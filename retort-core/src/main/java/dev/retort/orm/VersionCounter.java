package dev.retort.orm;

import dev.retort.exc.ArgumentException;

/**
 * The version column of a mapper (optimistic locking, as the seeds' {@code version_id_col}):
 * an INSERT writes 1 when the instance has none, each UPDATE writes the next number, and UPDATE
 * and DELETE match the row only while it still has the version the instance was loaded with.
 * A statement that matches no row raises {@link dev.retort.exc.StaleDataException}. A counter the
 * database keeps ({@code server}, the seeds' {@code version_id_generator=False}) is never written by
 * the flush: the INSERT and UPDATE read back the value the database gave (RETURNING, else a SELECT).
 */
final class VersionCounter {
    final ColumnProp prop;
    /** Whether the database sets the version (a server default and an on-update expression, a trigger): the flush reads it back. */
    final boolean server;

    VersionCounter(ColumnProp prop, boolean server) {
        Class<?> t = prop.column.type().javaType();
        // A server's version may be of any type (a timestamp, PostgreSQL's xmin): it is only compared.
        if (!server && t != Integer.class && t != Long.class && t != Short.class) {
            throw new ArgumentException("Version column " + prop.column + " must be an integer column, not " + prop.column.type());
        }
        this.prop = prop;
        this.server = server;
    }

    /** Whether versions {@code a} and {@code b} (neither null) are the same: numbers by value, whatever their Java types. */
    boolean same(Object a, Object b) {
        return a instanceof Number x && b instanceof Number y ? x.longValue() == y.longValue() : a.equals(b);
    }

    /** The version a new row starts with. */
    Object initial() {
        return next(null);
    }

    /** The version after {@code current} (1 after none), in the column's Java type. */
    Object next(Object current) {
        long n = current == null ? 1 : ((Number) current).longValue() + 1;
        Class<?> t = prop.column.type().javaType();
        return t == Long.class ? (Object) n : t == Short.class ? (Object) (short) n : (Object) (int) n;
    }
}
