package dev.retort.orm;

import dev.retort.dialect.SqlCompiler;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.CompileException;
import dev.retort.sql.Attr;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Traversal;
import java.util.List;
import java.util.Locale;

/**
 * How a query loads one relationship of its entities: given to {@link Query#options}, made by
 * {@link ORM#joinedLoad}, {@link ORM#selectinLoad}, {@link ORM#lazyLoad}, {@link ORM#raiseLoad}
 * and {@link ORM#noLoad}. An option continues along a path: {@code joinedLoad(a).selectinLoad(b)}
 * loads {@code a} joined, and relationship {@code b} of {@code a}'s targets select-in. Nested
 * options apply under joined and select-in loads; under a lazy one they are ignored. Column
 * options ({@link ORM#defer}, {@link ORM#undefer}, {@link ORM#undeferGroup}, {@link ORM#loadOnly})
 * say which columns of an entity its SELECT leaves out; chained after a relationship option, of
 * its targets ({@code joinedLoad(a).loadOnly(b1)}); chained after each other, of the same entity.
 * A wildcard ({@link ORM#lazyLoadAll}, {@link ORM#deferAll}, {@link #lazyLoadAll} ...) is for every relationship
 * or column attribute no option names: at every level, of one entity ({@link ORM#load}), or of a path's targets.
 *
 * <pre>{@code
 * session.query(User.class).options(ORM.joinedLoad(ORM.attr(User.class, "addresses"))).all();   // one statement
 * session.query(Author.class).options(ORM.selectinLoad(ORM.attr(Author.class, "books"))
 *         .joinedLoad(ORM.attr(Book.class, "publisher")));
 * }</pre>
 */
public final class LoaderOption extends ClauseElement implements QueryOption {
    static final Traversal<LoaderOption> TRAVERSAL = Traversal.of("orm_loader",
            a -> ColumnLoads.read(a),
            Attr.optionalClause("attribute", LoaderOption::attribute),
            Attr.struct("strategy", o -> o.strategy.name().toLowerCase(Locale.ROOT)),
            Attr.<LoaderOption>optionalClause("then", o -> o.then).since(7),
            Attr.struct("depth", LoaderOption::depth).since(7),
            Attr.<LoaderOption>clauses("columns", o -> o.columns).since(14),
            Attr.<LoaderOption>struct("group", o -> o.group).since(14),
            Attr.<LoaderOption>flag("raiseload", o -> o.raiseload).omittedWhen(false).since(14),
            Attr.<LoaderOption>flag("innerJoin", o -> o.join.inner).omittedWhen(false).since(14),
            Attr.<LoaderOption>struct("joinKind", o -> o.join == JoinKind.OUTER || o.join == JoinKind.UNNESTED
                    ? o.join.name().toLowerCase(Locale.ROOT) : null).since(15),
            Attr.<LoaderOption>optionalClause("into", o -> o.into).since(15),
            Attr.<LoaderOption>optionalClause("bound", o -> o.bound).since(17),
            Attr.<LoaderOption>optionalClause("expression", o -> o.expression).since(18));

    /**
     * How a joined load joins (the seeds' {@code innerjoin=}): as the relationship says, by a LEFT
     * OUTER JOIN, or by an INNER JOIN, which under an outer joined load is nested in that join's right
     * side ({@code a LEFT OUTER JOIN (b JOIN c ON ...) ON ...}) or, {@code UNNESTED}, stays outer.
     */
    enum JoinKind {
        AS_MAPPED(false), OUTER(false), INNER(true), UNNESTED(true);

        final boolean inner;

        JoinKind(boolean inner) {
            this.inner = inner;
        }

        /** The kind serialized as {@code innerJoin} (1.14) and {@code joinKind} (1.15). */
        static JoinKind read(Object innerJoin, Object kind) {
            if (kind != null) {
                return valueOf(((String) kind).toUpperCase(Locale.ROOT));
            }
            return Boolean.TRUE.equals(innerJoin) ? INNER : AS_MAPPED;
        }
    }

