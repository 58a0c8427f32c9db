package dev.retort.types;

import dev.retort.dialect.Dialect;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A PostgreSQL array of an element type, such as {@code INTEGER[]} or {@code TEXT[]}; values
 * are {@code List}s of the element type's values ({@code null} elements allowed). Other
 * databases have no array type: DDL for them raises {@code CompileException}.
 *
 * <pre>{@code
 * Column.of("tags", Types.array(Types.TEXT));
 * Column.of("grid", Types.array(Types.INTEGER).dimensions(2));        // INTEGER[][], values List<List<Integer>>
 * Column.of("xs", Types.array(Types.INTEGER).zeroIndexes(true));      // xs.item(0) is xs[1]
 * }</pre>
 *
 * @param <E> the element type's values
 */
public final class ArrayType<E> extends TypeEngine<List<E>> {
    private final TypeEngine<E> elementType;
    /** The dimensions given, or 0 for none (one). */
    private final int dimensions;
    private final boolean zeroIndexes;

    ArrayType(TypeEngine<E> elementType) {
        this(elementType, 0, false);
    }

    private ArrayType(TypeEngine<E> elementType, int dimensions, boolean zeroIndexes) {
        if (elementType == null) {
            throw new dev.retort.exc.ArgumentException("An array type needs an element type");
        }
        this.elementType = elementType;
        this.dimensions = dimensions;
        this.zeroIndexes = zeroIndexes;
    }

    /** The type of the elements. */
    public TypeEngine<E> elementType() {
        return elementType;
    }

    /**
     * A multi-dimensional array: DDL and casts write {@code []} as many times
     * ({@code INTEGER[][]}), values are lists of lists, and {@code item(i)} of such an array is
     * an array of one dimension less. SQLAlchemy's {@code ARRAY(..., dimensions=)}. A copy.
     */
    public ArrayType<E> dimensions(int value) {
        // PostgreSQL's own limit (MAXDIM); also bounds what a loaded type can make DDL and values nest
        if (value < 1 || value > 6) {
            throw new dev.retort.exc.ArgumentException("An array type's dimensions must be between 1 and 6, not " + value);
        }
        return new ArrayType<>(elementType, value, zeroIndexes);
    }

    /** The dimensions given, or null when none was (one, as PostgreSQL does not check it). */
    public Integer dimensions() {
        return dimensions == 0 ? null : dimensions;
    }

    /**
     * Whether indexes given to {@code item} and {@code slice} count from 0 as Java's do; they are
     * written plus one, since PostgreSQL's count from 1. SQLAlchemy's {@code ARRAY(..., zero_indexes=True)}.
     * A copy.
     */
    public ArrayType<E> zeroIndexes(boolean value) {
        return new ArrayType<>(elementType, dimensions, value);
    }

    /** Whether indexes count from 0. */
    public boolean isZeroIndexes() {
        return zeroIndexes;
    }

    /** The type of {@code item(i)}: the element type, or for several dimensions an array of one dimension less. */
    public TypeEngine<?> itemType() {
        return dimensions > 1 ? new ArrayType<>(elementType, dimensions - 1, zeroIndexes) : elementType;
    }

    /** What the PostgreSQL binder turns into a {@code java.sql.Array}: the element type's DDL name and the bound elements. */
    public record Elements(TypeEngine<?> elementType, Object[] values) {
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Class<List<E>> javaType() {
        return (Class) List.class;
    }

    @Override
    public String visitName() {
        return "ARRAY";
    }

    @Override
    public List<Object> typeArguments() {
        return dimensions == 0 && !zeroIndexes ? List.of(elementType) : List.of(elementType, dimensions, zeroIndexes);
    }

    @Override
    public TypeKind kind() {
        return TypeKind.ARRAY;
    }

    @Override
    public boolean cacheOk() {
        return Boolean.TRUE.equals(elementType.cacheOkDeclared());
    }

    @Override
    @SuppressWarnings("unchecked")
    protected List<E> coerce(Object value) {
        return (List<E>) items(value, "");
    }

