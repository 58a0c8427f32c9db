package dev.retort.types;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.exc.ArgumentException;
import dev.retort.sql.BindParameter;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.Operator;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A SQL type mapped to a Java type {@code T}: how values of it are bound to JDBC, read back,
 * rendered inline, compared, and named in DDL and {@code CAST}, per dialect. Types are immutable
 * values; two types with the same class and arguments are equal. {@code null} is SQL NULL in
 * both directions and never reaches a type's conversions, unless the type
 * {@linkplain #evaluatesNone() evaluates none}.
 *
 * <pre>{@code
 * TypeEngine<String> name = Types.string(50);
 * TypeEngine<String> text = name.withVariant(Types.TEXT, "sqlite");   // TEXT on SQLite only
 * text.compile(Dialects.sqlite());                                     // "TEXT"
 * text.bindProcessor(Dialects.postgresql()).apply("x");                // what JDBC receives
 * }</pre>
 *
 * <p>To define a type of one's own, extend {@link TypeDecorator}, which builds on an existing
 * type; a direct subclass of this class overrides {@link #bindValue}, {@link #resultValue} and
 * {@link #literalValue}.
 *
 * @param <T> the Java type of values of this SQL type
 */
public abstract class TypeEngine<T> implements Cloneable {
    // Not final only so that copy() can set them on a fresh clone before returning it; no
    // instance ever changes once another object can see it.
    private Map<String, TypeEngine<T>> variants = Map.of();
    private boolean evaluatesNone;
    /**
     * How values of this type bind and read on the dialect they last did: every execution binds
     * and reads through its types, and resolving the variant and implementation type per value
     * cost more than the JDBC call (issue #13). Racy but benign: the record is immutable and a
     * miss only resolves again; {@link #copy()} clears it, as a copy may resolve differently.
     */
    private Resolved resolved;

    /** This type on {@code dialect}: its {@link #forDialect variant} and the {@link TypeKind} of its {@link #dialectImpl}. */
    private record Resolved(Dialect dialect, TypeEngine<?> variant, TypeKind implKind) {
    }

    protected TypeEngine() {
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

    /**
     * The type that handles this type's values on {@code dialect}: the variant registered for it
     * with {@link #withVariant} (a {@code "mysql"} variant also serves MariaDB), or this type.
     */
    public TypeEngine<T> forDialect(Dialect dialect) {
        TypeEngine<T> v = variants.get(dialect.name());
        if (v == null && dialect.name().equals("mariadb")) {
            v = variants.get("mysql");
        }
        return v == null ? this : v;
    }

    /**
     * The type the database stores this type's values as on {@code dialect}, which names it in
     * DDL and decides how JDBC binds it: the variant's, a {@link TypeDecorator}'s implementation
     * type's, or this type.
     */
    public TypeEngine<?> dialectImpl(Dialect dialect) {
        TypeEngine<T> t = forDialect(dialect);
        return t == this ? this : t.dialectImpl(dialect);
    }

    /** The DDL name of this type on {@code dialect}: {@code "BYTEA"}, {@code "VARCHAR(50)"}, ... */
    public String compile(Dialect dialect) {
        return dialect.typeDdl(this);
    }

    /** The DDL name of this type in the default dialect. */
    public String compile() {
        return compile(Dialects.defaultDialect());
    }

    /**
     * A copy of this type that uses {@code variant} on the named dialect ("sqlite",
     * "postgresql", "mysql", "mariadb"); other dialects keep this type.
     */
    public TypeEngine<T> withVariant(TypeEngine<T> variant, String dialectName) {
        if (variant == null || dialectName == null) {
            throw new ArgumentException("withVariant needs a type and a dialect name");
        }
        Map<String, TypeEngine<T>> v = new HashMap<>(variants);
        v.put(dialectName, variant);
        TypeEngine<T> copy = copy();
        copy.variants = Map.copyOf(v);
        return copy;
    }

    /** Variants registered with {@link #withVariant}, by dialect name. */
    public Map<String, TypeEngine<T>> variants() {
        return variants;
    }

    /**
     * The generic form of this type: without dialect variants and, for a {@link TypeDecorator},
     * the generic form of the type it stores its values as.
     */
    public TypeEngine<?> asGeneric() {
        if (variants.isEmpty()) {
            return this;
        }
        TypeEngine<T> copy = copy();
        copy.variants = Map.of();
        return copy;
    }

    /**
     * A copy of this type for which Java {@code null} is a value like any other: it goes through
     * the type's conversions when bound and read, rather than being SQL NULL (for a type that
     * stores {@code null} as, say, the JSON text {@code null}).
     */
    public TypeEngine<T> evaluatesNone() {
        TypeEngine<T> copy = copy();
        copy.evaluatesNone = true;
        return copy;
    }

    /** Whether Java {@code null} goes through this type's conversions; see {@link #evaluatesNone()}. */
    public boolean shouldEvaluateNone() {
        return evaluatesNone;
    }

    /** A shallow copy of this type, of its own class, for the copying methods above. */
    @SuppressWarnings("unchecked")
    protected TypeEngine<T> copy() {
        try {
            TypeEngine<T> copy = (TypeEngine<T>) super.clone();
            copy.resolved = null;
            return copy;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    // ---- values ---------------------------------------------------------------------------

    /**
     * Converts a value of this type (never null unless it {@linkplain #shouldEvaluateNone
     * evaluates none}) to what the dialect's {@link dev.retort.dialect.JdbcBinder} receives for
     * the {@link #kind()} of {@link #dialectImpl}. The default passes it through.
     */
    protected Object bindValue(T value, Dialect dialect) {
        return value;
    }

    /** Converts what the dialect's JDBC binder read for this type to a value of it. */
    protected T resultValue(Object value, Dialect dialect) {
        return javaType().cast(value);
    }

    /** Renders a value of this type inline as a SQL literal; by default the bound value's literal. */
    protected String literalValue(T value, Dialect dialect) {
        return dialect.renderLiteral(dialectImpl(dialect).kind(), bindValue(value, dialect));
    }

    /** The function that turns values of this type into what JDBC receives on {@code dialect}. */
    public Function<T, Object> bindProcessor(Dialect dialect) {
        return value -> toJdbc(value, dialect);
    }

    /** The function that turns what JDBC returned on {@code dialect} into values of this type. */
    public Function<Object, T> resultProcessor(Dialect dialect) {
        return value -> fromJdbc(value, dialect);
    }

    /** The function that renders values of this type as SQL literals of {@code dialect}. */
    public Function<T, String> literalProcessor(Dialect dialect) {
        return value -> literal(value, dialect);
    }

    /**
     * Renders a value inline as a SQL literal, for {@code LITERAL_BINDS}. Values of neighbouring
     * Java types are accepted as when bound (an Integer for a BIGINT, say).
     */
    public String literal(T value, Dialect dialect) {
        TypeEngine<T> t = forDialect(dialect);
        T v = t.coerce(value);
        return v == null && !t.shouldEvaluateNone() ? "NULL" : t.literalValue(v, dialect);
    }

    /** What JDBC receives for {@code value} (of this type or a neighbouring Java type) on {@code dialect}. */
    final Object toJdbc(Object value, Dialect dialect) {
        return forDialect(dialect).jdbcValue(value, dialect);
    }

    /** What JDBC receives for {@code value}, this type being the variant for {@code dialect}. */
    private Object jdbcValue(Object value, Dialect dialect) {
        T v = coerce(value);
        return v == null && !shouldEvaluateNone() ? null : bindValue(v, dialect);
    }

    /** The value of this type for what JDBC returned on {@code dialect}. */
    final T fromJdbc(Object value, Dialect dialect) {
        return forDialect(dialect).valueOf(value, dialect);
    }

    /** The value for what JDBC returned, this type being the variant for {@code dialect}. */
    private T valueOf(Object value, Dialect dialect) {
        return value == null && !shouldEvaluateNone() ? null : resultValue(value, dialect);
    }

    private Resolved resolve(Dialect dialect) {
        Resolved r = resolved;
        if (r == null || r.dialect() != dialect) {
            r = new Resolved(dialect, forDialect(dialect), dialectImpl(dialect).kind());
            resolved = r;
        }
        return r;
    }

    /** Binds {@code value} as parameter {@code index} of {@code ps}. */
    public void setParameter(PreparedStatement ps, int index, Object value, Dialect dialect) throws SQLException {
        Resolved r = resolve(dialect);
        dialect.jdbcBinder().bind(ps, index, r.implKind(), r.variant().jdbcValue(value, dialect));
    }

    /** Reads column {@code index} of the current row of {@code rs}. */
    @SuppressWarnings("unchecked")
    public T getResult(ResultSet rs, int index, Dialect dialect) throws SQLException {
        Resolved r = resolve(dialect);
        return (T) r.variant().valueOf(dialect.jdbcBinder().read(rs, index, r.implKind()), dialect);
    }

    /** Accepts values of neighbouring Java types (an Integer for a BIGINT, say). */
    @SuppressWarnings("unchecked")
    protected T coerce(Object value) {
        return (T) kind().coerce(value);
    }

    /**
     * Whether two values of this type are equal: how a change is told from a value set again
     * (see {@link dev.retort.types.mutable.Snapshot}).
     */
    public boolean compareValues(T a, T b) {
        return Objects.deepEquals(a, b);
    }

    /**
     * A copy of {@code value} that later in-place changes of {@code value} do not affect, kept to
     * compare against with {@link #compareValues}. Values of the built-in types are immutable
     * (byte arrays aside), so this returns the value itself.
     */
    public T copyValue(T value) {
        return value;
    }

    // ---- expressions ----------------------------------------------------------------------

    /**
     * The type a plain Java value compared with, or combined with, an expression of this type is
     * bound as ({@code op} may be null when not known). By default this type, except that a
     * string compared with a non-string type (or the reverse) keeps its own type, as the
     * database would see it; an untyped value keeps the type its Java class suggests.
     */
    public TypeEngine<?> coerceComparedValue(Operator op, Object value) {
        if (value == null || kind() == TypeKind.NULL) {
            return value == null && kind() != TypeKind.NULL ? this : Types.forValue(value);
        }
        TypeKind vk = TypeKind.of(value);
        if (kind().isJson() && op != null && op.comparesValues() && (value instanceof Number || value instanceof String || value instanceof Boolean)) {
            // SQLAlchemy binds a scalar compared with JSON as the scalar (their affinities differ):
            // MariaDB compares JSON_EXTRACT's value with 31 or 'ann', never with the document '"ann"'
            return Types.forValue(value);
        }
        if (vk == TypeKind.INTERVAL && kind() != TypeKind.INTERVAL) {
            // A point in time plus or minus a Duration: the Duration stays an interval.
            return Types.INTERVAL;
        }
        if (vk != TypeKind.NULL && vk.isString() != kind().isString() && !keepsStringOperands()) {
            return Types.forValue(value);
        }
        if (kind().isInteger() && (vk == TypeKind.FLOAT || vk == TypeKind.DOUBLE || vk == TypeKind.NUMERIC || vk == TypeKind.BOOLEAN)) {
            // SQLAlchemy binds a float, decimal or bool against an Integer with its own type (their
            // affinities differ), so it is not cut to an integer
            return Types.forValue(value);
        }
        return this;
    }

    /** JSON, enum labels and unmodelled types take their values as text, yet bind as their own type. */
    private boolean keepsStringOperands() {
        TypeKind k = kind();
        return k.isJson() || k == TypeKind.ENUM || k == TypeKind.OTHER;
    }

    /**
     * Whether {@code x.eq(value)} renders {@code x IS NULL} (and {@code ne}, {@code IS NOT NULL})
     * rather than binding {@code value}: true for {@code null}, the seeds' {@code
     * coerce_to_is_types}. A type that {@linkplain #shouldEvaluateNone evaluates none} may
     * answer false so that its {@code null} is converted and compared with {@code =}. Only
     * {@code null} has an {@code IS} form: true for another value makes the comparison an error.
     */
    public boolean coerceToIs(Object value) {
        return value == null;
    }

    /**
     * A SQL expression wrapping a parameter of this type where it is bound, such as {@code
     * lower(?)}, or null (the default) to bind it plainly.
     */
    public ColumnElement<?> bindExpression(BindParameter<T> bind) {
        return null;
    }

    /**
     * A SQL expression wrapping a column of this type in the columns clause of a SELECT whose
     * rows are read, such as {@code lower(x)}, or null (the default) to select it plainly. The
     * result column keeps the column's name and type.
     */
    public ColumnElement<?> columnExpression(ColumnElement<T> column) {
        return null;
    }

    /**
     * Whether this type may enter a statement's cache key: {@code true} when two instances that
     * are {@link #equals equal} always render and bind the same way (the seeds' {@code cache_ok}).
     * A type class that does not override this method has not said: statements using it run
     * without the compiled cache and Retort logs one warning per class (see
     * {@link #cacheOkDeclared()}); overriding it to return {@code false} opts out without the
     * warning. The built-in types return {@code true}.
     *
     * <pre>{@code
     * public final class Money extends TypeDecorator<BigDecimal, Long> {
     *     @Override public boolean cacheOk() { return true; }   // equal Money types behave alike
     * }
     * }</pre>
     */
    public boolean cacheOk() {
        return false;
    }

    /**
     * The seeds' three-valued {@code cache_ok}: {@code null} when this type's class does not
     * override {@link #cacheOk()} (undeclared), else its answer.
     */
    public final Boolean cacheOkDeclared() {
        return DECLARES_CACHE_OK.get(getClass()) ? cacheOk() : null;
    }

    /** Whether a type class (or a superclass below the library's bases) overrides {@code cacheOk()}. */
    private static final ClassValue<Boolean> DECLARES_CACHE_OK = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                Class<?> declaring = type.getMethod("cacheOk").getDeclaringClass();
                return declaring != TypeEngine.class && declaring != TypeDecorator.class;
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("TypeEngine declares cacheOk()", e);
            }
        }
    };

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        TypeEngine<?> t = (TypeEngine<?>) o;
        return visitName().equals(t.visitName()) && typeArguments().equals(t.typeArguments()) && variants.equals(t.variants)
                && evaluatesNone == t.evaluatesNone;
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