    /** The loading strategies. */
    enum Strategy {
        /** In the query's own statement, through a LEFT OUTER JOIN. */
        JOINED,
        /** By one more statement for all the query's instances: {@code ... WHERE fk IN (...)}. */
        SELECTIN,
        /** A collection on first access; a many-to-one reference when its instance loads. */
        LAZY,
        /** Not loaded: touching the collection raises; a many-to-one reference stays null. */
        RAISE,
        /** Not loaded: the collection is empty, a many-to-one reference null. */
        NOLOAD,
        /** As the mapping loads it ({@link Relationship#lazy}): a step of a path to the options after it. */
        DEFAULT,
        /** From the columns of the query's own join to the target ({@link ORM#containsEager}). */
        CONTAINS,
        /** A column attribute left out of the SELECT, loaded on {@link Session#loadAttribute}. */
        DEFER,
        /** A column attribute (deferred by the mapping) selected. */
        UNDEFER,
        /** The columns of a deferred group selected. */
        UNDEFER_GROUP,
        /** Only the given column attributes (and the key) selected; the others deferred. */
        LOAD_ONLY,
        /** A query expression ({@link ORM#queryExpression}) selected as the given expression ({@link ORM#withExpression}). */
        EXPRESSION,
        /**
         * A joined-table hierarchy's base read without the tables of the subclasses of {@link #into} (a with_polymorphic
         * entity), each subclass's own columns then loaded by one more statement ({@link ORM#selectinPolymorphic}).
         * Which columns load, so among the column strategies: the walks of a path pass over it.
         */
        SELECTIN_POLYMORPHIC;

        /** Whether the strategy is for column attributes rather than a relationship. */
        boolean isColumn() {
            return ordinal() >= DEFER.ordinal();
        }

        static Strategy named(String name) {
            for (Strategy s : values()) {
                if (s.name().equalsIgnoreCase(name)) {
                    return s;
                }
            }
            throw new ArgumentException("Unknown loading strategy '" + name + "'");
        }
    }

    private final QueryableAttribute<?> attribute;
    private final Strategy strategy;
    /** The option for a relationship of this one's targets, or null. */
    private final LoaderOption then;

    /** How many levels of a self-referential relationship load (1: the query's own instances' collections). */
    private final int depth;
    /** {@code LOAD_ONLY}: the column attributes loaded; empty for the other strategies. */
    private final List<QueryableAttribute<?>> columns;
    /** {@code UNDEFER_GROUP}: the group's name; null for the other strategies. */
    private final String group;
    /** {@code DEFER}, {@code LOAD_ONLY}: loading a deferred column raises rather than selecting it. */
    private final boolean raiseload;
    /** {@code JOINED}: through an INNER or a LEFT OUTER JOIN, or as the relationship says. */
    private final JoinKind join;
    /** {@code CONTAINS}: the aliased entity the query joins whose columns fill the relationship; null: the target class itself. */
    private final Entity into;
    /** A wildcard at a path's head: the entity whose attributes it is for ({@link ORM#load}); null: every entity the query loads. */
    private final Entity bound;
    /** {@code EXPRESSION}: what the query expression selects; null for the other strategies. */
    private final dev.retort.sql.ColumnElement<?> expression;

    LoaderOption(QueryableAttribute<?> attribute, Strategy strategy, LoaderOption then) {
        this(attribute, strategy, then, 1);
    }

    LoaderOption(QueryableAttribute<?> attribute, Strategy strategy, LoaderOption then, int depth) {
        this(attribute, strategy, then, depth, List.of(), null, false, JoinKind.AS_MAPPED);
    }

    LoaderOption(QueryableAttribute<?> attribute, Strategy strategy, LoaderOption then, int depth, List<QueryableAttribute<?>> columns,
            String group, boolean raiseload, JoinKind join) {
        this(attribute, strategy, then, depth, columns, group, raiseload, join, null);
    }

    LoaderOption(QueryableAttribute<?> attribute, Strategy strategy, LoaderOption then, int depth, List<QueryableAttribute<?>> columns,
            String group, boolean raiseload, JoinKind join, Entity into) {
        this(attribute, strategy, then, depth, columns, group, raiseload, join, into, null);
    }

