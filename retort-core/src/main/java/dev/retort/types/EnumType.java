package dev.retort.types;

import dev.retort.dialect.Dialect;
import dev.retort.exc.ArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An enumerated type: a native {@code ENUM} on PostgreSQL ({@code CREATE TYPE name AS ENUM},
 * created and dropped with the tables by {@code MetaData.createAll}/{@code dropAll}) and on
 * MySQL/MariaDB (inline {@code ENUM('a', 'b')}), a {@code VARCHAR} with a {@code CHECK} of its
 * labels on SQLite. Values are constants of a Java enum (stored by {@link Enum#name()}) or, for a
 * type built from labels (as reflection builds it), the label strings.
 *
 * <pre>{@code
 * Column.of("color", Types.enumOf(Color.class));                  // PostgreSQL type "color"
 * Column.of("rating", Types.enumOf("mpaa_rating", "G", "PG", "R"));  // values are Strings
 * }</pre>
 *
 * @param <E> the Java type of values: the enum class, or String
 */
public final class EnumType<E> extends TypeEngine<E> {
    private final Class<E> javaType;
    private final String name;
    private final List<String> labels;
    private final String schema;
    private final boolean createType;

    private EnumType(Class<E> javaType, String name, List<String> labels) {
        this(javaType, name, labels, null, true);
    }

    private EnumType(Class<E> javaType, String name, List<String> labels, String schema, boolean createType) {
        if (labels.isEmpty()) {
            throw new ArgumentException("An enum type needs at least one label" + (name == null ? "" : ": " + name));
        }
        this.javaType = javaType;
        this.name = name;
        this.labels = List.copyOf(labels);
        this.schema = schema;
        this.createType = createType;
    }

    /**
     * The PostgreSQL type in {@code schema} ({@code CREATE TYPE schema.name AS ENUM ...}, columns
     * and casts name it so); SQLAlchemy's {@code Enum(..., schema=)}. A copy.
     */
    public EnumType<E> schema(String value) {
        return new EnumType<>(javaType, name, labels, value, createType);
    }

    /** The schema of the PostgreSQL type, or null for the connection's. */
    public String schema() {
        return schema;
    }

    /**
     * Whether {@code MetaData.createAll} / {@code dropAll} create and drop the PostgreSQL type with
     * the tables (default true); false for one managed elsewhere, as SQLAlchemy's
     * {@code postgresql.ENUM(..., create_type=False)}. A copy.
     */
    public EnumType<E> createType(boolean value) {
        return new EnumType<>(javaType, name, labels, schema, value);
    }

    /** Whether {@code createAll} / {@code dropAll} create and drop the PostgreSQL type. */
    public boolean isCreateType() {
        return createType;
    }

    static <E extends Enum<E>> EnumType<E> of(Class<E> type, String name) {
        List<String> labels = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            labels.add(e.name());
        }
        return new EnumType<>(type, name, labels);
    }

    static EnumType<String> ofLabels(String name, List<String> labels) {
        return new EnumType<>(String.class, name, labels);
    }

    /** The database type's name (PostgreSQL), or null for an unnamed one (as MySQL's are). */
    public String name() {
        return name;
    }

    /** The labels, in the order that sorts them. */
    public List<String> labels() {
        return labels;
    }

    /** The length of the longest label: the VARCHAR where the database has no enum type. */
    public int maxLength() {
        return labels.stream().mapToInt(String::length).max().orElse(1);
    }

    @Override
    public Class<E> javaType() {
        return javaType;
    }

    @Override
    public String visitName() {
        return "ENUM";
    }

    @Override
    public List<Object> typeArguments() {
        List<Object> args = new ArrayList<>();
        args.add(name == null ? "" : name);
        args.addAll(labels);
        if (schema != null || !createType) {
            // kept apart from the labels, which are strings: a list is never one
            args.add(java.util.Arrays.asList(schema, createType));
        }
        return args;
    }

    @Override
    public TypeKind kind() {
        return TypeKind.ENUM;
    }

    @Override
    public boolean cacheOk() {
        return true;
    }

    /** A constant of the Java enum or one of the labels, by name; anything else is refused naming the labels. */
    @Override
    @SuppressWarnings("unchecked")
    protected E coerce(Object value) {
        if (value == null || javaType.isInstance(value)) {
            return (E) value;
        }
        String label = value instanceof Enum<?> e ? e.name() : value.toString();
        if (!labels.contains(label)) {
            throw new ArgumentException("'" + label + "' is not a label of enum type " + (name == null ? "" : name + " ") + labels);
        }
        return javaType == String.class ? (E) label : (E) Enum.valueOf(javaType.asSubclass(Enum.class), label);
    }

    @Override
    protected Object bindValue(E value, Dialect dialect) {
        return value instanceof Enum<?> e ? e.name() : value;
    }

    @Override
    protected E resultValue(Object value, Dialect dialect) {
        return coerce(value);
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && javaType == ((EnumType<?>) o).javaType;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), javaType);
    }
}
