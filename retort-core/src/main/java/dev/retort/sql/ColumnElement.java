package dev.retort.sql;

import dev.retort.types.TypeEngine;
import dev.retort.types.TypeKind;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * An expression that yields a value of Java type {@code T}: a column, a function, an
 * arithmetic or boolean expression. Its operator methods build larger expressions; a plain
 * Java operand becomes a bound parameter.
 *
 * <pre>{@code
 * users.c("age").add(1).gt(30);             // users.age + :age_1 > :param_1
 * users.c("name").in(List.of("a", "b"));    // users.name IN (:name_1_1, :name_1_2)
 * }</pre>
 *
 * @param <T> the Java type of the expression's values
 */
public abstract class ColumnElement<T> extends ClauseElement {
    /** The SQL type of this expression. */
    public abstract TypeEngine<T> type();

    /** The name under which this element appears in a SELECT without a label, or null. */
    public String nonAnonLabel() {
        return null;
    }

    /** The seed of this element's anonymous label ({@code anon}, or a function's name). */
    public String anonPrefix() {
        return "anon";
    }

    /** The seed of the names of parameters compared with this element. */
    protected String bindPrefix() {
        return "param";
    }

    /**
     * The FROM clause a SELECT listing this element in its columns clause reads its rows from,
     * beyond {@link #fromObjects()}, or null: a mapped attribute of a joined-table class gives its
     * class's tables joined ({@code people JOIN engineers}), so that selecting it alone reads the
     * class's rows only, as SQLAlchemy's ORM does.
     */
    protected FromClause rowsFrom() {
        return null;
    }

    /** Whether this element has a SQL name of its own, so a SELECT renders it without a label. */
    public boolean isNamedColumn() {
        return false;
    }

    /**
     * Whether this is {@code any(...)}, {@code all(...)} or {@code some(...)}, which change what
     * a comparison with them means, so that negating the comparison must wrap it in NOT.
     */
    boolean isCollectionAggregate() {
        return false;
    }

    @Override
    public ColumnElement<T> params(Map<String, ?> values) {
        return self(super.params(values));
    }

    @Override
    public ColumnElement<T> uniqueParams(Map<String, ?> values) {
        return self(super.uniqueParams(values));
    }

    @SuppressWarnings("unchecked")
    private ColumnElement<T> self(ClauseElement e) {
        return (ColumnElement<T>) e;
    }

    @Override
    public ColumnElement<T> selfGroup(Operator against) {
        return this;
    }

    /**
     * A plain Java operand of {@code op} as a parameter of the type this element's type chooses
     * for it ({@link TypeEngine#coerceComparedValue}); an element stays itself.
     */
    ColumnElement<?> operand(Operator op, Object value) {
        if (value instanceof ColumnElement<?> c) {
            return c;
        }
        if (value instanceof Select s) {
            return s.scalarSubquery();
        }
        if (value instanceof ClauseElement c) {
            throw new dev.retort.exc.ArgumentException(c.getClass().getSimpleName() + " cannot be used as an operand of " + this);
        }
        return new BindParameter<>(null, bindPrefix(), value, type().coerceComparedValue(op, value), true, false);
    }

    /**
     * The constant {@code true} / {@code false} that a boolean compared with this (=, !=, IS, IS
     * DISTINCT FROM) renders as, as SQLAlchemy; null for other values and for a type that
     * converts its values itself (a TypeDecorator storing booleans as 'Y' / 'N' binds them).
     */
    private BooleanLiteral booleanConstant(Object other) {
        return other instanceof Boolean b && (type() instanceof dev.retort.types.SqlType || type().kind() == TypeKind.NULL)
                ? BooleanLiteral.of(b) : null;
    }

    private ColumnElement<Boolean> compare(Operator op, Object other) {
        if (isAggregateOperator()) {
            return compareFromRight(op, other);
        }
        if ((op == Operator.EQ || op == Operator.NE) && booleanConstant(other) != null) {
            return new BinaryExpression<>(selfGroup(op), booleanConstant(other), op, Types.BOOLEAN);
        }
        // null (or what the type says) compares with IS / IS NOT: the seeds' coerce_to_is_types.
        if (type().coerceToIs(other)) {
            Operator isOp = op == Operator.EQ ? Operator.IS : op == Operator.NE ? Operator.IS_NOT : null;
            if (isOp != null) {
                if (other != null) {
                    throw new dev.retort.exc.ArgumentException("Only null can be compared with IS, but " + type() + " asks it for " + other);
                }
                return new BinaryExpression<>(selfGroup(isOp), Null.INSTANCE, isOp, Types.BOOLEAN);
            }
        }
        ColumnElement<?> right = operand(op, other);
        return new BinaryExpression<>(selfGroup(op), right.selfGroup(op), op, Types.BOOLEAN);
    }

    /** Whether this is {@code ANY (...)} / {@code ALL (...)} (not a function named any). */
    private boolean isAggregateOperator() {
        return this instanceof UnaryExpression<?> && isCollectionAggregate();
    }

    /**
     * {@code ANY (a) > v} is written {@code v < ANY (a)}: the operator mirrored, the value on the
     * left (a parameter of the array's element type; null a NULL, never IS NULL), as SQLAlchemy.
     */
    private ColumnElement<Boolean> compareFromRight(Operator op, Object other) {
        Operator mirrored = op.mirror();
        if (mirrored == null) {
            throw notComparison(op);
        }
        ColumnElement<?> left = other instanceof ColumnElement<?> c ? c
                : other == null ? Null.INSTANCE
                : other instanceof Select s ? s.scalarSubquery()
                : new BindParameter<>(null, bindPrefix(), other, type().coerceComparedValue(mirrored, other), true, false);
        return new BinaryExpression<>(left.selfGroup(mirrored), this, mirrored, Types.BOOLEAN);
    }

    /** Refuses {@code op} on {@code ANY (...)} / {@code ALL (...)}, which only comparisons take. */
    private void requireNotAggregate(Operator op) {
        if (isAggregateOperator()) {
            throw notComparison(op);
        }
    }

    private dev.retort.exc.ArgumentException notComparison(Operator op) {
        return new dev.retort.exc.ArgumentException("Only comparison operators may be used with ANY/ALL, not " + op + " on " + this);
    }

    @SuppressWarnings("unchecked")
    private <R> ColumnElement<R> arithmetic(Operator op, Object other) {
        requireNotAggregate(op);
        ColumnElement<?> right = operand(op, other);
        TypeEngine<?> t = type().kind() == TypeKind.NULL || widens(type().kind(), right.type().kind()) ? right.type() : type();
        if (op == Operator.CONCAT && !(t instanceof dev.retort.types.HstoreType) && t.kind() != TypeKind.ARRAY) {
            // two HSTOREs (arrays) concatenated are one HSTORE (array)
            t = Types.STRING;
        }
        return new BinaryExpression<>(selfGroup(op), right.selfGroup(op), op, (TypeEngine<R>) t);
    }

    /**
     * Whether integer arithmetic with an operand of kind {@code other} has that operand's type: a
     * fraction makes it numeric (SQLAlchemy's Integer adapts to Numeric), a wider integer widens
     * it, so its result is read, not refused as too wide for INTEGER.
     */
    private static boolean widens(TypeKind self, TypeKind other) {
        return self.isInteger() && (other == TypeKind.FLOAT || other == TypeKind.DOUBLE || other == TypeKind.NUMERIC
                || other == TypeKind.BIGINT && self != TypeKind.BIGINT);
    }

    /** {@code this = other}; {@code null} gives {@code IS NULL}. */
    public ColumnElement<Boolean> eq(Object other) {
        return compare(Operator.EQ, other);
    }