    LoaderOption(QueryableAttribute<?> attribute, Strategy strategy, LoaderOption then, int depth, List<QueryableAttribute<?>> columns,
            String group, boolean raiseload, JoinKind join, Entity into, Entity bound) {
        this(attribute, strategy, then, depth, columns, group, raiseload, join, into, bound, null);
    }

    LoaderOption(QueryableAttribute<?> attribute, Strategy strategy, LoaderOption then, int depth, List<QueryableAttribute<?>> columns,
            String group, boolean raiseload, JoinKind join, Entity into, Entity bound, dev.retort.sql.ColumnElement<?> expression) {
        if (attribute == null && strategy != Strategy.UNDEFER_GROUP && strategy != Strategy.SELECTIN_POLYMORPHIC) {
            checkWildcard(strategy, then, depth, join, into);
        } else if (bound != null) {
            throw new ArgumentException("Only a wildcard ('*') loader option is bound to an entity, not " + describe(attribute, strategy));
        }
        if (into != null && strategy != Strategy.SELECTIN_POLYMORPHIC && (strategy != Strategy.CONTAINS || !isTargetOrSubclass(into.mapper(), attribute.relationship().target)
                || attribute.ofType() != null && attribute.ofType() != into)) {
            throw new ArgumentException("containsEager(" + attribute + ", ...) takes an aliased entity (or a subclass) of "
                    + attribute.relationship().target.entityName() + " that is the attribute's of_type if it has one, not " + into);
        }
        if (!strategy.isColumn() && (depth < 1 || depth > 1 && attribute.relationship().target != attribute.relationship().mapper)) {
            throw new ArgumentException("A loading depth of " + depth + " needs a self-referential relationship and a depth of at least 1; "
                    + attribute.relationship() + " is not one");
        }
        Entity targets = attribute == null ? null : strategy.isColumn() ? attribute.owner() : attribute.targetEntity();
        Mapper<?> level = targets == null ? null : targets.mapper();
        // after of_type(a with_polymorphic entity): its subclass views' attributes too (wp.of(Manager.class))
        if (then != null && level != null && then.attribute != null && then.attribute.owner().mapper() != level
                && !(targets instanceof AliasedEntity<?> && then.attribute.owner().selectable() == targets.selectable())) {
            throw new ArgumentException("A loader option after " + this.describe(attribute, strategy) + " is for an attribute of "
                    + level.entityName() + ", not " + then.attribute);
        }
        this.attribute = attribute;
        this.strategy = strategy;
        this.then = then;
        this.depth = depth;
        this.columns = List.copyOf(columns);
        this.group = group;
        this.raiseload = raiseload;
        this.join = join;
        this.into = into;
        this.bound = bound;
        this.expression = expression;
    }

    /** {@code EXPRESSION}: what the query expression selects; else null. */
    dev.retort.sql.ColumnElement<?> expression() {
        return expression;
    }

    /**
     * Refuses a wildcard ('*') where SQLAlchemy refuses one: anywhere but at the end of a path
     * ("Wildcard token cannot be followed by another entity"), and for the strategies that need one
     * relationship (containsEager, defaultLoad, a depth, a kind of join).
     */
    private static void checkWildcard(Strategy strategy, LoaderOption then, int depth, JoinKind join, Entity into) {
        if (strategy == Strategy.CONTAINS || strategy == Strategy.DEFAULT || strategy == Strategy.LOAD_ONLY) {
            throw new ArgumentException("A wildcard ('*') cannot be given to " + strategy.name().toLowerCase(Locale.ROOT) + "; it needs an attribute");
        }
        if (then != null) {
            throw new ArgumentException("A wildcard ('*') loader option ends its path; it cannot be followed by " + then);
        }
        if (depth != 1 || join != JoinKind.AS_MAPPED || into != null) {
            throw new ArgumentException("A wildcard ('*') " + strategy.name().toLowerCase(Locale.ROOT)
                    + " loader option takes no depth, kind of join or alias");
        }
    }

    private static boolean isTargetOrSubclass(Mapper<?> m, Mapper<?> target) {
        return m == target || target.descendants().contains(m);
    }

