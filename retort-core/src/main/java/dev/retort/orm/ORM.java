package dev.retort.orm;

import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnElement;
import java.util.List;
import dev.retort.sql.SQL;

/**
 * The ORM's entry points: attributes of mapped classes, relationship and computed-attribute
 * declarations, loader options and aliases.
 *
 * <pre>{@code
 * ORM.attr(User.class, "name").eq("ed");                 // users.name = :name_1
 * ORM.attr(User::getName).like("e%");                    // the same attribute, checked by the compiler
 * ORM.relationship(Address.class).backref("user").orderBy(addresses.c("id"));
 * ORM.columnProperty(func("lower", users.c("name")));
 * session.query(User.class).options(ORM.joinedLoad(ORM.attr(User.class, "addresses")));
 * AliasedEntity<User> ua = ORM.aliased(User.class);
 * }</pre>
 */
public final class ORM {
    private ORM() {
    }

    /** The attribute {@code key} of mapped class {@code type}. */
    public static <V> QueryableAttribute<V> attr(Class<?> type, String key) {
        return Registry.mapperFor(type).attr(key);
    }

    /**
     * The attribute a getter or record accessor reads: {@code ORM.attr(User::getName)},
     * {@code ORM.attr(UserRecord::name)}. The method reference is examined once; later calls
     * from the same place cost a look-up.
     */
    public static <T, R> QueryableAttribute<R> attr(Getter<T, R> getter) {
        return MethodReferences.attribute(getter);
    }

    /** A relationship to mapped class {@code target}, for {@link Registry#mapImperatively(Class, dev.retort.schema.Table, java.util.Map)}. */
    public static <T> Relationship<T> relationship(Class<T> target) {
        return new Relationship<>(target, null);
    }

    /**
     * A relationship whose targets load through an aliased class (the seeds'
     * {@code relationship(aliased(Child, subquery))}): joins, eager and lazy loads select them from
     * its FROM clause, so the subquery can narrow or shape the rows; flushes still write the class's table.
     * The class must be mapped before the alias is made.
     *
     * <pre>{@code
     * AliasedEntity<Address> active = ORM.aliased(Address.class, select(addresses).where(addresses.c("active").isTrue()).subquery());
     * registry.mapImperatively(User.class, users, Map.of("activeAddresses", ORM.relationship(active).viewOnly()));
     * // session.query(User.class).join(ORM.attr(User.class, "activeAddresses"))
     * // SELECT ... FROM users JOIN (SELECT ... FROM addresses WHERE addresses.active IS true) AS anon_1 ON users.id = anon_1.user_id
     * }</pre>
     */
    public static <T> Relationship<T> relationship(AliasedEntity<T> target) {
        if (!(target.selectable() instanceof dev.retort.sql.Alias)) {
            throw new dev.retort.exc.ArgumentException("A relationship can target an aliased class of one alias or subquery, not " + target);
        }
        return new Relationship<>(target.mapper().mappedClass(), target);
    }

    /** A read-only attribute computed by {@code expression} over the mapped table's columns. */
    public static ColumnProperty columnProperty(ColumnElement<?> expression) {
        return new ColumnProperty(expression);
    }

    /**
     * {@link #columnProperty(ColumnElement)}; with {@code deferred}, left out of queries' SELECT until
     * {@link Session#loadAttribute} loads it or {@link #undefer} selects it (the seeds'
     * {@code column_property(expr, deferred=True)}).
     *
     * <pre>{@code
     * registry.mapImperatively(User.class, users, Map.of("nameUpper", ORM.columnProperty(func("upper", users.c("name")), true)));
     * session.query(User.class).all();                                              // SELECT users.id, users.name FROM users
     * session.query(User.class).options(ORM.undefer(ORM.attr(User.class, "nameUpper"))).all();
     * // SELECT upper(users.name) AS upper_1, users.id, users.name FROM users
     * }</pre>
     */
    public static ColumnProperty columnProperty(ColumnElement<?> expression, boolean deferred) {
        return new ColumnProperty(expression, deferred);
    }

    /**
     * An attribute whose SQL expression each query gives ({@link #withExpression}): the seeds'
     * {@code query_expression()}. A query that gives none selects nothing for it, and the
     * instances it loads keep what the attribute holds (null when new).
     *
     * <pre>{@code
     * registry.mapImperatively(User.class, users, Map.of("score", ORM.queryExpression()));
     * session.query(User.class).options(ORM.withExpression(ORM.attr(User.class, "score"), users.c("x").add(users.c("y")))).all();
     * // SELECT users.x + users.y AS anon_1, users.id, users.x, users.y FROM users
     * }</pre>
     */
    public static ColumnProperty queryExpression() {
        return new ColumnProperty(dev.retort.sql.SQL.nullLiteral(), false, true);
    }

    /** {@link #queryExpression()} that queries giving no expression select as {@code defaultExpression}. */
    public static ColumnProperty queryExpression(ColumnElement<?> defaultExpression) {
        return new ColumnProperty(defaultExpression, false, true);
    }