    /** {@code this != other}; {@code null} gives {@code IS NOT NULL}. */
    public ColumnElement<Boolean> ne(Object other) {
        return compare(Operator.NE, other);
    }

    public ColumnElement<Boolean> lt(Object other) {
        return compare(Operator.LT, other);
    }

    public ColumnElement<Boolean> le(Object other) {
        return compare(Operator.LE, other);
    }

    public ColumnElement<Boolean> gt(Object other) {
        return compare(Operator.GT, other);
    }

    public ColumnElement<Boolean> ge(Object other) {
        return compare(Operator.GE, other);
    }

    /** {@code this LIKE pattern}. */
    public ColumnElement<Boolean> like(Object pattern) {
        return compare(Operator.LIKE, pattern);
    }

    public ColumnElement<Boolean> notLike(Object pattern) {
        return compare(Operator.NOT_LIKE, pattern);
    }

    /** Case-insensitive LIKE: {@code ILIKE} on PostgreSQL, {@code lower(x) LIKE lower(y)} elsewhere. */
    public ColumnElement<Boolean> ilike(Object pattern) {
        return compare(Operator.ILIKE, pattern);
    }

    public ColumnElement<Boolean> notIlike(Object pattern) {
        return compare(Operator.NOT_ILIKE, pattern);
    }

    /**
     * {@code this LIKE pattern ESCAPE 'escape'}: in the pattern, the escape character makes the
     * {@code %} or {@code _} after it match itself (the string is passed on as given, as
     * SQLAlchemy's {@code like(pattern, escape=...)}).
     *
     * <pre>{@code
     * users.c("name").like("50^%", "^");     // users.name LIKE ? ESCAPE '^'
     * }</pre>
     */
    public ColumnElement<Boolean> like(Object pattern, String escape) {
        return escapedLike(Operator.LIKE, pattern, escape);
    }

    /** {@code this NOT LIKE pattern ESCAPE 'escape'}. */
    public ColumnElement<Boolean> notLike(Object pattern, String escape) {
        return escapedLike(Operator.NOT_LIKE, pattern, escape);
    }

    /** {@link #ilike(Object)} with an escape character ({@code ILIKE ... ESCAPE} on PostgreSQL). */
    public ColumnElement<Boolean> ilike(Object pattern, String escape) {
        return escapedLike(Operator.ILIKE, pattern, escape);
    }

    /** {@link #notIlike(Object)} with an escape character. */
    public ColumnElement<Boolean> notIlike(Object pattern, String escape) {
        return escapedLike(Operator.NOT_ILIKE, pattern, escape);
    }

    private ColumnElement<Boolean> escapedLike(Operator op, Object pattern, String escape) {
        requireNotAggregate(op);
        ColumnElement<?> right = operand(op, pattern);
        return new BinaryExpression<>(selfGroup(op), right.selfGroup(op), op, Types.BOOLEAN, escape, null);
    }

    /**
     * {@code this IN (...)}. A list of plain values is one parameter that expands at execution
     * (its length is not part of the statement's shape); a list holding expressions renders them.
     */
    public ColumnElement<Boolean> in(Collection<?> values) {
        return inList(Operator.IN, values);
    }

    /** {@code this IN (SELECT ...)}: a SELECT, a UNION, a textual SELECT. */
    public ColumnElement<Boolean> in(SelectBase subquery) {
        requireNotAggregate(Operator.IN);
        return new BinaryExpression<>(selfGroup(Operator.IN), subquery, Operator.IN, Types.BOOLEAN);
    }

    public ColumnElement<Boolean> notIn(Collection<?> values) {
        return inList(Operator.NOT_IN, values);
    }

    /**
     * {@code this IN (...)} against one named parameter holding the list (SQLAlchemy's
     * {@code in_(bindparam("ids", expanding=True))}): the parameter is made {@link BindParameter#expanding()},
     * typed as this expression when it has no type, and expands at execution to one placeholder
     * per item; an empty list writes an IN that matches nothing, as SQLAlchemy does. The
     * statement's shape, and so its cache key, does not depend on the list.
     * <pre>{@code
     * Select q = select(users.c("id")).where(users.c("name").in(bindparam("names")));
     * conn.execute(q.params(Map.of("names", List.of("ann", "bob"))));   // WHERE users.name IN (?, ?)
     * }</pre>
     */
    public ColumnElement<Boolean> in(BindParameter<?> list) {
        return inParameter(Operator.IN, list);
    }

    /** {@code this NOT IN (...)} against one named parameter holding the list; see {@link #in(BindParameter)}. */
    public ColumnElement<Boolean> notIn(BindParameter<?> list) {
        return inParameter(Operator.NOT_IN, list);
    }

    private ColumnElement<Boolean> inParameter(Operator op, BindParameter<?> list) {
        requireNotAggregate(op);
        if (list == null) {
            throw new dev.retort.exc.ArgumentException("IN needs a parameter, got null");
        }
        // a tuple's rows are typed per element by the compiler (Tuple.elementTypes), not by one type
        TypeEngine<?> itemType = this instanceof Tuple ? null : type().coerceComparedValue(op, null);
        return new BinaryExpression<>(selfGroup(op), list.expandingAs(itemType), op, Types.BOOLEAN);
    }

    public ColumnElement<Boolean> notIn(SelectBase subquery) {
        requireNotAggregate(Operator.NOT_IN);
        return new BinaryExpression<>(selfGroup(Operator.NOT_IN), subquery, Operator.NOT_IN, Types.BOOLEAN);
    }

    /**
     * {@code this IN (VALUES ...)} against rows given in the statement ({@link Values#scalarValues()}).
     * <pre>{@code
     * users.c("id").in(values(column("id", Types.INTEGER)).data(List.of(List.of(1), List.of(42))).scalarValues());
     * }</pre>
     */
    public ColumnElement<Boolean> in(ScalarValues<?> rows) {
        requireNotAggregate(Operator.IN);
        return new BinaryExpression<>(selfGroup(Operator.IN), rows, Operator.IN, Types.BOOLEAN);
    }

    /** {@code this NOT IN (VALUES ...)}; see {@link #in(ScalarValues)}. */
    public ColumnElement<Boolean> notIn(ScalarValues<?> rows) {
        requireNotAggregate(Operator.NOT_IN);
        return new BinaryExpression<>(selfGroup(Operator.NOT_IN), rows, Operator.NOT_IN, Types.BOOLEAN);
    }

    private ColumnElement<Boolean> inList(Operator op, Collection<?> values) {
        requireNotAggregate(op);
        if (values == null) {
            throw new dev.retort.exc.ArgumentException("IN needs a collection of values, got null");
        }
        // One pass, no streams: this runs for every IN a statement builds.
        boolean expressions = false;
        boolean nulls = false;
        Object first = null;
        boolean seen = false;
        for (Object v : values) {
            if (v instanceof ClauseElement) {
                expressions = true;
                break;
            }
            if (!seen) {
                first = v;
                seen = true;
            }
            nulls |= v == null;
        }
        ClauseElement right;
        if (expressions) {
            List<ClauseElement> items = new ArrayList<>();
            for (Object v : values) {
                items.add(operand(op, v));
            }
            right = new ClauseList(Operator.COMMA, items, true);
        } else {
            // A null element is a NULL parameter, as in SQLAlchemy; the first value picks the type (a
            // null one: this type), as SQLAlchemy's expanding parameter, so the key does not hang on
            // where a null stands.
            // List.copyOf keeps an immutable list as it is (List.of(...), the usual argument) but refuses nulls.
            List<?> items = nulls ? java.util.Collections.unmodifiableList(new ArrayList<>(values)) : List.copyOf(values);
            right = new BindParameter<>(null, bindPrefix(), items, type().coerceComparedValue(op, first), true, true);
        }
        return new BinaryExpression<>(selfGroup(op), right, op, Types.BOOLEAN);
    }

