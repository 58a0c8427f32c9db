package dev.retort.orm;

import dev.retort.dialect.SqlCompiler;
import dev.retort.engine.Row;
import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.sql.Attr;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.Label;
import dev.retort.sql.Traversal;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Columns selected together that a query returns as one value per row: the seeds' {@code Bundle}.
 * The statement selects the columns as if each was given on its own; the row's value for the
 * bundle is a {@link Row} of them, named by their keys, with {@link #as} a record made of them, or for
 * {@link ORM#dictBundle} a map of their keys to their values.
 * A bundle may hold bundles: its value then holds theirs, under their names, and it selects their
 * columns in their place (SQLAlchemy's nested {@code Bundle} and {@code DictBundle}). A {@link Composite}
 * attribute among them selects its columns and gives its value object (null when its columns are all NULL,
 * as an instance's load leaves it); {@code c(key)} is the attribute, compared column by column.
 * In a query's WHERE, its columns are {@link #c} (a nested bundle's, {@code b.bundle("b2").c("d2")});
 * in ORDER BY the bundle stands for its columns.
 * A bundle of rows travels through the serializer; one making records or maps does not (a class is never
 * loaded by name from the data): dump the bundle and call {@code as} on the loaded one.
 *
 * <pre>{@code
 * Bundle<Row> b = ORM.bundle("b", ORM.attr(Data.class, "d1"), ORM.attr(Data.class, "d2"));
 * List<Row> rows = session.execute(ORM.select(b).filter(b.c("d1").eq("x")));
 * Row r = (Row) rows.get(0).get(0);       // r.get("d1"), r.get("d2")
 * record D(String d1, String d2) { }
 * ORM.select(b.as(D.class));              // each row's value a D
 * }</pre>
 *
 * @param <T> the value for a row: {@link Row}, the record class of {@link #as}, or a map
 */
public final class Bundle<T> extends ClauseElement {
    static final Traversal<Bundle<?>> TRAVERSAL = Traversal.of("orm_bundle",
            a -> loaded(a[0], elementsOf(a[1]), a[2]),
            Attr.<Bundle<?>>struct("name", Bundle::name).since(19),
            // its members as given, nested bundles among them
            Attr.<Bundle<?>>clauses("columns", Bundle::elements).since(19),
            // the class itself: compared and keyed by it, and refused by the serializer, which never loads a class by name
            Attr.<Bundle<?>>struct("recordType", b -> b.recordType).since(19));

    private final String name;
    private final List<ClauseElement> elements;
    private final List<ColumnElement<?>> columns;
    private final Class<T> recordType;
    private final Constructor<T> constructor;
    private final List<String> keys;

    Bundle(String name, List<? extends ClauseElement> elements, Class<T> recordType) {
        if (name == null || elements.isEmpty()) {
            throw new ArgumentException("A bundle needs a name and at least one column");
        }
        this.name = name;
        this.elements = List.copyOf(elements);
        this.recordType = recordType;
        List<String> ks = new ArrayList<>();
        List<ColumnElement<?>> cs = new ArrayList<>();
        for (ClauseElement e : this.elements) {
            if (e instanceof Bundle<?> b) {
                ks.add(b.name);
                cs.addAll(b.columns);
            } else if (e instanceof QueryableAttribute<?> a && a.prop() instanceof CompositeProp p) {
                // a composite selects its columns, in order, and gives its value object made of them (SQLAlchemy's composite in a Bundle)
                ks.add(a.key());
                p.parts.forEach(part -> cs.add(a.owner().attr(part.key)));
            } else if (e instanceof ColumnElement<?> c) {
                ks.add(keyOf(c));
                cs.add(c);
            } else {
                throw new ArgumentException("A bundle holds columns, expressions and bundles, not " + e);
            }
        }
        this.keys = List.copyOf(ks);
        this.columns = List.copyOf(cs);
        if (recordType == java.util.Map.class && new java.util.HashSet<>(keys).size() != keys.size()) {
            // a map keeps one value per key: a second column of a key would hide the first (SQLAlchemy's DictBundle refuses too)
            throw new ArgumentException("A dict bundle needs columns of distinct keys; " + name + " has " + keys);
        }
        this.constructor = recordType == null || recordType == java.util.Map.class ? null : canonical(recordType, this.elements.size());
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    /** Its columns, comma-separated: how it orders a query or a window ({@code ORDER BY data.id, data.d1}). */
    @Override
    public String compileWith(SqlCompiler compiler) {
        StringJoiner j = new StringJoiner(", ");
        // its columns rather than its members: a composite member is its columns, not a column of its own
        columns.forEach(c -> j.add(compiler.process(c)));
        return j.toString();
    }

    /** The bundle's name: the key of its value in a query's rows. */
    public String name() {
        return name;
    }

    /** The columns it selects, in order: a nested bundle's in its place. */
    public List<ColumnElement<?>> columns() {
        return columns;
    }

    /** Its members as given: columns, expressions and nested bundles. */
    public List<ClauseElement> elements() {
        return elements;
    }

    /**
     * The column of key {@code key} (an attribute's key, a label's name, a column's key): the
     * seeds' {@code bundle.c.key}, for criteria.
     */
    public ColumnElement<?> c(String key) {
        if (member(key) instanceof ColumnElement<?> c) {
            return c;
        }
        throw new ArgumentException("Bundle " + name + "'s " + key + " is a bundle: bundle(\"" + key + "\")");
    }

    /**
     * The nested bundle named {@code key}: the seeds' {@code bundle.c.key} of a bundle in a bundle.
     *
     * <pre>{@code
     * Bundle<Row> b1 = ORM.bundle("b1", ORM.attr(Data.class, "d1"), ORM.bundle("b2", ORM.attr(Data.class, "d2")));
     * ORM.select(b1).filter(b1.bundle("b2").c("d2").eq("x"));
     * }</pre>
     */
    public Bundle<?> bundle(String key) {
        if (member(key) instanceof Bundle<?> b) {
            return b;
        }
        throw new ArgumentException("Bundle " + name + "'s " + key + " is a column, not a bundle: c(\"" + key + "\")");
    }

    private ClauseElement member(String key) {
        int i = keys.indexOf(key);
        if (i < 0) {
            throw new ArgumentException("Bundle " + name + " has no column " + key + "; it has " + keys);
        }
        return elements.get(i);
    }

    /**
     * This bundle making an instance of record {@code type} for each row, its components given the
     * columns' values in order.
     */
    public <R extends Record> Bundle<R> as(Class<R> type) {
        return new Bundle<>(name, elements, type);
    }

    /** The bundle's value of one row, whose {@link #columns}' values are {@code values}. */
    T value(Object[] values) {
        return value(values, new int[1]);
    }

    /** Its value from {@code values[at[0]]} on; {@code at[0]} is left past its columns'. */
    @SuppressWarnings("unchecked")
    private T value(Object[] all, int[] at) {
        Object[] values = new Object[elements.size()];
        for (int i = 0; i < values.length; i++) {
            ClauseElement e = elements.get(i);
            if (e instanceof Bundle<?> b) {
                values[i] = b.value(all, at);
            } else if (e instanceof QueryableAttribute<?> a && a.prop() instanceof CompositeProp p) {
                values[i] = p.valueOf(java.util.Arrays.copyOfRange(all, at[0], at[0] + p.parts.size()));
                at[0] += p.parts.size();
            } else {
                values[i] = all[at[0]++];
            }
        }
        if (recordType == java.util.Map.class) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            for (int i = 0; i < values.length; i++) {
                m.put(keys.get(i), values[i]);
            }
            return (T) m;
        }
        if (constructor == null) {
            return (T) Row.of(keys, List.of(java.util.Arrays.asList(values))).get(0);
        }
        try {
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            throw new ArgumentException("Record " + recordType.getName() + " refused a row of bundle " + name + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw new ArgumentException("Record " + recordType.getName() + " cannot take a row of bundle " + name + " " + keys + ": " + e, e);
        }
    }

    private static String keyOf(ColumnElement<?> c) {
        if (c instanceof QueryableAttribute<?> a) {
            return a.key();
        }
        if (c instanceof Label<?> l) {
            return l.name();
        }
        if (c instanceof Column<?> col) {
            return col.key();
        }
        return c.nonAnonLabel() != null ? c.nonAnonLabel() : c.anonPrefix();
    }

    private static <T> Constructor<T> canonical(Class<T> type, int n) {
        if (!type.isRecord()) {
            throw new ArgumentException("A bundle makes records, not " + type.getName());
        }
        RecordComponent[] rc = type.getRecordComponents();
        if (rc.length != n) {
            throw new ArgumentException("Record " + type.getName() + " has " + rc.length + " components for a bundle of " + n + " columns");
        }
        Class<?>[] params = new Class<?>[rc.length];
        for (int i = 0; i < rc.length; i++) {
            params[i] = rc[i].getType();
        }
        try {
            Constructor<T> c = type.getDeclaredConstructor(params);
            c.setAccessible(true);
            return c;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ArgumentException("Record " + type.getName() + "'s constructor cannot be used: " + e, e);
        }
    }

    /** A loaded bundle: one of rows (a document never holds a record type, see TRAVERSAL). */
    private static Bundle<?> loaded(Object name, List<ClauseElement> columns, Object recordType) {
        if (!(name instanceof String n)) {
            throw new ArgumentException("A bundle's 'name' is a string, not " + name);
        }
        if (recordType instanceof Class<?> c) {
            // a bundle rebuilt in memory (its columns adapted to an alias, the criteria's binds): a document never holds a class
            return new Bundle<>(n, columns, c);
        }
        if (recordType != null) {
            throw new ArgumentException("A loaded bundle cannot name a record type: " + recordType);
        }
        return new Bundle<Row>(n, columns, null);
    }

    @SuppressWarnings("unchecked")
    private static List<ClauseElement> elementsOf(Object o) {
        if (!(o instanceof List<?> l)) {
            throw new ArgumentException("A bundle's 'columns' is a list, not " + o);
        }
        for (Object c : l) {
            if (!(c instanceof ColumnElement<?>) && !(c instanceof Bundle<?>)) {
                throw new ArgumentException("A bundle holds columns, expressions and bundles, not " + c);
            }
        }
        return (List<ClauseElement>) o;
    }
}
