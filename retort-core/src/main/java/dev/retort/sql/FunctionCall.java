package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.TypeEngine;
import dev.retort.types.TypeKind;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A SQL function call, {@code name(arg, ...)}. Plain Java arguments become parameters named
 * after the function ({@code coalesce(users.age, :coalesce_1)}).
 *
 * <pre>{@code
 * func("count", users.c("id"));                 // count(users.id)
 * func("max", users.c("age")).over().partitionBy(users.c("name"));
 * }</pre>
 *
 * @param <T> the Java type of the result
 */
public final class FunctionCall<T> extends ColumnElement<T> {
    static final Traversal<FunctionCall<?>> TRAVERSAL = Traversal.of("function",
            a -> new FunctionCall<>((String) a[0], BooleanClauseList.castList(a[1]), (TypeEngine<?>) a[2], castNames(a[3]),
                    Boolean.TRUE.equals(a[4])),
            Attr.struct("name", FunctionCall::name),
            Attr.clauses("arguments", FunctionCall::arguments),
            Attr.struct("type", FunctionCall::type),
            Attr.<FunctionCall<?>>struct("packageNames", FunctionCall::packageNames).since(9),
            Attr.<FunctionCall<?>>flag("quoted", FunctionCall::isQuoted).omittedWhen(false).since(15));

    /** SQLAlchemy's collection aggregate functions; their names are case-insensitive there too. */
    private static final java.util.Set<String> COLLECTION_AGGREGATES = java.util.Set.of("any", "all", "some");

    private final String name;
    private final List<ClauseElement> arguments;
    private final TypeEngine<T> type;
    private final List<String> packageNames;
    private final boolean quoted;

    FunctionCall(String name, List<? extends ClauseElement> arguments, TypeEngine<?> type) {
        this(name, arguments, type, List.of());
    }

    FunctionCall(String name, List<? extends ClauseElement> arguments, TypeEngine<?> type, List<String> packageNames) {
        this(name, arguments, type, packageNames, false);
    }

    @SuppressWarnings("unchecked")
    FunctionCall(String name, List<? extends ClauseElement> arguments, TypeEngine<?> type, List<String> packageNames, boolean quoted) {
        // Checked here, not only in of(): the serializer builds calls through this constructor.
        this.name = checkedName(name);
        this.arguments = List.copyOf(arguments);
        this.type = (TypeEngine<T>) type;
        List<String> packages = packageNames == null ? List.of() : List.copyOf(packageNames);
        packages.forEach(FunctionCall::checkedName);
        this.packageNames = packages;
        this.quoted = quoted;
    }

    @SuppressWarnings("unchecked")
    private static List<String> castNames(Object o) {
        return (List<String>) o;
    }

    private static String checkedName(String name) {
        if (name == null || name.isBlank()) {
            throw new dev.retort.exc.ArgumentException("A function needs a name");
        }
        return Identifiers.check(name, "function");
    }

    /** Builds a call, binding plain arguments and inferring the result type from the name. */
    static <T> FunctionCall<T> of(String name, Object... args) {
        checkedName(name);
        List<ClauseElement> elements = new ArrayList<>(args.length);
        for (Object a : args) {
            // null is NULL, as SQLAlchemy's coercion of a function's arguments
            ColumnElement<?> e = a == null ? Null.INSTANCE
                    : a instanceof ColumnElement<?> c ? c
                    : a instanceof Select s ? s.scalarSubquery()
                    : new BindParameter<>(null, bindPrefix(name), a, null, true, false);
            elements.add(e.selfGroup(Operator.COMMA));
        }
        return new FunctionCall<>(name, elements, inferType(name, elements));
    }

