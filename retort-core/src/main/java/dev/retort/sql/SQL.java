package dev.retort.sql;

import dev.retort.types.TypeEngine;
import java.util.List;

/**
 * The entry points of the expression language, made for {@code import static dev.retort.sql.SQL.*}.
 *
 * <pre>{@code
 * select(users.c("name")).where(and(users.c("id").gt(5), or(users.c("name").eq("a"), users.c("name").like("%b"))));
 * insert(users).values(Map.of("id", 1, "name", "x"));
 * caseWhen(users.c("id").gt(1), "big").otherwise("small");
 * }</pre>
 */
public final class SQL {
    private SQL() {
    }

    /** {@code SELECT} of columns, expressions, or all columns of FROM clauses. */
    public static Select select(Object... columns) {
        return Select.of(columns);
    }

    public static Insert insert(TableClause table) {
        return new Insert(table);
    }

    /**
     * The row an upsert proposed to insert into {@code table}, for its update's values and WHERE:
     * {@code excluded(t).c("hits")} renders {@code excluded.hits} (PostgreSQL, SQLite),
     * {@code VALUES(hits)} (MariaDB, MySQL) or {@code new.hits} (MySQL 8.0.20 and later).
     */
    public static Excluded excluded(TableClause table) {
        return new Excluded(table);
    }

    public static Update update(TableClause table) {
        return new Update(table);
    }

    /**
     * {@code UPDATE} of an alias of a table ({@code UPDATE users AS u SET ...}), or of a join
     * ({@code UPDATE users JOIN addresses ON ... SET ...}: MySQL and MariaDB only; other dialects
     * raise {@link dev.retort.exc.CompileException}). Values are keyed by the table's column keys,
     * the alias's columns, or any joined table's columns.
     *
     * <pre>{@code
     * update(users.join(addresses)).values(Map.of(users.c("name"), addresses.c("email"))).where(addresses.c("id").eq(3));
     * }</pre>
     */
    public static Update update(FromClause target) {
        return new Update(target);
    }

    public static Delete delete(TableClause table) {
        return new Delete(table);
    }

    /** {@code DELETE FROM table AS alias WHERE ...}: the target an alias of a table. */
    public static Delete delete(Alias target) {
        return new Delete(target);
    }

    /** {@code a AND b AND ...}; one criterion is returned as it is. */
    public static ColumnElement<Boolean> and(ColumnElement<?>... criteria) {
        return BooleanClauseList.combine(Operator.AND, List.of(criteria));
    }

    /** {@code a OR b OR ...}; one criterion is returned as it is. */
    public static ColumnElement<Boolean> or(ColumnElement<?>... criteria) {
        return BooleanClauseList.combine(Operator.OR, List.of(criteria));
    }

    /**
     * A full-text match over several columns, SQLAlchemy's MySQL {@code match(a, b, against=q)}:
     * {@code MATCH (a, b) AGAINST (q IN BOOLEAN MODE)} with the default modifier (null).
     *
     * <pre>{@code
     * match(List.of(docs.c("title"), docs.c("body")), "retort", MatchModifier.NATURAL_LANGUAGE_MODE);
     * }</pre>
     */
    public static ColumnElement<Boolean> match(List<? extends ColumnElement<?>> columns, Object against, MatchModifier modifier) {
        if (columns == null || columns.isEmpty()) {
            throw new dev.retort.exc.ArgumentException("match() needs at least one column");
        }
        ColumnElement<?> first = columns.get(0);
        ColumnElement<?> right = first.operand(Operator.MATCH, against);
        ClauseElement left = columns.size() == 1 ? first : new ClauseList(Operator.COMMA, List.copyOf(columns), false);
        return new BinaryExpression<>(left, right, Operator.MATCH, dev.retort.types.Types.BOOLEAN, null, modifier == null ? null : modifier.name());
    }

    /** The negation: {@code not(a.eq(b))} is {@code a != b}, {@code not(and(...))} is {@code NOT (...)}. */
    public static ColumnElement<Boolean> not(ColumnElement<?> criterion) {
        return criterion.negate();
    }