    /** Whether this is a wildcard ('*'): for every relationship, or every column attribute, of its level. */
    boolean isWildcard() {
        return attribute == null && strategy != Strategy.UNDEFER_GROUP && strategy != Strategy.SELECTIN_POLYMORPHIC;
    }

    /** This option, or when it is an unbound wildcard, the same wildcard bound to {@code entity}. */
    LoaderOption boundTo(Entity entity) {
        return isWildcard() && bound == null ? new LoaderOption(null, strategy, null, 1, List.of(), null, raiseload, JoinKind.AS_MAPPED, null, entity) : this;
    }

    /**
     * This path as an option of a query of {@code entity}'s instances (a lazy load's): a wildcard for its
     * first level, alone or after column steps, bound to {@code entity}; the path itself otherwise.
     */
    LoaderOption rootedAt(Entity entity) {
        if (isWildcard()) {
            return boundTo(entity);
        }
        if (!strategy.isColumn() || then == null) {
            return this;
        }
        LoaderOption rest = then.rootedAt(entity);
        return rest == then ? this : new LoaderOption(attribute, strategy, rest, depth, columns, group, raiseload, join, into, bound);
    }

    /** A wildcard bound to an entity: the entity; else null. */
    Entity bound() {
        return bound;
    }

    private static String describe(QueryableAttribute<?> attribute, Strategy strategy) {
        return strategy.name().toLowerCase(Locale.ROOT) + "(" + attribute + ")";
    }

    /** This path, then {@code relationship} of its last targets loaded joined. */
    public LoaderOption joinedLoad(QueryableAttribute<?> relationship) {
        return append(new LoaderOption(relationship(relationship), Strategy.JOINED, null));
    }

    /** This path, then {@code relationship} of its last targets loaded select-in. */
    public LoaderOption selectinLoad(QueryableAttribute<?> relationship) {
        return append(new LoaderOption(relationship(relationship), Strategy.SELECTIN, null));
    }

    /**
     * This path, then its last targets, a joined-table hierarchy's class, read without the tables of {@code classes},
     * whose own columns load with one more statement per class: SQLAlchemy's {@code selectinload(a).selectin_polymorphic([...])}
     * ({@link ORM#selectinPolymorphic}). After a joined load it changes nothing: the joined rows have every class's columns.
     *
     * <pre>{@code
     * session.query(Company.class).options(ORM.selectinLoad(ORM.attr(Company.class, "employees"))
     *         .selectinPolymorphic(List.of(Engineer.class, Manager.class))).all();
     * }</pre>
     */
    public LoaderOption selectinPolymorphic(List<? extends Class<?>> classes) {
        LoaderOption last = this;
        while (last.then != null) {
            last = last.then;
        }
        if (last.attribute == null || last.strategy.isColumn()) {
            throw new ArgumentException("selectinPolymorphic(...) follows a relationship's loader option, not " + last);
        }
        return append(ORM.selectinPolymorphic(last.attribute.relationship().target.mappedClass(), classes));
    }

    /** This path, then {@code relationship} of its last targets loaded lazily. */
    public LoaderOption lazyLoad(QueryableAttribute<?> relationship) {
        return append(new LoaderOption(relationship(relationship), Strategy.LAZY, null));
    }

    /** This path, then {@code relationship} of its last targets not loaded: touching it raises. */
    public LoaderOption raiseLoad(QueryableAttribute<?> relationship) {
        return append(new LoaderOption(relationship(relationship), Strategy.RAISE, null));
    }

    /** This path, then {@code relationship} of its last targets never loaded. */
    public LoaderOption noLoad(QueryableAttribute<?> relationship) {
        return append(new LoaderOption(relationship(relationship), Strategy.NOLOAD, null));
    }

    /**
     * This path, then {@code relationship} of its last targets filled from the query's own join to its target,
     * or to its {@link QueryableAttribute#ofType} entity ({@link ORM#containsEager}).
     *
     * <pre>{@code
     * session.query(User.class).join(ORM.attr(User.class, "orders")).join(ORM.attr(Order.class, "items"))
     *         .options(ORM.containsEager(ORM.attr(User.class, "orders")).containsEager(ORM.attr(Order.class, "items")));
     * }</pre>
     */
    public LoaderOption containsEager(QueryableAttribute<?> relationship) {
        return append(ORM.containsEager(relationship));
    }