    /**
     * Selects query expression {@code attribute} ({@link #queryExpression}) as {@code expression}
     * in this query: the seeds' {@code with_expression()}. An instance the session holds already
     * gets the value only with {@link Query#populateExisting}.
     *
     * <pre>{@code
     * session.query(User.class).options(ORM.withExpression(ORM.attr(User.class, "score"), users.c("x").add(users.c("y")))).all();
     * }</pre>
     */
    public static LoaderOption withExpression(QueryableAttribute<?> attribute, ColumnElement<?> expression) {
        return ColumnLoads.expression(attribute, expression);
    }

    /**
     * A hybrid attribute ({@link Hybrid}, SQLAlchemy's {@code hybrid_property}), as a property of
     * {@link Registry#mapImperatively}: {@code instance} computes it on an object in Java, {@code expression}
     * builds its SQL from the attributes of the entity it is asked of (the class, an alias, a subclass).
     *
     * <pre>{@code
     * registry.mapImperatively(User.class, users, Map.of("fullName", ORM.hybrid((User u) -> u.first + " " + u.last,
     *         a -> a.<String>attr("first").concat(" ").concat(a.attr("last")))));
     * session.query(User.class).filter(ORM.attr(User.class, "fullName").eq("ed jones")).all();
     * // SELECT users.id, users.first, users.last FROM users WHERE users.first || ? || users.last = ?
     * }</pre>
     */
    public static <T, V> Hybrid<T, V> hybrid(java.util.function.Function<? super T, ? extends V> instance,
            java.util.function.Function<Hybrid.Attributes, ? extends ColumnElement<V>> expression) {
        return new Hybrid<>(instance, expression);
    }

    /** {@link #hybrid(java.util.function.Function, java.util.function.Function)} with its SQL expression only. */
    public static <V> Hybrid<Object, V> hybrid(java.util.function.Function<Hybrid.Attributes, ? extends ColumnElement<V>> expression) {
        return new Hybrid<>(null, expression);
    }

    /**
     * A hybrid method ({@link HybridMethod}, SQLAlchemy's {@code hybrid_method}), as a property of
     * {@link Registry#mapImperatively}; {@link #call} gives its SQL for arguments.
     *
     * <pre>{@code
     * registry.mapImperatively(Interval.class, intervals, Map.of("contains", ORM.hybridMethod(
     *         (Interval i, Object[] args) -> i.start <= (int) args[0] && (int) args[0] < i.end,
     *         (a, args) -> a.<Integer>attr("start").le(args[0]).and(a.<Integer>attr("end").gt(args[0])))));
     * }</pre>
     */
    public static <T, V> HybridMethod<T, V> hybridMethod(HybridMethod.Instance<? super T, ? extends V> instance, HybridMethod.Expression expression) {
        return new HybridMethod<>(instance, expression);
    }

    /**
     * The SQL expression of hybrid method {@code key} of mapped class {@code type} ({@link #hybridMethod}) for
     * {@code args}: {@code ORM.call(Interval.class, "contains", 5)} renders {@code intervals.start <= :start_1 AND intervals."end" > :end_1}.
     */
    @SuppressWarnings("unchecked")
    public static <V> ColumnElement<V> call(Class<?> type, String key, Object... args) {
        Mapper<?> m = Registry.mapperFor(type);
        return (ColumnElement<V>) m.call(m, key, args);
    }

    /**
     * A second name for the mapped attribute {@code name}, as a property of
     * {@link Registry#mapImperatively}: {@code Map.of("desc", ORM.synonym("description"))} (the seeds'
     * {@code synonym()}); {@code ORM.attr(Order.class, "desc")} is the {@code description} attribute.
     */
    public static Synonym synonym(String name) {
        return new Synonym(name);
    }

    /**
     * Leaves the column of this key out of the mapping, as a property of {@link Registry#mapImperatively} (the seeds'
     * {@code exclude_properties}): the class neither loads nor writes it. A subclass maps the columns of its tables that
     * its superclass leaves out, unless it excludes them too: a single-table subclass's own column, which SQLAlchemy's
     * declarative mapping gives the subclass alone.
     *
     * <pre>{@code
     * registry.mapImperatively(A.class, a, Map.of("foo", ORM.excluded()));   // SELECT a.id, a.data FROM a
     * registry.mapImperatively(C.class, a, Map.of(), ORM.inherits(A.class)); // SELECT a.id, a.data, a.foo FROM a
     * }</pre>
     */
    public static ExcludedProperty excluded() {
        return ExcludedProperty.INSTANCE;
    }