    private static TypeEngine<?> inferType(String name, List<ClauseElement> args) {
        TypeEngine<?> first = !args.isEmpty() && args.get(0) instanceof ColumnElement<?> c ? c.type() : Types.NULLTYPE;
        switch (name.toLowerCase(Locale.ROOT)) {
            case "count":
                // 64-bit on every database (PostgreSQL's and MySQL's bigint, SQLite's integer), as
                // the ORM's Query.count(): a count past 2^31 reads as a Long rather than being refused
                return Types.BIGINT;
            case "length":
            case "char_length":
            case "row_number":
            case "rank":
            case "dense_rank":
                return Types.INTEGER;
            case "avg":
                return Types.DOUBLE;
            case "upper":
            case "lower":
            case "trim":
            case "ltrim":
            case "rtrim":
            case "substr":
            case "substring":
            case "replace":
            case "concat":
                return Types.STRING;
            case "now":
            case "current_timestamp":
                return Types.DATETIME;
            case "sum":
                // PostgreSQL sums SMALLINT and INTEGER as bigint, MySQL as DECIMAL: a sum of 32-bit
                // values outgrows them where SQLAlchemy's Integer (a Python int) has no width
                return first.kind() == TypeKind.INTEGER || first.kind() == TypeKind.SMALLINT ? Types.BIGINT : first;
            case "max":
            case "min":
            case "abs":
            case "coalesce":
            case "round":
            case "lag":
            case "lead":
            case "first_value":
            case "last_value":
                return first;
            default:
                return Types.NULLTYPE;
        }
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitFunction(this);
    }

    public String name() {
        return name;
    }

    /**
     * This call qualified by packages or schemas, SQLAlchemy's {@code func.pkg.sub.name(...)}:
     * {@code func("name", x).inPackage("pkg", "sub")} renders {@code pkg.sub.name(x)} (each name
     * quoted only where it needs it, as the function's own name).
     */
    public FunctionCall<T> inPackage(String... packageNames) {
        List<String> packages = new ArrayList<>(this.packageNames);
        packages.addAll(List.of(packageNames));
        return new FunctionCall<>(name, arguments, type, packages, quoted);
    }

    /**
     * This call with its name always quoted, as written (SQLAlchemy's function named
     * {@code quoted_name(name, quote=True)}); the dialect never respells it as a generic function.
     *
     * <pre>{@code
     * func("NotMyFunc").quoted();        // "NotMyFunc"()
     * }</pre>
     */
    public FunctionCall<T> quoted() {
        return new FunctionCall<>(name, arguments, type, packageNames, true);
    }

    /** Whether the name is always quoted ({@link #quoted()}). */
    public boolean isQuoted() {
        return quoted;
    }

    /** The packages qualifying the name, outermost first (empty for most calls). */
    public List<String> packageNames() {
        return packageNames;
    }

    public List<ClauseElement> arguments() {
        return arguments;
    }

    @Override
    public TypeEngine<T> type() {
        return type;
    }

    /** The name, characters that labels cannot carry replaced by {@code _} (as SQLAlchemy does). */
    @Override
    public String anonPrefix() {
        return ANON_ESCAPE.matcher(name).replaceAll("_");
    }

    @Override
    boolean isCollectionAggregate() {
        return COLLECTION_AGGREGATES.contains(name.toLowerCase(Locale.ROOT));
    }

    /** The name, characters that parameter names cannot carry replaced by {@code _} (as SQLAlchemy does). */
    @Override
    protected String bindPrefix() {
        return bindPrefix(name);
    }

    private static String bindPrefix(String name) {
        String p = BIND_ESCAPE.matcher(name).replaceAll("_").replaceAll("^_+|_+$", "");
        return p.isEmpty() ? "param" : p;
    }

    private static final java.util.regex.Pattern ANON_ESCAPE = java.util.regex.Pattern.compile("[%() $]+");
    private static final java.util.regex.Pattern BIND_ESCAPE = java.util.regex.Pattern.compile("[%()\\s$.\\[\\]:]+");

    /** A copy whose result is of {@code type}. */
    public <R> FunctionCall<R> returning(TypeEngine<R> type) {
        return new FunctionCall<>(name, arguments, type, packageNames, quoted);
    }

