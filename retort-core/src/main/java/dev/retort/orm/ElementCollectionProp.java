package dev.retort.orm;

import dev.retort.engine.Connection;
import dev.retort.engine.Row;
import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.SQL;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A collection of values (not entities) in rows of a table of its own that refer to the owner's
 * key: JPA's {@code @ElementCollection}. A value is one column's ({@link Spec#parts} null) or an
 * embeddable object whose fields are the columns. The collection loads with its owner, one SELECT
 * per collection and load for all the owners it loaded; a flush that finds it changed deletes the
 * owner's rows and inserts the current ones (as Hibernate rewrites a bag), and deleting the owner
 * deletes its rows first.
 */
final class ElementCollectionProp extends Prop {
    /**
     * The mapping: {@code table}'s {@code ownerKeys} refer to the owner's key columns in order;
     * {@code values} hold an element, one column, or one per field of {@code parts} of the
     * embeddable {@code embeddable}; {@code set}: the field is a Set, compared as one; {@code index}:
     * a List's {@code @OrderColumn}, each element's position (loads order by it), or null.
     */
    record Spec(Table table, List<Column<?>> ownerKeys, List<Column<?>> values, Class<?> embeddable, List<Field> parts, boolean set, Column<?> index) {
        Spec {
            ownerKeys = List.copyOf(ownerKeys);
            values = List.copyOf(values);
            parts = parts == null ? null : List.copyOf(parts);
        }
    }

    final Spec spec;
    /** Its position among its mapper's element collections: the index of its snapshot in {@link InstanceState#elements}. */
    final int position;
    private final Constructor<?> make;

    ElementCollectionProp(Mapper<?> mapper, String key, Spec spec, int position) {
        super(mapper, key, Accessor.of(mapper.mappedClass(), key), -1);
        if (accessor.fieldName() == null) {
            throw new ArgumentException(mapper.mappedClass().getName() + " has no field '" + key + "' for its element collection");
        }
        this.spec = spec;
        this.position = position;
        if (spec.embeddable() != null) {
            try {
                make = spec.embeddable().getDeclaredConstructor();
                make.setAccessible(true);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new ArgumentException("Embeddable " + spec.embeddable().getName() + " of " + this + " needs a no-argument constructor", e);
            }
            spec.parts().forEach(f -> f.setAccessible(true));
        } else {
            make = null;
        }
    }

    /** The rows the field's collection {@code value} stands for: one list of column values per element. */
    List<List<Object>> rows(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof Collection<?> c)) {
            throw new ArgumentException(this + " holds a " + (spec.set() ? "Set" : "List") + ", not " + value.getClass().getName());
        }
        List<List<Object>> out = new ArrayList<>(c.size());
        for (Object e : c) {
            if (spec.parts() == null) {
                out.add(Arrays.asList(e));
                continue;
            }
            Object[] row = new Object[spec.parts().size()];
            for (int i = 0; i < row.length; i++) {
                try {
                    row[i] = e == null ? null : spec.parts().get(i).get(e);
                } catch (IllegalAccessException ex) {
                    throw new ArgumentException("Cannot read " + spec.parts().get(i) + ": open its package to dev.retort.orm", ex);
                }
            }
            out.add(Arrays.asList(row));
        }
        return out;
    }

    /** Whether two snapshots of {@link #rows} hold the same elements: in order for a List, as sets for a Set. */
    boolean same(List<List<Object>> a, List<List<Object>> b) {
        return spec.set() ? new HashSet<>(a).equals(new HashSet<>(b)) : a.equals(b);
    }

    /** The collection the field holds for {@code rows} (as {@link #rows} makes them): new elements, for a rollback to restore. */
    Collection<Object> collectionOf(List<List<Object>> rows) {
        Collection<Object> out = spec.set() ? new LinkedHashSet<>() : new ArrayList<>();
        for (List<Object> r : rows) {
            out.add(element(r));
        }
        return out;
    }

    private Object element(List<Object> values) {
        if (spec.parts() == null) {
            return values.get(0);
        }
        try {
            Object e = make.newInstance();
            for (int i = 0; i < spec.parts().size(); i++) {
                spec.parts().get(i).set(e, values.get(i));
            }
            return e;
        } catch (ReflectiveOperationException ex) {
            throw new ArgumentException("Cannot make an element of " + this + ": " + ex, ex);
        }
    }

    /**
     * Fills this collection of the {@code owners} (states of its mapper or a subclass's, just loaded
     * from rows) with a SELECT (one per {@link Loading#chunks chunk} of owners), and takes its snapshot.
     */
    void load(Connection conn, List<InstanceState> owners) {
        Map<List<Object>, List<Object>> byKey = new LinkedHashMap<>();
        for (InstanceState st : owners) {
            byKey.put(ownerKey(st), new ArrayList<>());
        }
        List<ColumnElement<?>> selected = new ArrayList<>(spec.ownerKeys());
        selected.addAll(spec.values());
        int n = spec.ownerKeys().size();
        for (List<List<Object>> chunk : Loading.chunks(new ArrayList<>(byKey.keySet()))) {
            ColumnElement<Boolean> where;
            if (n == 1) {
                where = spec.ownerKeys().get(0).in(chunk.stream().map(k -> k.get(0)).toList());
            } else {
                where = SQL.or(chunk.stream().map(this::ownerMatch).toArray(ColumnElement<?>[]::new));
            }
            var select = SQL.select(selected.toArray()).where(where);
            for (Row row : conn.execute(spec.index() == null ? select : select.orderBy(spec.index())).all()) {
                List<Object> k = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    k.add(IdentityKey.normalise(spec.ownerKeys().get(i).type(), row.get(i)));
                }
                List<Object> into = byKey.get(k);
                if (into != null) {
                    into.add(element(row.toList().subList(n, row.size())));
                }
            }
        }
        for (InstanceState st : owners) {
            List<Object> elements = byKey.get(ownerKey(st));
            Collection<Object> value = spec.set() ? new LinkedHashSet<>(elements) : new ArrayList<>(elements);
            set(st.instance, st, value);
            st.setElements(this, rows(value));
        }
    }

    /** {@code ownerKeys = key}, column by column. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    ColumnElement<Boolean> ownerMatch(List<Object> key) {
        ColumnElement<?>[] eq = new ColumnElement<?>[key.size()];
        for (int i = 0; i < eq.length; i++) {
            eq[i] = ((Column) spec.ownerKeys().get(i)).eq(key.get(i));
        }
        return eq.length == 1 ? (ColumnElement<Boolean>) eq[0] : SQL.and(eq);
    }

    /** The owner's key values, which its rows' {@code ownerKeys} hold. */
    List<Object> ownerKey(InstanceState st) {
        List<Object> k = new ArrayList<>();
        List<ColumnProp> pk = st.mapper.primaryKeyProps();
        for (int i = 0; i < pk.size(); i++) {
            k.add(IdentityKey.normalise(spec.ownerKeys().get(i).type(), pk.get(i).get(st.instance, st)));
        }
        return k;
    }

    /** The INSERT parameters of {@code rows} of the owner whose key is {@code key}. */
    List<Map<String, Object>> insertParams(List<Object> key, List<List<Object>> rows) {
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        for (List<Object> r : rows) {
            Map<String, Object> p = new LinkedHashMap<>();
            for (int i = 0; i < key.size(); i++) {
                p.put(spec.ownerKeys().get(i).key(), key.get(i));
            }
            for (int i = 0; i < r.size(); i++) {
                p.put(spec.values().get(i).key(), r.get(i));
            }
            if (spec.index() != null) {
                p.put(spec.index().key(), out.size());
            }
            out.add(p);
        }
        return out;
    }
}