    /**
     * {@code column} as the target's side of a {@link Relationship#primaryJoin} (SQLAlchemy's {@code remote()}), for a
     * condition from a table to itself that names one column on both sides, as a materialized path does. Such a
     * relationship is view-only, its {@link Relationship#foreignKeys} the marked column, and a collection (SQLAlchemy's
     * one-to-many) that loads, joins and {@code any()} with each occurrence on its own side.
     *
     * <pre>{@code
     * registry.mapImperatively(Entity.class, entity, Map.of("descendants", ORM.relationship(Entity.class)
     *         .primaryJoin(ORM.remote(entity.c("path")).like(entity.c("path").concat("/%")))
     *         .foreignKeys(entity.c("path")).viewOnly().orderBy(entity.c("path"))));
     * // lazy load: SELECT entity.path FROM entity WHERE entity.path LIKE (? || ?) ORDER BY entity.path
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public static <T> ColumnElement<T> remote(dev.retort.schema.Column<T> column) {
        return (ColumnElement<T>) (ColumnElement<?>) new RemoteColumn(column);
    }

    /**
     * {@link SQL#fromDmlColumn} of a mapped column attribute, SQLAlchemy's {@code from_dml_column(User.name)}: the value
     * the INSERT or UPDATE of the class's table gives the attribute's column, written again.
     *
     * <pre>{@code
     * update(users).values(Map.of("name", "x", "search_name", ORM.fromDmlColumn(ORM.attr(User.class, "name"))));
     * // UPDATE users SET name=:name, search_name=:name
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public static <T> dev.retort.sql.DmlColumnValue<T> fromDmlColumn(QueryableAttribute<T> column) {
        if (!(Selectables.core((ColumnElement<?>) column) instanceof dev.retort.sql.ColumnClause<?> c)) {
            throw new dev.retort.exc.ArgumentException("fromDmlColumn takes a column attribute, not " + column);
        }
        return SQL.fromDmlColumn((dev.retort.sql.ColumnClause<T>) c);
    }

    /** Loads the relationship in the query's own statement, through a LEFT OUTER JOIN. */
    public static LoaderOption joinedLoad(QueryableAttribute<?> relationship) {
        return new LoaderOption(LoaderOption.relationship(relationship), LoaderOption.Strategy.JOINED, null);
    }

    /**
     * Loads a collection for all the query's instances with one more statement ({@code WHERE fk IN (...)}).
     * A relationship only a subclass has loads for the instances of that subclass on a query of the base
     * (SQLAlchemy's {@code selectinload(Base.of_type(Sub)...)}); {@link #joinedLoad} refuses one.
     *
     * <pre>{@code
     * session.query(Employee.class).options(ORM.selectinLoad(ORM.attr(Manager.class, "projects"))).all();
     * }</pre>
     */
    public static LoaderOption selectinLoad(QueryableAttribute<?> relationship) {
        return new LoaderOption(LoaderOption.relationship(relationship), LoaderOption.Strategy.SELECTIN, null);
    }

    /**
     * Loads a self-referential relationship {@code depth} levels deep in the query's own
     * statement, each level through one more LEFT OUTER JOIN of an alias (the seeds'
     * {@code join_depth}): {@code joinedLoad(ORM.attr(Node.class, "children"), 3)} loads children,
     * grandchildren and great-grandchildren.
     */
    public static LoaderOption joinedLoad(QueryableAttribute<?> relationship, int depth) {
        return new LoaderOption(LoaderOption.relationship(relationship), LoaderOption.Strategy.JOINED, null, depth);
    }

    /**
     * Loads a self-referential collection {@code depth} levels deep, one more statement per level (the seeds'
     * {@code recursion_depth}, which counts the levels below the first: {@code depth} is it plus one); -1, as
     * {@code recursion_depth=-1}, loads level after level until one has no members.
     *
     * <pre>{@code
     * session.query(Node.class).options(ORM.selectinLoad(ORM.attr(Node.class, "children"), -1)).all();   // the whole tree
     * }</pre>
     */
    public static LoaderOption selectinLoad(QueryableAttribute<?> relationship, int depth) {
        QueryableAttribute<?> r = LoaderOption.relationship(relationship);
        if (depth == -1 && r.relationship().target != r.relationship().mapper) {
            throw new dev.retort.exc.ArgumentException("selectinLoad(" + r + ", -1): recursion on relationship " + r.relationship()
                    + " is not valid for a non-self-referential relationship");
        }
        // unlimited: each level's statement loads the next one, one less deep, until a level has no members
        return new LoaderOption(r, LoaderOption.Strategy.SELECTIN, null, depth == -1 ? Integer.MAX_VALUE : depth);
    }

    /** Loads a collection when it is first used (the default for collections). */
    public static LoaderOption lazyLoad(QueryableAttribute<?> relationship) {
        return new LoaderOption(LoaderOption.relationship(relationship), LoaderOption.Strategy.LAZY, null);
    }

    /**
     * Does not load the relationship: touching the collection raises {@link dev.retort.exc.RetortException}
     * (to find lazy loads an application did not mean); a many-to-one reference stays null.
     */
    public static LoaderOption raiseLoad(QueryableAttribute<?> relationship) {
        return new LoaderOption(LoaderOption.relationship(relationship), LoaderOption.Strategy.RAISE, null);
    }

    /** Never loads the relationship: the collection is empty, a many-to-one reference null. */
    public static LoaderOption noLoad(QueryableAttribute<?> relationship) {
        return new LoaderOption(LoaderOption.relationship(relationship), LoaderOption.Strategy.NOLOAD, null);
    }

    /**
     * Loads the relationship as the mapping says ({@link Relationship#lazy}): the first step of a
     * path to options for its targets (the seeds' {@code defaultload()}).
     *
     * <pre>{@code
     * session.query(User.class).options(ORM.defaultLoad(ORM.attr(User.class, "orders")).defer(ORM.attr(Order.class, "notes")));
     * }</pre>
     */
    public static LoaderOption defaultLoad(QueryableAttribute<?> relationship) {
        return new LoaderOption(LoaderOption.relationship(relationship), LoaderOption.Strategy.DEFAULT, null);
    }

