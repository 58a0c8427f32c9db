package dev.retort.orm;

import dev.retort.dialect.SqlCompiler;
import dev.retort.engine.Row;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.RetortException;
import dev.retort.sql.Alias;
import dev.retort.sql.Attr;
import dev.retort.sql.BindParameter;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.CompoundSelect;
import dev.retort.sql.Exists;
import dev.retort.sql.Fetch;
import dev.retort.sql.ForUpdate;
import dev.retort.sql.FromClause;
import dev.retort.sql.Hint;
import dev.retort.sql.LabelStyle;
import dev.retort.sql.Prefix;
import dev.retort.sql.SQL;
import dev.retort.sql.Select;
import dev.retort.sql.SelectBase;
import dev.retort.sql.Traversal;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An ORM query: entities (mapped classes, aliased entities, attributes or other expressions),
 * joins, criteria, order, limit and loader options, bound to a {@link Session} that runs it.
 * Immutable: each method returns a new query. A query is also a SQL element, so it compiles,
 * compares, and travels through the serializer, which writes its entities by entity name and
 * its session as a reference re-bound on load.
 *
 * <pre>{@code
 * Query<User> q = session.query(User.class)
 *         .filter(ORM.attr(User.class, "name").eq("ed"))
 *         .options(ORM.joinedLoad(ORM.attr(User.class, "addresses")))
 *         .orderBy(ORM.attr(User.class, "id"));
 * List<User> users = q.all();          q.first(); q.one(); q.oneOrNull(); q.count();
 * Select stmt = q.statement();         // the Core statement it runs
 * }</pre>
 *
 * <p>A query of one entity returns its instances; any other returns {@link Row}s holding
 * instances and values. A Core FROM clause among the entities (a table, a subquery) selects
 * each of its columns, as the seeds' {@code select(User, subq)} does.
 *
 * @param <T> what {@link #all()} lists: the entity's class, or {@code Row}
 */
public final class Query<T> extends ClauseElement {
    static final Traversal<Query<?>> TRAVERSAL = Traversal.of("orm_query",
            a -> new Query<>((Session) a[8], list(a[0]), ColumnLoads.checkLoadedJoins(list(a[1]), list(a[7])), list(a[2]), list(a[3]), count(a[4]), count(a[5]),
                    Boolean.TRUE.equals(a[6]), list(a[7]), Boolean.TRUE.equals(a[9]), (Integer) a[10], (ForUpdate) a[11],
                    a[12] == null ? List.of() : list(a[12]),
                    new Shaping(orEmpty(a[13]), orEmpty(a[14]), orEmpty(a[15]), orEmpty(a[16]), !written(a[17], Boolean.FALSE, "autoCorrelate"),
                            orEmpty(a[18]), written(a[19], Boolean.TRUE, "correlatesExcept"),
                            (Fetch) a[20], (FromClause) a[21], new StatementText(orEmpty(a[22]), orEmpty(a[23]), orEmpty(a[24]), (ClauseElement) a[25],
                                    a[26] == null ? null : LabelStyle.named(a[26])))),
            Attr.clauses("entities", Query::entities),
            Attr.clauses("joins", q -> q.joins),
            Attr.clauses("where", q -> q.where),
            Attr.clauses("orderBy", q -> q.orderBy),
            // parameters, as Core's: a page of another size has the same key and SQL
            Attr.count("limit", q -> q.limit),
            Attr.count("offset", q -> q.offset),
            Attr.flag("distinct", q -> q.distinct),
            Attr.clauses("options", q -> q.options),
            // The session is not part of the query's shape; the serializer writes a reference to it.
            Attr.value("session", q -> q.session),
            Attr.<Query<?>>flag("populateExisting", q -> q.populateExisting).omittedWhen(false).since(7),
            Attr.<Query<?>>struct("yieldPer", q -> q.yieldPer).since(7),
            Attr.<Query<?>>optionalClause("forUpdate", q -> q.forUpdate).since(12),
            Attr.<Query<?>>clauses("froms", q -> q.froms).since(12),
            Attr.<Query<?>>clauses("groupBy", q -> q.shaping.groupBy).since(13),
            Attr.<Query<?>>clauses("having", q -> q.shaping.having).since(13),
            Attr.<Query<?>>clauses("distinctOn", q -> q.shaping.distinctOn).since(13),
            Attr.<Query<?>>clauses("correlate", q -> q.shaping.correlate).since(13),
            Attr.<Query<?>>flag("autoCorrelate", q -> q.shaping.autoCorrelate).omittedWhen(true).since(13),
            Attr.<Query<?>>clauses("correlateExcept", q -> q.shaping.correlateExcept).since(13),
            Attr.<Query<?>>flag("correlatesExcept", q -> q.shaping.correlatesExcept).omittedWhen(false).since(13),
            Attr.<Query<?>>optionalClause("fetch", q -> q.shaping.fetch).since(13),
            Attr.<Query<?>>optionalClause("baseAlias", q -> q.shaping.baseAlias).since(15),
            Attr.<Query<?>>clauses("prefixes", q -> q.shaping.text.prefixes).since(16),
            Attr.<Query<?>>clauses("suffixes", q -> q.shaping.text.suffixes).since(16),
            Attr.<Query<?>>clauses("hints", q -> q.shaping.text.hints).since(16),
            Attr.<Query<?>>optionalClause("fromStatement", q -> q.shaping.text.fromStatement).since(16),
            Attr.<Query<?>>struct("labelStyle", q -> q.shaping.text.labelStyle == null ? null : q.shaping.text.labelStyle.name()).since(17));

    private final Session session;
    private final List<ClauseElement> entities;
    private final List<JoinStep> joins;
    private final List<ClauseElement> where;
    private final List<ClauseElement> orderBy;
    private final BindParameter<Integer> limit;
    private final BindParameter<Integer> offset;
    private final boolean distinct;
    /** {@link LoaderOption}s and {@link LoaderCriteria}, in the order given. */
    private final List<ClauseElement> options;
    private final boolean populateExisting;
    private final Integer yieldPer;
    private final ForUpdate forUpdate;
    private final List<ClauseElement> froms;
    private final Shaping shaping;

    /**
     * GROUP BY, HAVING, DISTINCT ON, correlation and FETCH FIRST, which most queries leave at their defaults
     * (kept apart so that each generative call copies fewer fields). Correlation is as
     * {@link Select#correlate} has it: {@code autoCorrelate} until {@code correlate} or
     * {@code correlateExcept} is called; {@code correlatesExcept} once {@code correlateExcept} is.
     * {@code baseAlias} is the subquery of a set operation ({@link #union}) the query's parts adapt to, or null.
     */
    private record Shaping(List<ClauseElement> groupBy, List<ClauseElement> having, List<ClauseElement> distinctOn,
            List<ClauseElement> correlate, boolean autoCorrelate, List<ClauseElement> correlateExcept, boolean correlatesExcept, Fetch fetch,
            FromClause baseAlias, StatementText text) {
        static final Shaping DEFAULT = new Shaping(List.of(), List.of(), List.of(), List.of(), true, List.of(), false, null, null, StatementText.NONE);

        Shaping {
            groupBy = List.copyOf(groupBy);
            having = List.copyOf(having);
            distinctOn = List.copyOf(distinctOn);
            correlate = List.copyOf(correlate);
            correlateExcept = List.copyOf(correlateExcept);
            for (ClauseElement c : distinctOn) {
                if (!(c instanceof ColumnElement<?>)) {
                    throw new ArgumentException("DISTINCT ON takes expressions, not " + c);
                }
            }
            for (ClauseElement f : correlate) {
                correlatable(f);
            }
            for (ClauseElement f : correlateExcept) {
                correlatable(f);
            }
        }

        private static void correlatable(ClauseElement f) {
            if (!(f instanceof Entity) && !(f instanceof FromClause)) {
                throw new ArgumentException("A query correlates mapped classes, aliased entities and FROM clauses, not " + f);
            }
        }
    }

    /**
     * The {@link Prefix}es, suffixes and {@link Hint}s of {@link #prefixWith}, {@link #suffixWith} and {@link #withHint},
     * in order; or the statement of {@link #fromStatement} run in place of the query's own (else null).
     */
    private record StatementText(List<ClauseElement> prefixes, List<ClauseElement> suffixes, List<ClauseElement> hints, ClauseElement fromStatement,
            LabelStyle labelStyle) {
        static final StatementText NONE = new StatementText(List.of(), List.of(), List.of(), null, null);

        StatementText {
            checkAll(prefixes, Prefix.class, "prefix");
            checkAll(suffixes, Prefix.class, "suffix");
            checkAll(hints, Hint.class, "hint");
            prefixes = List.copyOf(prefixes);
            suffixes = List.copyOf(suffixes);
            hints = List.copyOf(hints);
        }
    }

    /**
     * Whether a flag written only at its non-default value ({@code value}) is; any other value is
     * refused rather than read as that one ({@code "autoCorrelate": true} would turn correlation off).
     */
    private static boolean written(Object flag, Boolean value, String name) {
        if (flag != null && !value.equals(flag)) {
            throw new ArgumentException("A query's " + name + " is written only as " + value + ", not " + flag);
        }
        return flag != null;
    }

    @SuppressWarnings("unchecked")
    private static List<ClauseElement> orEmpty(Object o) {
        return o == null ? List.of() : (List<ClauseElement>) o;
    }

    @SuppressWarnings("unchecked")
    private Query(Session session, List<? extends ClauseElement> entities, List<? extends ClauseElement> joins, List<? extends ClauseElement> where,
            List<? extends ClauseElement> orderBy, BindParameter<Integer> limit, BindParameter<Integer> offset, boolean distinct,
            List<? extends ClauseElement> options, boolean populateExisting, Integer yieldPer, ForUpdate forUpdate, List<? extends ClauseElement> froms, Shaping shaping) {
        if (entities.isEmpty()) {
            throw new ArgumentException("A query needs at least one entity or expression");
        }
        for (ClauseElement e : entities) {
            if (!(e instanceof Entity) && !(e instanceof ColumnElement<?>) && !(e instanceof FromClause) && !(e instanceof Bundle<?>)) {
                throw new ArgumentException("A query selects mapped classes, aliased entities, expressions, bundles and FROM clauses, not " + e);
            }
        }
        checkAll(joins, JoinStep.class, "join");
        checkAll(options, QueryOption.class, "query option");
        if ((limit != null && rows(limit) < 0) || (offset != null && rows(offset) < 0)) {
            throw new ArgumentException("limit and offset cannot be negative");
        }
        if (yieldPer != null && yieldPer < 1) {
            throw new ArgumentException("yieldPer needs a chunk of at least one row");
        }
        this.session = session;
        this.entities = List.copyOf(entities);
        this.joins = (List<JoinStep>) List.copyOf(joins);
        this.where = List.copyOf(where);
        this.orderBy = List.copyOf(orderBy);
        this.limit = limit;
        this.offset = offset;
        this.distinct = distinct;
        this.options = List.copyOf(options);
        this.populateExisting = populateExisting;
        this.yieldPer = yieldPer;
        this.forUpdate = forUpdate;
        for (ClauseElement f : froms) {
            if (!(f instanceof Entity) && !(f instanceof FromClause)) {
                throw new ArgumentException("A query selects from mapped classes, aliased entities and FROM clauses, not " + f);
            }
        }
        this.froms = List.copyOf(froms);
        this.shaping = shaping;
    }

    /** A query of {@code entities} (classes, mappers, aliased entities, expressions), bound to {@code session} (may be null). */
    static <T> Query<T> of(Session session, Object... entities) {
        List<ClauseElement> out = new ArrayList<>();
        for (Object e : entities) {
            out.add(entityOrExpression(e));
        }
        return new Query<>(session, out, List.of(), List.of(), List.of(), null, null, false, List.of(), false, null, null, List.of(), Shaping.DEFAULT);
    }

    /** A query of {@code first} and {@code more}, returning rows. */
    static Query<Row> ofRows(Session session, Object first, Object... more) {
        Object[] all = new Object[more.length + 1];
        all[0] = first;
        System.arraycopy(more, 0, all, 1, more.length);
        return of(session, all);
    }

    private static void checkAll(List<? extends ClauseElement> items, Class<?> type, String what) {
        for (ClauseElement c : items) {
            if (!type.isInstance(c)) {
                throw new ArgumentException("Not a " + what + ": " + c);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<ClauseElement> list(Object o) {
        return (List<ClauseElement>) o;
    }

    private static ClauseElement entityOrExpression(Object e) {
        if (e instanceof Class<?> c) {
            return Registry.mapperFor(c);
        }
        if (e instanceof Entity || e instanceof ColumnElement<?> || e instanceof FromClause || e instanceof Bundle<?>) {
            return (ClauseElement) e;
        }
        throw new ArgumentException("A query selects mapped classes, aliased entities, expressions, bundles and FROM clauses, not " + e);
    }

    private static ClauseElement joinTarget(Object target) {
        if (target instanceof Class<?> c) {
            return Registry.mapperFor(c);
        }
        if (target instanceof Entity || target instanceof FromClause) {
            return (ClauseElement) target;
        }
        throw new ArgumentException("A join target must be a mapped class, an aliased entity or a FROM clause, not " + target);
    }

    private <R> Query<R> with(Session s, List<? extends ClauseElement> e, List<? extends ClauseElement> j, List<? extends ClauseElement> w,
            List<? extends ClauseElement> o, BindParameter<Integer> l, BindParameter<Integer> off, boolean d, List<? extends ClauseElement> opts) {
        return new Query<>(s, e, j, w, o, l, off, d, opts, populateExisting, yieldPer, forUpdate, froms, shaping);
    }

    private static List<ClauseElement> plus(List<? extends ClauseElement> a, ClauseElement... more) {
        List<ClauseElement> out = new ArrayList<>(a);
        for (ClauseElement m : more) {
            if (m == null) {
                throw new ArgumentException("null is not a SQL clause");
            }
            out.add(m);
        }
        return out;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    /** A query renders as the statement it runs. */
    @Override
    public String compileWith(SqlCompiler compiler) {
        ClauseElement given = fromStatementClause();
        return compiler.process(given != null ? given : statement());
    }

    // ---- building ---------------------------------------------------------------------------

    /** Adds WHERE criteria (AND-ed). */
    public Query<T> filter(ClauseElement... criteria) {
        return with(session, entities, joins, plus(where, criteria), orderBy, limit, offset, distinct, options);
    }

    /** {@link #filter}, under the name a Core {@code Select} uses: {@code ORM.select(User.class).where(...)}. */
    public Query<T> where(ClauseElement... criteria) {
        return filter(criteria);
    }

    /**
     * Adds equality criteria by attribute key, on the entity joined last (or the first entity):
     * {@code filterBy(Map.of("name", "ed"))}.
     */
    public Query<T> filterBy(Map<String, ?> values) {
        Entity e = filterByEntity();
        List<ClauseElement> criteria = new ArrayList<>();
        new TreeMap<>(values).forEach((k, v) -> criteria.add(e.attr(k).eq(v)));
        return filter(criteria.toArray(new ClauseElement[0]));
    }

    private Entity filterByEntity() {
        for (int i = joins.size() - 1; i >= 0; i--) {
            Entity e = joins.get(i).joinedEntity();
            if (e != null) {
                return e;
            }
        }
        if (entities.get(0) instanceof Entity e) {
            return e;
        }
        // a bundle names the entity of its first attribute, as SQLAlchemy's filter_by takes a bundle's
        if (entities.get(0) instanceof Bundle<?> b) {
            for (ColumnElement<?> c : b.columns()) {
                if (c instanceof QueryableAttribute<?> a) {
                    return a.owner();
                }
            }
        }
        throw new ArgumentException("filterBy() needs an entity to name attributes of; this query selects " + entities.get(0));
    }

    /**
     * Adds ORDER BY clauses; a lone null instead takes all of them off (those of a dynamic or
     * write-only relationship's {@code orderBy} too), as SQLAlchemy's {@code order_by(None)}:
     * {@code user.addresses.orderBy((ClauseElement) null).orderBy(ORM.attr(Address.class, "email"))}.
     */
    public Query<T> orderBy(ClauseElement... clauses) {
        if (clauses == null || clauses.length == 1 && clauses[0] == null) {
            return with(session, entities, joins, where, List.of(), limit, offset, distinct, options);
        }
        return with(session, entities, joins, where, plus(orderBy, clauses), limit, offset, distinct, options);
    }

    /**
     * Joins along a relationship from an entity of the query: {@code join(ORM.attr(User.class, "addresses"))}.
     * An element collection ({@code @ElementCollection}) joins its table, its values named by
     * {@link QueryableAttribute#element()}: {@code join(tags).filter(tags.element().eq("admin"))}.
     */
    public Query<T> join(QueryableAttribute<?> relationship) {
        if (relationship.isElementCollection()) {
            return join(relationship.elementRows(), relationship.elementsOfOwner());
        }
        return addJoin(new JoinStep(null, LoaderOption.relationship(relationship), false));
    }

    /** Joins a mapped class, aliased entity or FROM clause, the ON clause inferred from foreign keys. */
    public Query<T> join(Object target) {
        return addJoin(new JoinStep(joinTarget(target), null, false));
    }

    /** Joins {@code target} on {@code onclause}: an expression, or a relationship attribute leading to it. */
    public Query<T> join(Object target, ClauseElement onclause) {
        return addJoin(new JoinStep(joinTarget(target), onclause, false));
    }

    /** {@link #join(QueryableAttribute)} as a LEFT OUTER JOIN. */
    public Query<T> outerJoin(QueryableAttribute<?> relationship) {
        if (relationship.isElementCollection()) {
            return outerJoin(relationship.elementRows(), relationship.elementsOfOwner());
        }
        return addJoin(new JoinStep(null, LoaderOption.relationship(relationship), true));
    }

    /** {@link #join(Object)} as a LEFT OUTER JOIN. */
    public Query<T> outerJoin(Object target) {
        return addJoin(new JoinStep(joinTarget(target), null, true));
    }

    /** {@link #join(Object, ClauseElement)} as a LEFT OUTER JOIN. */
    public Query<T> outerJoin(Object target, ClauseElement onclause) {
        return addJoin(new JoinStep(joinTarget(target), onclause, true));
    }

    /**
     * Joins {@code target} to {@code left}, named rather than found (the seeds' {@code join_from}):
     * a mapped class, aliased entity or FROM clause of the query, or a new one. The ON clause is
     * inferred from foreign keys between the two.
     *
     * <pre>{@code
     * ORM.select(User.class).join(ORM.attr(User.class, "addresses")).joinFrom(User.class, Order.class);
     * // SELECT users.id, users.name FROM users JOIN addresses ON users.id = addresses.user_id JOIN orders ON users.id = orders.user_id
     * }</pre>
     */
    public Query<T> joinFrom(Object left, Object target) {
        return addJoin(new JoinStep(joinTarget(left), joinTarget(target), null, false));
    }

    /**
     * {@link #joinFrom(Object, Object)} on {@code onclause}: an expression, or a relationship
     * attribute of {@code left} leading to {@code target}.
     */
    public Query<T> joinFrom(Object left, Object target, ClauseElement onclause) {
        return addJoin(new JoinStep(joinTarget(left), joinTarget(target), onclause, false));
    }

    /** {@link #joinFrom(Object, Object)} as a LEFT OUTER JOIN. */
    public Query<T> outerJoinFrom(Object left, Object target) {
        return addJoin(new JoinStep(joinTarget(left), joinTarget(target), null, true));
    }

    /** {@link #joinFrom(Object, Object, ClauseElement)} as a LEFT OUTER JOIN. */
    public Query<T> outerJoinFrom(Object left, Object target, ClauseElement onclause) {
        return addJoin(new JoinStep(joinTarget(left), joinTarget(target), onclause, true));
    }

    private Query<T> addJoin(JoinStep step) {
        return with(session, entities, plus(joins, step), where, orderBy, limit, offset, distinct, options);
    }

    /** {@code LIMIT n}; replaces a {@link #fetch}. */
    public Query<T> limit(int n) {
        return this.<T>with(session, entities, joins, where, orderBy, count(n), offset, distinct, options).withFetch(null);
    }

    /**
     * The standard row limit, {@code FETCH FIRST n ROWS ONLY} with its options, as
     * {@link Select#fetch(Fetch)}; replaces a {@link #limit}.
     *
     * <pre>{@code
     * ORM.select(ORM.attr(User.class, "id")).fetch(Fetch.first(5).percent()).offset(6);
     * // SELECT users.id FROM users OFFSET :param_1 ROWS FETCH FIRST :param_2 PERCENT ROWS ONLY
     * }</pre>
     */
    public Query<T> fetch(Fetch clause) {
        if (clause == null) {
            throw new ArgumentException("fetch needs a clause: Fetch.first(n)");
        }
        return this.<T>with(session, entities, joins, where, orderBy, null, offset, distinct, options).withFetch(clause);
    }

    private Query<T> withFetch(Fetch clause) {
        Shaping h = shaping;
        return clause == h.fetch() ? this : withShaping(new Shaping(h.groupBy(), h.having(), h.distinctOn(), h.correlate(), h.autoCorrelate(),
                h.correlateExcept(), h.correlatesExcept(), clause, h.baseAlias(), h.text()));
    }

    /** {@code OFFSET n}. */
    public Query<T> offset(int n) {
        return with(session, entities, joins, where, orderBy, limit, count(n), distinct, options);
    }

    /** {@code SELECT DISTINCT}. */
    public Query<T> distinct() {
        return with(session, entities, joins, where, orderBy, limit, offset, true, options);
    }

    /**
     * Adds GROUP BY clauses: attributes, columns or expressions.
     *
     * <pre>{@code
     * session.query(ORM.attr(User.class, "name"), SQL.func("count", ORM.attr(Address.class, "id")))
     *         .join(ORM.attr(User.class, "addresses"))
     *         .groupBy(ORM.attr(User.class, "name"))
     *         .having(SQL.func("count", ORM.attr(Address.class, "id")).gt(1));
     * // SELECT users.name, count(addresses.id) AS count_1 FROM users JOIN addresses ON users.id = addresses.user_id
     * //   GROUP BY users.name HAVING count(addresses.id) > :count_2
     * }</pre>
     */
    public Query<T> groupBy(ClauseElement... clauses) {
        Shaping h = shaping;
        return withShaping(new Shaping(plus(h.groupBy(), clauses), h.having(), h.distinctOn(), h.correlate(), h.autoCorrelate(),
                h.correlateExcept(), h.correlatesExcept(), h.fetch(), h.baseAlias(), h.text()));
    }

    /** Adds HAVING criteria (AND-ed); see {@link #groupBy}. */
    public Query<T> having(ClauseElement... criteria) {
        Shaping h = shaping;
        return withShaping(new Shaping(h.groupBy(), plus(h.having(), criteria), h.distinctOn(), h.correlate(), h.autoCorrelate(),
                h.correlateExcept(), h.correlatesExcept(), h.fetch(), h.baseAlias(), h.text()));
    }

    /**
     * {@code SELECT DISTINCT ON (exprs)} (PostgreSQL), as {@link Select#distinctOn}: one row for
     * each distinct value of the expressions, the first in the ORDER BY. Several calls add expressions.
     *
     * <pre>{@code
     * session.query(User.class).distinctOn(ORM.attr(User.class, "name")).orderBy(ORM.attr(User.class, "name"), ORM.attr(User.class, "id"));
     * // SELECT DISTINCT ON (users.name) users.id, users.name FROM users ORDER BY users.name, users.id
     * }</pre>
     */
    public Query<T> distinctOn(ColumnElement<?>... expressions) {
        Shaping h = shaping;
        return withShaping(new Shaping(h.groupBy(), h.having(), plus(h.distinctOn(), expressions), h.correlate(), h.autoCorrelate(),
                h.correlateExcept(), h.correlatesExcept(), h.fetch(), h.baseAlias(), h.text()));
    }

    /**
     * Turns auto-correlation off and correlates the given mapped classes, aliased entities or
     * FROM clauses instead, as {@link Select#correlate}: used as a subquery inside a statement
     * that has one of them in its FROM list, the query leaves it out of its own. With no
     * argument nothing correlates (the seeds' {@code correlate(None)}). Several calls add.
     *
     * <pre>{@code
     * Select inner = ORM.select(ORM.attr(Address.class, "id"))
     *         .where(ORM.attr(Address.class, "userId").eq(ORM.attr(User.class, "id")))
     *         .correlate(User.class).statement();
     * ORM.select(User.class).where(SQL.exists(inner));
     * // SELECT users.id, users.name FROM users WHERE EXISTS (SELECT addresses.id FROM addresses WHERE addresses.user_id = users.id)
     * }</pre>
     */
    public Query<T> correlate(Object... fromClauses) {
        Shaping h = shaping;
        List<ClauseElement> given = fromClauses.length == 0 ? List.of() : plus(h.correlate(), fromsOf(fromClauses));
        return withShaping(new Shaping(h.groupBy(), h.having(), h.distinctOn(), given, false, h.correlateExcept(), h.correlatesExcept(), h.fetch(), h.baseAlias(), h.text()));
    }

    /**
     * Turns auto-correlation off and correlates every FROM clause of the enclosing statements
     * but the given mapped classes, aliased entities or FROM clauses, as {@link Select#correlateExcept};
     * with no argument, every one. Several calls add.
     *
     * <pre>{@code
     * ORM.select(ORM.attr(Address.class, "id")).where(ORM.attr(Address.class, "userId").eq(ORM.attr(User.class, "id")))
     *         .correlateExcept(Address.class);   // correlates users only
     * }</pre>
     */
    public Query<T> correlateExcept(Object... fromClauses) {
        Shaping h = shaping;
        List<ClauseElement> given = fromClauses.length == 0 ? List.of() : plus(h.correlateExcept(), fromsOf(fromClauses));
        return withShaping(new Shaping(h.groupBy(), h.having(), h.distinctOn(), h.correlate(), false, given, true, h.fetch(), h.baseAlias(), h.text()));
    }

    private static ClauseElement[] fromsOf(Object[] fromClauses) {
        ClauseElement[] out = new ClauseElement[fromClauses.length];
        for (int i = 0; i < out.length; i++) {
            Object f = fromClauses[i];
            if (f instanceof Class<?> c) {
                out[i] = Registry.mapperFor(c);
            } else if (f instanceof Entity || f instanceof FromClause) {
                out[i] = (ClauseElement) f;
            } else {
                throw new ArgumentException("A query correlates mapped classes, aliased entities and FROM clauses, not " + f);
            }
        }
        return out;
    }

    /**
     * Text after the statement's {@code SELECT} keyword (the seeds' {@code prefix_with}), as
     * {@link Select#prefixWith}: each item a string (written as {@code text(s)}) or a SQL element.
     * Several calls add. Inside the subquery a joined eager load wraps the query in, as in SQLAlchemy.
     *
     * <pre>{@code
     * session.query(ORM.attr(User.class, "name")).prefixWith("SQL_NO_CACHE");   // SELECT SQL_NO_CACHE users.name FROM users
     * }</pre>
     */
    public Query<T> prefixWith(Object... prefixes) {
        return prefixWithDialect(null, prefixes);
    }

    /**
     * How the statement's columns are labelled, as {@link Select#labelStyle}; a query's own style, so that
     * the subquery a joined eager load wraps a limited (or DISTINCT, grouped) query in is labelled so too,
     * and the statement around it names that subquery's columns by those labels: SQLAlchemy's legacy
     * {@code session.query()} style is {@link LabelStyle#TABLENAME_PLUS_COL}. The rows read are the same.
     *
     * <pre>{@code
     * session.query(User.class).options(ORM.joinedLoad(ORM.attr(User.class, "addresses"))).limit(5)
     *         .labelStyle(LabelStyle.TABLENAME_PLUS_COL);
     * // SELECT anon_1.users_id AS anon_1_users_id, ..., addresses_1.id AS addresses_1_id, ...
     * // FROM (SELECT users.id AS users_id, ... FROM users LIMIT :param_1) AS anon_1 LEFT OUTER JOIN addresses AS addresses_1 ON ...
     * }</pre>
     */
    public Query<T> labelStyle(LabelStyle style) {
        StatementText t = shaping.text();
        return withText(new StatementText(t.prefixes(), t.suffixes(), t.hints(), t.fromStatement(), style == LabelStyle.DISAMBIGUATE_ONLY ? null : style));
    }

    /** The label style {@link #labelStyle} gave, or null (the default). */
    LabelStyle labelStyleValue() {
        return shaping.text().labelStyle();
    }

    /** As {@link #prefixWith}, written only on the dialect named ({@code "mysql"} on MySQL and MariaDB); see {@link Select#prefixWithDialect}. */
    public Query<T> prefixWithDialect(String dialect, Object... prefixes) {
        StatementText t = shaping.text();
        return withText(new StatementText(plus(t.prefixes(), Prefix.of(dialect, prefixes).toArray(new ClauseElement[0])), t.suffixes(), t.hints(), t.fromStatement(), t.labelStyle()));
    }

    /**
     * Text after the whole statement (the seeds' {@code suffix_with}), as {@link Select#suffixWith}.
     *
     * <pre>{@code
     * session.query(User.class).suffixWith("LOCK IN SHARE MODE");   // SELECT users.id, users.name FROM users LOCK IN SHARE MODE
     * }</pre>
     */
    public Query<T> suffixWith(Object... suffixes) {
        return suffixWithDialect(null, suffixes);
    }

    /** As {@link #suffixWith}, written only on the dialect named; see {@link Select#suffixWithDialect}. */
    public Query<T> suffixWithDialect(String dialect, Object... suffixes) {
        StatementText t = shaping.text();
        return withText(new StatementText(t.prefixes(), plus(t.suffixes(), Prefix.of(dialect, suffixes).toArray(new ClauseElement[0])), t.hints(), t.fromStatement(), t.labelStyle()));
    }

    /** A hint for every dialect; see {@link #withHint(Object, String, String)}. */
    public Query<T> withHint(Object hinted, String text) {
        return withHint(hinted, text, null);
    }

    /**
     * An optimizer hint for the FROM clause of {@code hinted} (a mapped class, an aliased entity or a
     * FROM clause), on {@code dialect} only (null: every dialect), written where the dialect puts a
     * table hint, as {@link Select#withHint}; the seeds' {@code with_hint}.
     *
     * <pre>{@code
     * AliasedEntity<User> u2 = ORM.aliased(User.class);
     * session.query(User.class).withHint(u2, "USE INDEX (ix_name)", "mysql").join(u2, u2.attr("id").gt(ORM.attr(User.class, "id")));
     * // SELECT ... FROM users INNER JOIN users AS users_1 USE INDEX (ix_name) ON users_1.id > users.id   (MySQL, MariaDB)
     * }</pre>
     */
    public Query<T> withHint(Object hinted, String text, String dialect) {
        if (hinted == null) {
            throw new ArgumentException("withHint() names the entity or FROM clause it hints; withStatementHint() hints the statement");
        }
        Object e = hinted instanceof Class<?> c ? Registry.mapperFor(c) : hinted;
        if (!(e instanceof Entity) && !(e instanceof FromClause)) {
            throw new ArgumentException("withHint() hints a mapped class, an aliased entity or a FROM clause, not " + hinted);
        }
        return withHintOf(fromOf((ClauseElement) e), text, dialect);
    }

    /** A statement hint for every dialect; see {@link #withStatementHint(String, String)}. */
    public Query<T> withStatementHint(String text) {
        return withStatementHint(text, null);
    }

    /**
     * Text written after the statement on {@code dialect} only (null: every dialect), as
     * {@link Select#withStatementHint}; the seeds' {@code with_statement_hint}.
     *
     * <pre>{@code
     * session.query(User.class).withStatementHint("FOR SYSTEM_TIME ALL", "mariadb");
     * }</pre>
     */
    public Query<T> withStatementHint(String text, String dialect) {
        return withHintOf(null, text, dialect);
    }

    /**
     * A query of one entity whose rows come from {@code statement} (a Core select, a {@link SQL#text} statement,
     * or a DML statement with RETURNING) run as it is, in place of the statement the query would build (the
     * seeds' {@code from_statement}; Hibernate's native query with an entity result). The entity's attributes
     * are read from the result's columns of their columns' names (case-insensitive); those the result lacks
     * are left unloaded and load on access; the primary key must be there. A class with mapped subclasses loads
     * each row as the class its discriminator column names (which must be there too), reading a subclass's columns
     * from the result where it has them (a name given twice, the first column of it). Relationships load as their
     * mapping's lazy default (no eager load, loader option or joined default applies). Joins, criteria, ordering
     * or grouping on such a query are refused when it runs, and so are {@link #count()}, {@link #update},
     * {@link #delete}, {@link #keysetPage} and set operations ({@link #first()} runs the statement as it is).
     *
     * <pre>{@code
     * List<User> eds = session.query(User.class)
     *         .fromStatement(SQL.text("SELECT * FROM users WHERE name = :name").bindparams(Map.of("name", "ed")))
     *         .all();
     * }</pre>
     */
    public Query<T> fromStatement(ClauseElement statement) {
        if (!(statement instanceof SelectBase) && !(statement instanceof dev.retort.sql.TextClause) && !(statement instanceof dev.retort.sql.DmlStatement)) {
            throw new ArgumentException("fromStatement() takes a select, a text() statement or a DML statement with RETURNING, not " + statement);
        }
        if (entities.size() != 1 || !(entities.get(0) instanceof Entity)) {
            throw new ArgumentException("fromStatement() loads one mapped class or aliased entity, not " + entities);
        }
        StatementText t = shaping.text();
        return withText(new StatementText(t.prefixes(), t.suffixes(), t.hints(), statement, t.labelStyle()));
    }

    /**
     * The statement of {@link #fromStatement}, or null; refused when the query also has joins, criteria, ordering,
     * an offset or grouping, which running the statement as it is would ignore (a limit is {@link #first()}'s).
     */
    ClauseElement fromStatementClause() {
        ClauseElement given = shaping.text().fromStatement();
        Shaping h = shaping;
        if (given != null && (!joins.isEmpty() || !where.isEmpty() || !orderBy.isEmpty() || offset != null || !froms.isEmpty()
                || !h.groupBy().isEmpty() || !h.having().isEmpty() || !h.distinctOn().isEmpty() || distinct)) {
            throw new ArgumentException("A query from a statement (fromStatement) runs it as it is: its joins, criteria, order, offset"
                    + " and grouping would be ignored");
        }
        return given;
    }

    /** Refuses {@code what} (a bulk update, a count...) for a query from a statement, whose rows only its statement knows. */
    private void requireOwnStatement(String what) {
        if (shaping.text().fromStatement() != null) {
            throw new ArgumentException(what + " needs the query's own statement; this query runs the one given to fromStatement()");
        }
    }

    private Query<T> withHintOf(FromClause hinted, String text, String dialect) {
        StatementText t = shaping.text();
        return withText(new StatementText(t.prefixes(), t.suffixes(), plus(t.hints(), Hint.of(hinted, text, dialect)), t.fromStatement(), t.labelStyle()));
    }

    private Query<T> withText(StatementText t) {
        Shaping h = shaping;
        return withShaping(new Shaping(h.groupBy(), h.having(), h.distinctOn(), h.correlate(), h.autoCorrelate(),
                h.correlateExcept(), h.correlatesExcept(), h.fetch(), h.baseAlias(), t));
    }

    /** {@code s} with the query's label style, prefixes, suffixes and hints. */
    Select withStatementText(Select s) {
        StatementText t = shaping.text();
        Select out = t.labelStyle() == null ? s : s.labelStyle(t.labelStyle());
        for (ClauseElement c : t.prefixes()) {
            Prefix p = (Prefix) c;
            out = out.prefixWithDialect(p.dialect(), p.text());
        }
        for (ClauseElement c : t.suffixes()) {
            Prefix p = (Prefix) c;
            out = out.suffixWithDialect(p.dialect(), p.text());
        }
        for (ClauseElement c : t.hints()) {
            Hint h = (Hint) c;
            out = h.selectable() == null ? out.withStatementHint(h.text(), h.dialect()) : out.withHint(h.selectable(), h.text(), h.dialect());
        }
        return out;
    }

    private Query<T> withShaping(Shaping h) {
        return new Query<>(session, entities, joins, where, orderBy, limit, offset, distinct, options, populateExisting, yieldPer, forUpdate, froms, h);
    }

    /**
     * Loader options for relationships of the query's entities ({@link ORM#joinedLoad} and the like),
     * and criteria for an entity's rows wherever the query selects them ({@link ORM#withLoaderCriteria}).
     */
    public Query<T> options(QueryOption... queryOptions) {
        List<ClauseElement> more = new ArrayList<>();
        for (QueryOption o : queryOptions) {
            if (o instanceof LoaderOptions several) {
                more.addAll(several.options());    // a path's options, each one option
            } else {
                more.add((ClauseElement) o);
            }
        }
        return with(session, entities, joins, where, orderBy, limit, offset, distinct, plus(options, more.toArray(new ClauseElement[0])));
    }

    /**
     * The same query, locking the rows it reads: {@code SELECT ... FOR UPDATE} (or the lock
     * given), the seeds' {@code with_for_update()}. With a joined eager load of a collection and a
     * LIMIT, the limited inner query and the outer one both lock, as in SQLAlchemy.
     *
     * <pre>{@code
     * session.query(User.class).withForUpdate(ForUpdate.update().of(users).nowait()).all();
     * // SELECT users.id, users.name FROM users FOR UPDATE OF users NOWAIT   (PostgreSQL)
     * }</pre>
     */
    public Query<T> withForUpdate(ForUpdate lock) {
        if (lock == null) {
            throw new ArgumentException("withForUpdate needs a lock (ForUpdate.update(), ForUpdate.share(), ...)");
        }
        return new Query<>(session, entities, joins, where, orderBy, limit, offset, distinct, options, populateExisting, yieldPer, lock, froms, shaping);
    }

    /**
     * The same query with these in its FROM clause, ahead of what its entities bring (the seeds'
     * {@code select_from}): mapped classes, aliased entities, tables. The query's entities are not
     * adapted to them; joins may start from them.
     *
     * <pre>{@code
     * ORM.select(ORM.attr(Address.class, "email")).selectFrom(User.class).join(ORM.attr(User.class, "addresses"));
     * // SELECT addresses.email FROM users JOIN addresses ON users.id = addresses.user_id
     * }</pre>
     */
    public Query<T> selectFrom(Object... fromClauses) {
        List<ClauseElement> out = new ArrayList<>(froms);
        for (Object f : fromClauses) {
            if (f instanceof Class<?> c) {
                out.add(Registry.mapperFor(c));
            } else if (f instanceof Entity || f instanceof FromClause) {
                out.add((ClauseElement) f);
            } else {
                throw new ArgumentException("A query selects from mapped classes, aliased entities and FROM clauses, not " + f);
            }
        }
        return new Query<>(session, entities, joins, where, orderBy, limit, offset, distinct, options, populateExisting, yieldPer, forUpdate, out, shaping);
    }

    /**
     * The UNION of this query and {@code others}, as a query of this one's entities (the seeds'
     * {@code Query.union}): the queries become one subquery, {@code anon_1}, that the entities load
     * from, and what is added later (criteria, joins, ordering, limits) is adapted to it, so that
     * {@code ORM.attr(User.class, "id")} there is {@code anon_1.users_id}. Each query selects its
     * columns labelled {@code table_column}, as {@code session.query()} does, which gives the
     * subquery a name for each; its eager loads are the outer query's, as are loader options given to it.
     *
     * <pre>{@code
     * session.query(User.class).filter(ORM.attr(User.class, "name").eq("ed"))
     *         .union(session.query(User.class).filter(ORM.attr(User.class, "name").eq("jack")))
     *         .orderBy(ORM.attr(User.class, "id")).limit(5).all();
     * // SELECT anon_1.users_id, anon_1.users_name FROM (SELECT users.id AS users_id, users.name AS users_name
     * //   FROM users WHERE users.name = ? UNION SELECT ... WHERE users.name = ?) AS anon_1 ORDER BY anon_1.users_id LIMIT ?
     * }</pre>
     */
    public Query<T> union(Query<?>... others) {
        return setOperation(SQL::union, others);
    }

    /** {@link #union} as {@code UNION ALL}: the rows of every query, duplicates kept. */
    public Query<T> unionAll(Query<?>... others) {
        return setOperation(SQL::unionAll, others);
    }

    /** {@link #union} as {@code INTERSECT}: the rows every query has. */
    public Query<T> intersect(Query<?>... others) {
        return setOperation(SQL::intersect, others);
    }

    /** {@link #union} as {@code INTERSECT ALL}. */
    public Query<T> intersectAll(Query<?>... others) {
        return setOperation(SQL::intersectAll, others);
    }

    /** {@link #union} as {@code EXCEPT}: this query's rows that none of {@code others} has (the seeds' {@code except_}). */
    public Query<T> except(Query<?>... others) {
        return setOperation(SQL::except, others);
    }

    /** {@link #union} as {@code EXCEPT ALL}. */
    public Query<T> exceptAll(Query<?>... others) {
        return setOperation(SQL::exceptAll, others);
    }

    /**
     * A query of this one's entities from the subquery of {@code operation} over this query and
     * {@code others}. What SQLAlchemy's set operations keep goes on (entities, loader options,
     * lock, correlation); criteria, joins, grouping, ordering and limits went into the subquery.
     */
    private Query<T> setOperation(java.util.function.Function<SelectBase[], CompoundSelect> operation, Query<?>[] others) {
        requireOwnStatement("A set operation");
        SelectBase[] parts = new SelectBase[others.length + 1];
        parts[0] = compoundPart();
        for (int i = 0; i < others.length; i++) {
            parts[i + 1] = others[i].compoundPart();
        }
        Alias sub = operation.apply(parts).subquery();
        Shaping h = shaping;
        return new Query<>(session, entities, List.of(), List.of(), List.of(), null, null, false, options, populateExisting, yieldPer, forUpdate,
                List.of(sub), new Shaping(List.of(), List.of(), List.of(), h.correlate(), h.autoCorrelate(), h.correlateExcept(), h.correlatesExcept(),
                        null, sub, new StatementText(List.of(), List.of(), h.text().hints(), null, h.text().labelStyle())));
    }

    /**
     * This query as one SELECT of a compound: columns labelled {@code table_column}; as SQLAlchemy renders
     * a query inside another ({@link #innerStatement}).
     */
    private Select compoundPart() {
        return innerStatement().labelStyle(LabelStyle.TABLENAME_PLUS_COL);
    }

    /** The subquery a set operation ({@link #union}) made, that the entities and expressions are adapted to; else null. */
    FromClause baseAlias() {
        return shaping.baseAlias();
    }

    /** This query with its entities and expressions moved onto its {@link #baseAlias()}, which it keeps; itself when it has none. */
    Query<T> adaptedToBaseAlias() {
        Shaping h = shaping;
        if (h.baseAlias() == null) {
            return this;
        }
        return adapted(new BaseAlias(h.baseAlias()));
    }

    /** The with_polymorphic entities of its {@link ORM#selectinPolymorphic} options: each its base and the classes loaded select-in. */
    List<AliasedEntity<?>> selectinPolymorphic() {
        List<AliasedEntity<?>> out = List.of();
        for (ClauseElement o : options) {
            if (o instanceof LoaderOption lo && lo.strategy() == LoaderOption.Strategy.SELECTIN_POLYMORPHIC) {
                if (out.isEmpty()) {
                    out = new ArrayList<>(2);
                }
                out.add((AliasedEntity<?>) lo.into());
            }
        }
        return out;
    }

    /**
     * This query without its {@link ORM#selectinPolymorphic} options, an entity that is such an option's base read
     * without the tables of the option's classes (whose instances {@link Loading} completes, a statement per class).
     */
    Query<T> withoutSelectinPolymorphic() {
        List<AliasedEntity<?>> given = selectinPolymorphic();
        if (given.isEmpty()) {
            return this;
        }
        List<ClauseElement> ents = new ArrayList<>(entities);
        for (AliasedEntity<?> p : given) {
            Mapper<?> base = p.mapper();
            List<Class<?>> joined = new ArrayList<>();
            for (Mapper<?> d : base.polymorphicMappers()) {
                if (!p.polymorphicMappers().contains(d)) {
                    joined.add(d.mappedClass());
                }
            }
            AliasedEntity<?> without = ORM.withPolymorphic(base.mappedClass(), joined);
            ents.replaceAll(e -> e == base ? without : e);
        }
        List<ClauseElement> kept = new ArrayList<>(options);
        kept.removeIf(o -> o instanceof LoaderOption lo && lo.strategy() == LoaderOption.Strategy.SELECTIN_POLYMORPHIC);
        return new Query<>(session, ents, joins, where, orderBy, limit, offset, distinct, kept, populateExisting, yieldPer, forUpdate, froms, shaping);
    }

    /**
     * This query with its entities, joins, criteria, ordering, options, lock, grouping and correlation
     * {@link ClauseElement#replace replaced} by {@code a}; its FROM clauses as they are.
     */
    Query<T> adapted(java.util.function.Function<ClauseElement, ClauseElement> a) {
        Shaping h = shaping;
        return new Query<>(session, replaced(entities, a), replaced(joins, a), replaced(where, a), replaced(orderBy, a), limit, offset, distinct,
                replaced(options, a), populateExisting, yieldPer, forUpdate == null ? null : (ForUpdate) forUpdate.replace(a), froms,
                new Shaping(replaced(h.groupBy(), a), replaced(h.having(), a), replaced(h.distinctOn(), a), replaced(h.correlate(), a), h.autoCorrelate(),
                        replaced(h.correlateExcept(), a), h.correlatesExcept(), h.fetch(), h.baseAlias(), h.text()));
    }

    @SuppressWarnings("unchecked")
    private static <E extends ClauseElement> List<E> replaced(List<E> items, java.util.function.Function<ClauseElement, ClauseElement> a) {
        List<E> out = new ArrayList<>(items.size());
        for (E e : items) {
            out.add((E) e.replace(a));
        }
        return out;
    }

    /**
     * The same query selecting other entities or expressions; it returns rows (or instances, for one entity).
     * After joins, the entities replaced stay in the FROM clause as the joins' left sides (the seeds'
     * {@code with_only_columns} after {@code join}), so that joins added later start from them too.
     *
     * <pre>{@code
     * ORM.select(User.class).join(Address.class).withEntities(ORM.attr(Address.class, "id"));
     * // SELECT addresses.id FROM users JOIN addresses ON users.id = addresses.user_id
     * }</pre>
     */
    public <R> Query<R> withEntities(Object... newEntities) {
        Query<R> q = of(session, newEntities);
        return (joins.isEmpty() ? this : selectFrom(joinLefts())).with(session, q.entities, joins, where, orderBy, limit, offset, distinct, options);
    }

    /** The FROM clauses of this query's entities (an attribute's entity) that are not selected from already. */
    private Object[] joinLefts() {
        List<Object> out = new ArrayList<>();
        for (ClauseElement e : entities) {
            ClauseElement f = e instanceof QueryableAttribute<?> a ? a.owner() : e instanceof ColumnElement<?> || e instanceof Bundle<?> ? null : e;
            if (f != null && !froms.contains(f) && !out.contains(f)) {
                out.add(f);
            }
        }
        return out.toArray();
    }

    /**
     * The same query, overwriting the session's instances with the rows it loads — their
     * changes not flushed are lost — as {@link Session#refresh} does for one (the seeds'
     * {@code populate_existing}).
     */
    public Query<T> populateExisting() {
        return new Query<>(session, entities, joins, where, orderBy, limit, offset, distinct, options, true, yieldPer, forUpdate, froms, shaping);
    }

    /**
     * The same query, loaded by {@link #stream()} in chunks of {@code rows} rows: each chunk's
     * instances (and the references and select-in collections loaded with them) leave the session
     * when the next chunk loads, unless they have changes not flushed, so the session holds about
     * one chunk at a time. A joined collection cannot be loaded in chunks (a parent's rows could
     * straddle two). The rows themselves come from the driver as {@code EngineOptions.fetchSize} says.
     */
    public Query<T> yieldPer(int rows) {
        return new Query<>(session, entities, joins, where, orderBy, limit, offset, distinct, options, populateExisting, rows, forUpdate, froms, shaping);
    }

    /**
     * The results one at a time, loaded in chunks of {@link #yieldPer} rows (100 if not
     * given); close the stream (try-with-resources) when not reading it to the end. The session is
     * not to be used for anything else while the stream is open.
     *
     * <pre>{@code
     * try (Stream<Book> books = session.query(Book.class).yieldPer(500).stream()) {
     *     books.forEach(exporter::write);
     * }
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public java.util.stream.Stream<T> stream() {
        return (java.util.stream.Stream<T>) requireSession().stream(this, yieldPer == null ? 100 : yieldPer);
    }

    /**
     * The first page of at most {@code size} results, by keyset pagination: each next page
     * continues after the last result of this one ({@code WHERE (a, b) > (last a, last b)}),
     * not by OFFSET, so a page costs the same however deep. The query's ORDER BY must be
     * attributes of its entity that together identify a row (end with the primary key).
     *
     * <pre>{@code
     * KeysetPage<Book> page = session.query(Book.class).orderBy(ORM.attr(Book.class, "id")).keysetPage(50);
     * while (!page.items().isEmpty()) { show(page.items()); page = page.next(); }
     * }</pre>
     */
    public KeysetPage<T> keysetPage(int size) {
        requireOwnStatement("keysetPage()");
        return KeysetPage.first(this, size);
    }

    boolean isPopulateExisting() {
        return populateExisting;
    }

    Integer yieldPerValue() {
        return yieldPer;
    }

    /** The same query, run by {@code newSession}. */
    public Query<T> withSession(Session newSession) {
        return with(newSession, entities, joins, where, orderBy, limit, offset, distinct, options);
    }

    // ---- parts --------------------------------------------------------------------------------

    /** The session that runs this query, or null (a query loaded without a scoped session). */
    public Session session() {
        return session;
    }

    /** What the query selects: mappers, aliased entities, expressions and FROM clauses. */
    public List<ClauseElement> entities() {
        return entities;
    }

    List<JoinStep> joinSteps() {
        return joins;
    }

    List<ClauseElement> criteria() {
        return where;
    }

    List<ClauseElement> ordering() {
        return orderBy;
    }

    Integer limitValue() {
        return rows(limit);
    }

    Integer offsetValue() {
        return rows(offset);
    }

    private static Integer rows(BindParameter<Integer> count) {
        return count == null ? null : (Integer) count.value();
    }

    /** The LIMIT's parameter, null for none: the statement binds this very parameter, which the query's key lists. */
    BindParameter<Integer> limitParameter() {
        return limit;
    }

    /** The OFFSET's parameter, as {@link #limitParameter()}. */
    BindParameter<Integer> offsetParameter() {
        return offset;
    }

    /** A LIMIT or OFFSET of {@code n} rows (null: none) as Core's {@code limit(n)} binds it; a loaded query's integer. */
    @SuppressWarnings("unchecked")
    private static BindParameter<Integer> count(Object n) {
        return n == null ? null : n instanceof BindParameter<?> b ? (BindParameter<Integer>) b : SQL.literal((Integer) n, Types.INTEGER);
    }

    boolean isDistinct() {
        return distinct;
    }

    List<ClauseElement> selectedFroms() {
        return froms;
    }

    List<ClauseElement> groupByClauses() {
        return shaping.groupBy();
    }

    List<ClauseElement> havingCriteria() {
        return shaping.having();
    }

    List<ClauseElement> distinctOnClauses() {
        return shaping.distinctOn();
    }

    Fetch fetchClause() {
        return shaping.fetch();
    }

    /** The query's correlation applied to {@code s}, its entities given as their selectables. */
    Select correlated(Select s) {
        Shaping h = shaping;
        if (h.autoCorrelate()) {
            return s;
        }
        Select out = s;
        if (!h.correlate().isEmpty() || !h.correlatesExcept()) {
            out = out.correlate(h.correlate().stream().map(Query::fromOf).toArray(FromClause[]::new));
        }
        return h.correlatesExcept() ? out.correlateExcept(h.correlateExcept().stream().map(Query::fromOf).toArray(FromClause[]::new)) : out;
    }

    private static FromClause fromOf(ClauseElement c) {
        return c instanceof Entity e ? e.selectable() : (FromClause) c;
    }

    ForUpdate lock() {
        return forUpdate;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    List<LoaderOption> loaderOptions() {
        if (loaderCriteria().isEmpty()) {
            return (List) options;
        }
        return options.stream().filter(LoaderOption.class::isInstance).map(LoaderOption.class::cast).toList();
    }

    /** The {@link LoaderCriteria} among the options, then those of its session ({@link Session#addLoaderCriteria}) not among them. */
    List<LoaderCriteria> loaderCriteria() {
        // A loop, not a stream: asked for every query planned, which mostly has none.
        List<LoaderCriteria> out = null;
        for (ClauseElement o : options) {
            if (o instanceof LoaderCriteria c) {
                if (out == null) {
                    out = new ArrayList<>();
                }
                out.add(c);
            }
        }
        if (session == null || session.loaderCriteria().isEmpty()) {
            return out == null ? List.of() : out;
        }
        if (out == null) {
            return session.loaderCriteria();
        }
        for (LoaderCriteria c : session.loaderCriteria()) {
            // a lazy load's query carries its instance's criteria, the session's among them
            if (out.stream().noneMatch(x -> x == c)) {
                out.add(c);
            }
        }
        return out;
    }

    /** The Core statement this query runs, with its joined eager loads. */
    public Select statement() {
        ClauseElement given = fromStatementClause();
        if (given != null) {
            if (given instanceof Select st) {
                return st;
            }
            throw new ArgumentException("A query from a statement that is not a select has no Select statement; compile or run the query itself");
        }
        return QueryOrigin.made(QueryPlan.of(this).statement(), this, false);
    }

    /**
     * The Core statement of this query for use inside another statement (a subquery): as
     * {@link #statement()}, without the joins of joined eager loads (a {@link ORM#joinedLoad} option's
     * or a relationship's {@link Relationship#lazy} default), which SQLAlchemy renders in no subquery, and
     * as SQLAlchemy with every column attribute, deferred ones too, whatever the loader options say (a
     * computed attribute the mapping defers stays out).
     *
     * <pre>{@code
     * Alias sub = ORM.select(User.class).innerStatement().subquery();   // no LEFT OUTER JOIN of a lazy="joined" relationship
     * }</pre>
     */
    public Select innerStatement() {
        if (fromStatementClause() != null) {
            return statement();
        }
        // As SQLAlchemy renders a query inside another: every column attribute of its entities, deferred ones too, the computed
        // ones the mapping does not defer, and no loader option (the outer query defers and loads eagerly as its options say).
        List<ClauseElement> kept = new ArrayList<>(options.stream().filter(o -> !(o instanceof LoaderOption)).toList());
        for (ClauseElement e : entities) {
            if (e instanceof Entity en) {
                for (ColumnProp p : en.mapper().columnProps()) {
                    if (en.mapper().isDeferred(p)) {
                        kept.add(ORM.undefer(en.attr(p.key)));
                    }
                }
            }
        }
        Query<T> inner = new Query<T>(session, entities, joins, where, orderBy, limit, offset, distinct, kept, populateExisting, yieldPer,
                forUpdate, froms, shaping);
        return QueryOrigin.made(QueryPlan.of(inner, false).statement(), this, true);
    }

    // ---- running ------------------------------------------------------------------------------

    private Session requireSession() {
        if (session == null) {
            throw new RetortException("This query is not bound to a session (it was loaded without a scoped session); bind it with withSession(session)");
        }
        return session;
    }

    /** Every result: instances for a query of one entity, otherwise rows. Autoflushes first. */
    @SuppressWarnings("unchecked")
    public List<T> all() {
        return (List<T>) requireSession().run(this);
    }

    /** The first result (the query runs with {@code LIMIT 1}), or null. */
    public T first() {
        List<T> r = limit(1).all();
        return r.isEmpty() ? null : r.get(0);
    }

    /** The only result; none, or more than one, raises {@link RetortException}. */
    public T one() {
        T r = oneOrNull();
        if (r == null) {
            throw new RetortException("No row was found for one()");
        }
        return r;
    }

    /** The only result, or null; more than one raises {@link RetortException}. */
    public T oneOrNull() {
        List<T> r = all();
        if (r.size() > 1) {
            throw new RetortException("Multiple rows were found for one(): " + r.size());
        }
        return r.isEmpty() ? null : r.get(0);
    }

    /** The first column of the first result (the instance, for a query of one entity), or null. */
    public Object scalar() {
        Object r = first();
        return r instanceof Row row ? row.get(0) : r;
    }

    /** How a bulk {@link #update} or {@link #delete} brings the session's instances in line with the database. */
    public enum Synchronize {
        /**
         * Tells the matched instances by evaluating the criteria in memory, and sets the new
         * values on them (deleted ones leave the session); criteria or values it cannot evaluate
         * fall back to {@link #EXPIRE}. The default, as the seeds'.
         */
        EVALUATE,
        /**
         * Asks the database for the keys of the matching rows, as the seeds' {@code "fetch"}: the
         * statement RETURNs them where the dialect has UPDATE (or DELETE) ... RETURNING, else a
         * SELECT of them runs first (MariaDB's UPDATE, a multi-table DELETE there). The session's
         * instances among them expire (reload on next use) or, deleted, leave it.
         */
        EXPIRE,
        /** Leaves the session's instances as they are. */
        NONE
    }

    /**
     * Runs {@code UPDATE table SET ... WHERE <this query's criteria>} in the session's
     * transaction (after an autoflush) and returns the number of rows matched; the session's
     * instances follow by {@link Synchronize#EVALUATE}. Keys are attribute keys, attributes or
     * columns; values are values or expressions over the entity's columns.
     *
     * <pre>{@code
     * int n = session.query(Book.class).filter(ORM.attr(Book.class, "price").lt(10))
     *         .update(Map.of("price", ORM.attr(Book.class, "price").add(1)));
     * }</pre>
     */
    public int update(Map<?, ?> values) {
        return update(values, Synchronize.EVALUATE);
    }

    /** {@link #update(Map)} with a synchronisation strategy of one's own. */
    public int update(Map<?, ?> values, Synchronize synchronize) {
        requireOwnStatement("update()");
        return new BulkOperation(requireSession(), this).update(values, synchronize);
    }

    /**
     * Runs {@code DELETE FROM table WHERE <this query's criteria>} in the session's transaction
     * (after an autoflush) and returns the number of rows deleted; the session's matching
     * instances leave it ({@link Synchronize#EVALUATE}). No cascades run: the database's
     * foreign keys decide what happens to related rows.
     */
    public int delete() {
        return delete(Synchronize.EVALUATE);
    }

    /** {@link #delete()} with a synchronisation strategy of one's own. */
    public int delete(Synchronize synchronize) {
        requireOwnStatement("delete()");
        return new BulkOperation(requireSession(), this).delete(synchronize);
    }

    /** The number of results: {@code SELECT count(*) FROM (this query) AS anon_1}. */
    public long count() {
        requireOwnStatement("count()");
        return requireSession().count(this);
    }

    /**
     * {@code EXISTS (SELECT 1 FROM ... WHERE ...)} of this query, for a query of it or criteria: the seeds'
     * {@code query.exists()}. It selects from the FROM clause of the query's first entity (an attribute's
     * entity; a bundle's first column's), with no eager load.
     *
     * <pre>{@code
     * boolean any = (Boolean) session.query(session.query(User.class).filter(ORM.attr(User.class, "name").eq("ed")).exists()).scalar();
     * // SELECT EXISTS (SELECT 1 FROM users WHERE users.name = ?) AS anon_1
     * }</pre>
     */
    public Exists exists() {
        requireOwnStatement("exists()");
        // SELECT 1 loses the FROM its entities gave: the first one's is kept (SQLAlchemy's select_from(entity zero))
        ClauseElement first = entities.get(0);
        if (first instanceof Bundle<?> b) {
            // a bundle stands for its columns: the first one's FROM is kept (SQLAlchemy's select_from(bundle) refuses the bundle)
            first = b.columns().get(0);
        }
        List<Object> from = new ArrayList<>();
        if (first instanceof QueryableAttribute<?> a) {
            from.add(a.owner());
        } else if (first instanceof Entity || first instanceof FromClause) {
            from.add(first);
        } else if (first instanceof ColumnElement<?> c) {
            from.addAll(SQL.select(Selectables.core(c)).froms());
        }
        from.removeIf(froms::contains);
        return SQL.exists(selectFrom(from.toArray()).withEntities(SQL.literalColumn("1")).innerStatement());
    }
}
