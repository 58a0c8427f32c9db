package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code SELECT}. Every method returns a new statement; the receiver is unchanged. The FROM list
 * is derived from the columns and criteria unless given with {@link #selectFrom}; a table that a
 * join covers is not listed again, and inside a subquery, tables of the enclosing statement are
 * correlated out.
 *
 * <pre>{@code
 * select(users.c("name"), func("count", addresses.c("id")))
 *         .join(addresses)
 *         .where(users.c("id").gt(5))
 *         .groupBy(users.c("name"))
 *         .having(func("count", addresses.c("id")).gt(1))
 *         .orderBy(desc(users.c("name")))
 *         .limit(10);
 * }</pre>
 */
public final class Select extends SelectBase {
    static final Traversal<Select> TRAVERSAL = Traversal.of("select",
            a -> new Select(list(a[0]), froms("froms", a[1]), list(a[2]), list(a[5]), (ClauseElement) a[6],
                    new Rest(list(a[3]), list(a[4]), (ClauseElement) a[7], (Boolean) a[8], (ForUpdate) a[9], a[10] == null ? List.of() : list(a[10]), (Fetch) a[11],
                            new Correlation(froms("correlate", a[12]), a[13] == null || (Boolean) a[13], froms("correlateExcept", a[14]), a[15] != null && (Boolean) a[15]),
                            AddedCtes.of(a[16], a[17]), a[18] == null ? null : LabelStyle.named(a[18]), Affixes.of(a[19], a[20], a[21], null)),
                    (ClauseElement) a[22]),
            Attr.clauses("columns", Select::columns),
            Attr.clauses("froms", Select::explicitFroms),
            Attr.clauses("where", Select::whereCriteria),
            Attr.clauses("groupBy", Select::groupByClauses),
            Attr.clauses("having", Select::havingCriteria),
            Attr.clauses("orderBy", Select::orderByClauses),
            Attr.optionalClause("limit", Select::limitClause),
            Attr.optionalClause("offset", Select::offsetClause),
            Attr.flag("distinct", Select::isDistinct),
            Attr.optionalClause("forUpdate", Select::forUpdate).since(4),
            Attr.clauses("distinctOn", Select::distinctOnClauses).since(8),
            Attr.optionalClause("fetch", Select::fetchClause).since(8),
            Attr.clauses("correlate", Select::correlateFroms).since(9),
            Attr.flag("autoCorrelate", Select::isAutoCorrelate).omittedWhen(true).since(9),
            Attr.clauses("correlateExcept", Select::correlateExceptFroms).since(9),
            Attr.flag("correlatesExcept", Select::correlatesExcept).omittedWhen(false).since(9),
            Attr.clauses("addedCtes", Select::addedCtes).since(9),
            Attr.struct("addedCtesNestHere", (Select s) -> s.rest.added.nestHereAttribute()).since(9),
            // null at the default style, so a SELECT that keeps it needs no newer format
            Attr.struct("labelStyle", (Select s) -> s.rest.labelStyle == null ? null : s.rest.labelStyle.name()).since(9),
            Attr.clauses("prefixes", Select::prefixes).since(11),
            Attr.clauses("suffixes", Select::suffixes).since(11),
            Attr.clauses("hints", Select::hints).since(15),
            // a copy, a loaded document and a cache key keep what the statement was made from
            Attr.annotation("origin", Select::origin).since(17));

    private final List<ColumnElement<?>> columns;
    private final List<FromClause> froms;
    private final List<ClauseElement> where;
    private final List<ClauseElement> orderBy;
    private final ClauseElement limit;
    /** The clauses most statements leave at their defaults, kept apart so that each generative call copies fewer fields. */
    private final Rest rest;
    /** What made this statement as it is ({@link #withOrigin}), or null. */
    private final ClauseElement origin;
    private volatile List<SelectColumn> selectColumns;

    /** A statement of no origin: a generative call's result is no longer the statement its origin makes. */
    private Select(List<?> columns, List<?> froms, List<?> where, List<?> orderBy, ClauseElement limit, Rest rest) {
        this(columns, froms, where, orderBy, limit, rest, null);
    }

    @SuppressWarnings("unchecked")
    private Select(List<?> columns, List<?> froms, List<?> where, List<?> orderBy, ClauseElement limit, Rest rest, ClauseElement origin) {
        this.columns = (List<ColumnElement<?>>) List.copyOf(columns);
        this.froms = (List<FromClause>) List.copyOf(froms);
        this.where = (List<ClauseElement>) List.copyOf(where);
        this.orderBy = (List<ClauseElement>) List.copyOf(orderBy);
        this.limit = limit;
        this.rest = rest;
        this.origin = origin;
    }

    /**
     * GROUP BY, HAVING, OFFSET, DISTINCT, FOR UPDATE, DISTINCT ON, FETCH, correlation, added
     * CTEs, the label style ({@code null} for the default, {@link LabelStyle#DISAMBIGUATE_ONLY}), prefixes and suffixes.
     */
    private static final class Rest {
        static final Rest DEFAULT = new Rest(List.of(), List.of(), null, false, null, List.of(), null, Correlation.AUTO, AddedCtes.NONE, null, Affixes.NONE);

        final List<ClauseElement> groupBy;
        final List<ClauseElement> having;
        final ClauseElement offset;
        final boolean distinct;
        final ForUpdate forUpdate;
        final List<ColumnElement<?>> distinctOn;
        final Fetch fetch;
        final Correlation correlation;
        final AddedCtes added;
        final LabelStyle labelStyle;
        final Affixes affixes;

        @SuppressWarnings("unchecked")
        Rest(List<?> groupBy, List<?> having, ClauseElement offset, boolean distinct, ForUpdate forUpdate, List<?> distinctOn, Fetch fetch,
                Correlation correlation, AddedCtes added, LabelStyle labelStyle, Affixes affixes) {
            this.groupBy = (List<ClauseElement>) List.copyOf(groupBy);
            this.having = (List<ClauseElement>) List.copyOf(having);
            this.offset = offset;
            this.distinct = distinct;
            this.forUpdate = forUpdate;
            this.distinctOn = (List<ColumnElement<?>>) List.copyOf(distinctOn);
            this.fetch = fetch;
            this.correlation = correlation;
            this.added = added;
            this.labelStyle = labelStyle == LabelStyle.DISAMBIGUATE_ONLY ? null : labelStyle;
            this.affixes = affixes;
        }
    }

    /**
     * How a SELECT used as a subquery drops FROM clauses of enclosing statements from its own
     * FROM list (SQLAlchemy's {@code _auto_correlate}, {@code _correlate}, {@code _correlate_except}).
     */
    private record Correlation(List<FromClause> correlate, boolean auto, List<FromClause> except, boolean exceptGiven) {
        static final Correlation AUTO = new Correlation(List.of(), true, List.of(), false);

        Correlation {
            correlate = List.copyOf(correlate);
            except = List.copyOf(except);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    /** A loaded list of FROM clauses; absent in documents older than the attribute. */
    @SuppressWarnings("unchecked")
    private static <T> List<T> froms(String attr, Object o) {
        List<T> l = o == null ? List.of() : (List<T>) o;
        for (Object f : l) {
            // a loaded document's list may hold any clause: refused here, not as a ClassCastException when compiled
            if (!(f instanceof FromClause)) {
                throw new dev.retort.exc.ArgumentException("select's '" + attr + "' holds FROM clauses, not " + f);
            }
        }
        return l;
    }

    /** {@code SELECT} of columns; a FROM clause given as a column stands for all its columns. */
    static Select of(Object... entities) {
        if (allColumns(entities)) {
            // The common case: the list is the one copy of the arguments.
            return new Select(List.of(entities), List.of(), List.of(), List.of(), null, Rest.DEFAULT);
        }
        Object[] cols = new Object[entities.length];
        int n = 0;
        List<Object> joins = List.of();
        for (Object e : entities) {
            if (e instanceof ColumnElement<?> c) {
                cols = add(cols, n++, c);
            } else if (e instanceof FromClause f) {
                for (ColumnElement<?> c : f.columns()) {
                    cols = add(cols, n++, c);
                }
                if (f instanceof Join j) {
                    // The columns belong to the join's tables; the join itself must stay in FROM.
                    joins = plus(joins, new Object[] {j});
                }
            } else if (e instanceof SelectBase s) {
                cols = add(cols, n++, s.scalarSubquery());
            } else {
                throw new dev.retort.exc.ArgumentException("select() takes columns, expressions and FROM clauses, not " + (e == null ? "null" : e.getClass().getName()));
            }
        }
        return new Select(List.of(n == cols.length ? cols : Arrays.copyOf(cols, n)), joins, List.of(), List.of(), null, Rest.DEFAULT);
    }

    /** {@code items} with {@code item} at {@code i}, grown when full. */
    private static boolean allColumns(Object[] entities) {
        for (Object e : entities) {
            if (!(e instanceof ColumnElement<?>)) {
                return false;
            }
        }
        return true;
    }

    private static Object[] add(Object[] items, int i, Object item) {
        Object[] out = i < items.length ? items : Arrays.copyOf(items, Math.max(8, i * 2));
        out[i] = item;
        return out;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitSelect(this);
    }

    /** The columns clause, in order. */
    public List<ColumnElement<?>> columns() {
        return columns;
    }

    /** The FROM clauses given explicitly (with joins applied). */
    public List<FromClause> explicitFroms() {
        return froms;
    }

    public List<ClauseElement> whereCriteria() {
        return where;
    }

    public List<ClauseElement> groupByClauses() {
        return rest.groupBy;
    }

    public List<ClauseElement> havingCriteria() {
        return rest.having;
    }

    public List<ClauseElement> orderByClauses() {
        return orderBy;
    }

    public ClauseElement limitClause() {
        return limit;
    }

    public ClauseElement offsetClause() {
        return rest.offset;
    }

    public boolean isDistinct() {
        return rest.distinct;
    }

    private Select with(List<?> cols, List<?> f, List<?> w, List<?> o) {
        return new Select(cols, f, w, o, limit, rest);
    }

    private Select withRest(Rest r) {
        return new Select(columns, froms, where, orderBy, limit, r);
    }

    /**
     * {@code a} followed by {@code b}, as the immutable list the constructor keeps as it is
     * (a list built here and copied there would be copied twice).
     */
    private static List<Object> plus(List<?> a, Object[] b) {
        int n = a.size();
        if (n == 0) {
            // List.of copies the arguments itself, and refuses a null
            for (Object x : b) {
                if (x == null) {
                    throw new dev.retort.exc.ArgumentException("null is not a SQL clause");
                }
            }
            return List.of(b);
        }
        Object[] out = new Object[n + b.length];
        for (int i = 0; i < n; i++) {
            out[i] = a.get(i);
        }
        for (Object x : b) {
            if (x == null) {
                throw new dev.retort.exc.ArgumentException("null is not a SQL clause");
            }
            out[n++] = x;
        }
        return List.of(out);
    }

    /** Adds WHERE criteria; several calls (and several arguments) are AND-ed. */
    public Select where(ClauseElement... criteria) {
        return with(columns, froms, plus(where, criteria), orderBy);
    }

    public Select groupBy(ClauseElement... clauses) {
        Rest r = rest;
        return withRest(new Rest(plus(r.groupBy, clauses), r.having, r.offset, r.distinct, r.forUpdate, r.distinctOn, r.fetch, r.correlation, r.added, r.labelStyle, r.affixes));
    }

    /** Adds HAVING criteria; AND-ed like {@link #where}. */
    public Select having(ClauseElement... criteria) {
        Rest r = rest;
        return withRest(new Rest(r.groupBy, plus(r.having, criteria), r.offset, r.distinct, r.forUpdate, r.distinctOn, r.fetch, r.correlation, r.added, r.labelStyle, r.affixes));
    }

    /**
     * Adds ORDER BY clauses; a lone null instead takes all of them off, as SQLAlchemy's
     * {@code order_by(None)}: {@code s.orderBy((ClauseElement) null).orderBy(t.c("name"))}.
     */
    public Select orderBy(ClauseElement... clauses) {
        if (clauses == null || clauses.length == 1 && clauses[0] == null) {
            return with(columns, froms, where, List.of());
        }
        return with(columns, froms, where, plus(orderBy, clauses));
    }

    /** {@code LIMIT n}; the number is a bound parameter, so it does not change the statement's shape. Replaces a {@link #fetch}. */
    public Select limit(int n) {
        return withLimit(new BindParameter<>(null, "param", n, Types.INTEGER, true, false));
    }

    /**
     * {@code LIMIT expression}: a named parameter, a column or SQL text taken as it is
     * (SQLAlchemy's {@code limit()} of an expression). Replaces a {@link #fetch}.
     * <pre>{@code
     * select(t.c("id")).limit(bindparam("n")).offset(literalColumn("10"));   // ... LIMIT :n OFFSET 10
     * }</pre>
     */
    public Select limit(ColumnElement<?> count) {
        return withLimit(requireCount(count, "LIMIT"));
    }

    private Select withLimit(ClauseElement l) {
        Rest r = rest.fetch == null ? rest
                : new Rest(rest.groupBy, rest.having, rest.offset, rest.distinct, rest.forUpdate, rest.distinctOn, null, rest.correlation, rest.added, rest.labelStyle, rest.affixes);
        return new Select(columns, froms, where, orderBy, l, r);
    }

    static ColumnElement<?> requireCount(ColumnElement<?> count, String clause) {
        if (count == null) {
            throw new dev.retort.exc.ArgumentException(clause + " needs an expression, got null");
        }
        return count;
    }

    /**
     * {@code FETCH FIRST n ROWS ONLY}, SQLAlchemy's {@code fetch(n)}; replaces a {@link #limit}.
     * See {@link Fetch} for what each dialect writes.
     */
    public Select fetch(int count) {
        return fetch(Fetch.first(count));
    }

    /** The standard row limit with its options: {@code fetch(Fetch.first(3).withTies())}. */
    public Select fetch(Fetch clause) {
        Rest r = rest;
        return new Select(columns, froms, where, orderBy, null,
                new Rest(r.groupBy, r.having, r.offset, r.distinct, r.forUpdate, r.distinctOn, clause, r.correlation, r.added, r.labelStyle, r.affixes));
    }

    /** The FETCH FIRST clause, or null. */
    public Fetch fetchClause() {
        return rest.fetch;
    }

    /**
     * {@code SELECT DISTINCT ON (exprs) ...} (PostgreSQL; SQLAlchemy 2.1's
     * {@code select.ext(postgresql.distinct_on(...))}): one row for each distinct value of the
     * expressions, the first in the ORDER BY. Several calls add expressions. Other databases have
     * no DISTINCT ON: compiling for them is a CompileException naming the dialect.
     *
     * <pre>{@code
     * select(users.c("age"), users.c("name")).distinctOn(users.c("age")).orderBy(users.c("age"), users.c("name"));
     * // PostgreSQL: SELECT DISTINCT ON (users.age) users.age, users.name FROM users ORDER BY users.age, users.name
     * }</pre>
     */
    public Select distinctOn(ColumnElement<?>... expressions) {
        Rest r = rest;
        return withRest(new Rest(r.groupBy, r.having, r.offset, r.distinct, r.forUpdate, plus(r.distinctOn, expressions), r.fetch, r.correlation, r.added, r.labelStyle, r.affixes));
    }

    /** The expressions of DISTINCT ON, in order (empty without one). */
    public List<ColumnElement<?>> distinctOnClauses() {
        return rest.distinctOn;
    }

    /**
     * Turns auto-correlation off and correlates the given FROM clauses instead: inside an enclosing
     * statement that has one of them in its FROM list (at any level), it is left out of this
     * SELECT's FROM list, so the subquery refers to the enclosing row. Several calls add clauses.
     * With no argument, nothing correlates (SQLAlchemy's {@code correlate(None)}): the subquery
     * keeps its whole FROM list.
     *
     * <pre>{@code
     * Select inner = select(orders.c("total")).where(orders.c("user_id").eq(users.c("id"))).correlate(users);
     * select(users.c("name")).where(inner.scalarSubquery().gt(10));
     * // SELECT users.name FROM users WHERE (SELECT orders.total FROM orders WHERE orders.user_id = users.id) > :param_1
     * }</pre>
     */
    public Select correlate(FromClause... fromClauses) {
        List<FromClause> given = fromClauses.length == 0 ? List.of() : fromList(plus(rest.correlation.correlate(), fromClauses));
        return withCorrelation(new Correlation(given, false, rest.correlation.except(), rest.correlation.exceptGiven()));
    }

    /**
     * Turns auto-correlation off and correlates every FROM clause of the enclosing statements
     * except the given ones (which stay in this SELECT's FROM list). Several calls add clauses.
     * With no argument, every FROM clause of an enclosing statement correlates (SQLAlchemy's
     * {@code correlate_except(None)}).
     *
     * <pre>{@code
     * select(t1.c("a")).where(t1.c("a").eq(t2.c("a"))).correlateExcept(t1);   // correlates t2 only
     * }</pre>
     */
    public Select correlateExcept(FromClause... fromClauses) {
        List<FromClause> given = fromClauses.length == 0 ? List.of() : fromList(plus(rest.correlation.except(), fromClauses));
        return withCorrelation(new Correlation(rest.correlation.correlate(), false, given, true));
    }

    /** The list with more FROM clauses (null refused). */
    @SuppressWarnings("unchecked")
    private static List<FromClause> fromList(List<Object> l) {
        return (List<FromClause>) (List<?>) l;
    }

    private Select withCorrelation(Correlation c) {
        Rest r = rest;
        return withRest(new Rest(r.groupBy, r.having, r.offset, r.distinct, r.forUpdate, r.distinctOn, r.fetch, c, r.added, r.labelStyle, r.affixes));
    }

    /**
     * Declares CTEs in this statement's WITH clause whether or not it refers to them (SQLAlchemy's
     * {@code add_cte}), typically a data-modifying CTE run for its effect (PostgreSQL). They are
     * listed before the CTEs the statement refers to.
     *
     * <pre>{@code
     * select(t.c("id")).addCte(select(u.c("id")).cte("extra"));   // WITH extra AS (SELECT ...) SELECT t.id FROM t
     * }</pre>
     */
    public Select addCte(CTE... ctes) {
        return withAdded(rest.added.plus(ctes, false));
    }

    /**
     * As {@link #addCte}, declared in this statement's own WITH clause even when it is a
     * subquery or a CTE's body (SQLAlchemy's {@code add_cte(..., nest_here=True)}), like a
     * {@link CTE#nesting()} CTE first used here.
     */
    public Select addNestedCte(CTE... ctes) {
        return withAdded(rest.added.plus(ctes, true));
    }

    private Select withAdded(AddedCtes a) {
        Rest r = rest;
        return withRest(new Rest(r.groupBy, r.having, r.offset, r.distinct, r.forUpdate, r.distinctOn, r.fetch, r.correlation, a, r.labelStyle, r.affixes));
    }

    /** The CTEs given to {@link #addCte} and {@link #addNestedCte}, in order. */
    public List<CTE> addedCtes() {
        return rest.added.ctes();
    }

    /** For each of {@link #addedCtes()}: whether it was given to {@link #addNestedCte}. */
    public List<Boolean> addedCtesNestHere() {
        return rest.added.nestHere();
    }

    /** The FROM clauses given to {@link #correlate}, in order. */
    public List<FromClause> correlateFroms() {
        return rest.correlation.correlate();
    }

    /** Whether FROM clauses of the immediately enclosing SELECT correlate out of this one without being named (the default). */
    public boolean isAutoCorrelate() {
        return rest.correlation.auto();
    }

    /** The FROM clauses given to {@link #correlateExcept}, in order. */
    public List<FromClause> correlateExceptFroms() {
        return rest.correlation.except();
    }

    /** Whether {@link #correlateExcept} was called: then every enclosing FROM clause but those correlates. */
    public boolean correlatesExcept() {
        return rest.correlation.exceptGiven();
    }

    /** {@code OFFSET n}, bound like {@link #limit}. */
    public Select offset(int n) {
        return withOffset(new BindParameter<>(null, "param", n, Types.INTEGER, true, false));
    }

    /** {@code OFFSET expression}, as {@link #limit(ColumnElement)}. */
    public Select offset(ColumnElement<?> count) {
        return withOffset(requireCount(count, "OFFSET"));
    }

    private Select withOffset(ClauseElement off) {
        Rest r = rest;
        return withRest(new Rest(r.groupBy, r.having, off, r.distinct, r.forUpdate, r.distinctOn, r.fetch, r.correlation, r.added, r.labelStyle, r.affixes));
    }

    /** The row-locking clause, or null. */
    public ForUpdate forUpdate() {
        return rest.forUpdate;
    }

    /** {@code SELECT ... FOR UPDATE}. */
    public Select withForUpdate() {
        return withForUpdate(ForUpdate.update());
    }

    /**
     * {@code SELECT ... FOR UPDATE} / {@code FOR SHARE} with options:
     * {@code withForUpdate(ForUpdate.update().of(users).nowait())}.
     */
    public Select withForUpdate(ForUpdate lock) {
        Rest r = rest;
        return withRest(new Rest(r.groupBy, r.having, r.offset, r.distinct, lock, r.distinctOn, r.fetch, r.correlation, r.added, r.labelStyle, r.affixes));
    }

    /** {@code SELECT DISTINCT}. */
    /**
     * How the columns are labelled; {@link LabelStyle#TABLENAME_PLUS_COL} labels every table
     * column {@code table_column}, as SQLAlchemy's {@code set_label_style}:
     * <pre>{@code
     * select(users.c("id")).labelStyle(LabelStyle.TABLENAME_PLUS_COL) // SELECT users.id AS users_id FROM users
     * }</pre>
     */
    public Select labelStyle(LabelStyle style) {
        java.util.Objects.requireNonNull(style, "style");
        Rest r = rest;
        return withRest(new Rest(r.groupBy, r.having, r.offset, r.distinct, r.forUpdate, r.distinctOn, r.fetch, r.correlation, r.added, style, r.affixes));
    }

    /**
     * Writes text after {@code SELECT}, before {@code DISTINCT} and the columns, on every dialect
     * (SQLAlchemy's {@code prefix_with}); each item is a string (written as {@code text(s)}) or a
     * SQL element. Several calls add in order.
     * <pre>{@code
     * select(users.c("id")).prefixWith("SQL_CALC_FOUND_ROWS")   // SELECT SQL_CALC_FOUND_ROWS users.id FROM users
     * }</pre>
     */
    public Select prefixWith(Object... prefixes) {
        return withAffixes(rest.affixes.prefixed(null, prefixes));
    }

    /**
     * As {@link #prefixWith}, written only on the dialect named (SQLAlchemy's {@code dialect=}
     * argument; see {@link Prefix} for MySQL and MariaDB).
     * <pre>{@code
     * select(users.c("id")).prefixWithDialect("mysql", "HIGH_PRIORITY")   // SELECT HIGH_PRIORITY users.id ... on MySQL only
     * }</pre>
     */
    public Select prefixWithDialect(String dialect, Object... prefixes) {
        return withAffixes(rest.affixes.prefixed(dialect, prefixes));
    }

    /** Writes text after the whole statement (SQLAlchemy's {@code suffix_with}), on every dialect. */
    public Select suffixWith(Object... suffixes) {
        return withAffixes(rest.affixes.suffixed(null, suffixes));
    }

    /** As {@link #suffixWith}, written only on the dialect named. */
    public Select suffixWithDialect(String dialect, Object... suffixes) {
        return withAffixes(rest.affixes.suffixed(dialect, suffixes));
    }

    /**
     * An optimizer hint for one FROM clause of this SELECT on every dialect (SQLAlchemy's
     * {@code with_hint}); see {@link #withHint(FromClause, String, String)}.
     */
    public Select withHint(FromClause selectable, String text) {
        return withHint(selectable, text, null);
    }

    /**
     * An optimizer hint for one FROM clause of this SELECT, written only on {@code dialect}
     * (null or {@code "*"}: every dialect); {@code %(name)s} in {@code text} is the FROM clause's
     * name. MySQL and MariaDB write it after the table ({@code FROM users USE INDEX (ix_name)});
     * PostgreSQL knows only {@code ONLY} ({@code FROM ONLY users}; other text raises a
     * {@code CompileException}); SQLite writes none; the default dialect writes it in brackets.
     *
     * <pre>{@code
     * select(users.c("id")).withHint(users, "USE INDEX (ix_name)", "mysql");   // SELECT users.id FROM users USE INDEX (ix_name)
     * select(a.c("id")).withHint(a, "FORCE INDEX (PRIMARY)", "mysql");         // FROM users AS a FORCE INDEX (PRIMARY)
     * }</pre>
     */
    public Select withHint(FromClause selectable, String text, String dialect) {
        if (selectable == null) {
            throw new dev.retort.exc.ArgumentException("withHint() names the FROM clause it hints; withStatementHint() hints the statement");
        }
        return withAffixes(rest.affixes.hinted(new Hint(selectable, text, dialect)));
    }

    /** Text written after the whole SELECT on every dialect (SQLAlchemy's {@code with_statement_hint}). */
    public Select withStatementHint(String text) {
        return withStatementHint(text, null);
    }

    /**
     * Text written after the whole SELECT (after LIMIT and FOR UPDATE) on {@code dialect} only
     * (null or {@code "*"}: every dialect), several separated by spaces.
     *
     * <pre>{@code
     * select(users.c("id")).withStatementHint("FOR SYSTEM_TIME ALL", "mariadb");
     * }</pre>
     */
    public Select withStatementHint(String text, String dialect) {
        return withAffixes(rest.affixes.hinted(new Hint(null, text, dialect)));
    }

    /**
     * This statement, marked as made by {@code origin}: a construct of a layer above Core (the
     * ORM's query) that can make it again, say with more criteria. The mark is not rendered; it
     * is part of the statement's structure (compared, in the cache key, copied by a traversal,
     * serialized), so a copy or a loaded statement is still known as made by it. Any generative
     * call ({@link #where}, ...) returns a statement without it, which its origin no longer makes.
     *
     * <pre>{@code
     * Select s = query.statement();   // the ORM marks the statement with the query
     * s.origin();                     // not null; s.where(x).origin() is null
     * }</pre>
     */
    public Select withOrigin(ClauseElement origin) {
        return new Select(columns, froms, where, orderBy, limit, rest, origin);
    }

    /** What made this statement ({@link #withOrigin}), or null. */
    public ClauseElement origin() {
        return origin;
    }

    /** The hints given to {@link #withHint} and {@link #withStatementHint}, in order. */
    public List<Hint> hints() {
        return rest.affixes.hints();
    }

    private Select withAffixes(Affixes a) {
        Rest r = rest;
        return withRest(new Rest(r.groupBy, r.having, r.offset, r.distinct, r.forUpdate, r.distinctOn, r.fetch, r.correlation, r.added, r.labelStyle, a));
    }

    /** The prefixes given to {@link #prefixWith} and {@link #prefixWithDialect}, in order. */
    public List<Prefix> prefixes() {
        return rest.affixes.prefixes();
    }

    /** The suffixes given to {@link #suffixWith} and {@link #suffixWithDialect}, in order. */
    public List<Prefix> suffixes() {
        return rest.affixes.suffixes();
    }

    /** The label style ({@link LabelStyle#DISAMBIGUATE_ONLY} unless another was set). */
    public LabelStyle labelStyle() {
        return rest.labelStyle == null ? LabelStyle.DISAMBIGUATE_ONLY : rest.labelStyle;
    }

    public Select distinct() {
        Rest r = rest;
        return withRest(new Rest(r.groupBy, r.having, r.offset, true, r.forUpdate, r.distinctOn, r.fetch, r.correlation, r.added, r.labelStyle, r.affixes));
    }

    /** Adds explicit FROM clauses (tables not reachable through the columns, or joins). */
    public Select selectFrom(FromClause... fromClauses) {
        return with(columns, plus(froms, fromClauses), where, orderBy);
    }

    /**
     * Adds SQL text to the FROM clause, written as given (SQLAlchemy's {@code select_from(text(...))}):
     * {@code select(column("foo")).selectFrom(text("bat"))} is {@code SELECT foo FROM bat}.
     */
    public Select selectFrom(TextClause text) {
        return selectFrom(new TextFrom(text));
    }

    /**
     * Adds a function call to the FROM clause, written without a name (SQLAlchemy's
     * {@code select_from(func.fn(...))}); see {@link FunctionFrom}. Name it with
     * {@link FunctionCall#alias(String)} to refer to its columns.
     *
     * <pre>{@code
     * select(column("foo")).selectFrom(func("rows", "foo"));        // SELECT foo FROM rows(:rows_1)
     * }</pre>
     */
    public Select selectFrom(FunctionCall<?> function) {
        return selectFrom(new FunctionFrom(function));
    }

    /** Adds columns to the columns clause. */
    public Select addColumns(Object... entities) {
        Select added = of(entities);
        return with(plus(columns, added.columns.toArray()), plus(froms, added.froms.toArray()), where, orderBy);
    }

    /** Joins {@code target} to the FROM clause it has a foreign key with. */
    public Select join(FromClause target) {
        return joinTo(target, null, false);
    }

    /** Joins {@code target} on {@code onclause} to the FROM clause the condition refers to. */
    public Select join(FromClause target, ColumnElement<Boolean> onclause) {
        return joinTo(target, onclause, false);
    }

    public Select outerJoin(FromClause target) {
        return joinTo(target, null, true);
    }

    public Select outerJoin(FromClause target, ColumnElement<Boolean> onclause) {
        return joinTo(target, onclause, true);
    }

    /**
     * Joins {@code target} to {@code left}, named rather than found (SQLAlchemy's {@code join_from}):
     * where a FROM clause given earlier (by {@link #selectFrom} or a join) is or contains
     * {@code left}, that whole clause becomes the join's left side; otherwise the join is added to
     * the FROM list. The condition is inferred from the foreign keys between {@code left} and
     * {@code target}.
     *
     * <pre>{@code
     * select(users.c("name"), orders.c("id")).joinFrom(users, addresses).joinFrom(addresses, orders);
     * // FROM users JOIN addresses ON users.id = addresses.user_id JOIN orders ON addresses.id = orders.address_id
     * }</pre>
     */
    public Select joinFrom(FromClause left, FromClause target) {
        return joinFrom(left, target, null, false);
    }

    /** {@link #joinFrom(FromClause, FromClause)} on {@code onclause}. */
    public Select joinFrom(FromClause left, FromClause target, ColumnElement<Boolean> onclause) {
        return joinFrom(left, target, onclause, false);
    }

    /** {@link #joinFrom(FromClause, FromClause)} as a LEFT OUTER JOIN. */
    public Select outerJoinFrom(FromClause left, FromClause target) {
        return joinFrom(left, target, null, true);
    }

    /** {@link #joinFrom(FromClause, FromClause, ColumnElement)} as a LEFT OUTER JOIN. */
    public Select outerJoinFrom(FromClause left, FromClause target, ColumnElement<Boolean> onclause) {
        return joinFrom(left, target, onclause, true);
    }

    private Select joinFrom(FromClause left, FromClause target, ColumnElement<Boolean> onclause, boolean outer) {
        int at = -1;
        for (int i = 0; i < froms.size(); i++) {
            if (contains(froms.get(i), left)) {
                if (at >= 0) {
                    throw new dev.retort.exc.ArgumentException("Can't tell which FROM clause to join " + target.describe() + " to: "
                            + left.describe() + " is in more than one; give an ON clause");
                }
                at = i;
            }
        }
        // The condition is the one between left and target, even where the join's left side is a larger join.
        ColumnElement<?> on = onclause != null ? onclause : Join.inferCondition(left, target);
        List<Object> newFroms = new ArrayList<>(froms);
        if (at >= 0) {
            newFroms.set(at, new Join(froms.get(at), target, on, outer, false));
        } else {
            newFroms.add(new Join(left, target, on, outer, false));
        }
        return with(columns, newFroms, where, orderBy);
    }

    /** Whether {@code from} is {@code part} or a join with it among its sides. */
    private static boolean contains(FromClause from, FromClause part) {
        return from == part || from instanceof Join j && (contains(j.left(), part) || contains(j.right(), part));
    }

    private Select joinTo(FromClause target, ColumnElement<Boolean> onclause, boolean outer) {
        List<FromClause> current = froms();
        FromClause left = null;
        // a FROM clause inside the target (a column of one of its tables selected first) is the right side, not the left
        Set<FromClause> inTarget = identitySet(target.fromObjects());
        for (FromClause f : current) {
            if (inTarget.contains(f)) {
                continue;
            }
            boolean fits = onclause != null
                    ? !Collections.disjoint(identitySet(f.fromObjects()), identitySet(onclause.fromObjects()))
                    : Join.canJoin(f, target);
            if (fits) {
                left = f;
                break;
            }
        }
        if (left == null && onclause != null && onclause.fromObjects().isEmpty()) {
            // ON true (a LATERAL join) names no table: the lone FROM clause is the left side, as in SQLAlchemy,
            // which looks only at the explicit ones (selectFrom, earlier joins) where there are any
            List<FromClause> others = (froms.isEmpty() ? current : froms).stream().filter(f -> f != target).toList();
            left = others.size() == 1 ? others.get(0) : null;
        }
        if (left == null) {
            throw new dev.retort.exc.ArgumentException("Don't know how to join to " + target.describe() + ": no FROM clause of this SELECT "
                    + (onclause != null ? "is referred to by the ON clause" : "has a foreign key to it; give an ON clause"));
        }
        Join j = new Join(left, target, onclause, outer, false);
        List<Object> newFroms = new ArrayList<>();
        boolean replaced = false;
        for (FromClause f : froms) {
            if (f == left) {
                newFroms.add(j);
                replaced = true;
            } else {
                newFroms.add(f);
            }
        }
        if (!replaced) {
            newFroms.add(j);
        }
        return with(columns, newFroms, where, orderBy);
    }

    /** The {@link ColumnElement#rowsFrom()} clauses of {@code e} and the expressions in it (not in a subquery), added to {@code out}. */
    private static void rowsFroms(ClauseElement e, List<FromClause> out) {
        FromClause own = e instanceof ColumnElement<?> c ? c.rowsFrom() : null;
        if (own != null) {
            if (!out.contains(own)) {
                out.add(own);
            }
        } else if (!(e instanceof SelectBase) && !(e instanceof FromClause)) {
            for (ClauseElement child : e.getChildren()) {
                rowsFroms(child, out);
            }
        }
    }

    private static Set<FromClause> identitySet(List<FromClause> l) {
        Set<FromClause> s = Collections.newSetFromMap(new IdentityHashMap<>());
        s.addAll(l);
        return s;
    }

    /**
     * The FROM list before correlation: explicit FROM clauses, then those of the columns and of
     * the WHERE criteria, each once, without those a join already covers.
     */
    public List<FromClause> froms() {
        Set<FromClause> all = new LinkedHashSet<>(froms);
        List<FromClause> rows = new ArrayList<>();
        for (ColumnElement<?> c : columns) {
            all.addAll(c.fromObjects());
            rowsFroms(c, rows);
            all.addAll(rows);
        }
        for (ClauseElement w : where) {
            all.addAll(w.fromObjects());
        }
        // a column's rows FROM clause is left out where another FROM clause holds all of its tables already
        // (the entity's selectable a query selects from, a polymorphic outer join of them)
        all.removeIf(f -> rows.contains(f) && all.stream().anyMatch(o -> o.holdsRowsOf(f)));
        Set<FromClause> hidden = Collections.newSetFromMap(new IdentityHashMap<>());
        for (FromClause f : all) {
            hidden.addAll(f.hiddenFroms());
        }
        List<FromClause> out = new ArrayList<>();
        for (FromClause f : all) {
            if (!hidden.contains(f)) {
                out.add(f);
            }
        }
        return out;
    }

    @Override
    public Select params(Map<String, ?> values) {
        return (Select) super.params(values);
    }

    @Override
    public Select uniqueParams(Map<String, ?> values) {
        return (Select) super.uniqueParams(values);
    }

    /**
     * The columns with the labels they are rendered under. A plain column keeps its name; the
     * same column again gets a deduplicating label ({@code age__1}); another column of the same
     * name an anonymous one ({@code id_1}); expressions their anonymous label ({@code anon_1},
     * {@code count_1}); a cast takes its column's name; a column of no table is never labelled.
     */
    @Override
    public List<SelectColumn> selectColumns() {
        List<SelectColumn> sc = selectColumns;
        if (sc == null) {
            sc = Collections.unmodifiableList(labelColumns(columns, rest.labelStyle == LabelStyle.TABLENAME_PLUS_COL));
            selectColumns = sc;
        }
        return sc;
    }

    /** Labels columns as a SELECT does (also used for RETURNING). */
    public static List<SelectColumn> labelColumns(List<ColumnElement<?>> cols) {
        return labelColumns(cols, false);
    }

    /**
     * Labels columns; {@code tableQualified}: as {@link LabelStyle#TABLENAME_PLUS_COL}, where a
     * table column's {@code table_column} label is required and the labels derived for clashes
     * are seeded with it.
     */
    private static List<SelectColumn> labelColumns(List<ColumnElement<?>> cols, boolean tableQualified) {
        Map<Object, ColumnElement<?>> names = new HashMap<>();
        List<SelectColumn> out = new ArrayList<>();
        int dedupe = 1;
        for (ColumnElement<?> c : cols) {
            if (c instanceof ColumnClause<?> free && free.table() == null) {
                // a column of no table renders as its own text, never labelled or deduplicated; a subquery
                // exports it under that text
                out.add(new SelectColumn(c, null, free.name(), false));
                continue;
            }
            Object required = null;
            Object fallback = null;
            boolean repeated = false;
            Object tq = tableQualified ? qualifiedLabel(c) : null;
            Object effective = tableQualified ? tq : c.nonAnonLabel();
            if (effective == null && !tableQualified && c instanceof ColumnProxy<?> p && !(p.label() instanceof String)
                    && !(selectsNamingLabel(cols, p.label()) && !names.containsKey(p.label()))) {
                // a subquery's column under an anonymous name (max_1) is named by it, as SQLAlchemy's NamedColumn: a repeat
                // or another column of that name takes a name derived from it (max_1__1, max_1_1)
                effective = p.label();
                fallback = effective;
            }
            if (tq != null) {
                required = tq;
                fallback = tq;
            }
            if (effective == null) {
                Object anon = anonNameLabel(c);
                repeated = names.containsKey(anon);
                names.put(anon, c);
                fallback = repeated ? dedupeLabel(c, dedupe++, tableQualified) : anon;
            } else if (names.containsKey(effective)) {
                if (names.get(effective) != c) {
                    required = tq == null && !(effective instanceof String) ? new LabelName(c, 0, "", effective)
                            : new LabelName(c, 0, tq != null ? QualifiedLabel.seedOf(tq) : c.anonPrefix());
                    if (names.containsKey(required)) {
                        required = dedupeLabel(c, dedupe++, tableQualified);
                        repeated = true;
                    } else {
                        names.put(required, c);
                    }
                } else {
                    required = dedupeLabel(c, dedupe++, tableQualified);
                    repeated = true;
                }
                fallback = required;
            } else {
                names.put(effective, c);
            }
            out.add(new SelectColumn(c, required, fallback, repeated));
        }
        return out;
    }

    /**
     * Whether {@code cols} select the anonymous label that a subquery's column is named by ({@code lc} in
     * {@code select(select(lc).subquery(), lc)}). The label keeps its name wherever it is selected, so when it comes
     * after that column, the column takes a name of its own: SQLAlchemy names both {@code col2_1}, two columns of one
     * name that a SELECT of this one as a subquery cannot tell apart. (When the label comes first, the column takes a
     * name derived from it, {@code col2_1_1}, as SQLAlchemy's.)
     */
    private static boolean selectsNamingLabel(List<ColumnElement<?>> cols, Object name) {
        return name instanceof LabelName n && n.element() instanceof Label<?> && cols.stream().anyMatch(x -> x == n.element());
    }

    /** {@code table_column} for a table column, seen through casts (any {@link WrapsColumnExpression}); null for anything else. */
    private static String tableQualifiedLabel(ColumnElement<?> c) {
        if (c instanceof WrapsColumnExpression cast) {
            return tableQualifiedLabel(cast.wrappedColumnExpression());
        }
        if (c instanceof ColumnClause<?> col && col.table() != null && !col.isLiteral()) {
            return col.table().name() + "_" + col.name();
        }
        return null;
    }

    /**
     * The name a CAST or type_coerce is labelled by: its column's, a literal column's text included, as SQLAlchemy's
     * {@code _non_anon_label} of the wrapped expression ({@code CAST('x' AS VARCHAR) AS "'x'"}).
     */
    private static String wrappedName(WrapsColumnExpression w) {
        ColumnElement<?> e = w.wrappedColumnExpression();
        return e instanceof ColumnClause<?> cc && cc.isLiteral() ? cc.name() : e.nonAnonLabel();
    }

    private static Object anonNameLabel(ColumnElement<?> c) {
        if (c instanceof WrapsColumnExpression cast) {
            String wrapped = wrappedName(cast);
            return wrapped != null ? wrapped : anonNameLabel(cast.wrappedColumnExpression());
        }
        return new LabelName(c, 0, c.anonPrefix());
    }

    /**
     * The table-qualified name of a selected column, {@code [schema_]table_column} for a column of a
     * named table or alias (a label's own name), whatever the SELECT's label style: the name that
     * {@link SQL#labelReference} also resolves to the column (SQLAlchemy's {@code _tq_label}); null
     * when the name would be anonymous.
     *
     * <pre>{@code
     * Select.tableQualifiedName(users.c("name"))   // "users_name": select(users).orderBy(labelReference("users_name"))
     * }</pre>
     */
    public static String tableQualifiedName(ColumnElement<?> c) {
        return qualifiedLabel(c) instanceof String name ? name : null;
    }

    /**
     * A column's label under {@link LabelStyle#TABLENAME_PLUS_COL}: {@code [schema_]table_column}
     * for a column of a named table or alias (numbered when the table has a column of that name),
     * the name of a label, null for anything else; a {@link QualifiedLabel} for a column of an
     * anonymous alias.
     */
    private static Object qualifiedLabel(ColumnElement<?> c) {
        if (c instanceof WrapsColumnExpression cast) {
            return qualifiedLabel(cast.wrappedColumnExpression());
        }
        if (c instanceof Label<?> l) {
            return l.name();
        }
        FromClause table = c instanceof ColumnClause<?> col && !col.isLiteral() ? col.table() : c instanceof ColumnProxy<?> p ? p.parent() : null;
        String name = c instanceof ColumnClause<?> col ? col.name() : c.nonAnonLabel();
        if (table != null && name == null && c instanceof ColumnProxy<?> p && !(p.label() instanceof String)) {
            // a subquery's column under an anonymous name (count_1, anon_1_x): the label joins the two names as compiled
            return table.name() != null ? new QualifiedLabel(table.name(), p.label())
                    : table instanceof Alias a && a.renderedName() instanceof LabelName anon ? new QualifiedLabel(anon, p.label()) : null;
        }
        if (table == null || name == null) {
            return null;
        }
        if (table.name() == null) {
            return table instanceof Alias a && a.renderedName() instanceof LabelName anon ? new QualifiedLabel(anon, name) : null;
        }
        String schema = table instanceof TableClause t ? t.schema() : null;
        String label = (schema == null ? "" : schema.replace('.', '_') + "_") + table.name() + "_" + name;
        String free = label;
        for (int n = 1; hasColumnNamed(table, free, c); n++) {
            free = label + "_" + n;
        }
        return free;
    }

    /** Whether {@code table} has a column other than {@code c} under {@code key}. */
    private static boolean hasColumnNamed(FromClause table, String key, ColumnElement<?> c) {
        for (ColumnElement<?> other : table.columns()) {
            if (other != c && key.equals(table.keyOf(other))) {
                return true;
            }
        }
        return false;
    }

    private static Object dedupeLabel(ColumnElement<?> c, int idx, boolean tableQualified) {
        Object tq = tableQualified ? qualifiedLabel(c) : null;
        if (tq instanceof QualifiedLabel q) {
            // numbered after the table's name as compiled (t_1_a__1), as SQLAlchemy's nested anonymous names are
            return new QualifiedLabel(q.table(), new LabelName(c, idx, QualifiedLabel.seedOf(q.column()) + "_"));
        }
        if (tq != null) {
            return new LabelName(c, idx, QualifiedLabel.seedOf(tq) + "_");
        }
        return dedupeLabel(c, idx);
    }

    private static LabelName dedupeLabel(ColumnElement<?> c, int idx) {
        if (c instanceof WrapsColumnExpression cast) {
            String wrapped = wrappedName(cast);
            if (wrapped != null) {
                return new LabelName(c, 0, wrapped + "_");
            }
            String tq = tableQualifiedLabel(c);
            return new LabelName(c, idx, (tq == null ? "anon" : tq) + "_");
        }
        if (c instanceof ColumnProxy<?> p && !(p.label() instanceof String)) {
            return new LabelName(c, idx, "_", p.label());
        }
        String name = c instanceof ColumnClause<?> || c instanceof ColumnProxy<?> || c instanceof FunctionCall<?> || c instanceof Label<?> || c instanceof NextValue<?>
                ? c.anonPrefix() : null;
        return new LabelName(c, idx, (name == null ? "anon" : name) + "_");
    }
}
