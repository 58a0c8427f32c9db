package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.TypeEngine;
import dev.retort.types.Types;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A bound parameter: a value sent separately from the SQL text. A parameter with a key and not
 * unique renders under that name ({@code :foo}); an anonymous or unique one gets a name from its
 * prefix numbered at compile time ({@code :name_1}). An expanding parameter holds a list and
 * renders as one placeholder per item.
 *
 * <pre>{@code
 * bindparam("foo");                         // :foo, value given at execution or via params()
 * select(users).where(users.c("id").eq(bindparam("uid"))).params(Map.of("uid", 5));
 * }</pre>
 *
 * @param <T> the Java type of the value
 */
public final class BindParameter<T> extends ColumnElement<T> {
    static final Traversal<BindParameter<?>> TRAVERSAL = Traversal.of("bindparam",
            a -> new BindParameter<>((String) a[0], (String) a[1], loadedValue(a[2]), (TypeEngine<?>) a[3], (Boolean) a[4], (Boolean) a[5], a[6] != null && (Boolean) a[6],
                    (Supplier<?>) a[7]),
            Attr.struct("key", BindParameter::key),
            Attr.struct("prefix", BindParameter::prefix),
            Attr.value("value", BindParameter::value),
            Attr.struct("type", BindParameter::type),
            Attr.flag("unique", BindParameter::isUnique),
            Attr.flag("expanding", BindParameter::isExpanding),
            Attr.flag("literalExecute", (BindParameter<?> b) -> b.literalExecute).omittedWhen(false).since(11),
            // Never keyed (a VALUE); the serializer refuses a node holding one (see supplier()).
            Attr.value("supplier", (BindParameter<?> b) -> b.supplier).since(16));

    /**
     * A loaded {@code value}: a column (the serializer's reference for a parameter valued with its
     * column's default) is that column's default, re-bound on the loading side.
     */
    private static Object loadedValue(Object v) {
        if (!(v instanceof ClauseElement e)) {
            return v;
        }
        if (e instanceof dev.retort.schema.Column<?> c && c.defaultValue() != null && !c.defaultValue().isExpression()) {
            return c.defaultValue();
        }
        throw new dev.retort.exc.ArgumentException("A bind parameter's value refers to " + (e instanceof ColumnClause<?> c ? "column '" + c.name() + "'" : "a SQL element")
                + ", which has no constant or supplier default (Column.defaultValue) here to take");
    }

    private final String key;
    private final String prefix;
    private final Object value;
    private final TypeEngine<T> type;
    private final boolean unique;
    private final boolean expanding;
    private final boolean literalExecute;
    private final Supplier<?> supplier;

    BindParameter(String key, String prefix, Object value, TypeEngine<?> type, boolean unique, boolean expanding) {
        this(key, prefix, value, type, unique, expanding, false, null);
    }

    @SuppressWarnings("unchecked")
    private BindParameter(String key, String prefix, Object value, TypeEngine<?> type, boolean unique, boolean expanding, boolean literalExecute,
            Supplier<?> supplier) {
        this.key = Identifiers.check(key, "bind parameter");
        this.prefix = prefix == null ? (key == null ? "param" : key) : Identifiers.check(prefix, "bind parameter");
        if (expanding && value != null && !(value instanceof java.util.Collection<?>)) {
            // Checked here, where the serializer builds parameters too, not first when the IN list is expanded.
            throw new dev.retort.exc.ArgumentException("An expanding (IN) parameter needs a collection of values, not " + value.getClass().getSimpleName());
        }
        this.value = value;
        this.type = (TypeEngine<T>) (type == null ? Types.forValue(expanding ? null : value) : type);
        this.unique = unique || key == null;
        this.expanding = expanding;
        this.literalExecute = literalExecute;
        this.supplier = supplier;
    }

    /** A parameter whose value {@code supplier} gives at each execution (see {@link SQL#bindparamCallable(String, Supplier, TypeEngine)}). */
    static <T> BindParameter<T> supplied(String key, Supplier<? extends T> supplier, TypeEngine<T> type) {
        return new BindParameter<>(key, null, null, type, false, false, false, Objects.requireNonNull(supplier, "supplier"));
    }

    /** The parameter an INSERT without values binds for a column: named by the column key. */
    public static <T> BindParameter<T> forColumn(ColumnClause<T> column) {
        return new BindParameter<>(column.key(), column.key(), null, column.type(), false, false);
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitBindParameter(this);
    }