    /**
     * Fills the relationship from the columns of the query's own join to its target (the seeds'
     * {@code contains_eager()}; Hibernate's {@code join fetch}): the target's columns are added to
     * the SELECT, and no join of its own is made. The query's join decides which related rows load.
     * Of a relationship's {@link QueryableAttribute#ofType}, from the query's join to that entity.
     *
     * <pre>{@code
     * session.query(User.class).join(ORM.attr(User.class, "orders")).options(ORM.containsEager(ORM.attr(User.class, "orders")));
     * // SELECT orders.id, orders.user_id, orders.description, users.id AS id_1, users.name FROM users JOIN orders ON users.id = orders.user_id
     * }</pre>
     */
    public static LoaderOption containsEager(QueryableAttribute<?> relationship) {
        // of_type(x): the query's join to x (an aliased entity, or a subclass) fills the relationship
        Entity into = LoaderOption.relationship(relationship).ofType();
        return new LoaderOption(relationship, LoaderOption.Strategy.CONTAINS, null, 1, List.of(), null, false, LoaderOption.JoinKind.AS_MAPPED,
                into == relationship.relationship().target ? null : into);
    }

    /**
     * {@link #containsEager(QueryableAttribute)} from the columns of {@code alias}, an aliased entity of
     * the target the query joins (the seeds' {@code contains_eager(A.b.of_type(alias))}).
     *
     * <pre>{@code
     * AliasedEntity<Order> o = ORM.aliased(Order.class);
     * session.query(User.class).join(o, ORM.attr(User.class, "orders")).options(ORM.containsEager(ORM.attr(User.class, "orders"), o));
     * }</pre>
     */
    public static LoaderOption containsEager(QueryableAttribute<?> relationship, AliasedEntity<?> alias) {
        return new LoaderOption(LoaderOption.relationship(relationship), LoaderOption.Strategy.CONTAINS, null, 1, List.of(), null, false,
                LoaderOption.JoinKind.AS_MAPPED, alias);
    }

    /**
     * Leaves column attribute {@code column} out of the query's SELECT (the seeds' {@code defer()});
     * {@link Session#loadAttribute} loads it later. A key column is always selected.
     *
     * <pre>{@code
     * session.query(User.class).options(ORM.defer(ORM.attr(User.class, "bio"))).all();    // SELECT users.id, users.name FROM users
     * }</pre>
     */
    public static LoaderOption defer(QueryableAttribute<?> column) {
        return ColumnLoads.option(LoaderOption.Strategy.DEFER, column, List.of(), null, false);
    }

    /**
     * {@link #defer(QueryableAttribute)}; with {@code raiseload}, loading the attribute later raises
     * {@link dev.retort.exc.RaiseloadException} instead (the seeds' {@code defer(col, raiseload=True)}).
     */
    public static LoaderOption defer(QueryableAttribute<?> column, boolean raiseload) {
        return ColumnLoads.option(LoaderOption.Strategy.DEFER, column, List.of(), null, raiseload);
    }

    /** Selects column attribute {@code column} although the mapping defers it ({@link #deferred}): the seeds' {@code undefer()}. */
    public static LoaderOption undefer(QueryableAttribute<?> column) {
        return ColumnLoads.option(LoaderOption.Strategy.UNDEFER, column, List.of(), null, false);
    }

    /**
     * Leaves every column attribute out of the SELECT but the keys, at every level the query loads (its
     * entities and those of its joined and select-in loads; the seeds' {@code defer('*')}); an option for one
     * attribute, given before or after, decides over it. {@link #load} limits it to one entity.
     * With {@code raiseload}, loading one later raises {@link dev.retort.exc.RaiseloadException}.
     *
     * <pre>{@code
     * session.query(User.class).options(ORM.deferAll(false), ORM.undefer(ORM.attr(User.class, "name"))).all();
     * // SELECT users.id, users.name FROM users
     * }</pre>
     */
    public static LoaderOption deferAll(boolean raiseload) {
        return LoaderOption.wildcard(LoaderOption.Strategy.DEFER, raiseload, null);
    }

    /**
     * Selects every column attribute, those the mapping defers too, at every level the query loads (the seeds'
     * {@code undefer('*')}); an option for one attribute, given before or after, decides over it.
     *
     * <pre>{@code
     * session.query(Book.class).options(ORM.undeferAll()).all();   // SELECT books.id, books.title, books.summary, books.body FROM books
     * }</pre>
     */
    public static LoaderOption undeferAll() {
        return LoaderOption.wildcard(LoaderOption.Strategy.UNDEFER, false, null);
    }

    /**
     * Loads every relationship that no option names lazily, whatever the mapping says, at every level
     * the query loads (the seeds' {@code lazyload('*')}); an option for one relationship decides over
     * it. {@link #load} limits a wildcard to one entity, and a wildcard at the end of a path
     * ({@link LoaderOption#lazyLoadAll}) to that path's targets.
     *
     * <pre>{@code
     * session.query(User.class).options(ORM.lazyLoadAll(), ORM.joinedLoad(ORM.attr(User.class, "addresses"))).all();
     * }</pre>
     */
    public static LoaderOption lazyLoadAll() {
        return LoaderOption.wildcard(LoaderOption.Strategy.LAZY, false, null);
    }