    /** {@code this BETWEEN low AND high}. */
    public ColumnElement<Boolean> between(Object low, Object high) {
        return between(low, high, false);
    }

    /**
     * {@code this BETWEEN SYMMETRIC low AND high} when {@code symmetric}: true also when
     * {@code low > high} (PostgreSQL; SQLAlchemy writes it on every dialect, and so does Retort).
     */
    public ColumnElement<Boolean> between(Object low, Object high, boolean symmetric) {
        requireNotAggregate(Operator.BETWEEN);
        Operator op = symmetric ? Operator.BETWEEN_SYMMETRIC : Operator.BETWEEN;
        ClauseList bounds = new ClauseList(Operator.AND, List.of(operand(Operator.BETWEEN, low).selfGroup(Operator.BETWEEN), operand(Operator.BETWEEN, high).selfGroup(Operator.BETWEEN)), false);
        return new BinaryExpression<>(selfGroup(op), bounds, op, Types.BOOLEAN);
    }

    /**
     * {@code this IS other}, SQLAlchemy's {@code is_}: {@code null} gives {@code IS NULL}; a
     * value is a parameter, an expression (such as {@code SQL.trueLiteral()}) renders itself.
     */
    public ColumnElement<Boolean> is(Object other) {
        return other == null ? isNull() : identity(Operator.IS, other);
    }

    /** {@code this IS NOT other}, SQLAlchemy's {@code is_not}; {@code null} gives {@code IS NOT NULL}. */
    public ColumnElement<Boolean> isNot(Object other) {
        return other == null ? isNotNull() : identity(Operator.IS_NOT, other);
    }

    private ColumnElement<Boolean> identity(Operator op, Object other) {
        requireNotAggregate(op);
        ColumnElement<?> right = booleanConstant(other) != null ? booleanConstant(other) : operand(op, other);
        return new BinaryExpression<>(selfGroup(op), right.selfGroup(op), op, Types.BOOLEAN);
    }

    /**
     * A full-text match, SQLAlchemy's {@code match}: {@code this @@ plainto_tsquery(other)} on
     * PostgreSQL, {@code MATCH (this) AGAINST (other IN BOOLEAN MODE)} on MySQL/MariaDB,
     * {@code this MATCH other} on SQLite (an FTS table) and the default dialect.
     *
     * <pre>{@code
     * select(docs.c("id")).where(docs.c("body").match("retort"));
     * }</pre>
     */
    public ColumnElement<Boolean> match(Object other) {
        return match(other, null);
    }

    /**
     * {@link #match(Object)} with MySQL's search modifier ({@code MATCH (x) AGAINST (q IN NATURAL
     * LANGUAGE MODE)}); other databases ignore it, as SQLAlchemy does. Null: the default,
     * {@link MatchModifier#BOOLEAN_MODE}.
     */
    public ColumnElement<Boolean> match(Object other, MatchModifier modifier) {
        return match(other, modifier, null);
    }

    /**
     * {@link #match(Object, MatchModifier)} with PostgreSQL's text search configuration,
     * SQLAlchemy's {@code postgresql_regconfig}: {@code this @@ plainto_tsquery('english', other)};
     * other databases ignore it. Null: the server's default configuration.
     *
     * <pre>{@code
     * select(docs.c("id")).where(docs.c("body").match("retort", null, "english"));
     * }</pre>
     */
    public ColumnElement<Boolean> match(Object other, MatchModifier modifier, String regconfig) {
        requireNotAggregate(Operator.MATCH);
        ColumnElement<?> right = operand(Operator.MATCH, other);
        return new BinaryExpression<>(selfGroup(Operator.MATCH), right.selfGroup(Operator.MATCH), Operator.MATCH, Types.BOOLEAN,
                null, modifier == null ? null : modifier.name(), regconfig);
    }

    public ColumnElement<Boolean> isNull() {
        requireNotAggregate(Operator.IS);
        return new BinaryExpression<>(selfGroup(Operator.IS), Null.INSTANCE, Operator.IS, Types.BOOLEAN);
    }

    public ColumnElement<Boolean> isNotNull() {
        requireNotAggregate(Operator.IS_NOT);
        return new BinaryExpression<>(selfGroup(Operator.IS_NOT), Null.INSTANCE, Operator.IS_NOT, Types.BOOLEAN);
    }

    public ColumnElement<T> add(Object other) {
        return arithmetic(Operator.ADD, other);
    }

    public ColumnElement<T> sub(Object other) {
        return arithmetic(Operator.SUB, other);
    }

    /**
     * The length of time from {@code earlier} to this point in time (a {@code DATETIME} or
     * {@code TIMESTAMP}), as an INTERVAL whose values are {@link java.time.Duration}s:
     * {@code later - earlier} on PostgreSQL, {@code TIMESTAMPDIFF(MICROSECOND, earlier, later)}
     * on MySQL/MariaDB, a {@code CompileException} on SQLite (its times are text; see
     * README's types table).
     *
     * <pre>{@code
     * select(jobs.c("ended").durationSince(jobs.c("started")));   // Duration values
     * select(jobs.c("id")).where(jobs.c("ended").durationSince(jobs.c("started")).gt(Duration.ofMinutes(5)));
     * }</pre>
     */
    public ColumnElement<java.time.Duration> durationSince(Object earlier) {
        requireNotAggregate(Operator.SUB);
        TypeKind kind = type().kind();
        if (kind != TypeKind.DATETIME && kind != TypeKind.TIMESTAMP) {
            throw new dev.retort.exc.ArgumentException("durationSince needs a DATETIME or TIMESTAMP expression, not " + type());
        }
        ColumnElement<?> right = operand(Operator.SUB, earlier);
        return new BinaryExpression<>(selfGroup(Operator.SUB), right.selfGroup(Operator.SUB), Operator.SUB, Types.INTERVAL);
    }

    public ColumnElement<T> mul(Object other) {
        return arithmetic(Operator.MUL, other);
    }

    /**
     * True division, as SQLAlchemy's {@code /}: {@code 5 / 2} is 2.5 on every database (the
     * divisor is cast where the database would divide integers to an integer). Integers divided
     * give a NUMERIC result.
     *
     * <pre>{@code
     * users.c("age").div(2);       // PostgreSQL: users.age / CAST(? AS NUMERIC); SQLite: users.age / (? + 0.0)
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public <R> ColumnElement<R> div(Object other) {
        requireNotAggregate(Operator.DIV);
        ColumnElement<?> right = operand(Operator.DIV, other);
        boolean integers = isInteger(type()) && isInteger(right.type());
        TypeEngine<?> t = integers ? Types.NUMERIC : type().kind() == TypeKind.NULL ? right.type() : type();
        return new BinaryExpression<>(selfGroup(Operator.DIV), right.selfGroup(Operator.DIV), Operator.DIV, (TypeEngine<R>) t);
    }

    /**
     * Floor division, SQLAlchemy's {@code //}: {@code 7 // 2} is 3 ({@code FLOOR(a / b)} where
     * {@code /} would not floor).
     */
    public ColumnElement<T> floorDiv(Object other) {
        return arithmetic(Operator.FLOORDIV, other);
    }

    private static boolean isInteger(TypeEngine<?> t) {
        return t.kind() == TypeKind.INTEGER || t.kind() == TypeKind.BIGINT || t.kind() == TypeKind.SMALLINT;
    }

    public ColumnElement<T> mod(Object other) {
        return arithmetic(Operator.MOD, other);
    }

    /** String concatenation: {@code ||}, or {@code concat()} on MySQL. */
    public ColumnElement<String> concat(Object other) {
        return arithmetic(Operator.CONCAT, other);
    }