    /** This path, then {@code relationship} of its last targets loaded as the mapping says, for the options after it ({@link ORM#defaultLoad}). */
    public LoaderOption defaultLoad(QueryableAttribute<?> relationship) {
        return append(new LoaderOption(relationship(relationship), Strategy.DEFAULT, null));
    }

    /**
     * This path, then every relationship of its last targets loaded joined that no option names (the
     * seeds' {@code defaultload(a).joinedload('*')}); a wildcard ends a path.
     */
    public LoaderOption joinedLoadAll() {
        return append(wildcard(Strategy.JOINED, false, null));
    }

    /** This path, then every relationship of its last targets that no option names loaded select-in ({@code .selectinload('*')}). */
    public LoaderOption selectinLoadAll() {
        return append(wildcard(Strategy.SELECTIN, false, null));
    }

    /**
     * This path, then every relationship of its last targets that no option names loaded lazily, whatever
     * the mapping says (the seeds' {@code defaultload(a).lazyload('*')}).
     *
     * <pre>{@code
     * ORM.defaultLoad(ORM.attr(User.class, "orders")).lazyLoadAll();   // the orders' own relationships load lazily
     * }</pre>
     */
    public LoaderOption lazyLoadAll() {
        return append(wildcard(Strategy.LAZY, false, null));
    }

    /** This path, then every relationship of its last targets that no option names not loaded: touching it raises ({@code .raiseload('*')}). */
    public LoaderOption raiseLoadAll() {
        return append(wildcard(Strategy.RAISE, false, null));
    }

    /** This path, then every relationship of its last targets that no option names never loaded ({@code .noload('*')}). */
    public LoaderOption noLoadAll() {
        return append(wildcard(Strategy.NOLOAD, false, null));
    }

    /** This path, then every column attribute of its last targets but their keys deferred ({@code .defer('*')}; {@link ORM#deferAll}). */
    public LoaderOption deferAll(boolean raiseload) {
        return append(wildcard(Strategy.DEFER, raiseload, null));
    }

    /** This path, then every column attribute of its last targets selected ({@code .undefer('*')}; {@link ORM#undeferAll}). */
    public LoaderOption undeferAll() {
        return append(wildcard(Strategy.UNDEFER, false, null));
    }

    /**
     * A wildcard ('*') with {@code strategy}: for every relationship (or, DEFER and UNDEFER, column attribute)
     * of {@code bound}, of the level it ends a path at, or at its head of every entity the query loads.
     */
    static LoaderOption wildcard(Strategy strategy, boolean raiseload, Entity bound) {
        return new LoaderOption(null, strategy, null, 1, List.of(), null, raiseload, JoinKind.AS_MAPPED, null, bound);
    }

    /** This path, then column {@code column} of its last targets left out of their SELECT ({@link ORM#defer}). */
    public LoaderOption defer(QueryableAttribute<?> column) {
        return append(ColumnLoads.option(Strategy.DEFER, column, List.of(), null, false));
    }

    /** {@link #defer(QueryableAttribute)}; with {@code raiseload}, loading the column later raises {@link dev.retort.exc.RaiseloadException}. */
    public LoaderOption defer(QueryableAttribute<?> column, boolean raiseload) {
        return append(ColumnLoads.option(Strategy.DEFER, column, List.of(), null, raiseload));
    }

    /** {@link #loadOnly}, where loading one of the other column attributes later raises {@link dev.retort.exc.RaiseloadException}. */
    public LoaderOption loadOnlyRaising(QueryableAttribute<?>... columns) {
        return append(ColumnLoads.option(Strategy.LOAD_ONLY, null, List.of(columns), null, true));
    }

    /** This path, then column {@code column} of its last targets selected although the mapping defers it ({@link ORM#undefer}). */
    public LoaderOption undefer(QueryableAttribute<?> column) {
        return append(ColumnLoads.option(Strategy.UNDEFER, column, List.of(), null, false));
    }