    /**
     * Loads no relationship that no option names, at every level the query loads: touching a collection raises
     * {@link dev.retort.exc.RetortException}, as under {@link #raiseLoad} (the seeds' {@code raiseload('*')}, to find
     * the lazy loads an application did not mean).
     *
     * <pre>{@code
     * session.query(User.class).options(ORM.selectinLoad(ORM.attr(User.class, "orders")), ORM.raiseLoadAll()).all();
     * }</pre>
     */
    public static LoaderOption raiseLoadAll() {
        return LoaderOption.wildcard(LoaderOption.Strategy.RAISE, false, null);
    }

    /** Never loads a relationship that no option names, at every level the query loads (the seeds' {@code noload('*')}). */
    public static LoaderOption noLoadAll() {
        return LoaderOption.wildcard(LoaderOption.Strategy.NOLOAD, false, null);
    }

    /**
     * Loads every relationship that no option names joined, at every level the query loads (the seeds'
     * {@code joinedload('*')}); a class already on the path is not joined again.
     */
    public static LoaderOption joinedLoadAll() {
        return LoaderOption.wildcard(LoaderOption.Strategy.JOINED, false, null);
    }

    /** Loads every collection that no option names select-in, at every level the query loads (the seeds' {@code selectinload('*')}). */
    public static LoaderOption selectinLoadAll() {
        return LoaderOption.wildcard(LoaderOption.Strategy.SELECTIN, false, null);
    }

    /**
     * Wildcards for the attributes of one entity of the query alone (the seeds' {@code Load(User)}):
     * {@code ORM.load(User.class).lazyLoadAll()} is for User's relationships, not those of the
     * classes it loads eagerly.
     *
     * <pre>{@code
     * session.query(User.class).options(ORM.joinedLoad(ORM.attr(User.class, "orders")), ORM.load(User.class).raiseLoadAll()).all();
     * // Order's own relationships load as mapped; User's others raise on touch
     * }</pre>
     */
    public static Load load(Class<?> type) {
        return new Load(Registry.mapperFor(type));
    }

    /** {@link #load(Class)} for an aliased entity of the query. */
    public static Load load(AliasedEntity<?> entity) {
        return new Load(entity);
    }

    /**
     * Reads the query's instances of {@code base}, a joined-table hierarchy's class, without the tables of
     * {@code classes}, then the own columns of each of those classes' instances with one more statement per class
     * ({@code ... FROM people JOIN engineers ON ... WHERE people.id IN (...)}): SQLAlchemy's {@code selectin_polymorphic}.
     *
     * <pre>{@code
     * session.query(Person.class).options(ORM.selectinPolymorphic(Person.class, List.of(Engineer.class, Manager.class))).all();
     * // SELECT people.id, people.company_id, people.type, people.name FROM people
     * // SELECT engineers.id AS engineers_id, people.id AS people_id, people.type AS people_type,
     * //   engineers.primary_language AS engineers_primary_language FROM people JOIN engineers ON people.id = engineers.id WHERE people.id IN (?, ?)
     * }</pre>
     */
    public static LoaderOption selectinPolymorphic(Class<?> base, java.util.List<? extends Class<?>> classes) {
        return new LoaderOption(null, LoaderOption.Strategy.SELECTIN_POLYMORPHIC, null, 1, java.util.List.of(), null, false,
                LoaderOption.JoinKind.AS_MAPPED, withPolymorphic(base, classes));
    }

    /** Selects the columns of deferred group {@code name} of the query's entities: the seeds' {@code undefer_group()}. */
    public static LoaderOption undeferGroup(String name) {
        return ColumnLoads.option(LoaderOption.Strategy.UNDEFER_GROUP, null, List.of(), name, false);
    }

    /**
     * Selects only {@code columns} of their entity, and its key; its other column attributes are
     * deferred (the seeds' {@code load_only()}).
     *
     * <pre>{@code
     * session.query(User.class).options(ORM.loadOnly(ORM.attr(User.class, "name")));   // SELECT users.id, users.name FROM users
     * }</pre>
     */
    public static LoaderOption loadOnly(QueryableAttribute<?>... columns) {
        return ColumnLoads.option(LoaderOption.Strategy.LOAD_ONLY, null, List.of(columns), null, false);
    }

    /** {@link #loadOnly}, where loading one of the entity's other column attributes later raises {@link dev.retort.exc.RaiseloadException}. */
    public static LoaderOption loadOnlyRaising(QueryableAttribute<?>... columns) {
        return ColumnLoads.option(LoaderOption.Strategy.LOAD_ONLY, null, List.of(columns), null, true);
    }

    /**
     * A value object made of {@code columns} of the mapped table, for {@link Registry#mapImperatively}:
     * the seeds' {@code composite()}. See {@link Composite}.
     *
     * <pre>{@code
     * registry.mapImperatively(Person.class, people, Map.of(
     *         "home", ORM.composite(Address.class, people.c("home_street"), people.c("home_city"))));
     * session.query(Person.class).filter(ORM.attr(Person.class, "home").eq(address));   // column by column, ANDed
     * }</pre>
     */
    public static <V> Composite<V> composite(Class<V> type, dev.retort.schema.Column<?>... columns) {
        return new Composite<>(type, java.util.List.of(columns));
    }