    /** The parameter's key, or null for an anonymous parameter. */
    public String key() {
        return key;
    }

    /** The seed of an anonymous or unique parameter's compiled name. */
    public String prefix() {
        return prefix;
    }

    /** The value (a list for an expanding parameter); null for a parameter with a {@link #supplier()}. */
    public Object value() {
        return value;
    }

    /**
     * The value sent at execution: the {@link #supplier()}'s, asked now, else {@link #value()}.
     * Every execution (and every {@code string()} with literal values) asks the supplier again.
     */
    public Object effectiveValue() {
        return supplier != null ? supplier.get() : value;
    }

    /**
     * What gives this parameter's value at each execution, SQLAlchemy's {@code bindparam(callable_=...)},
     * or null for a parameter holding its value. It is not part of the statement's cache key.
     */
    public Supplier<?> supplier() {
        return supplier;
    }

    @Override
    public TypeEngine<T> type() {
        return type;
    }

    /** Whether the compiled name is made unique ({@code foo_1}) rather than the key itself. */
    public boolean isUnique() {
        return unique;
    }

    /** Whether this parameter is a list that expands to one placeholder per item. */
    public boolean isExpanding() {
        return expanding;
    }

    /**
     * Whether the value is written into the SQL as a literal when the statement is sent
     * (SQLAlchemy's {@code literal_execute=True}), for a database that takes no parameter at that
     * place. The statement stays keyed as a parameter: a cached compiled form writes each
     * execution's own value.
     */
    public boolean isLiteralExecute() {
        return literalExecute;
    }

    /**
     * This parameter written as a literal at execution ({@link #isLiteralExecute()}):
     * <pre>{@code
     * select(t.c("id")).where(t.c("id").eq(bindparam("foo", 5).literalExecute()));
     * // compile().templateString(): ... WHERE t.id = __[POSTCOMPILE_foo]; sent and string(): ... WHERE t.id = 5
     * }</pre>
     */
    public BindParameter<T> literalExecute() {
        return literalExecute ? this : new BindParameter<>(key, prefix, value, type, unique, expanding, true, supplier);
    }

    /**
     * This parameter as a list that expands to one placeholder per item at execution
     * (SQLAlchemy's {@code expanding=True}); {@link ColumnElement#in(BindParameter)} makes it so.
     * Its value, when it has one, must be a collection.
     * <pre>{@code
     * select(t.c("id")).where(t.c("id").in(bindparam("ids")))
     *         .params(Map.of("ids", List.of(1, 2, 3)));    // WHERE t.id IN (:ids_1, :ids_2, :ids_3)
     * }</pre>
     */
    public BindParameter<T> expanding() {
        return expanding ? this : new BindParameter<>(key, prefix, value, type, unique, true, literalExecute, supplier);
    }

    /** Expanding, typed {@code type} when it has no type of its own: the list an IN compares with a column. */
    BindParameter<T> expandingAs(TypeEngine<?> type) {
        boolean untyped = this.type.kind() == dev.retort.types.TypeKind.NULL && type != null;
        return expanding && !untyped ? this : new BindParameter<>(key, prefix, value, untyped ? type : this.type, unique, true, literalExecute, supplier);
    }

    @Override
    protected String bindPrefix() {
        return prefix;
    }

    /** A copy with another value (and no {@link #supplier()}: the value given replaces it). */
    public BindParameter<T> withValue(Object newValue) {
        return new BindParameter<>(key, prefix, newValue, type, unique, expanding, literalExecute, null);
    }

    /** A copy named {@code name}, neither unique nor expanding, typed {@code type}: a DML statement's value for a column. */
    BindParameter<T> forDmlValue(String name, TypeEngine<?> type) {
        return new BindParameter<>(name, name, value, type, false, false, false, supplier);
    }

    /** A copy whose compiled name is made unique. */
    public BindParameter<T> asUnique() {
        return unique ? this : new BindParameter<>(key, key, value, type, true, expanding, literalExecute, supplier);
    }

    @Override
    public String toString() {
        return "BindParameter(" + (key == null ? "%(" + prefix + ")" : key) + ", " + (supplier != null ? "<supplier>" : Objects.toString(value)) + ")";
    }
}
