package dev.retort.types;

import dev.retort.dialect.Dialect;
import dev.retort.exc.CompileException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A SQL type mapped to a Java type {@code T}: how values of it are bound to JDBC, read back,
 * rendered inline, and named in DDL and {@code CAST}. Types are immutable values; two types
 * with the same class and arguments are equal.
 *
 * <pre>{@code
 * TypeEngine<String> name = Types.string(50);
 * TypeEngine<String> text = name.withVariant(Types.TEXT, "sqlite");   // TEXT on SQLite only
 * }</pre>
 *
 * @param <T> the Java type of values of this SQL type
 */
public abstract class TypeEngine<T> {
    private final Map<String, TypeEngine<T>> variants;

    protected TypeEngine() {
        this.variants = Map.of();
    }

    protected TypeEngine(Map<String, TypeEngine<T>> variants) {
        this.variants = Map.copyOf(variants);
    }

    /** The Java class of values of this type. */
    public abstract Class<T> javaType();

    /**
     * The generic SQL name of this type, which dialects translate in DDL ("INTEGER", "VARCHAR",
     * "NUMERIC", ...).
     */
    public abstract String visitName();

    /** The arguments that distinguish instances of this type (length, precision, ...). */
    public List<Object> typeArguments() {
        return List.of();
    }

    /** The category of this type, which decides JDBC binding and operator result types. */
    public abstract TypeKind kind();

    /** The type used for the given dialect: a variant registered for it, or this type. */
    public TypeEngine<T> dialectImpl(Dialect dialect) {
        TypeEngine<T> v = variants.get(dialect.name());
        if (v == null && dialect.name().equals("mariadb")) {
            v = variants.get("mysql");
        }
        return v == null ? this : v;
    }

    /**
     * A copy of this type that uses {@code variant} on the named dialect ("sqlite",
     * "postgresql", "mysql", "mariadb").
     */
    public TypeEngine<T> withVariant(TypeEngine<T> variant, String dialectName) {
        Map<String, TypeEngine<T>> v = new HashMap<>(variants);
        v.put(dialectName, variant);
        return copyWithVariants(v);
    }

    /** Variants registered with {@link #withVariant}, by dialect name. */
    public Map<String, TypeEngine<T>> variants() {
        return variants;
    }

    /** Subclasses that support variants return a copy of themselves carrying them. */
    protected TypeEngine<T> copyWithVariants(Map<String, TypeEngine<T>> variants) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support variants");
    }

    /** The generic form of this type, without dialect variants. */
    public TypeEngine<T> asGeneric() {
        return this;
    }

    /**
     * Converts a Java value to what the JDBC driver receives. The default handles the built-in
     * categories; {@code TypeDecorator} builds on it.
     */
    public Object processBindParam(T value, Dialect dialect) {
        return value;
    }

    /** Converts a value read from JDBC (already in the category's Java form) to {@code T}. */
    public T processResultValue(Object value, Dialect dialect) {
        return javaType().cast(value);
    }

    /** Renders a value inline as a SQL literal, for {@code LITERAL_BINDS}. */
    public String literal(T value, Dialect dialect) {
        if (value == null) {
            return "NULL";
        }
        return dialect.renderLiteral(kind(), processBindParam(value, dialect));
    }

    /** Whether two values of this type are equal (used for change detection). */
    public boolean compareValues(T a, T b) {
        return Objects.deepEquals(a, b);
    }

    /** Whether this type's state may enter a statement cache key (see the seeds' {@code cache_ok}). */
    public Boolean cacheOk() {
        return Boolean.TRUE;
    }

    /** Binds {@code value} as parameter {@code index} of {@code ps}. */
    @SuppressWarnings("unchecked")
    public void setParameter(PreparedStatement ps, int index, Object value, Dialect dialect) throws SQLException {
        TypeEngine<T> impl = dialectImpl(dialect);
        Object jdbc = value == null ? null : impl.processBindParam(coerce(value), dialect);
        dialect.jdbcBinder().bind(ps, index, impl.kind(), jdbc);
    }

    /** Reads column {@code index} of the current row of {@code rs}. */
    public T getResult(ResultSet rs, int index, Dialect dialect) throws SQLException {
        TypeEngine<T> impl = dialectImpl(dialect);
        Object raw = dialect.jdbcBinder().read(rs, index, impl.kind());
        return raw == null ? null : impl.processResultValue(raw, dialect);
    }

    /** Accepts values of neighbouring Java types (an Integer for a BIGINT, say). */
    @SuppressWarnings("unchecked")
    protected T coerce(Object value) {
        return (T) kind().coerce(value);
    }

    /** Raises the standard error for a value that cannot be rendered inline. */
    protected static CompileException cannotRender(Object value, Dialect dialect) {
        return new CompileException("No literal rendering of " + value.getClass().getName() + " value '" + value + "' for dialect " + dialect.name());
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        TypeEngine<?> t = (TypeEngine<?>) o;
        return visitName().equals(t.visitName()) && typeArguments().equals(t.typeArguments()) && variants.equals(t.variants);
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass(), visitName(), typeArguments());
    }

    @Override
    public String toString() {
        List<Object> args = typeArguments();
        if (args.isEmpty()) {
            return visitName();
        }
        StringBuilder sb = new StringBuilder(visitName()).append('(');
        for (int i = 0; i < args.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(args.get(i));
        }
        return sb.append(')').toString();
    }
}