    /**
     * A column of the mapped table that queries leave out until asked, for
     * {@link Registry#mapImperatively}: the seeds' {@code deferred()}. See {@link DeferredColumn}.
     */
    public static DeferredColumn deferred(dev.retort.schema.Column<?> column) {
        return new DeferredColumn(column, null, false);
    }

    /**
     * Adds {@code criterion} to every SELECT of {@code type}'s rows the query emits (SQLAlchemy's
     * {@code with_loader_criteria()}): the WHERE clause where the query selects the class, the ON
     * clause where it joins it (an eager join too), and the statements that load relationships of
     * the query's instances (select-in, lazy and many-to-one loads). Give it to {@link Query#options(QueryOption...)}.
     * The criterion is over the class's attributes; aliases of the class get it with
     * {@link LoaderCriteria#includeAliases()}.
     *
     * <pre>{@code
     * session.query(User.class).options(ORM.withLoaderCriteria(Address.class, ORM.attr(Address.class, "deleted").eq(false)),
     *         ORM.selectinLoad(ORM.attr(User.class, "addresses"))).all();
     * }</pre>
     */
    public static LoaderCriteria withLoaderCriteria(Class<?> type, ColumnElement<Boolean> criterion) {
        return LoaderCriteria.of(type, criterion, null);
    }

    /**
     * Loader criteria made for each class they apply to: {@code type} may be a mapped class or an
     * unmapped base class or interface, whose mapped subclasses get the criterion (SQLAlchemy's
     * {@code with_loader_criteria(Base, lambda cls: ..., include_aliases=True)}). The criterion made for
     * a class is adapted to its aliases and eager-join aliases. A query holding a lambda cannot be serialized.
     *
     * <pre>{@code
     * ORM.withLoaderCriteria(SoftDeleted.class, m -> m.attr("deleted").eq(false)).includeAliases();
     * }</pre>
     */
    public static LoaderCriteria withLoaderCriteria(Class<?> type, LoaderCriteria.Criterion criterion) {
        return LoaderCriteria.of(type, null, criterion);
    }

    /** {@link #withLoaderCriteria(Class, ColumnElement)} applied to aliases of the class too when {@code includeAliases}. */
    public static LoaderCriteria withLoaderCriteria(Class<?> type, ColumnElement<Boolean> criterion, boolean includeAliases) {
        LoaderCriteria c = LoaderCriteria.of(type, criterion, null);
        return includeAliases ? c.includeAliases() : c;
    }

    /** Loader criteria for one aliased entity alone, over its attributes: {@code withLoaderCriteria(u1, u1.attr("name").ne("x"))}. */
    public static LoaderCriteria withLoaderCriteria(AliasedEntity<?> alias, ColumnElement<Boolean> criterion) {
        return new LoaderCriteria(alias, null, criterion, null, false, true);
    }

    /**
     * {@code type} through an anonymous alias of its table, for self-joins; with joined-table
     * inheritance, an alias of each of its tables ({@code employees AS employees_1 JOIN managers AS managers_1 ON ...}).
     */
    public static <T> AliasedEntity<T> aliased(Class<T> type) {
        Mapper<T> m = Registry.mapperFor(type);
        return new AliasedEntity<>(m, m.aliasedSelectable(null));
    }

    /** {@code type} through an alias of its table named {@code name} (with joined-table inheritance, {@code name_employees}, {@code name_managers}, ...). */
    public static <T> AliasedEntity<T> aliased(Class<T> type, String name) {
        Mapper<T> m = Registry.mapperFor(type);
        return new AliasedEntity<>(m, m.aliasedSelectable(name));
    }

    /**
     * {@code type} loaded from {@code selectable}, a subquery that selects its columns (or an alias
     * of its table): the seeds' {@code aliased(User, subquery)}. The entity's attributes are the
     * subquery's columns and its rows load as instances of {@code type}; the subquery must select
     * every column the class loads.
     *
     * <pre>{@code
     * Alias recent = ORM.select(User.class).where(ORM.attr(User.class, "id").gt(10)).statement().subquery("recent");
     * AliasedEntity<User> ru = ORM.aliased(User.class, recent);
     * List<User> users = session.query(ru).orderBy(ru.attr("name")).all();   // SELECT recent.id, ... FROM (SELECT ...) AS recent
     * }</pre>
     */
    public static <T> AliasedEntity<T> aliased(Class<T> type, dev.retort.sql.FromClause selectable) {
        if (selectable == null) {
            throw new dev.retort.exc.ArgumentException("aliased(" + type.getSimpleName() + ", ...) needs a subquery or an alias, not null");
        }
        return new AliasedEntity<>(Registry.mapperFor(type), selectable);
    }

    /**
     * The criterion that selects the instances related to {@code instance} through the relationship
     * {@code relationship} of its class (one-to-many, many-to-one, or many-to-many through the association
     * table), SQLAlchemy's {@code with_parent(instance, prop)}. The instance's key values are bound as the
     * statement is built; a key it does not have yet (a transient or pending instance) is read each time
     * the statement runs, so a query built before a flush uses the key the flush gives it (a key still
     * null then compares {@code = NULL} and matches no row). A statement holding such a value cannot be
     * serialized ({@code QuerySerializer} refuses it); flush first.
     *
     * <pre>{@code
     * List<Address> addresses = session.query(Address.class).where(ORM.withParent(user, ORM.attr(User.class, "addresses"))).all();
     * // SELECT addresses.id, addresses.user_id, addresses.email FROM addresses WHERE :param_1 = addresses.user_id
     * }</pre>
     */
    public static ColumnElement<Boolean> withParent(Object instance, QueryableAttribute<?> relationship) {
        return relationship.withParent(instance, relationship.relationshipTarget());
    }

