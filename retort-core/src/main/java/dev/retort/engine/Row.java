package dev.retort.engine;

import dev.retort.exc.ArgumentException;
import dev.retort.exc.RetortException;
import dev.retort.types.TypeKind;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of a {@link Result}: its values by position or by column name. Rows are immutable;
 * two rows are equal when their values are (like tuples; the column names do not take part).
 *
 * <pre>{@code
 * Row row = conn.execute(select(users)).first();
 * row.get(0); row.get("name"); row.get("id", Long.class);
 * row.toList(); row.toMap();          // [7, jack]  {id=7, name=jack}
 * }</pre>
 */
public final class Row {
    private final RowKeys keys;
    private final Object[] values;

    Row(RowKeys keys, Object[] values) {
        this.keys = keys;
        this.values = values;
    }

    /**
     * Rows with these column names and values, as a cache that stored rows gives them back.
     *
     * <pre>{@code
     * List<Row> rows = Row.of(List.of("id", "name"), List.of(List.of(7, "jack")));
     * }</pre>
     */
    public static List<Row> of(List<String> keys, List<? extends List<?>> rows) {
        RowKeys k = new RowKeys(keys);
        List<Row> out = new java.util.ArrayList<>(rows.size());
        for (List<?> r : rows) {
            if (r.size() != keys.size()) {
                throw new dev.retort.exc.ArgumentException("A row of " + r.size() + " values for " + keys.size() + " columns " + keys);
            }
            out.add(new Row(k, r.toArray()));
        }
        return out;
    }

    /** The values themselves, not a copy: for {@link Result}, which made them. */
    Object[] values() {
        return values;
    }

    /** The value at a position, counted from 0. */
    public Object get(int index) {
        return values[keys.checkIndex(index)];
    }

    /**
     * The value of the column named {@code name}: the first column of that name, matched exactly
     * or else ignoring case. An unknown name raises {@link dev.retort.exc.NoSuchColumnException},
     * which lists the row's columns.
     */
    public Object get(String name) {
        return values[keys.indexOf(name)];
    }

    /**
     * The value of a column as {@code type}. Values of neighbouring types convert as Retort
     * binds them (an Integer read as Long, a String as LocalDate, ...); others raise
     * {@link ArgumentException}.
     */
    public <T> T get(String name, Class<T> type) {
        return convert(name, get(name), type);
    }

    /** The value at a position as {@code type}; see {@link #get(String, Class)}. */
    public <T> T get(int index, Class<T> type) {
        return convert(keys.names().get(keys.checkIndex(index)), values[index], type);
    }

    /** The number of columns. */
    public int size() {
        return values.length;
    }

    /** The column names, in order. */
    public List<String> keys() {
        return keys.names();
    }

    /** The values, in order (an unmodifiable list that may hold nulls). */
    public List<Object> toList() {
        return Collections.unmodifiableList(Arrays.asList(values.clone()));
    }

    /** The values by column name, in column order; of columns sharing a name the first is kept. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            m.putIfAbsent(keys.names().get(i), values[i]);
        }
        return Collections.unmodifiableMap(m);
    }

    private static <T> T convert(String column, Object value, Class<T> type) {
        if (value == null || type.isInstance(value)) {
            return type.cast(value);
        }
        String problem = "Column '" + column + "' holds a " + value.getClass().getName() + " (" + value + "), not a " + type.getName();
        TypeKind kind = TypeKind.forJavaType(type);
        if (kind == null) {
            throw new ArgumentException(problem);
        }
        try {
            return type.cast(kind.coerce(value));
        } catch (RetortException e) {
            throw e;
        } catch (RuntimeException e) {
            // Overflow or unparsable text.
            throw new ArgumentException(problem + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Row r && Arrays.deepEquals(values, r.values);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(values);
    }

    /** The values as a tuple: {@code (7, 'jack', 0x00ff)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            sb.append(i == 0 ? "" : ", ");
            if (v instanceof CharSequence s) {
                sb.append('\'').append(s).append('\'');
            } else if (v instanceof byte[] b) {
                sb.append("0x").append(HexFormat.of().formatHex(b));
            } else {
                sb.append(v);
            }
        }
        return sb.append(')').toString();
    }
}