    // ---- bitwise and custom operators ----------------------------------------------------------

    /** {@code this & other}, SQLAlchemy's {@code bitwise_and}. */
    public ColumnElement<T> bitwiseAnd(Object other) {
        return arithmetic(Operator.BITWISE_AND, other);
    }

    /** {@code this | other}. */
    public ColumnElement<T> bitwiseOr(Object other) {
        return arithmetic(Operator.BITWISE_OR, other);
    }

    /**
     * Exclusive or: {@code this ^ other}; {@code #} on PostgreSQL (where {@code ^} is a power),
     * {@code ((this | other) - (this & other))} on SQLite, which has no operator for it.
     */
    public ColumnElement<T> bitwiseXor(Object other) {
        return arithmetic(Operator.BITWISE_XOR, other);
    }

    /** {@code this << bits}. */
    public ColumnElement<T> bitwiseLShift(Object bits) {
        return arithmetic(Operator.BITWISE_LSHIFT, bits);
    }

    /** {@code this >> bits}. */
    public ColumnElement<T> bitwiseRShift(Object bits) {
        return arithmetic(Operator.BITWISE_RSHIFT, bits);
    }

    /** {@code ~this}: every bit inverted. */
    public ColumnElement<T> bitwiseNot() {
        requireNotAggregate(Operator.BITWISE_NOT);
        return new UnaryExpression<>(selfGroup(Operator.BITWISE_NOT), Operator.BITWISE_NOT, type());
    }

    /**
     * {@code this OPERATOR other} for any operator the database has, SQLAlchemy's
     * {@code op("&")(other)}: precedence 0 (so it is parenthesised inside any other operator),
     * typed as this element. See {@link CustomOperator} for the options.
     *
     * <pre>{@code
     * select(t.c("a").op("&", 5));                               // t.a & :a_1
     * }</pre>
     */
    public ColumnElement<T> op(String operator, Object other) {
        return op(CustomOperator.of(operator), other);
    }

    /** {@code this OPERATOR other} as a comparison, SQLAlchemy's {@code bool_op("@@")(other)}: BOOLEAN. */
    public ColumnElement<Boolean> boolOp(String operator, Object other) {
        return op(CustomOperator.of(operator).comparison(true), other);
    }

    /**
     * {@code this OPERATOR other} with the operator's options: precedence, comparison, result type.
     *
     * <pre>{@code
     * users.c("data").op(CustomOperator.of("->>").precedence(15).returnType(Types.TEXT), "name");
     * }</pre>
     */
    public <R> ColumnElement<R> op(CustomOperator operator, Object other) {
        CustomOperator resolved = operator.resolvedFor(this);
        return CustomOp.of(this, operand(Operator.atPrecedence(resolved.precedence()), other), resolved);
    }

    /**
     * {@code OPERATOR this}, a prefix operator the database has (SQLAlchemy's
     * {@code UnaryExpression(x, operator=custom_op("|/"))}): precedence 0 unless given, typed as
     * this element unless the operator says otherwise.
     *
     * <pre>{@code
     * select(t.c("n").prefixOp(CustomOperator.of("|/")));         // |/ t.n
     * }</pre>
     */
    public <R> ColumnElement<R> prefixOp(CustomOperator operator) {
        return CustomUnaryOp.of(this, operator, false);
    }

    /** {@code this OPERATOR}, a postfix operator ({@code modifier=custom_op("!")} in SQLAlchemy): {@code t.n !}. */
    public <R> ColumnElement<R> postfixOp(CustomOperator operator) {
        return CustomUnaryOp.of(this, operator, true);
    }

    // ---- JSON and arrays ------------------------------------------------------------------------

    /**
     * An element of a JSON document (by object key or array index; the result is JSON) or of a
     * PostgreSQL array (by 1-based index, 0-based for an array type of {@code zeroIndexes}; the
     * result is the element type, or an array of one dimension less).
     *
     * <pre>{@code
     * select(docs.c("data").item("name"));   // PostgreSQL: data -> ?   MySQL: JSON_EXTRACT(data, ?) with '$."name"'
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public <R> ColumnElement<R> item(Object keyOrIndex) {
        TypeEngine<?> t = type();
        if (t instanceof dev.retort.types.HstoreType) {
            ColumnElement<?> key = keyOrIndex instanceof ColumnElement<?> c ? c : new BindParameter<>(null, bindPrefix(), keyOrIndex, Types.STRING, true, false);
            return new BinaryExpression<>(selfGroup(Operator.GETITEM), key, Operator.GETITEM, (TypeEngine<R>) Types.TEXT);
        }
        if (t.kind() == TypeKind.ARRAY && t instanceof dev.retort.types.ArrayType<?> a) {
            ColumnElement<?> index = keyOrIndex instanceof ColumnElement<?> c ? (a.isZeroIndexes() ? c.add(1) : c)
                    : new BindParameter<>(null, bindPrefix(), sqlIndex(a, keyOrIndex), Types.INTEGER, true, false);
            return new BinaryExpression<>(arrayOperand(), index, Operator.GETITEM, (TypeEngine<R>) a.itemType());
        }
        return new BinaryExpression<>(selfGroup(Operator.GETITEM), jsonKey(keyOrIndex), Operator.GETITEM, (TypeEngine<R>) jsonType("item"));
    }

    /** An element of a JSON document as text, for comparisons: {@code data.itemText("name").eq("ann")}. */
    public ColumnElement<String> itemText(Object keyOrIndex) {
        jsonType("itemText");
        return new BinaryExpression<>(selfGroup(Operator.GETITEM_TEXT), jsonKey(keyOrIndex), Operator.GETITEM_TEXT, Types.TEXT);
    }

    /**
     * An element of a JSON document by path: keys and array indexes from the outside in. The
     * result is JSON, as for {@link #item}.
     *
     * <pre>{@code
     * select(docs.c("data").path("address", "lines", 0));   // PostgreSQL: data #> ?  (a text[])   elsewhere: JSON_EXTRACT(data, '$."address"."lines"[0]')
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public <R> ColumnElement<R> path(Object... keysAndIndexes) {
        return new BinaryExpression<>(selfGroup(Operator.GETPATH), jsonPath(keysAndIndexes), Operator.GETPATH, (TypeEngine<R>) jsonType("path"));
    }

    /** An element of a JSON document by path, as text ({@code #>>} on PostgreSQL). */
    public ColumnElement<String> pathText(Object... keysAndIndexes) {
        jsonType("pathText");
        return new BinaryExpression<>(selfGroup(Operator.GETPATH_TEXT), jsonPath(keysAndIndexes), Operator.GETPATH_TEXT, Types.TEXT);
    }

    /** A JSON element ({@link #item} or {@link #path}) as an INTEGER, for comparisons: {@code data.item("n").asInteger().gt(3)}. */
    public ColumnElement<Integer> asInteger() {
        return jsonElementAs(Types.INTEGER, "asInteger");
    }

    /** A JSON element as a BIGINT. */
    public ColumnElement<Long> asLong() {
        return jsonElementAs(Types.BIGINT, "asLong");
    }

    /** A JSON element as a FLOAT (a Java double), SQLAlchemy's {@code as_float()}. */
    public ColumnElement<Double> asDouble() {
        return jsonElementAs(Types.FLOAT, "asDouble");
    }

    /** A JSON element as a string (the string's content, not its JSON text). */
    public ColumnElement<String> asString() {
        return jsonElementAs(Types.STRING, "asString");
    }

    /** A JSON element as a BOOLEAN (JSON {@code true} is true). */
    public ColumnElement<Boolean> asBoolean() {
        return jsonElementAs(Types.BOOLEAN, "asBoolean");
    }