    /**
     * {@link #withParent(Object, QueryableAttribute)} for the rows of {@code from}, an alias of the
     * relationship's target (SQLAlchemy's {@code with_parent(instance, prop, from_entity=alias)}).
     *
     * <pre>{@code
     * AliasedEntity<Address> a = ORM.aliased(Address.class);
     * session.query(a).where(ORM.withParent(user, ORM.attr(User.class, "addresses"), a)).all();
     * // ... FROM addresses AS addresses_1 WHERE :param_1 = addresses_1.user_id
     * }</pre>
     */
    public static ColumnElement<Boolean> withParent(Object instance, QueryableAttribute<?> relationship, AliasedEntity<?> from) {
        return relationship.withParent(instance, from);
    }

    /**
     * {@code left JOIN right}, the ON clause inferred from the foreign keys between them (the
     * seeds' {@code orm.join()}): each side a mapped class, an aliased entity or a FROM clause
     * (another join, to chain). The result is a Core {@link dev.retort.sql.Join}, for
     * {@link Query#selectFrom} or a Core statement.
     *
     * <pre>{@code
     * AliasedEntity<User> u = ORM.aliased(User.class);
     * AliasedEntity<Order> o = ORM.aliased(Order.class);
     * session.query(u).selectFrom(ORM.join(u, o, u.attr("orders"))).all();
     * // SELECT users_1.id, users_1.name FROM users AS users_1 JOIN orders AS orders_1 ON users_1.id = orders_1.user_id
     * }</pre>
     */
    public static dev.retort.sql.Join join(Object left, Object right) {
        return OrmJoin.of(left, right, null, false, false);
    }

    /**
     * {@code left JOIN right ON onclause}: a relationship attribute (its condition, adapted to
     * aliased sides; a many-to-many one joins its association table too) or a boolean expression.
     */
    public static dev.retort.sql.Join join(Object left, Object right, ClauseElement onclause) {
        return OrmJoin.of(left, right, onclause, false, false);
    }

    /**
     * {@link #join(Object, Object, ClauseElement)} as a LEFT OUTER JOIN ({@code isOuter}) or a FULL
     * OUTER JOIN ({@code full}); {@code onclause} may be null (inferred from foreign keys).
     */
    public static dev.retort.sql.Join join(Object left, Object right, ClauseElement onclause, boolean isOuter, boolean full) {
        return OrmJoin.of(left, right, onclause, isOuter, full);
    }

    /** {@link #join(Object, Object)} as a LEFT OUTER JOIN. */
    public static dev.retort.sql.Join outerJoin(Object left, Object right) {
        return OrmJoin.of(left, right, null, true, false);
    }

    /** {@link #join(Object, Object, ClauseElement)} as a LEFT OUTER JOIN. */
    public static dev.retort.sql.Join outerJoin(Object left, Object right, ClauseElement onclause) {
        return OrmJoin.of(left, right, onclause, true, false);
    }

    /** How {@link #withPolymorphic(Class, List, Aliasing)} aliases the tables it joins. */
    public enum Aliasing {
        /** Each table through an alias of its own ({@code people AS people_1 LEFT OUTER JOIN engineers AS engineers_1 ...}): the seeds' {@code flat=True}. */
        FLAT,
        /** The join as one anonymous subquery, its columns labelled {@code table_column}: the seeds' {@code aliased=True}. */
        ALIASED
    }

    /**
     * {@code base} loaded with the rows of subclasses {@code classes} in full, their tables
     * outer-joined to its own (the seeds' {@code with_polymorphic(Base, [Sub1, Sub2])}); null
     * {@code classes} for every subclass ({@code "*"}). The entity selects, joins and filters like
     * an {@link #aliased} one; {@link AliasedEntity#of} gives a subclass's attributes on it. A row
     * of a subclass not named loads as its class, its own columns read by one more statement.
     *
     * <pre>{@code
     * AliasedEntity<Person> wp = ORM.withPolymorphic(Person.class, List.of(Engineer.class, Manager.class));
     * List<Person> people = session.query(wp).where(wp.of(Engineer.class).attr("primaryLanguage").eq("java")).all();
     * // SELECT people.person_id, ..., engineers.primary_language, ..., managers.manager_name
     * // FROM people LEFT OUTER JOIN engineers ON ... LEFT OUTER JOIN managers ON ... WHERE engineers.primary_language = ?
     * }</pre>
     */
    public static <T> AliasedEntity<T> withPolymorphic(Class<T> base, java.util.List<? extends Class<?>> classes) {
        Mapper<T> m = Registry.mapperFor(base);
        java.util.List<Mapper<?>> loaded = polymorphicLoaded(m, classes);
        return new AliasedEntity<>(m, m.polymorphicSelectable(t -> t, loaded), loaded);
    }