    /**
     * This function as a boolean comparison of its arguments at the 1-based positions
     * {@code leftIndex} and {@code rightIndex}, SQLAlchemy's {@code as_comparison()}. See {@link FunctionComparison}.
     */
    public FunctionComparison asComparison(int leftIndex, int rightIndex) {
        return new FunctionComparison(this, leftIndex, rightIndex);
    }

    /**
     * The aggregate over the rows meeting {@code criteria} (AND-ed):
     * {@code count(x) FILTER (WHERE ...)}.
     */
    public FunctionFilter<T> filter(ColumnElement<?>... criteria) {
        return new FunctionFilter<>(this, SQL.and(criteria));
    }

    /**
     * This function as an ordered-set aggregate: {@code name(...) WITHIN GROUP (ORDER BY ...)}.
     * See {@link WithinGroup}.
     *
     * <pre>{@code
     * func("percentile_cont", 0.5).withinGroup(users.c("age").desc());
     * }</pre>
     */
    public WithinGroup<T> withinGroup(ClauseElement... orderBy) {
        return new WithinGroup<>(this, List.of(orderBy));
    }

    /**
     * This aggregate over its input rows in an order: {@code name(args ORDER BY ...)}
     * (SQLAlchemy's {@code aggregate_order_by}). See {@link AggregateOrderBy}.
     *
     * <pre>{@code
     * func("array_agg", users.c("name")).aggregateOrderBy(users.c("age").desc());   // array_agg(users.name ORDER BY users.age DESC)
     * }</pre>
     */
    public AggregateOrderBy<T> aggregateOrderBy(ClauseElement... orderBy) {
        return new AggregateOrderBy<>(this, List.of(orderBy));
    }

    /**
     * This function as a FROM clause whose rows have the given columns, each a name or a
     * {@link SQL#column(String, TypeEngine) column(name, type)}: SQLAlchemy's {@code table_valued}.
     * See {@link TableValuedAlias}.
     *
     * <pre>{@code
     * TableValuedAlias kv = func("json_each", docs.c("body")).tableValued("key", "value");
     * select(kv.c("key")).selectFrom(docs.join(kv, trueLiteral()));
     * }</pre>
     */
    public TableValuedAlias tableValued(Object... columns) {
        return new TableValuedAlias(this, TableValuedAlias.columnsOf(columns), false, null, false, false, false);
    }

    /**
     * This function in FROM under {@code name}, its one column being its value
     * ({@code rows(:rows_1) AS bar}); see {@link #columnValued(String)} for that value.
     */
    public TableValuedAlias alias(String name) {
        return new TableValuedAlias(this, List.of(), false, name, false, false, false);
    }

    /** This function in FROM under a name given at compile time ({@code anon_1}). */
    public TableValuedAlias alias() {
        return alias(null);
    }

    /**
     * The value of each row of this function, selected from the function in FROM:
     * {@code SELECT x FROM generate_series(1, 3) AS x}. See {@link TableValuedColumn}.
     */
    @SuppressWarnings("unchecked")
    public TableValuedColumn<T> columnValued(String name) {
        return (TableValuedColumn<T>) alias(name).column();
    }

    /** {@link #columnValued(String)} under a name given at compile time ({@code SELECT anon_1 FROM unnest(...) AS anon_1}). */
    public TableValuedColumn<T> columnValued() {
        return columnValued(null);
    }

    /**
     * The field {@code name} of the row this function returns, without a FROM entry:
     * {@code (jsonb_each(x)).key}. See {@link ScalarFunctionColumn}.
     */
    public ScalarFunctionColumn<Object> scalarTableValued(String name) {
        return new ScalarFunctionColumn<>(this, name, null);
    }

    /** {@link #scalarTableValued(String)} with the field's type. */
    public <R> ScalarFunctionColumn<R> scalarTableValued(String name, TypeEngine<R> type) {
        return new ScalarFunctionColumn<>(this, name, type);
    }

    /** This function as a window function: {@code name(...) OVER (...)}. */
    public Over<T> over() {
        return new Over<>(this, List.of(), List.of(), null, null, null, null, null);
    }
}