    /**
     * {@code ANY (expr)}, SQLAlchemy's {@code any_()}: compared with a value, true when the
     * comparison holds for some element of an array (PostgreSQL) or some row of a one-column
     * subquery. It goes on the right of the comparison; written on the left, the comparison is
     * mirrored, as SQLAlchemy does ({@code any(a).gt(5)} is {@code ? < ANY (a)}). Only comparisons
     * take it. Negated, the comparison is wrapped in {@code NOT (...)}: {@code x != ANY (a)} means
     * something else.
     *
     * <pre>{@code
     * select(t.c("id")).where(t.c("score").eq(any(t.c("scores"))));     // t.score = ANY (t.scores)
     * select(t.c("id")).where(any(t.c("scores")).gt(90));               // ? < ANY (t.scores)
     * select(t.c("id")).where(t.c("n").gt(all(select(u.c("n")).scalarSubquery())));
     * }</pre>
     */
    public static <T> ColumnElement<T> any(ColumnElement<?> expr) {
        return collectionAggregate(Operator.ANY, expr);
    }

    /** {@code ALL (expr)}, SQLAlchemy's {@code all_()}: the comparison holds for every element; see {@link #any}. */
    public static <T> ColumnElement<T> all(ColumnElement<?> expr) {
        return collectionAggregate(Operator.ALL, expr);
    }

    private static <T> ColumnElement<T> collectionAggregate(Operator op, ColumnElement<?> expr) {
        if (expr == null) {
            throw new dev.retort.exc.ArgumentException(op + " needs an expression");
        }
        if (expr.isCollectionAggregate() && expr instanceof UnaryExpression<?>) {
            throw new dev.retort.exc.ArgumentException("Only comparison operators may be used with ANY/ALL, not " + op + " on " + expr);
        }
        // Values compared with it are of the array's element type (SQLAlchemy's _bind_param).
        TypeEngine<?> type = expr.type() instanceof dev.retort.types.ArrayType<?> a ? a.elementType() : expr.type();
        return new UnaryExpression<>(expr, op, type);
    }

    /** A SQL function call: {@code func("count", users.c("id"))}; {@code func("count")} is {@code count(*)}. */
    public static <T> FunctionCall<T> func(String name, Object... arguments) {
        return FunctionCall.of(name, arguments);
    }

    /**
     * {@code from AS name TABLESAMPLE sampling[ REPEATABLE (seed)]}, SQLAlchemy's {@code tablesample()}:
     * {@code tablesample(people, func("bernoulli", 1), "p", func("random"))}; seed may be null. See {@link TableSample}.
     */
    public static TableSample tablesample(FromClause from, Object sampling, String name, ColumnElement<?> seed) {
        return from.tablesample(sampling, name, seed);
    }

    /** A value bound as a parameter, usable where an expression is expected: {@code :param_1}. */
    public static <T> BindParameter<T> literal(T value) {
        return new BindParameter<>(null, "param", value, null, true, false);
    }

    /** A value bound as a parameter of the given type. */
    public static <T> BindParameter<T> literal(T value, TypeEngine<T> type) {
        return new BindParameter<>(null, "param", value, type, true, false);
    }

    /** A named parameter, {@code :key}, whose value is given later ({@code params()} or at execution). */
    public static <T> BindParameter<T> bindparam(String key) {
        return new BindParameter<>(key, key, null, null, false, false);
    }

    /** A named parameter with a value. */
    public static <T> BindParameter<T> bindparam(String key, T value) {
        return new BindParameter<>(key, key, value, null, false, false);
    }

    /** A named parameter with a value and type. */
    public static <T> BindParameter<T> bindparam(String key, T value, TypeEngine<T> type) {
        return new BindParameter<>(key, key, value, type, false, false);
    }

