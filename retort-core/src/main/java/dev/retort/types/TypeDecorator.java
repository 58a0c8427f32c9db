package dev.retort.types;

import dev.retort.dialect.Dialect;
import dev.retort.exc.ArgumentException;
import dev.retort.sql.BindParameter;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.Operator;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A user-defined type built on an existing one, its {@code impl}: values of {@code T} are
 * converted to values of the implementation's {@code I} when bound and back when read, while
 * DDL, JDBC binding and operators are the implementation's. Subclasses implement {@link
 * #processBindParam} and {@link #processResultValue}; neither ever receives {@code null} (SQL
 * NULL stays NULL) unless the type {@linkplain #shouldEvaluateNone evaluates none}.
 *
 * <pre>{@code
 * public final class Money extends TypeDecorator<BigDecimal, Long> {     // stored as BIGINT cents
 *     public Money() { super(Types.BIGINT); }
 *     @Override public Long processBindParam(BigDecimal v, Dialect d) { return v.movePointRight(2).longValueExact(); }
 *     @Override public BigDecimal processResultValue(Long v, Dialect d) { return BigDecimal.valueOf(v, 2); }
 *     @Override public boolean cacheOk() { return true; }
 * }
 * Column.of("price", new Money());
 * }</pre>
 *
 * <p>{@code T} is read from the subclass's declaration ({@code BigDecimal} above); a subclass
 * that is generic itself passes it to {@link #TypeDecorator(TypeEngine, Class)}. Values of
 * neighbouring Java types are accepted as Retort binds them (an {@code Integer} for a {@code
 * BigDecimal}).
 *
 * <p>{@link #cacheOk()} has the seeds' meaning: not declared, the type is left out of statement
 * caching (with a warning); {@code false}, left out silently; {@code true}, the type takes part
 * and its {@link #cacheKeyState()} enters the cache key, so two instances with equal state share
 * cached statements. Only with {@code true} are two distinct instances ever equal.
 *
 * @param <T> the Java type of this type's values
 * @param <I> the Java type of the implementation type's values
 */
public abstract class TypeDecorator<T, I> extends TypeEngine<T> {
    private final TypeEngine<I> impl;
    private final Class<T> javaType;
    /** The class bound to {@code I} by the subclass's declaration (Object when left generic): what processResultValue takes. */
    private final Class<?> implValueClass;
    // Derived from the (immutable) instance the first time it is needed; a race computes it twice.
    private volatile List<Object> stateMemo;

    /** A decorator of {@code impl} whose value class is read from the subclass's type arguments. */
    protected TypeDecorator(TypeEngine<I> impl) {
        this(impl, null);
    }

    /** A decorator of {@code impl} for values of {@code javaType} (for generic subclasses). */
    @SuppressWarnings("unchecked")
    protected TypeDecorator(TypeEngine<I> impl, Class<T> javaType) {
        if (impl == null) {
            throw new ArgumentException(getClass().getSimpleName() + " needs an implementation type");
        }
        this.impl = impl;
        this.javaType = javaType != null ? javaType : (Class<T>) valueClass(getClass(), 0);
        this.implValueClass = valueClass(getClass(), 1);
    }

    /** The type this one stores its values as. */
    public TypeEngine<I> impl() {
        return impl;
    }

    /**
     * The implementation type to use on {@code dialect}; by default {@link #impl()}. Override to
     * store values differently per database (JSON on PostgreSQL, TEXT elsewhere, say).
     */
    public TypeEngine<I> loadDialectImpl(Dialect dialect) {
        return impl;
    }

    /** Converts a value of this type (never null, see above) to the implementation's. */
    public abstract I processBindParam(T value, Dialect dialect);

    /** Converts a value read through the implementation type (never null, see above) to this type's. */
    public abstract T processResultValue(I value, Dialect dialect);

    /**
     * Converts a value to render inline (with {@code LITERAL_BINDS}), which the implementation
     * type then renders as its literal; by default as {@link #processBindParam} converts it.
     */
    public I processLiteralParam(T value, Dialect dialect) {
        return processBindParam(value, dialect);
    }

    @Override
    public Class<T> javaType() {
        return javaType;
    }

    @Override
    public String visitName() {
        return impl.visitName();
    }

    @Override
    public TypeKind kind() {
        return impl.kind();
    }

    @Override
    public TypeEngine<?> dialectImpl(Dialect dialect) {
        TypeEngine<T> t = forDialect(dialect);
        return t == this ? loadDialectImpl(dialect).dialectImpl(dialect) : t.dialectImpl(dialect);
    }

    @Override
    public TypeEngine<?> asGeneric() {
        return impl.asGeneric();
    }

    @Override
    protected final Object bindValue(T value, Dialect dialect) {
        return loadDialectImpl(dialect).toJdbc(processBindParam(value, dialect), dialect);
    }

    /**
     * A value the implementation read that {@link #processResultValue} cannot take is refused, never
     * cut to fit: a fraction or an unsigned BIGINT above 2^63 - 1 that an expression typed whole
     * yields ({@code coalesce(CAST(NULL AS BIGINT), 1.25)}), read as it is (as SQLAlchemy hands
     * its process_result_value the driver's Decimal), where the decorator takes the implementation's
     * Long. A decorator declared to take {@code Number} is given it.
     */
    @Override
    protected final T resultValue(Object value, Dialect dialect) {
        TypeEngine<I> impl = loadDialectImpl(dialect);
        I v = impl.fromJdbc(value, dialect);
        if (v != null && !implValueClass.isInstance(v) && impl.kind().isInteger()) {
            throw new ArithmeticException(this + " read " + TypeKind.describe(v) + ", a " + v.getClass().getName()
                    + " (not a whole number its implementation holds), which its processResultValue cannot take: it takes "
                    + implValueClass.getName() + "; declare the decorator's implementation value class Number to be given it");
        }
        return processResultValue(v, dialect);
    }

    @Override
    protected final String literalValue(T value, Dialect dialect) {
        return loadDialectImpl(dialect).literal(processLiteralParam(value, dialect), dialect);
    }

    /** Accepts instances of {@link #javaType()} and values that convert to it as Retort binds them. */
    @Override
    @SuppressWarnings("unchecked")
    protected T coerce(Object value) {
        if (value == null || javaType.isInstance(value)) {
            return (T) value;
        }
        TypeKind kind = TypeKind.forJavaType(javaType);
        RuntimeException cause = null;
        if (kind != null) {
            try {
                return (T) kind.coerce(value);
            } catch (RuntimeException e) {
                cause = e;
            }
        }
        throw new ArgumentException("Value " + value + " of " + value.getClass().getName() + " is not a " + javaType.getName() + " for the type " + this, cause);
    }

    /** Plain values compared with a decorated expression are bound through this type: returns this. */
    @Override
    public TypeEngine<?> coerceComparedValue(Operator op, Object value) {
        return this;
    }

    /** The implementation type's, by default. */
    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public ColumnElement<?> bindExpression(BindParameter<T> bind) {
        // The expression works on SQL, where the parameter is of the implementation type.
        return impl.bindExpression((BindParameter) bind);
    }

    /** The implementation type's, by default. */
    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public ColumnElement<?> columnExpression(ColumnElement<T> column) {
        return impl.columnExpression((ColumnElement) column);
    }

    /**
     * The state that distinguishes instances of this type, which enters statement cache keys
     * when {@link #cacheOk()} is true. By default the values of every instance field the
     * subclasses declare (arrays as lists), so that statements are never shared between
     * instances that convert values differently; override to name fewer.
     */
    public List<Object> cacheKeyState() {
        List<Object> s = stateMemo;
        if (s == null) {
            s = Collections.unmodifiableList(fieldValues());
            stateMemo = s;
        }
        return s;
    }

    private List<Object> fieldValues() {
        List<Object> values = new ArrayList<>();
        for (Class<?> c = getClass(); c != TypeDecorator.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    values.add(listOfArray(f.get(this)));
                } catch (IllegalAccessException | InaccessibleObjectException e) {
                    throw new ArgumentException("Cannot read the field " + c.getName() + "." + f.getName() + " for the cache key of " + this
                            + "; override cacheKeyState() or open the package to dev.retort", e);
                }
            }
        }
        return values;
    }

    /** Arrays compare by identity; as lists they compare, and hash, by content. */
    private static Object listOfArray(Object v) {
        if (v == null || !v.getClass().isArray()) {
            return v;
        }
        List<Object> items = new ArrayList<>(Array.getLength(v));
        for (int i = 0; i < Array.getLength(v); i++) {
            items.add(listOfArray(Array.get(v, i)));
        }
        return items;
    }

    /** The {@link #cacheKeyState()}. */
    @Override
    public List<Object> typeArguments() {
        return cacheKeyState();
    }

    @Override
    public boolean equals(Object o) {
        // Without cacheOk() the state that matters is unknown: an instance equals only itself.
        return this == o || cacheOk() && super.equals(o) && impl.equals(((TypeDecorator<?, ?>) o).impl);
    }

    @Override
    public int hashCode() {
        return cacheOk() ? 31 * super.hashCode() + impl.hashCode() : System.identityHashCode(this);
    }

    /** {@code Money(BIGINT)}. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + impl + ")";
    }

    // ---- the value class from the type arguments ------------------------------------------

    /** The class bound to TypeDecorator's type parameter {@code index} by {@code c}'s declaration, or Object when it is left generic. */
    private static Class<?> valueClass(Class<?> c, int index) {
        Map<TypeVariable<?>, Type> bound = new HashMap<>();
        for (Class<?> k = c; k != TypeDecorator.class; k = k.getSuperclass()) {
            if (k.getGenericSuperclass() instanceof ParameterizedType p) {
                TypeVariable<?>[] vars = ((Class<?>) p.getRawType()).getTypeParameters();
                Type[] args = p.getActualTypeArguments();
                for (int i = 0; i < vars.length; i++) {
                    bound.put(vars[i], args[i] instanceof TypeVariable<?> v && bound.containsKey(v) ? bound.get(v) : args[i]);
                }
            }
        }
        return erase(bound.get(TypeDecorator.class.getTypeParameters()[index]));
    }

    private static Class<?> erase(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (t instanceof GenericArrayType a) {
            return Array.newInstance(erase(a.getGenericComponentType()), 0).getClass();
        }
        if (t instanceof WildcardType w) {
            return erase(w.getUpperBounds()[0]);
        }
        return Object.class;
    }
}