    /** The element's text, cast: {@code CAST(data ->> ? AS INTEGER)}, {@code CAST(JSON_EXTRACT(data, ?) AS INTEGER)}. */
    private <R> ColumnElement<R> jsonElementAs(TypeEngine<R> type, String what) {
        if (this instanceof BinaryExpression<?> b && (b.operator() == Operator.GETITEM || b.operator() == Operator.GETPATH)
                && ((ColumnElement<?>) b.left()).type().kind().isJson()) {
            Operator text = b.operator() == Operator.GETITEM ? Operator.GETITEM_TEXT : Operator.GETPATH_TEXT;
            return new Cast<>(new BinaryExpression<String>(b.left(), b.right(), text, Types.TEXT), type);
        }
        throw new dev.retort.exc.ArgumentException(what + "() applies to a JSON element (item(...) or path(...)), not to " + this);
    }

    /**
     * A slice of a PostgreSQL array, {@code arr[lower:upper]} (1-based, both bounds included;
     * 0-based for an array type of {@code zeroIndexes}); the result is an array of the same type.
     */
    @SuppressWarnings("unchecked")
    public ColumnElement<T> slice(int lower, int upper) {
        if (!(type() instanceof dev.retort.types.ArrayType<?> a)) {
            throw new dev.retort.exc.ArgumentException("slice() applies to array expressions, not to " + this + " of type " + type());
        }
        // named as SQLAlchemy names a slice's bounds: after the expression's key, which a function call
        // lacks (its index, a comparison, is named after the function; its slice's bounds param_N)
        String name = this instanceof FunctionCall<?> ? "param" : bindPrefix();
        ClauseList bounds = new ClauseList(Operator.SLICE, List.of(new BindParameter<>(null, name, sqlIndex(a, lower), Types.INTEGER, true, false),
                new BindParameter<>(null, name, sqlIndex(a, upper), Types.INTEGER, true, false)), false);
        return new BinaryExpression<>(arrayOperand(), bounds, Operator.GETITEM, type());
    }

    /** An index as PostgreSQL counts (from 1): one more than given for an array of {@code zeroIndexes}. */
    private static Object sqlIndex(dev.retort.types.ArrayType<?> a, Object index) {
        return a.isZeroIndexes() && index instanceof Integer i ? (Object) (i + 1) : index;
    }

    /** This array as the left of {@code [...]}: an element or slice of an array needs no parentheses ({@code arr[1:3][1]}), as SQLAlchemy writes it. */
    private ClauseElement arrayOperand() {
        return this instanceof BinaryExpression<?> b && b.operator() == Operator.GETITEM ? this : selfGroup(Operator.GETITEM);
    }

    private BindParameter<Object> jsonPath(Object... keysAndIndexes) {
        if (keysAndIndexes.length == 0) {
            throw new dev.retort.exc.ArgumentException("A JSON path needs at least one key or index");
        }
        for (Object k : keysAndIndexes) {
            if (!(k instanceof String || k instanceof Integer)) {
                throw new dev.retort.exc.ArgumentException("A JSON path is made of String keys and Integer indexes, got " + k);
            }
        }
        return new BindParameter<>(null, bindPrefix(), List.of(keysAndIndexes), dev.retort.types.JsonPathType.INSTANCE, true, false);
    }

    private TypeEngine<?> jsonType(String what) {
        if (!type().kind().isJson()) {
            throw new dev.retort.exc.ArgumentException(what + "() applies to JSON and array expressions, not to " + this + " of type " + type());
        }
        return type();
    }

    private ColumnElement<?> jsonKey(Object keyOrIndex) {
        if (keyOrIndex instanceof ColumnElement<?> c) {
            return c;
        }
        if (!(keyOrIndex instanceof String || keyOrIndex instanceof Integer)) {
            throw new dev.retort.exc.ArgumentException("A JSON key is a String or an Integer index, got " + keyOrIndex);
        }
        return new BindParameter<>(null, bindPrefix(), keyOrIndex, dev.retort.types.JsonPathType.INSTANCE, true, false);
    }

    /** PostgreSQL {@code this <@ other}. */
    public ColumnElement<Boolean> containedBy(Object other) {
        return compare(Operator.CONTAINED_BY, other);
    }

    /** PostgreSQL {@code this && other}: arrays with an element in common. */
    public ColumnElement<Boolean> overlap(Object other) {
        return compare(Operator.OVERLAP, other);
    }

    /**
     * PostgreSQL {@code value = ANY (this)}: the array has an element equal to {@code value}
     * (SQLAlchemy's {@code value == arr.any_()}; named so as not to clash with the ORM's {@code any}).
     */
    public ColumnElement<Boolean> anyEq(Object value) {
        return quantified(Operator.ANY_EQ, value);
    }

    /** PostgreSQL {@code value = ALL (this)}: every element of the array equals {@code value}. */
    public ColumnElement<Boolean> allEq(Object value) {
        return quantified(Operator.ALL_EQ, value);
    }

    private ColumnElement<Boolean> quantified(Operator op, Object value) {
        if (!(type() instanceof dev.retort.types.ArrayType<?> a)) {
            throw new dev.retort.exc.ArgumentException(op + " applies to array expressions, not to " + this + " of type " + type());
        }
        ColumnElement<?> left = value instanceof ColumnElement<?> c ? c : new BindParameter<>(null, bindPrefix(), value, a.elementType(), true, false);
        return new BinaryExpression<>(left, this, op, Types.BOOLEAN);
    }

    /**
     * PostgreSQL's {@code this << other}: a range (or multirange) entirely to the left of
     * another, SQLAlchemy's {@code strictly_left_of}.
     *
     * <pre>{@code
     * t.c("seats").strictlyLeftOf(Range.of(100, 200));   // t.seats << ?::INT4RANGE
     * }</pre>
     */
    public ColumnElement<Boolean> strictlyLeftOf(Object other) {
        return compare(Operator.STRICTLY_LEFT_OF, other);
    }

    /** PostgreSQL's {@code this >> other}: a range entirely to the right of another. */
    public ColumnElement<Boolean> strictlyRightOf(Object other) {
        return compare(Operator.STRICTLY_RIGHT_OF, other);
    }

    /** PostgreSQL's {@code this &< other}: a range that does not extend to the right of another. */
    public ColumnElement<Boolean> notExtendRightOf(Object other) {
        return compare(Operator.NOT_EXTEND_RIGHT_OF, other);
    }

    /** PostgreSQL's {@code this &> other}: a range that does not extend to the left of another. */
    public ColumnElement<Boolean> notExtendLeftOf(Object other) {
        return compare(Operator.NOT_EXTEND_LEFT_OF, other);
    }

    /** PostgreSQL's {@code this -|- other}: ranges that meet without overlapping. */
    public ColumnElement<Boolean> adjacentTo(Object other) {
        return compare(Operator.ADJACENT_TO, other);
    }

    /** The union of two ranges, {@code this + other} (PostgreSQL raises an error when a single range would have a gap). */
    public ColumnElement<T> union(Object other) {
        return arithmetic(Operator.ADD, other);
    }

    /** The difference of two ranges, {@code this - other}. */
    public ColumnElement<T> difference(Object other) {
        return arithmetic(Operator.SUB, other);
    }

    /** The intersection of two ranges, {@code this * other}. */
    public ColumnElement<T> intersection(Object other) {
        return arithmetic(Operator.MUL, other);
    }

    /**
     * PostgreSQL's {@code this ? key}: a JSONB document or HSTORE has the key. The operator is
     * written {@code ??} on PostgreSQL, which the JDBC driver reads as {@code ?} (a lone {@code ?}
     * would be a parameter).
     *
     * <pre>{@code
     * select(t).where(t.c("attrs").hasKey("size"));                 // t.attrs ?? ?
     * select(t).where(t.c("doc").hasAll(array("a", "b")));          // t.doc ??& ARRAY[?, ?]
     * }</pre>
     */
    public ColumnElement<Boolean> hasKey(Object key) {
        return keyTest(Operator.HAS_KEY, key);
    }