    /**
     * A named parameter whose value {@code supplier} gives at each execution, SQLAlchemy's
     * {@code bindparam(key, callable_=fn, type_=...)} (named after its keyword): the statement keeps no value, its cache key
     * holds none, and a cached compiled form (or lambda statement) asks the supplier again every
     * time it is executed, so no cache freezes the first value. A value given by name at execution
     * or by {@code params()} replaces it. A statement holding one cannot be serialized:
     * {@code QuerySerializer} refuses it with a {@code SerializationException} naming the parameter
     * (a value asked at dump time would be frozen in the document); give it a value first
     * ({@code params(Map.of("now", ...))}). A null {@code key} makes an anonymous parameter
     * ({@code :param_1}; in an INSERT or UPDATE's values, named after its column).
     *
     * <pre>{@code
     * Select recent = select(events.c("id"))
     *         .where(events.c("at").gt(bindparamCallable("since", () -> LocalDateTime.now().minusHours(1), Types.DATETIME)));
     * // WHERE events.at > :since, the hour before each execution
     * }</pre>
     */
    public static <T> BindParameter<T> bindparamCallable(String key, java.util.function.Supplier<? extends T> supplier, TypeEngine<T> type) {
        return BindParameter.supplied(key, supplier, type);
    }

    /**
     * The value the INSERT or UPDATE it is given to gives {@code column}, SQLAlchemy's
     * {@code from_dml_column()}: that column's parameter or SQL, written again (see {@link DmlColumnValue}).
     *
     * <pre>{@code
     * insert(t).values(Map.of("name", "x", "search_name", fromDmlColumn(t.c("name"))));
     * // INSERT INTO t (name, search_name) VALUES (:name, :name)
     * }</pre>
     */
    public static <T> DmlColumnValue<T> fromDmlColumn(ColumnClause<T> column) {
        return new DmlColumnValue<>(column);
    }

    /** A column whose name is SQL text rendered as given: {@code literalColumn("1")}. */
    public static <T> ColumnClause<T> literalColumn(String text) {
        return new ColumnClause<>(text, null, true);
    }

    /** A column whose name is SQL text, of a type. */
    public static <T> ColumnClause<T> literalColumn(String text, TypeEngine<T> type) {
        return new ColumnClause<>(text, type, true);
    }

    /**
     * A label or column of the enclosing SELECT by name, for ORDER BY and GROUP BY (SQLAlchemy's
     * {@code order_by("name")}): {@code select(t.c("id")).orderBy(desc(labelReference("name")))}
     * renders {@code ORDER BY t.name DESC}. See {@link LabelReference}.
     */
    public static LabelReference labelReference(String name) {
        return new LabelReference(name);
    }

    /** Literal SQL with {@code :name} parameters. */
    public static TextClause text(String sql) {
        return TextClause.of(sql);
    }

    /** {@code CAST(expr AS type)}. */
    public static <T> ColumnElement<T> cast(Object expr, TypeEngine<T> type) {
        return new Cast<>(literalOperand(expr), type);
    }

    /**
     * {@code expr} read and bound as {@code type}, without a CAST (the seeds' {@code type_coerce}):
     * {@code typeCoerce(t.c("data"), new JsonText())}; a plain value becomes a parameter of {@code type}.
     */
    @SuppressWarnings("unchecked")
    public static <T> ColumnElement<T> typeCoerce(Object expr, TypeEngine<T> type) {
        ColumnElement<?> e = expr instanceof ClauseElement ? literalOperand(expr) : literal((T) expr, type);
        return new TypeCoerce<>(e, type);
    }

    /** {@code CASE WHEN condition THEN result ...}; continue with {@code when} and {@code otherwise}. */
    public static <T> Case<T> caseWhen(ColumnElement<Boolean> condition, Object result) {
        return Case.of(condition, result);
    }

    /**
     * A simple {@code CASE value WHEN v THEN result ... END}: continue with {@code when(v, result)} and
     * {@code otherwise}. A plain Java value is bound as a parameter.
     *
     * <pre>{@code
     * caseOf(users.c("id")).when(1, "one").when(2, "two").otherwise("many");
     * }</pre>
     */
    public static <T> Case<T> caseOf(Object value) {
        return Case.simple(value);
    }

    public static <T> ColumnElement<T> desc(ColumnElement<T> expr) {
        return expr.desc();
    }

    /**
     * ORDER BY expressions as one, whose {@code desc()} / {@code asc()} / {@code nullsFirst()} /
     * {@code nullsLast()} apply to each: {@code select(t).orderBy(orderByList(t.c("a"), t.c("b")).desc())}.
     */
    public static OrderByList orderByList(ColumnElement<?>... expressions) {
        return new OrderByList(List.of(expressions));
    }

