package dev.retort.orm;

import dev.retort.exc.ArgumentException;
import dev.retort.types.TypeEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What identifies a persistent instance in a session: its mapper and primary key values
 * (normalised to the columns' Java types, so {@code get(User.class, 8L)} finds the user the
 * database returned with the Integer 8). A one-column key holds its value without a list: a load
 * makes two or three keys per row.
 */
final class IdentityKey {
    private final Mapper<?> mapper;
    /** The value of a one-column key; null for a composite key. */
    private final Object one;
    /** The values of a composite key; null for a one-column key. */
    private final List<Object> many;

    private IdentityKey(Mapper<?> mapper, Object one, List<Object> many) {
        this.mapper = mapper;
        this.one = one;
        this.many = many;
    }

    Mapper<?> mapper() {
        return mapper;
    }

    /** The key's values, in the order of the primary key's columns. */
    List<Object> values() {
        return many != null ? many : List.of(one);
    }

    /** How many values the key has. */
    int size() {
        return many != null ? many.size() : 1;
    }

    /** The {@code i}th value, without the list {@link #values} makes of a one-column key. */
    Object value(int i) {
        return many != null ? many.get(i) : one;
    }

    /** The first (for a one-column key, the only) value. */
    Object first() {
        return many != null ? many.get(0) : one;
    }

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
        return new IdentityKey(mapper.root(), null, List.copyOf(out));
    }

    /** The key of a mapper with a one-column primary key, whose value is {@code v}; null if it is null. */
    static IdentityKey ofOne(Mapper<?> mapper, Object v) {
        return v == null ? null : new IdentityKey(mapper.root(), oneValue(mapper, v), null);
    }

    /** The value of a key of a mapper with a one-column key whose value is {@code v} (not null), as the key holds it. */
    static Object oneValue(Mapper<?> mapper, Object v) {
        return normalise(mapper.primaryKeyProps().get(0).column.type(), v);
    }

    /** The key of root mapper {@code root}'s one-column key of {@link #oneValue} {@code v}. */
    static IdentityKey ofNormalised(Mapper<?> root, Object v) {
        return new IdentityKey(root, v, null);
    }

    /** The {@link #hashCode} of {@link #ofNormalised ofNormalised(root, v)}, without making that key. */
    static int hashOfOne(Mapper<?> root, Object v) {
        return 31 * root.hashCode() + 31 + v.hashCode();
    }

    /** Whether this is {@link #ofNormalised ofNormalised(root, v)}, without making that key. */
    boolean isOne(Mapper<?> root, Object v) {
        return many == null && mapper.equals(root) && v.equals(one);
    }

    /** The key of a primary key given as one value, or as an array or list of values for a composite key. */
    static IdentityKey ofArgument(Mapper<?> mapper, Object pk) {
        if (pk instanceof Object[] a) {
            return of(mapper, List.of(a));
        }
        if (pk instanceof List<?> l) {
            return of(mapper, l);
        }
        List<ColumnProp> keys = mapper.primaryKeyProps();
        if (keys.size() > 1 && pk != null) {
            return of(mapper, fieldsOf(mapper, keys, pk));
        }
        // A one-column key given as its value (a get()'s usual argument): no list made for it.
        return keys.size() == 1 ? ofOne(mapper, pk) : of(mapper, java.util.Collections.singletonList(pk));
    }

    /**
     * The values of a composite key given as one object: the value of the composite its columns
     * make (a JPA {@code @EmbeddedId}), or an object with a field named as each key attribute (an {@code @IdClass}).
     */
    private static List<Object> fieldsOf(Mapper<?> mapper, List<ColumnProp> keys, Object pk) {
        List<Object> out = new java.util.ArrayList<>(keys.size());
        for (ColumnProp p : keys) {
            if (p.accessor instanceof CompositeProp.Part part && part.partOf(pk)) {
                out.add(part.valueIn(pk));
                continue;
            }
            // Read by reflection: an accessor is made for a mapped class's fields once, this object's are read once.
            java.lang.reflect.Field f = Accessor.field(pk.getClass(), p.key);
            if (f == null) {
                throw new ArgumentException(mapper.entityName() + "'s key is " + keys.stream().map(k -> k.key).toList() + ": give it as a list of values,"
                        + " or as an object with those fields, not a " + pk.getClass().getName() + " (" + pk + ")");
            }
            try {
                f.setAccessible(true);
                out.add(f.get(pk));
            } catch (IllegalAccessException | RuntimeException e) {
                throw new ArgumentException("Cannot read field " + f.getName() + " of " + pk.getClass().getName() + ": open its package to dev.retort.orm (" + e.getMessage() + ")", e);
            }
        }
        return out;
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
    public boolean equals(Object o) {
        return o instanceof IdentityKey k && mapper.equals(k.mapper) && Objects.equals(one, k.one) && Objects.equals(many, k.many);
    }

    @Override
    public int hashCode() {
        return many != null ? 31 * mapper.hashCode() + many.hashCode() : hashOfOne(mapper, one);
    }

    @Override
    public String toString() {
        return mapper.entityName() + values();
    }
}