    /** This path, then query expression {@code attribute} of its last targets selected as {@code expression} ({@link ORM#withExpression}). */
    public LoaderOption withExpression(QueryableAttribute<?> attribute, dev.retort.sql.ColumnElement<?> expression) {
        return append(ColumnLoads.expression(attribute, expression));
    }

    /** This path, then the deferred group {@code name} of its last targets selected ({@link ORM#undeferGroup}). */
    public LoaderOption undeferGroup(String name) {
        return append(ColumnLoads.option(Strategy.UNDEFER_GROUP, null, List.of(), name, false));
    }

    /**
     * This path, then only {@code columns} (and the key) of its last targets selected ({@link ORM#loadOnly}):
     * {@code ORM.joinedLoad(ORM.attr(User.class, "orders")).loadOnly(ORM.attr(Order.class, "id"))}.
     */
    public LoaderOption loadOnly(QueryableAttribute<?>... columns) {
        return append(ColumnLoads.option(Strategy.LOAD_ONLY, null, List.of(columns), null, false));
    }

    /**
     * This option with its last joined load through an INNER JOIN rather than a LEFT OUTER JOIN
     * (the seeds' {@code joinedload(..., innerjoin=True)}): the query returns only the instances
     * that have a related row. Under an outer joined load the INNER JOIN is nested in that join's
     * right side, so that the outer load still keeps the rows without related ones.
     *
     * <pre>{@code
     * session.query(User.class).options(ORM.joinedLoad(ORM.attr(User.class, "orders")).innerJoin());
     * // SELECT ... FROM users JOIN orders AS orders_1 ON users.id = orders_1.user_id
     * ORM.joinedLoad(ORM.attr(User.class, "orders")).joinedLoad(ORM.attr(Order.class, "items")).innerJoin();
     * // ... FROM users LEFT OUTER JOIN (orders AS orders_1 JOIN items AS items_1 ON ...) ON users.id = orders_1.user_id
     * }</pre>
     */
    public LoaderOption innerJoin() {
        return withJoin(JoinKind.INNER);
    }

    /**
     * {@link #innerJoin()}, except that under an outer joined load the join stays a LEFT OUTER JOIN
     * after it rather than nested in it (the seeds' {@code innerjoin="unnested"}).
     *
     * <pre>{@code
     * ORM.joinedLoad(ORM.attr(User.class, "orders")).joinedLoad(ORM.attr(Order.class, "items")).unnestedInnerJoin();
     * // ... FROM users LEFT OUTER JOIN orders AS orders_1 ON ... LEFT OUTER JOIN items AS items_1 ON ...
     * }</pre>
     */
    public LoaderOption unnestedInnerJoin() {
        return withJoin(JoinKind.UNNESTED);
    }

    /**
     * This option with its last joined load through a LEFT OUTER JOIN, where the relationship says
     * INNER ({@link Relationship#innerJoin}; the seeds' {@code joinedload(..., innerjoin=False)}).
     *
     * <pre>{@code
     * ORM.joinedLoad(ORM.attr(Order.class, "user")).outerJoin();   // orders without a user too
     * }</pre>
     */
    public LoaderOption outerJoin() {
        return withJoin(JoinKind.OUTER);
    }

    /**
     * This path continued by each of {@code nested}, options for its last targets (the seeds'
     * {@code Load.options()}): {@code joinedLoad(a).options(joinedLoad(b), defer(c))} is
     * {@code joinedLoad(a).joinedLoad(b)} and {@code joinedLoad(a).defer(c)}.
     *
     * <pre>{@code
     * session.query(User.class).options(ORM.joinedLoad(ORM.attr(User.class, "orders"))
     *         .options(ORM.selectinLoad(ORM.attr(Order.class, "items")), ORM.loadOnly(ORM.attr(Order.class, "id"))));
     * }</pre>
     */
    public LoaderOptions options(QueryOption... nested) {
        List<LoaderOption> out = new java.util.ArrayList<>();
        for (QueryOption n : nested) {
            if (n instanceof LoaderOption o) {
                out.add(append(o));
            } else if (n instanceof LoaderOptions several) {
                several.options().forEach(o -> out.add(append(o)));
            } else {
                throw new ArgumentException("Load.options() takes loader options, not " + n);
            }
        }
        return new LoaderOptions(out);
    }