    public static <T> ColumnElement<T> asc(ColumnElement<T> expr) {
        return expr.asc();
    }

    public static Join join(FromClause left, FromClause right) {
        return left.join(right);
    }

    public static Join join(FromClause left, FromClause right, ColumnElement<Boolean> onclause) {
        return left.join(right, onclause);
    }

    public static Join outerJoin(FromClause left, FromClause right) {
        return left.outerJoin(right);
    }

    public static Join outerJoin(FromClause left, FromClause right, ColumnElement<Boolean> onclause) {
        return left.outerJoin(right, onclause);
    }

    /** {@code EXISTS (SELECT ...)}. */
    public static Exists exists(SelectBase select) {
        return select.exists();
    }

    /**
     * A PostgreSQL array of the elements, {@code ARRAY[?, ?]}, SQLAlchemy's {@code postgresql.array()}:
     * plain values become parameters. See {@link ArrayLiteral}.
     *
     * <pre>{@code
     * select(t).where(t.c("tags").contains(array("a", "b")));     // t.tags @> ARRAY[?, ?]
     * }</pre>
     */
    public static <E> ArrayLiteral<E> array(Object... elements) {
        return ArrayLiteral.of(null, java.util.Arrays.asList(elements));
    }

    /** An array of {@code elementType} ({@code ARRAY[]::INTEGER[]} when empty). */
    public static <E> ArrayLiteral<E> array(TypeEngine<E> elementType, Object... elements) {
        return ArrayLiteral.of(elementType, java.util.Arrays.asList(elements));
    }

    /**
     * A row value {@code (a, b, ...)}, SQLAlchemy's {@code tuple_()}: plain values become
     * parameters. See {@link Tuple}.
     *
     * <pre>{@code
     * tuple(t.c("a"), t.c("b")).in(List.of(List.of(1, "x"), List.of(2, "y")));
     * }</pre>
     */
    public static Tuple tuple(Object... elements) {
        return Tuple.of(elements);
    }

    /**
     * Rows given in the statement, as a FROM clause once aliased: see {@link Values}.
     *
     * <pre>{@code
     * values(column("id", Types.INTEGER), column("label", Types.STRING)).data(List.of(List.of(1, "one"))).alias("v");
     * }</pre>
     */
    public static Values values(ColumnClause<?>... columns) {
        return new Values(List.of(columns), List.of());
    }

    /**
     * {@code ROLLUP(a, b)} for GROUP BY, SQLAlchemy's {@code func.rollup}: the groups (a, b), (a)
     * and the grand total. PostgreSQL; MySQL and MariaDB write {@code GROUP BY a, b WITH ROLLUP}
     * (so it must be the GROUP BY's only item); SQLite refuses it.
     *
     * <pre>{@code
     * select(t.c("a"), t.c("b"), func("sum", t.c("n"))).groupBy(rollup(t.c("a"), t.c("b")));
     * }</pre>
     */
    public static FunctionCall<Object> rollup(ColumnElement<?>... expressions) {
        return func("rollup", (Object[]) expressions);
    }

    /** {@code CUBE(a, b)} for GROUP BY: every combination of the expressions (PostgreSQL only). */
    public static FunctionCall<Object> cube(ColumnElement<?>... expressions) {
        return func("cube", (Object[]) expressions);
    }

    /**
     * {@code GROUPING SETS(...)} for GROUP BY (PostgreSQL only): each argument an expression or a
     * {@link #tuple} of them, {@code tuple()} the grand total.
     *
     * <pre>{@code
     * select(t.c("a"), t.c("b"), func("sum", t.c("n"))).groupBy(groupingSets(tuple(t.c("a"), t.c("b")), t.c("a"), tuple()));
     * }</pre>
     */
    public static FunctionCall<Object> groupingSets(ColumnElement<?>... sets) {
        return func("grouping_sets", (Object[]) sets);
    }