    /**
     * {@link #withPolymorphic(Class, List)} reading from {@code selectable}: a join of the tables
     * or a subquery with a column for each column the classes load (the seeds' {@code selectable=}).
     */
    public static <T> AliasedEntity<T> withPolymorphic(Class<T> base, java.util.List<? extends Class<?>> classes, dev.retort.sql.FromClause selectable) {
        if (selectable == null) {
            throw new dev.retort.exc.ArgumentException("withPolymorphic(" + base.getSimpleName() + ", classes, selectable) needs a FROM clause, not null");
        }
        Mapper<T> m = Registry.mapperFor(base);
        return new AliasedEntity<>(m, selectable, polymorphicLoaded(m, classes));
    }

    /**
     * {@link #withPolymorphic(Class, List)} through aliases, to use the hierarchy twice in one
     * query: {@link Aliasing#FLAT} aliases each table, {@link Aliasing#ALIASED} makes the join a subquery.
     *
     * <pre>{@code
     * AliasedEntity<Person> wp = ORM.withPolymorphic(Person.class, null, ORM.Aliasing.FLAT);
     * // FROM people AS people_1 LEFT OUTER JOIN engineers AS engineers_1 ON people_1.person_id = engineers_1.person_id ...
     * }</pre>
     */
    public static <T> AliasedEntity<T> withPolymorphic(Class<T> base, java.util.List<? extends Class<?>> classes, Aliasing aliasing) {
        Mapper<T> m = Registry.mapperFor(base);
        java.util.List<Mapper<?>> loaded = polymorphicLoaded(m, classes);
        if (aliasing == Aliasing.FLAT) {
            return new AliasedEntity<>(m, m.aliasedSelectable(null, loaded), loaded);
        }
        return new AliasedEntity<>(m, labelledSubquery(m.polymorphicSelectable(t -> t, loaded)), loaded);
    }

    /** {@code join} as one anonymous subquery, its columns labelled {@code table_column} (the seeds' {@code aliased=True}). */
    static dev.retort.sql.Alias labelledSubquery(dev.retort.sql.FromClause join) {
        return SQL.select(join.columns().toArray()).selectFrom(join).labelStyle(dev.retort.sql.LabelStyle.TABLENAME_PLUS_COL).subquery();
    }

    private static java.util.List<Mapper<?>> polymorphicLoaded(Mapper<?> m, java.util.List<? extends Class<?>> classes) {
        if (m.polymorphicOn() == null && m.descendants().isEmpty()) {
            throw new dev.retort.exc.ArgumentException("withPolymorphic(" + m.mappedClass().getName() + ", ...) needs a class of a mapped hierarchy");
        }
        return classes == null ? m.descendants() : m.loadedWith(classes);
    }

    /**
     * Columns that a query selects as one value per row, a {@link dev.retort.engine.Row} of them
     * (see {@link Bundle}): the seeds' {@code Bundle(name, *cols)}. A bundle among the columns gives its value in its place.
     *
     * <pre>{@code
     * Bundle<Row> b = ORM.bundle("b", ORM.attr(Data.class, "d1"), ORM.attr(Data.class, "d2"));
     * session.execute(ORM.select(b).filter(b.c("d1").eq("x")));      // rows of one value, a Row (d1, d2)
     * }</pre>
     */
    public static Bundle<dev.retort.engine.Row> bundle(String name, ClauseElement... columns) {
        return new Bundle<>(name, java.util.List.of(columns), null);
    }

    /**
     * Columns that a query selects as one value per row, a map of their keys to their values in column order (see
     * {@link Bundle}): SQLAlchemy's {@code DictBundle(name, *cols)}. Two columns of one key are refused.
     *
     * <pre>{@code
     * Bundle<Map<String, Object>> b = ORM.dictBundle("b", ORM.attr(Data.class, "d1"), ORM.attr(Data.class, "d2"));
     * session.execute(ORM.select(b).filter(b.c("d1").eq("x")));      // rows of one value, a map {d1=..., d2=...}
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public static Bundle<java.util.Map<String, Object>> dictBundle(String name, ClauseElement... columns) {
        return new Bundle<>(name, java.util.List.of(columns), (Class<java.util.Map<String, Object>>) (Class<?>) java.util.Map.class);
    }

    /** A query of {@code type}'s instances bound to no session, for {@link Session#execute(Query)}: the seeds' {@code select(User)}. */
    public static <T> Query<T> select(Class<T> type) {
        return Query.of(null, type);
    }

    /** A query of several entities and expressions bound to no session, returning rows. */
    public static Query<dev.retort.engine.Row> select(Object first, Object... more) {
        return Query.ofRows(null, first, more);
    }

    /**
     * The base of a mapped class hierarchy: {@code column} tells each row's class (the seeds'
     * {@code polymorphic_on}); give the base's own value with {@link InheritanceSpec#identity}.
     */
    public static InheritanceSpec polymorphicOn(dev.retort.schema.Column<?> column) {
        return new InheritanceSpec(column, null, null);
    }

    /** A subclass of the mapped class {@code parent}, mapped after it; give its discriminator value with {@link InheritanceSpec#identity}. */
    public static InheritanceSpec inherits(Class<?> parent) {
        return new InheritanceSpec(null, parent, null);
    }

    /** The mapper of {@code type} (the seeds' {@code class_mapper}). */
    public static <T> Mapper<T> mapper(Class<T> type) {
        return Registry.mapperFor(type);
    }
}