    /** PostgreSQL's {@code this ?& keys}: has every key of a text array (a {@code List} of Strings or an array expression). */
    public ColumnElement<Boolean> hasAll(Object keys) {
        return keyTest(Operator.HAS_ALL, keys);
    }

    /** PostgreSQL's {@code this ?| keys}: has any key of a text array. */
    public ColumnElement<Boolean> hasAny(Object keys) {
        return keyTest(Operator.HAS_ANY, keys);
    }

    /** A key as text, keys as {@code TEXT[]}, whatever the document's type (a JSON key is no JSON document). */
    private ColumnElement<Boolean> keyTest(Operator op, Object key) {
        requireKeyed(op.name().toLowerCase(java.util.Locale.ROOT));
        ColumnElement<?> right = key instanceof ColumnElement<?> c ? c
                : new BindParameter<>(null, bindPrefix(), key, key instanceof java.util.Collection<?> ? Types.array(Types.TEXT) : Types.STRING, true, false);
        return new BinaryExpression<>(selfGroup(op), right.selfGroup(op), op, Types.BOOLEAN);
    }

    private void requireKeyed(String what) {
        if (!(type() instanceof dev.retort.types.HstoreType) && type().kind() != TypeKind.JSONB && type().kind() != TypeKind.JSON) {
            throw new dev.retort.exc.ArgumentException(what + "() applies to JSONB and HSTORE expressions, not to " + this + " of type " + type());
        }
    }

    /**
     * PostgreSQL's {@code this #- path}: the JSONB document without the element at the path
     * (SQLAlchemy's {@code delete_path}), the path as {@code CAST(ARRAY[...] AS TEXT[])}.
     *
     * <pre>{@code
     * update(t).values(Map.of("doc", t.c("doc").deletePath("a", "b")));   // t.doc #- CAST(ARRAY[?, ?] AS TEXT[])
     * }</pre>
     */
    public ColumnElement<T> deletePath(Object... keysAndIndexes) {
        if (type().kind() != TypeKind.JSONB) {
            throw new dev.retort.exc.ArgumentException("deletePath() applies to JSONB expressions, not to " + this + " of type " + type());
        }
        ColumnElement<?> path = keysAndIndexes.length == 1 && keysAndIndexes[0] instanceof ArrayLiteral<?> a ? a : SQL.array(keysAndIndexes);
        return new BinaryExpression<>(selfGroup(Operator.DELETE_PATH), new Cast<>(path, Types.array(Types.TEXT)), Operator.DELETE_PATH, type());
    }

    /** PostgreSQL's {@code this @? jsonpath}: the JSON path finds an item in the JSONB document. */
    public ColumnElement<Boolean> pathExists(Object jsonPath) {
        return jsonPathTest(Operator.PATH_EXISTS, jsonPath);
    }

    /** PostgreSQL's {@code this @@ jsonpath}: the JSON path predicate holds for the JSONB document. */
    public ColumnElement<Boolean> pathMatch(Object jsonPath) {
        return jsonPathTest(Operator.PATH_MATCH, jsonPath);
    }

    private ColumnElement<Boolean> jsonPathTest(Operator op, Object jsonPath) {
        if (type().kind() != TypeKind.JSONB) {
            throw new dev.retort.exc.ArgumentException(op.name().toLowerCase(java.util.Locale.ROOT) + "() applies to JSONB expressions, not to " + this);
        }
        ColumnElement<?> right = jsonPath instanceof ColumnElement<?> c ? c : new BindParameter<>(null, bindPrefix(), jsonPath, Types.named("postgresql", "JSONPATH", TypeKind.OTHER), true, false);
        return new BinaryExpression<>(selfGroup(op), right.selfGroup(op), op, Types.BOOLEAN);
    }

    /** HSTORE's {@code defined(this, key)}: the key is there with a non-null value. */
    public ColumnElement<Boolean> defined(Object key) {
        return hstoreFunction("defined", Types.BOOLEAN, key);
    }

    /** HSTORE's {@code delete(this, key)}: without the key (or the keys of a text array, or of another hstore). */
    public ColumnElement<java.util.Map<String, String>> delete(Object key) {
        return hstoreFunction("delete", Types.HSTORE, key);
    }

    /** HSTORE's {@code slice(this, keys)}: only the keys of a text array. */
    public ColumnElement<java.util.Map<String, String>> slice(Object keys) {
        return hstoreFunction("slice", Types.HSTORE, keys);
    }

    /** HSTORE's keys, {@code akeys(this)}, a {@code TEXT[]}. */
    public ColumnElement<List<String>> keys() {
        return hstoreFunction("akeys", Types.array(Types.TEXT));
    }

    /** HSTORE's values, {@code avals(this)}, a {@code TEXT[]}. */
    public ColumnElement<List<String>> vals() {
        return hstoreFunction("avals", Types.array(Types.TEXT));
    }

    /** HSTORE's keys and values alternating, {@code hstore_to_array(this)}. */
    public ColumnElement<List<String>> array() {
        return hstoreFunction("hstore_to_array", Types.array(Types.TEXT));
    }

    /** HSTORE's {@code [key, value]} pairs, {@code hstore_to_matrix(this)}. */
    public ColumnElement<List<String>> matrix() {
        return hstoreFunction("hstore_to_matrix", Types.array(Types.TEXT));
    }

    private <R> ColumnElement<R> hstoreFunction(String name, TypeEngine<R> type, Object... more) {
        if (!(type() instanceof dev.retort.types.HstoreType)) {
            throw new dev.retort.exc.ArgumentException(name + "() applies to HSTORE expressions, not to " + this + " of type " + type());
        }
        Object[] args = new Object[more.length + 1];
        args[0] = this;
        for (int i = 0; i < more.length; i++) {
            // keys as text, a list of keys as TEXT[], a map as an HSTORE
            Object v = more[i];
            args[i + 1] = v instanceof ClauseElement ? v : new BindParameter<>(null, name, v, type().coerceComparedValue(null, v), true, false);
        }
        return FunctionCall.<R>of(name, args).returning(type);
    }

    /** Arithmetic negation, {@code -x}. */
    public ColumnElement<T> neg() {
        requireNotAggregate(Operator.NEG);
        return new UnaryExpression<>(selfGroup(Operator.NEG), Operator.NEG, type());
    }

    /**
     * {@code this AS name}; a null name makes an anonymous label, which the compiler names after
     * the expression ({@code myid_1}, {@code count_1}, {@code anon_1}).
     *
     * <pre>{@code
     * select(users.c("id").label(null));   // SELECT users.id AS id_1 FROM users
     * }</pre>
     */
    public Label<T> label(String name) {
        return new Label<>(name, this);
    }

    /** {@code this DESC}, for ORDER BY. */
    public ColumnElement<T> desc() {
        return new UnaryExpression<>(orderingOperand(Operator.DESC), Operator.DESC, type());
    }

    /**
     * This grouped as SQLAlchemy's UnaryExpression groups its element ({@code (EXISTS (...)) DESC},
     * {@code (a OR b) DESC}); a label stays itself, so ORDER BY still finds it by reference.
     */
    private ColumnElement<T> orderingOperand(Operator op) {
        return this instanceof Label<?> ? this : selfGroup(op);
    }

    /** {@code this ASC}, for ORDER BY. */
    public ColumnElement<T> asc() {
        return new UnaryExpression<>(orderingOperand(Operator.ASC), Operator.ASC, type());
    }