    /**
     * {@code value}'s items coerced to the element type, an inner dimension's in turn. An item
     * the element type refuses is named by its index from 0 ({@code [1][0]} in a nested array)
     * and its value, not the whole value: an array of thousands printed whole hid which one it was.
     */
    private List<Object> items(Object value, String path) {
        List<?> list;
        try {
            list = (List<?>) TypeKind.ARRAY.coerce(value);
        } catch (RuntimeException e) {
            throw path.isEmpty() ? e : refused(path, value, e);
        }
        if (list == null) {
            return null;
        }
        List<Object> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Object v = list.get(i);
            if (v == null) {
                out.add(null);
            } else if (dimensions > 1) {
                out.add(((ArrayType<?>) itemType()).items(v, path + "[" + i + "]"));
            } else {
                try {
                    out.add(elementType.coerce(v));
                } catch (RuntimeException e) {
                    throw refused(path + "[" + i + "]", v, e);
                }
            }
        }
        return out;
    }

    private dev.retort.exc.ArgumentException refused(String path, Object item, RuntimeException e) {
        return new dev.retort.exc.ArgumentException("Array item " + path + " (" + TypeKind.describe(item) + ", a " + item.getClass().getName() + ") of an "
                + this + " value is refused: " + e.getMessage(), e);
    }

    @Override
    protected Object bindValue(List<E> value, Dialect dialect) {
        return new Elements(elementType.dialectImpl(dialect), jdbcValues(value, dialect));
    }

    /** The bound elements; for several dimensions nested arrays, as the driver's createArrayOf takes them. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object[] jdbcValues(List<?> value, Dialect dialect) {
        Object[] values = new Object[value.size()];
        for (int i = 0; i < values.length; i++) {
            Object v = value.get(i);
            values[i] = dimensions > 1 ? (v == null ? null : ((ArrayType) itemType()).jdbcValues((List<?>) v, dialect)) : elementType.toJdbc((E) v, dialect);
        }
        return values;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected List<E> resultValue(Object value, Dialect dialect) {
        List<?> list = (List<?>) value;
        TypeEngine<?> item = itemType();
        List<Object> out = new ArrayList<>(list.size());
        for (Object v : list) {
            // the driver reads an inner dimension as an array
            out.add(v == null ? null : fraction(item, v) ? v : item.coerce(v instanceof Object[] inner ? java.util.Arrays.asList(inner) : v));
        }
        return (List<E>) out;
    }

    /**
     * Whether {@code v} is a fraction in an array of a whole-number item type: an expression typed
     * INTEGER[] by its first argument whose server type is numeric[] ({@code coalesce(CAST(NULL AS
     * INTEGER[]), ARRAY[1.5])}); read as it is, as a plain INTEGER reads one, never refused as too wide.
     */
    private static boolean fraction(TypeEngine<?> item, Object v) {
        return item.kind().isInteger() && (v instanceof BigDecimal d && !TypeKind.isWhole(d) || v instanceof Double x && x != Math.rint(x));
    }

    @Override
    protected String literalValue(List<E> value, Dialect dialect) {
        return arrayLiteral(value, dialect) + "::" + dialect.typeDdl(this);
    }

    /** {@code ARRAY[...]} of the elements, an inner dimension an {@code ARRAY[...]} of its own. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private String arrayLiteral(List<?> value, Dialect dialect) {
        StringBuilder sb = new StringBuilder("ARRAY[");
        for (int i = 0; i < value.size(); i++) {
            Object v = value.get(i);
            sb.append(i == 0 ? "" : ", ").append(dimensions > 1 && v != null ? ((ArrayType) itemType()).arrayLiteral((List<?>) v, dialect) : elementType.literal((E) v, dialect));
        }
        return sb.append("]").toString();
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public List<E> copyValue(List<E> value) {
        if (value == null || dimensions < 2) {
            return value == null ? null : new ArrayList<>(value);
        }
        List<Object> out = new ArrayList<>(value.size());
        value.forEach(v -> out.add(((ArrayType) itemType()).copyValue((List) v)));
        return (List<E>) out;
    }
}