    private LoaderOption withJoin(JoinKind kind) {
        if (then != null) {
            return new LoaderOption(attribute, strategy, then.withJoin(kind), depth, columns, group, raiseload, join, into);
        }
        if (strategy != Strategy.JOINED) {
            throw new ArgumentException("innerJoin() and outerJoin() apply to a joined load, not " + this);
        }
        return new LoaderOption(attribute, strategy, null, depth, columns, group, raiseload, kind);
    }

    private LoaderOption append(LoaderOption last) {
        return new LoaderOption(attribute, strategy, then == null ? last : then.append(last), depth, columns, group, raiseload, join, into, bound);
    }

    /** {@code LOAD_ONLY}: the column attributes loaded. */
    List<QueryableAttribute<?>> columns() {
        return columns;
    }

    /** {@code UNDEFER_GROUP}: the group's name. */
    String group() {
        return group;
    }

    /** Whether loading a column this option defers raises. */
    boolean raiseload() {
        return raiseload;
    }

    /** How a joined load joins. */
    JoinKind joinKind() {
        return join;
    }

    /** {@code CONTAINS}: the aliased entity whose columns fill the relationship, or null for the target class. */
    Entity into() {
        return into;
    }

    /** The option for a relationship of this one's targets, or null. */
    LoaderOption then() {
        return then;
    }

    static QueryableAttribute<?> relationship(Object o) {
        if (o instanceof QueryableAttribute<?> a && a.isRelationship()) {
            return a;
        }
        throw new ArgumentException("Loader options apply to relationship attributes, not " + o);
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        throw new CompileException("A loader option is not SQL; give it to Query.options()");
    }

    /** The attribute this option is for: a relationship, or a column for {@code defer}/{@code undefer} (the first for {@code loadOnly}; null for {@code undeferGroup}). */
    public QueryableAttribute<?> attribute() {
        return attribute;
    }

    Strategy strategy() {
        return strategy;
    }

    /**
     * How many levels load: 1, or more for a self-referential relationship ({@link ORM#joinedLoad(QueryableAttribute, int)});
     * {@link Integer#MAX_VALUE} for every level ({@code ORM.selectinLoad(attr, -1)}).
     */
    public int depth() {
        return depth;
    }

    private String wildcardName() {
        return switch (strategy) {
            case DEFER -> "deferAll(" + raiseload + ")";
            case UNDEFER -> "undeferAll()";
            case NOLOAD -> "noLoadAll()";
            default -> strategy.name().toLowerCase(Locale.ROOT) + "LoadAll()";
        };
    }

    @Override
    public String toString() {
        String head = isWildcard() ? (bound == null ? "" : "load(" + bound + ").") + wildcardName() : switch (strategy) {
            case DEFER, UNDEFER -> strategy.name().toLowerCase(Locale.ROOT) + "(" + attribute + (raiseload ? ", raiseload" : "") + ")";
            case UNDEFER_GROUP -> "undeferGroup(" + group + ")";
            case LOAD_ONLY -> "loadOnly(" + columns + (raiseload ? ", raiseload" : "") + ")";
            case EXPRESSION -> "withExpression(" + attribute + ", " + expression + ")";
            case CONTAINS -> "containsEager(" + attribute + (into == null ? "" : ", " + into) + ")";
            case SELECTIN_POLYMORPHIC -> "selectinPolymorphic(" + into.mapper().entityName() + ", " + into.polymorphicMappers() + ")";
            default -> strategy.name().toLowerCase(Locale.ROOT) + "Load(" + attribute + (depth == 1 ? "" : ", " + depth) + ")"
                    + switch (join) {
                        case INNER -> ".innerJoin()";
                        case UNNESTED -> ".unnestedInnerJoin()";
                        case OUTER -> ".outerJoin()";
                        case AS_MAPPED -> "";
                    };
        };
        return head + (then == null ? "" : "." + then);
    }
}
