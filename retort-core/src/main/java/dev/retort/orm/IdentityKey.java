package dev.retort.orm;

import dev.retort.exc.ArgumentException;
import dev.retort.types.TypeEngine;
import java.util.ArrayList;
import java.util.List;

/**
 * What identifies a persistent instance in a session: its mapper and primary key values
 * (normalised to the columns' Java types, so {@code get(User.class, 8L)} finds the user the
 * database returned with the Integer 8).
 */
record IdentityKey(Mapper<?> mapper, List<Object> values) {
    /** The key of the given primary key values, in the order of the primary key's columns; null if any is null. */
    static IdentityKey of(Mapper<?> mapper, List<?> pk) {
        List<ColumnProp> cols = mapper.primaryKeyProps();
        if (pk.size() != cols.size()) {
            throw new ArgumentException(mapper.entityName() + " has a primary key of " + cols.size() + " column(s); got " + pk.size() + " value(s)");
        }
        if (cols.size() == 1) {
            return ofOne(mapper, pk.get(0));
        }
        List<Object> out = new ArrayList<>(pk.size());
        for (int i = 0; i < pk.size(); i++) {
            Object v = pk.get(i);
            if (v == null) {
                return null;
            }
            out.add(normalise(cols.get(i).column.type(), v));
        }
        // One identity map entry per row: a subclass instance is found by its base's key too.
        return new IdentityKey(mapper.root(), List.copyOf(out));
    }

    /** The key of a mapper with a one-column primary key, whose value is {@code v}; null if it is null. */
    static IdentityKey ofOne(Mapper<?> mapper, Object v) {
        return v == null ? null : new IdentityKey(mapper.root(), List.of(normalise(mapper.primaryKeyProps().get(0).column.type(), v)));
    }

    /** The key of a primary key given as one value, or as an array or list of values for a composite key. */
    static IdentityKey ofArgument(Mapper<?> mapper, Object pk) {
        if (pk instanceof Object[] a) {
            return of(mapper, List.of(a));
        }
        if (pk instanceof List<?> l) {
            return of(mapper, l);
        }
        return of(mapper, java.util.Collections.singletonList(pk));
    }

    /** {@code v} as the Java type of {@code type}'s values. */
    static Object normalise(TypeEngine<?> type, Object v) {
        Class<?> java = type.javaType();
        if (java.isInstance(v) || java == Object.class) {
            return v;
        }
        try {
            return type.kind().coerce(v);
        } catch (RuntimeException e) {
            throw new ArgumentException("Primary key value " + v + " does not fit the column type " + type + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return mapper.entityName() + values;
    }
}