    /** {@code EXTRACT(field FROM expr)}: {@code extract("year", orders.c("placed"))}. */
    public static Extract extract(String field, ColumnElement<?> expr) {
        return new Extract(field, expr);
    }

    public static CompoundSelect union(SelectBase... selects) {
        return new CompoundSelect(CompoundSelect.Kind.UNION, List.of(selects), List.of(), null, null);
    }

    public static CompoundSelect unionAll(SelectBase... selects) {
        return new CompoundSelect(CompoundSelect.Kind.UNION_ALL, List.of(selects), List.of(), null, null);
    }

    public static CompoundSelect intersect(SelectBase... selects) {
        return new CompoundSelect(CompoundSelect.Kind.INTERSECT, List.of(selects), List.of(), null, null);
    }

    public static CompoundSelect except(SelectBase... selects) {
        return new CompoundSelect(CompoundSelect.Kind.EXCEPT, List.of(selects), List.of(), null, null);
    }

    /**
     * {@code INTERSECT ALL}: the rows every select returns, duplicates kept.
     *
     * <pre>{@code
     * intersectAll(select(a.c("x")), select(b.c("x")));   // SELECT a.x FROM a INTERSECT ALL SELECT b.x FROM b
     * }</pre>
     */
    public static CompoundSelect intersectAll(SelectBase... selects) {
        return new CompoundSelect(CompoundSelect.Kind.INTERSECT_ALL, List.of(selects), List.of(), null, null);
    }

    /**
     * {@code EXCEPT ALL}: the first select's rows less the others', duplicates counted.
     *
     * <pre>{@code
     * exceptAll(select(a.c("x")), select(b.c("x")));      // SELECT a.x FROM a EXCEPT ALL SELECT b.x FROM b
     * }</pre>
     */
    public static CompoundSelect exceptAll(SelectBase... selects) {
        return new CompoundSelect(CompoundSelect.Kind.EXCEPT_ALL, List.of(selects), List.of(), null, null);
    }

    /** The SQL {@code NULL} keyword. */
    public static ColumnElement<Object> nullLiteral() {
        return Null.INSTANCE;
    }

    public static ColumnElement<Boolean> trueLiteral() {
        return BooleanLiteral.TRUE;
    }

    public static ColumnElement<Boolean> falseLiteral() {
        return BooleanLiteral.FALSE;
    }

    /**
     * A statement built by a lambda that runs once per call site: later calls only bind the
     * values the lambda captured (see {@link StatementLambdaElement}).
     *
     * <pre>{@code
     * StatementLambdaElement s = lambdaStmt(() -> select(users).where(users.c("id").eq(userId)));
     * conn.execute(s).one();
     * }</pre>
     */
    public static StatementLambdaElement lambdaStmt(StatementLambdaElement.StatementFn fn) {
        return StatementLambdaElement.of(fn, LambdaOptions.defaults());
    }

    /** {@link #lambdaStmt(StatementLambdaElement.StatementFn)} with options (the seed's keyword arguments). */
    public static StatementLambdaElement lambdaStmt(StatementLambdaElement.StatementFn fn, LambdaOptions options) {
        return StatementLambdaElement.of(fn, options);
    }

    /** A lightweight table, for SQL without a {@code MetaData}. */
    public static TableClause table(String name, ColumnClause<?>... columns) {
        return TableClause.of(name, null, columns);
    }

    /** A lightweight column; attach it to a table with {@link #table}. */
    public static <T> ColumnClause<T> column(String name) {
        return new ColumnClause<>(name, null, false);
    }

    /** A lightweight column of a type. */
    public static <T> ColumnClause<T> column(String name, TypeEngine<T> type) {
        return new ColumnClause<>(name, type, false);
    }

    /**
     * A value as an expression: elements stay themselves, {@code null} is {@code NULL} (as
     * SQLAlchemy's expression coercion), other plain values become {@code :param_N}.
     */
    static ColumnElement<?> literalOperand(Object v) {
        if (v == null) {
            return Null.INSTANCE;
        }
        if (v instanceof ColumnElement<?> c) {
            return c;
        }
        if (v instanceof SelectBase s) {
            return s.scalarSubquery();
        }
        return literal(v);
    }
}