    /**
     * {@code this LIKE '%' || other || '%'}: the value anywhere in the string ({@code %} and
     * {@code _} in it are wildcards). On an array or JSONB expression, as in SQLAlchemy, it is
     * containment instead: PostgreSQL's {@code this @> other}.
     *
     * <pre>{@code
     * users.c("name").contains("an");            // users.name LIKE '%' || ? || '%'
     * items.c("tags").contains(List.of("t"));    // items.tags @> ?   (an array column)
     * }</pre>
     */
    public ColumnElement<Boolean> contains(Object other) {
        dev.retort.types.TypeKind kind = type().kind();
        if (kind == dev.retort.types.TypeKind.ARRAY || kind == dev.retort.types.TypeKind.JSONB || type() instanceof dev.retort.types.RangeType<?>
                || type() instanceof dev.retort.types.HstoreType) {
            return compare(Operator.CONTAINS_ALL, other);
        }
        return patternMatch(Operator.CONTAINS, other, false, null);
    }

    /**
     * {@link #contains(Object)}; with {@code autoescape}, {@code %}, {@code _} and {@code /} in the
     * value match themselves ({@code ... ESCAPE '/'}, the value escaped with {@code /}).
     *
     * <pre>{@code
     * users.c("name").contains("50%", true);     // users.name LIKE '%' || ? || '%' ESCAPE '/', bound as 50/%
     * }</pre>
     */
    public ColumnElement<Boolean> contains(Object other, boolean autoescape) {
        return patternMatch(Operator.CONTAINS, other, autoescape, null);
    }

    /**
     * {@link #contains(Object)} with an escape character the value itself uses
     * ({@code ... ESCAPE 'escape'}; the value is passed on as given).
     */
    public ColumnElement<Boolean> contains(Object other, String escape) {
        return patternMatch(Operator.CONTAINS, other, false, escape);
    }

    /**
     * {@link #contains(Object, boolean)} escaping with {@code escape} instead of {@code /}
     * (SQLAlchemy's {@code contains(v, autoescape=True, escape="^")}).
     */
    public ColumnElement<Boolean> contains(Object other, boolean autoescape, String escape) {
        return patternMatch(Operator.CONTAINS, other, autoescape, escape);
    }

    /** {@code this LIKE other || '%'}. */
    public ColumnElement<Boolean> startsWith(Object other) {
        return patternMatch(Operator.STARTS_WITH, other, false, null);
    }

    /** {@link #startsWith(Object)}, the value escaped as {@link #contains(Object, boolean)} does. */
    public ColumnElement<Boolean> startsWith(Object other, boolean autoescape) {
        return patternMatch(Operator.STARTS_WITH, other, autoescape, null);
    }

    /** {@link #startsWith(Object)} with an escape character, as {@link #contains(Object, String)}. */
    public ColumnElement<Boolean> startsWith(Object other, String escape) {
        return patternMatch(Operator.STARTS_WITH, other, false, escape);
    }

    /** {@link #startsWith(Object)}, as {@link #contains(Object, boolean, String)}. */
    public ColumnElement<Boolean> startsWith(Object other, boolean autoescape, String escape) {
        return patternMatch(Operator.STARTS_WITH, other, autoescape, escape);
    }

    /** {@code this LIKE '%' || other}. */
    public ColumnElement<Boolean> endsWith(Object other) {
        return patternMatch(Operator.ENDS_WITH, other, false, null);
    }

    /** {@link #endsWith(Object)}, the value escaped as {@link #contains(Object, boolean)} does. */
    public ColumnElement<Boolean> endsWith(Object other, boolean autoescape) {
        return patternMatch(Operator.ENDS_WITH, other, autoescape, null);
    }

    /** {@link #endsWith(Object)} with an escape character, as {@link #contains(Object, String)}. */
    public ColumnElement<Boolean> endsWith(Object other, String escape) {
        return patternMatch(Operator.ENDS_WITH, other, false, escape);
    }

    /** {@link #endsWith(Object)}, as {@link #contains(Object, boolean, String)}. */
    public ColumnElement<Boolean> endsWith(Object other, boolean autoescape, String escape) {
        return patternMatch(Operator.ENDS_WITH, other, autoescape, escape);
    }

    /**
     * Case-insensitive {@link #contains(Object)}, SQLAlchemy's {@code icontains}:
     * {@code lower(this) LIKE '%' || lower(other) || '%'}, on PostgreSQL
     * {@code this ILIKE '%' || other || '%'}; the same four forms as {@code contains}.
     *
     * <pre>{@code
     * users.c("name").icontains("an");                // lower(users.name) LIKE '%' || lower(?) || '%'
     * users.c("name").icontains("50%", true);          // ... ESCAPE '/', bound as 50/%
     * }</pre>
     */
    public ColumnElement<Boolean> icontains(Object other) {
        return patternMatch(Operator.ICONTAINS, other, false, null);
    }

    /** {@link #icontains(Object)} autoescaped, as {@link #contains(Object, boolean)}. */
    public ColumnElement<Boolean> icontains(Object other, boolean autoescape) {
        return patternMatch(Operator.ICONTAINS, other, autoescape, null);
    }

    /** {@link #icontains(Object)} with an escape character, as {@link #contains(Object, String)}. */
    public ColumnElement<Boolean> icontains(Object other, String escape) {
        return patternMatch(Operator.ICONTAINS, other, false, escape);
    }

    /** {@link #icontains(Object)}, as {@link #contains(Object, boolean, String)}. */
    public ColumnElement<Boolean> icontains(Object other, boolean autoescape, String escape) {
        return patternMatch(Operator.ICONTAINS, other, autoescape, escape);
    }

    /** Case-insensitive {@link #startsWith(Object)}, SQLAlchemy's {@code istartswith}. */
    public ColumnElement<Boolean> istartsWith(Object other) {
        return patternMatch(Operator.ISTARTS_WITH, other, false, null);
    }

    /** {@link #istartsWith(Object)} autoescaped, as {@link #contains(Object, boolean)}. */
    public ColumnElement<Boolean> istartsWith(Object other, boolean autoescape) {
        return patternMatch(Operator.ISTARTS_WITH, other, autoescape, null);
    }

    /** {@link #istartsWith(Object)} with an escape character, as {@link #contains(Object, String)}. */
    public ColumnElement<Boolean> istartsWith(Object other, String escape) {
        return patternMatch(Operator.ISTARTS_WITH, other, false, escape);
    }

    /** {@link #istartsWith(Object)}, as {@link #contains(Object, boolean, String)}. */
    public ColumnElement<Boolean> istartsWith(Object other, boolean autoescape, String escape) {
        return patternMatch(Operator.ISTARTS_WITH, other, autoescape, escape);
    }

    /** Case-insensitive {@link #endsWith(Object)}, SQLAlchemy's {@code iendswith}. */
    public ColumnElement<Boolean> iendsWith(Object other) {
        return patternMatch(Operator.IENDS_WITH, other, false, null);
    }

    /** {@link #iendsWith(Object)} autoescaped, as {@link #contains(Object, boolean)}. */
    public ColumnElement<Boolean> iendsWith(Object other, boolean autoescape) {
        return patternMatch(Operator.IENDS_WITH, other, autoescape, null);
    }

    /** {@link #iendsWith(Object)} with an escape character, as {@link #contains(Object, String)}. */
    public ColumnElement<Boolean> iendsWith(Object other, String escape) {
        return patternMatch(Operator.IENDS_WITH, other, false, escape);
    }

    /** {@link #iendsWith(Object)}, as {@link #contains(Object, boolean, String)}. */
    public ColumnElement<Boolean> iendsWith(Object other, boolean autoescape, String escape) {
        return patternMatch(Operator.IENDS_WITH, other, autoescape, escape);
    }

