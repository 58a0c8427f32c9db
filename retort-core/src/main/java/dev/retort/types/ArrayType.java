package dev.retort.types;

import dev.retort.dialect.Dialect;
import java.util.ArrayList;
import java.util.List;

/**
 * A PostgreSQL array of an element type, such as {@code INTEGER[]} or {@code TEXT[]}; values
 * are {@code List}s of the element type's values ({@code null} elements allowed). Other
 * databases have no array type: DDL for them raises {@code CompileException}.
 *
 * <pre>{@code
 * Column.of("tags", Types.array(Types.TEXT));
 * select(t).where(t.c("tags", List.class).cast(...));
 * }</pre>
 *
 * @param <E> the element type's values
 */
public final class ArrayType<E> extends TypeEngine<List<E>> {
    private final TypeEngine<E> elementType;

    ArrayType(TypeEngine<E> elementType) {
        if (elementType == null) {
            throw new dev.retort.exc.ArgumentException("An array type needs an element type");
        }
        this.elementType = elementType;
    }

    /** The type of the elements. */
    public TypeEngine<E> elementType() {
        return elementType;
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
        return List.of(elementType);
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
        List<?> list = (List<?>) TypeKind.ARRAY.coerce(value);
        if (list == null) {
            return null;
        }
        List<E> out = new ArrayList<>(list.size());
        for (Object v : list) {
            out.add(v == null ? null : elementType.coerce(v));
        }
        return out;
    }

    @Override
    protected Object bindValue(List<E> value, Dialect dialect) {
        Object[] values = new Object[value.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = elementType.toJdbc(value.get(i), dialect);
        }
        return new Elements(elementType.dialectImpl(dialect), values);
    }

    @Override
    protected List<E> resultValue(Object value, Dialect dialect) {
        List<?> list = (List<?>) value;
        List<E> out = new ArrayList<>(list.size());
        for (Object v : list) {
            out.add(v == null ? null : elementType.coerce(v));
        }
        return out;
    }

    @Override
    protected String literalValue(List<E> value, Dialect dialect) {
        StringBuilder sb = new StringBuilder("ARRAY[");
        for (int i = 0; i < value.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(elementType.literal(value.get(i), dialect));
        }
        return sb.append("]::").append(dialect.typeDdl(this)).toString();
    }

    @Override
    public List<E> copyValue(List<E> value) {
        return value == null ? null : new ArrayList<>(value);
    }
}
