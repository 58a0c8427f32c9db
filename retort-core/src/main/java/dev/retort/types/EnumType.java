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
    /** {@link #length()} when none was given: the longest label's. */
    private static final int LONGEST_LABEL = -1;

    private final Class<E> javaType;
    private final String name;
    private final List<String> labels;
    private final String schema;
    private final boolean createType;
    /** The VARCHAR's length where the type is not native: {@link #LONGEST_LABEL}, a length, or null for none. */
    private final Integer length;
    private final boolean nativeEnum;
    private final boolean createConstraint;

    private EnumType(Class<E> javaType, String name, List<String> labels) {
        this(javaType, name, labels, null, true, LONGEST_LABEL, true, false);
    }

    private EnumType(Class<E> javaType, String name, List<String> labels, String schema, boolean createType, Integer length,
            boolean nativeEnum, boolean createConstraint) {
        if (labels.isEmpty()) {
            throw new ArgumentException("An enum type needs at least one label" + (name == null ? "" : ": " + name));
        }
        if (length != null && length != LONGEST_LABEL && length < 1) {
            throw new ArgumentException("An enum type's length must be positive, not " + length + (name == null ? "" : ": " + name));
        }
        this.javaType = javaType;
        this.name = name;
        this.labels = List.copyOf(labels);
        this.schema = schema;
        this.createType = createType;
        this.length = length;
        this.nativeEnum = nativeEnum;
        this.createConstraint = createConstraint;
    }

    /**
     * The PostgreSQL type in {@code schema} ({@code CREATE TYPE schema.name AS ENUM ...}, columns
     * and casts name it so); SQLAlchemy's {@code Enum(..., schema=)}. A copy.
     */
    public EnumType<E> schema(String value) {
        return new EnumType<>(javaType, name, labels, value, createType, length, nativeEnum, createConstraint);
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
        return new EnumType<>(javaType, name, labels, schema, value, length, nativeEnum, createConstraint);
    }

    /** Whether {@code createAll} / {@code dropAll} create and drop the PostgreSQL type. */
    public boolean isCreateType() {
        return createType;
    }

    /**
     * The length of the {@code VARCHAR} that stores the type where it is not a native enum (by
     * default the longest label's); null for a {@code VARCHAR} without a length. SQLAlchemy's
     * {@code Enum(..., length=)}. A copy.
     * <pre>{@code
     * Types.enumOf("status", "new", "done").nativeEnum(false).length(20)   // VARCHAR(20) everywhere
     * }</pre>
     */
    public EnumType<E> length(Integer value) {
        return new EnumType<>(javaType, name, labels, schema, createType, value, nativeEnum, createConstraint);
    }

    /** The VARCHAR's length where the type is not native, or null for none. */
    public Integer length() {
        return length != null && length == LONGEST_LABEL ? (Integer) maxLength() : length;
    }

    /**
     * Whether the type is the database's own enum where it has one (default true: PostgreSQL's
     * named type, MySQL's {@code ENUM(...)}); false stores it as a {@code VARCHAR} on every
     * database, as SQLAlchemy's {@code Enum(..., native_enum=False)}. A copy.
     * <pre>{@code
     * Column.of("status", Types.enumOf("status", "new", "done").nativeEnum(false))   // status VARCHAR(4)
     * }</pre>
     */
    public EnumType<E> nativeEnum(boolean value) {
        return new EnumType<>(javaType, name, labels, schema, createType, length, value, createConstraint);
    }

    /** Whether the type is the database's own enum where it has one. */
    public boolean isNativeEnum() {
        return nativeEnum;
    }

    /**
     * Whether CREATE TABLE adds a CHECK constraint admitting the labels only where the type is a
     * {@code VARCHAR} (not native, or a database without enums), named after the type when it has
     * a name: {@code CONSTRAINT status CHECK (status IN ('new', 'done'))}. Default false, as
     * SQLAlchemy's {@code Enum(..., create_constraint=)}. A copy.
     */
    public EnumType<E> createConstraint(boolean value) {
        return new EnumType<>(javaType, name, labels, schema, createType, length, nativeEnum, value);
    }

    /** Whether CREATE TABLE adds a CHECK constraint of the labels where the type is a VARCHAR. */
    public boolean isCreateConstraint() {
        return createConstraint;
    }

    /** {@code VARCHAR(n)}, or {@code VARCHAR} without a length: the type where it is not native. */
    public String varcharDdl() {
        Integer n = length();
        return n == null ? "VARCHAR" : "VARCHAR(" + n + ")";
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
        if (schema != null || !createType || length == null || length != LONGEST_LABEL || !nativeEnum || createConstraint) {
            // kept apart from the labels, which are strings: a list is never one
            args.add(java.util.Arrays.asList(schema, createType, length, nativeEnum, createConstraint));
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