    /**
     * The pattern operators. Autoescape doubles the escape character (default {@code /}) in the
     * value, then escapes {@code %} and {@code _}, as SQLAlchemy does.
     */
    private ColumnElement<Boolean> patternMatch(Operator op, Object other, boolean autoescape, String escape) {
        Object value = other;
        String esc = autoescape && escape == null ? "/" : escape;
        if (autoescape) {
            if (!(other instanceof String s)) {
                throw new dev.retort.exc.ArgumentException("autoescape needs a String value, got " + other);
            }
            String doubled = esc.equals("%") || esc.equals("_") ? s : s.replace(esc, esc + esc);
            value = doubled.replace("%", esc + "%").replace("_", esc + "_");
        }
        ColumnElement<?> pattern = operand(op, value);
        if (autoescape && escape == null && (op == Operator.CONTAINS || op == Operator.STARTS_WITH || op == Operator.ENDS_WITH)) {
            // The form format 1.5 gave autoescape (ESCAPE inside the right operand): trees saved
            // since then still compare equal to, and share cache keys with, ones built now.
            ClauseElement right = new ClauseList(Operator.ESCAPE, List.of(pattern, SQL.literalColumn("'/'")), false);
            return new BinaryExpression<>(selfGroup(op), right, op, Types.BOOLEAN);
        }
        return new BinaryExpression<>(selfGroup(op), pattern, op, Types.BOOLEAN, esc, null);
    }

    /**
     * Whether the string matches the regular expression: {@code ~} on PostgreSQL, {@code REGEXP}
     * on MySQL/MariaDB; SQLite has no regular expressions unless the application registers a
     * {@code regexp} function, and refuses it with a CompileException.
     */
    public ColumnElement<Boolean> regexpMatch(Object pattern) {
        return compare(Operator.REGEXP_MATCH, pattern);
    }

    /**
     * {@link #regexpMatch(Object)} with flags, spelt per dialect as SQLAlchemy's
     * {@code regexp_match(p, flags=...)}: PostgreSQL {@code ~*} for {@code "i"} and
     * {@code ~ CONCAT('(?', flags, ')', p)} otherwise, MySQL {@code REGEXP_LIKE(x, p, flags)},
     * MariaDB {@code x REGEXP CONCAT('(?', flags, ')', p)}. Null flags: none.
     *
     * <pre>{@code
     * users.c("name").regexpMatch("^a", "i");     // PostgreSQL: users.name ~* ?
     * }</pre>
     */
    public ColumnElement<Boolean> regexpMatch(Object pattern, String flags) {
        ColumnElement<?> right = operand(Operator.REGEXP_MATCH, pattern);
        return new BinaryExpression<>(selfGroup(Operator.REGEXP_MATCH), right.selfGroup(Operator.REGEXP_MATCH), Operator.REGEXP_MATCH,
                Types.BOOLEAN, null, flags);
    }

    /** {@code REGEXP_REPLACE(this, pattern, replacement)} (PostgreSQL, MySQL 8, MariaDB). */
    public ColumnElement<String> regexpReplace(Object pattern, Object replacement) {
        return FunctionCall.<String>of("REGEXP_REPLACE", this, stringOperand(pattern), stringOperand(replacement)).returning(Types.STRING);
    }

    /**
     * {@link #regexpReplace(Object, Object)} with flags: {@code REGEXP_REPLACE(this, p, r, flags)}
     * on PostgreSQL and MySQL, the flags as an inline {@code (?flags)} prefix of the pattern on
     * MariaDB; null flags give the plain function.
     */
    public ColumnElement<String> regexpReplace(Object pattern, Object replacement, String flags) {
        if (flags == null) {
            return regexpReplace(pattern, replacement);
        }
        ClauseList args = new ClauseList(Operator.COMMA, List.of(stringOperand(pattern), stringOperand(replacement)), false);
        return new BinaryExpression<>(this, args, Operator.REGEXP_REPLACE, Types.STRING, null, flags);
    }

    /** A string argument bound after this expression ({@code myid_1}), as a comparison's value is. */
    private ColumnElement<?> stringOperand(Object value) {
        return value instanceof ClauseElement ? operand(Operator.REGEXP_MATCH, value)
                : new BindParameter<>(null, bindPrefix(), value, Types.STRING, true, false);
    }

    /** {@code this NULLS FIRST}, for ORDER BY: {@code users.c("age").desc().nullsFirst()} (not on MySQL/MariaDB). */
    public ColumnElement<T> nullsFirst() {
        return new UnaryExpression<>(this, Operator.NULLS_FIRST, type());
    }

    /** {@code this NULLS LAST}, for ORDER BY (not on MySQL/MariaDB). */
    public ColumnElement<T> nullsLast() {
        return new UnaryExpression<>(this, Operator.NULLS_LAST, type());
    }

    /** {@code DISTINCT this}, inside an aggregate: {@code func("count", users.c("name").distinct())}. */
    public ColumnElement<T> distinct() {
        return new UnaryExpression<>(this, Operator.DISTINCT, type());
    }

    /**
     * {@code this IS DISTINCT FROM other}: a comparison where NULL equals NULL (SQLite spells it
     * {@code IS NOT}, MySQL {@code NOT (a <=> b)}).
     */
    public ColumnElement<Boolean> isDistinctFrom(Object other) {
        ColumnElement<?> right = other == null ? Null.INSTANCE : booleanConstant(other) != null ? booleanConstant(other) : operand(Operator.IS_DISTINCT_FROM, other);
        return new BinaryExpression<>(selfGroup(Operator.IS_DISTINCT_FROM), right.selfGroup(Operator.IS_DISTINCT_FROM), Operator.IS_DISTINCT_FROM, Types.BOOLEAN);
    }

    /** {@code this IS NOT DISTINCT FROM other}: equality where NULL equals NULL. */
    public ColumnElement<Boolean> isNotDistinctFrom(Object other) {
        ColumnElement<?> right = other == null ? Null.INSTANCE : booleanConstant(other) != null ? booleanConstant(other) : operand(Operator.IS_NOT_DISTINCT_FROM, other);
        return new BinaryExpression<>(selfGroup(Operator.IS_NOT_DISTINCT_FROM), right.selfGroup(Operator.IS_NOT_DISTINCT_FROM), Operator.IS_NOT_DISTINCT_FROM, Types.BOOLEAN);
    }

    /** {@code this COLLATE collation}; the collation is a name, quoted where it needs it. */
    public ColumnElement<T> collate(String collation) {
        if (collation == null || collation.isEmpty()) {
            throw new dev.retort.exc.ArgumentException("COLLATE needs a collation name");
        }
        return new BinaryExpression<>(selfGroup(Operator.COLLATE), SQL.column(collation), Operator.COLLATE, type());
    }

    /**
     * {@code this COLLATE schema.collation}: a collation kept in a schema (PostgreSQL), SQLAlchemy's
     * {@code collate(name, collation_schema=...)}.
     *
     * <pre>{@code
     * users.c("name").collate("de_phonebook", "myschema");   // users.name COLLATE myschema.de_phonebook
     * }</pre>
     */
    public ColumnElement<T> collate(String collation, String schema) {
        if (schema == null) {
            return collate(collation);
        }
        return new BinaryExpression<>(selfGroup(Operator.COLLATE), new Collation(collation, schema), Operator.COLLATE, type());
    }

    /** {@code CAST(this AS type)}. */
    public <R> ColumnElement<R> cast(TypeEngine<R> type) {
        return new Cast<>(this, type);
    }

    /** The negation of this boolean expression (see {@link SQL#not}). */
    ColumnElement<Boolean> negate() {
        return new UnaryExpression<>(selfGroup(Operator.NOT), Operator.NOT, Types.BOOLEAN);
    }
}
