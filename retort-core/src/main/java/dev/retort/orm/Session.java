package dev.retort.orm;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.Result;
import dev.retort.engine.RoutedConnection;
import dev.retort.engine.Row;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.InvalidRequestException;
import dev.retort.exc.PendingRollbackException;
import dev.retort.exc.RetortException;
import dev.retort.exc.StaleDataException;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.SchemaTranslateMap;
import dev.retort.engine.NestedTransaction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A unit of work over one database transaction: the seeds' {@code Session}. It holds an
 * identity map (one instance per primary key), finds changes by comparing each attribute with
 * its snapshot through the column type's {@code compareValues} (so a value changed in place is
 * found too), and writes them on {@link #flush()}: INSERTs and UPDATEs in foreign-key order,
 * batched where the statements are alike, then DELETEs in the reverse order. Queries flush
 * first (autoflush). A session is used by one thread at a time.
 *
 * <pre>{@code
 * try (Session session = factory.open()) {
 *     User u = new User(); u.name = "ed";
 *     Address a = new Address(); a.email = "ed@x"; u.addresses.add(a);
 *     session.add(u);                                  // the address follows (save-update cascade)
 *     session.commit();                                // INSERT users, then INSERT addresses
 *     User same = session.get(User.class, u.id);       // the very instance
 *     same.name = "eddie";
 *     session.query(User.class).filter(ORM.attr(User.class, "name").eq("eddie")).one();   // UPDATE first
 *     session.rollback();                              // u.name is "ed" again
 * }
 * }</pre>
 *
 * <p>The transaction begins with the first statement (with the factory's
 * {@link SessionFactory#autocommitReads(boolean) autocommitReads(true)}: the first write, or
 * {@link #begin()}) and ends with {@link #commit()} or {@link #rollback()}. After either, instances are <em>expired</em> (unless the factory says
 * {@code expireOnCommit(false)}, which keeps them as they are after a commit): their loaded
 * collections are dropped and load again on first access, and their other attributes are loaded
 * again the next time the session hands the instance out — {@link #get}, a query's results, the
 * members of a collection as it loads, the target of a many-to-one reference resolved by a load
 * — or on {@link #refresh}. A plain Java field read cannot be intercepted, so a variable holding
 * an expired instance shows the old values until then; a change made to it before is kept and
 * flushed. A rollback also removes the instances added in the transaction and restores the
 * others' attributes.
 *
 * <p>Both sides of a relationship with a backref stay in agreement in memory: adding a child to
 * {@code b.children} sets its {@code parent} and takes it out of its old parent's list; a
 * {@code child.parent = b} assignment (a plain field write) is applied to both lists at the
 * next {@link #add}, {@link #merge} or flush (every query and lazy load begins with one).
 *
 * <p>A flush is all or nothing: whatever fails (the database, a type's conversion, a mapped
 * class), it raises a {@link RetortException}, undoes the statements it ran (to a savepoint when
 * the transaction had written before, else by rolling the transaction back), and leaves the
 * session and the instances as they were before it. Instances of a closed session, or expunged
 * ones, are <em>detached</em>: {@link #add} attaches them again (their changes become an
 * UPDATE), and {@link #merge} copies an instance's state onto this session's instance of the
 * same identity. The session holds its instances until they are expunged or it is closed: keep
 * sessions short.
 */
public final class Session implements AutoCloseable {
    private final SessionFactory factory;
    /**
     * By instance; read through {@link #indexed}, which adds the loaded states waiting in {@link #unindexed}.
     * Made when first written ({@link #writable}): a get leaves its state in {@link #unindexed} and never needs it.
     */
    private Map<Object, InstanceState> states = Map.of();
    /**
     * States of instances loaded since the map was last read, not in {@link #states} yet: a load of
     * tens of thousands of instances that the application only reads puts none of them in a map
     * keyed by identity (a put per instance, at an address of its own, was a tenth of a joined load).
     */
    private final ArrayList<InstanceState> unindexed = new ArrayList<>(0);
    /**
     * The persistent states by identity: a load finds the state of an instance it meets again without {@link #indexed}.
     * Its table is made by the first load, sized for its rows ({@link #expectLoaded}), or the first other put:
     * a get's map holds its one state in a table of two.
     */
    private final IdentityMap identityMap = new IdentityMap();
    /** Made for the first pending state: most sessions (a get, a query) add none. */
    private Set<InstanceState> pending = Set.of();
    private Connection connection;
    /** The connection is in autocommit mode, for reads outside a transaction (see {@link SessionFactory#autocommitReads}). */
    private boolean autocommitting;
    /** With a routing engine: where reads outside a transaction that wrote go, and what holds {@link #connection}. */
    private RoutedConnection routed;
    /** Statements that may have written ran in the current transaction (a failed flush then rolls back to a savepoint). */
    private boolean transactionWritten;
    /**
     * Identifies the current transaction, for instances expunged and added back in it; made when
     * first asked for ({@link #transaction()}), and dropped when the transaction ends: most
     * sessions (a get, a query) never ask, and made anew at every close it was an object per session.
     */
    private Object transaction;
    /**
     * The flush failure that lost the transaction and rolled the whole session back; until
     * {@link #rollback()} acknowledges it, flush and commit refuse (a retried commit would
     * otherwise report success for writes that are gone).
     */
    private RuntimeException lostBy;
    private boolean flushing;
    private int noAutoflush;
    /**
     * While a load runs the statement of a select-in load: the classes on the path from the query's entity to the
     * targets it loads ({@link #loadingBelow}), for a wildcard's eager loads not to go back to one of them.
     */
    private List<Mapper<?>> loadPath = List.of();
    /** Made when first asked for: most sessions have no listeners of their own. */
    private OrmEvents events;
    /** While a chunk of a stream loads: the states it attaches, to let go of with the next chunk. */
    private List<InstanceState> attachedLog;
    /** Loader criteria for every query this session runs ({@link #addLoaderCriteria}); replaced, never changed in place. */
    private List<LoaderCriteria> loaderCriteria = List.of();
    /** The translations {@link #schemaTranslateMap(Map)} set for this session's connections; null: the engine's. */
    private Map<String, String> schemaTranslate;
    /**
     * An instance of a class with element collections joined this session (and may still be in
     * it): without one, a flush need not walk every instance looking for them. Set by the two
     * ways in, {@link #cascadeAdd} and {@link #attachLoaded}; a session can span registries.
     */
    private boolean elementOwners;

    Session(SessionFactory factory) {
        this.factory = factory;
    }

    /** This session's listeners: instance events (after the registries'), and the session events. */
    public OrmEvents events() {
        if (events == null) {
            events = new OrmEvents(true);
        }
        return events;
    }

    /** Runs the listeners for {@code event} of {@code st}'s instance: its registry's, then this session's. */
    void fire(OrmEvents.InstanceEvent event, InstanceState st) {
        st.mapper.registry().events().fire(event, this, st.instance);
        if (events != null) {
            events.fire(event, this, st.instance);
        }
    }

    private void fire(OrmEvents.SessionEvent event) {
        if (events != null) {
            events.fire(event, this);
        }
    }

    /** Whether a listener waits for {@code event} of {@code m}'s instances (saves work when none does). */
    boolean listens(OrmEvents.InstanceEvent event, Mapper<?> m) {
        return events != null && events.has(event) || m.registry().events().has(event);
    }

    /** Whether a listener of any instance event may run: the session's or its registry's (the flush's shortcuts then step aside). */
    boolean listensToInstances(Mapper<?> m) {
        return events != null && events.hasInstanceListeners() || m.registry().events().hasInstanceListeners();
    }

    /** The factory that opened this session. */
    public SessionFactory factory() {
        return factory;
    }

    // ---- queries ------------------------------------------------------------------------------

    /** A query of {@code type}'s instances. */
    public <T> Query<T> query(Class<T> type) {
        return Query.of(this, type);
    }

    /** A query of an aliased entity's instances. */
    public <T> Query<T> query(AliasedEntity<T> entity) {
        return Query.of(this, entity);
    }

    /** A query of several entities and expressions, returning rows: {@code query(User.class, ua)}. */
    public Query<Row> query(Object first, Object... more) {
        return Query.ofRows(this, first, more);
    }

    /**
     * Runs an ORM query in this session (whatever session it was made with), in the seeds' 2.0
     * style: {@code session.execute(ORM.select(User.class).where(...)).scalars()}.
     */
    public <T> QueryResult<T> execute(Query<T> query) {
        Query<T> q = query.withSession(this);
        List<Object> results = run(q);
        Object first = q.entities().get(0);
        return new QueryResult<>(results, q.entities().size() == 1 && first instanceof Entity e ? e.label() : null);
    }

    /**
     * Runs a Core statement in this session's transaction, after an autoflush. A query's statement
     * in a SELECT ({@link Query#innerStatement()} as a subquery, say) reads its entities' rows under
     * the session's {@link #addLoaderCriteria loader criteria}.
     */
    public Result execute(ClauseElement statement) {
        autoflush();
        return connection().execute(withLoaderCriteria(statement));
    }

    /** Runs a Core statement with parameters in this session's transaction, after an autoflush; as {@link #execute(ClauseElement)}. */
    public Result execute(ClauseElement statement, Map<String, ?> params) {
        autoflush();
        return connection().execute(withLoaderCriteria(statement), params);
    }

    private ClauseElement withLoaderCriteria(ClauseElement statement) {
        // a lambda SELECT too, as the statement its lambdas build with this call's values (a query's statement in it
        // read every tenant's rows); one without such statements stays a lambda statement, cached as one
        ClauseElement s = statement instanceof dev.retort.sql.StatementLambdaElement l && !loaderCriteria.isEmpty() && l.isSelect()
                ? l.statement() : statement;
        if (!(s instanceof dev.retort.sql.SelectBase)) {
            return statement;
        }
        ClauseElement filtered = QueryOrigin.withCriteria(s, loaderCriteria);
        return filtered == s ? statement : filtered;
    }

    /** The connection of the current transaction (beginning one if there is none). */
    public Connection connection() {
        // The application may write through it: a failed flush must then keep those writes.
        transactionWritten = true;
        return conn();
    }

    /** The connection in a transaction: for writes, and reads that must be in it. */
    Connection conn() {
        if (connection == null) {
            connection = factory.routing() == null ? connect() : routed().primary();
        } else if (autocommitting) {
            connection.autocommit(false);
            autocommitting = false;
        }
        return connection;
    }

    /** A connection of the factory's engine, with this session's schema translations when it has its own. */
    private Connection connect() {
        Connection c = factory.engine().connect();
        return schemaTranslate == null ? c : c.schemaTranslateMap(schemaTranslate);
    }

    /**
     * Translates schemas in every statement this session runs, its flushes and loads included,
     * as SQLAlchemy's {@code Session(bind=engine.execution_options(schema_translate_map=...))}:
     * see {@link Engine#withSchemaTranslateMap}, which sets them for all the sessions of a
     * factory. The identity map does not tell schemas apart, so a session holds one schema's
     * rows: set before its first statement, on a session that holds no instance (else
     * {@link ArgumentException}); not with a routing engine. Returns this session.
     *
     * <pre>{@code
     * try (Session s = factory.open().schemaTranslateMap(Map.of("tenant", "tenant_42"))) {
     *     s.query(Order.class).all();          // FROM tenant_42.orders
     * }
     * }</pre>
     */
    public Session schemaTranslateMap(Map<String, String> translations) {
        if (factory.routing() != null) {
            throw new ArgumentException("A session of a routing engine cannot translate schemas: give the routing engine's engines withSchemaTranslateMap(...)");
        }
        if (connection != null || !states.isEmpty() || !unindexed.isEmpty() || !identityMap.isEmpty() || !pending.isEmpty()) {
            throw new ArgumentException("Set a session's schema translate map before its first statement, while it holds no instance: "
                    + "its identity map does not tell schemas apart");
        }
        SchemaTranslateMap.of(translations); // validates the names now
        this.schemaTranslate = translations == null ? null : new HashMap<>(translations);
        return this;
    }

    /** The connection for a read: in autocommit mode outside a transaction when the factory says {@code autocommitReads(true)}. */
    private Connection readConn() {
        if (connection == null && factory.isAutocommitReads()) {
            Connection c = connect();
            // A transaction the connection joined is its owner's: reads stay in it.
            if (!c.isJoined()) {
                c.autocommit(true);
                autocommitting = true;
            }
            connection = c;
            return c;
        }
        return connection != null ? connection : conn();
    }

    /**
     * Begins the session's transaction now, if it has none: the reads that follow share it with
     * the writes. Needed only with {@link SessionFactory#autocommitReads(boolean) autocommitReads(true)},
     * where reads otherwise run in autocommit mode until the first write; without it the
     * transaction begins with the first statement anyway.
     *
     * <pre>{@code
     * try (Session s = factory.autocommitReads(true).open()) {
     *     s.begin();                                   // the balance and the update agree
     *     Account a = s.get(Account.class, 1);
     *     a.balance = a.balance.subtract(amount);
     *     s.commit();
     * }
     * }</pre>
     */
    public void begin() {
        conn();
    }

    /** Whether the session has a transaction: it ran a statement in one, or {@link #begin()} was called, since the last commit or rollback. */
    public boolean inTransaction() {
        return connection != null && !autocommitting;
    }

    private RoutedConnection routed() {
        if (routed == null) {
            routed = factory.routing().connect();
        }
        return routed;
    }

    /**
     * Runs a query's statement: in the session's transaction, or with a routing engine and no
     * transaction on the primary yet, where the routing engine sends reads (a replica).
     */
    private Result read(ClauseElement statement, Map<String, Object> parameters) {
        // A lock taken in autocommit mode or on a replica would not hold: FOR UPDATE reads in the transaction, and so
        // does a DML statement with RETURNING (Query.fromStatement), which writes.
        boolean locks = statement instanceof dev.retort.sql.Select s && s.forUpdate() != null || statement instanceof dev.retort.sql.DmlStatement;
        if (connection == null && factory.routing() != null && !locks) {
            return routed().execute(statement, parameters == null ? Map.of() : parameters);
        }
        Connection c = locks ? conn() : readConn();
        return parameters == null ? c.execute(statement) : c.execute(statement, parameters);
    }

    /** Commits or rolls back the transaction, through the routing engine's connection if there is one (it notes the commit for read-your-writes). */
    private void endTransaction(boolean commit) {
        try {
            if (routed != null) {
                if (commit) {
                    routed.commit();
                } else {
                    routed.rollback();
                }
            } else if (commit) {
                connection.commit();
            } else {
                connection.rollback();
            }
        } finally {
            releaseConnection();
        }
    }

    /** The engine this session's connections come from. */
    public Engine engine() {
        return factory.engine();
    }

    /**
     * The instance of {@code type} with this primary key (a value, or an array or list for a
     * composite key, or an object holding its values: a JPA {@code @IdClass} or {@code @EmbeddedId}
     * instance): from the identity map without SQL, else loaded; null when there is none.
     */
    public <T> T get(Class<T> type, Object primaryKey) {
        Mapper<T> m = Registry.mapperFor(type);
        IdentityKey key = IdentityKey.ofArgument(m, primaryKey);
        if (key == null) {
            throw new ArgumentException("get() needs a primary key without nulls");
        }
        InstanceState st = identityMap.get(key);
        if (st != null) {
            if (st.markedForDelete) {
                return null;
            }
            if (!st.expired) {
                return type.cast(st.instance);
            }
        }
        KeyedGet planned = KeyedGet.of(m);
        // the planned get() has none of this session's criteria
        Map<String, Object> parameters = loaderCriteria.isEmpty() ? planned.parameters(key) : null;
        List<Object> found;
        if (parameters == null) {
            found = run(byKey(Query.of(this, m), key));
        } else {
            autoflush();
            found = load(planned.plan(), parameters, false);
        }
        return found.isEmpty() ? null : type.cast(found.get(0));
    }

    /**
     * {@link #get(Class, Object)} with loader options (the seeds' {@code session.get(User, 5,
     * options=[selectinload(User.addresses)])}): an instance the session has is returned as it
     * is, without SQL; one it loads is loaded with the options.
     *
     * <pre>{@code
     * User u = session.get(User.class, 5, ORM.selectinLoad(ORM.attr(User.class, "addresses")));
     * // SELECT users.id, users.name FROM users WHERE users.id = ?
     * // SELECT addresses.user_id, addresses.id, addresses.email FROM addresses WHERE addresses.user_id IN (?)
     * }</pre>
     */
    public <T> T get(Class<T> type, Object primaryKey, QueryOption... options) {
        return get(type, primaryKey, GetOptions.of(options));
    }

    /**
     * {@link #get(Class, Object)} loading as {@code how} says: with loader options, and with
     * {@link GetOptions#populateExisting()} or {@link GetOptions#withForUpdate} a SELECT even for an
     * instance the session has (its attributes overwritten), as the seeds' {@code session.get}.
     *
     * <pre>{@code
     * session.get(User.class, 5, GetOptions.of().withForUpdate(ForUpdate.update()));
     * // SELECT users.id, users.name FROM users WHERE users.id = ? FOR UPDATE
     * }</pre>
     */
    public <T> T get(Class<T> type, Object primaryKey, GetOptions how) {
        Mapper<T> m = Registry.mapperFor(type);
        IdentityKey key = IdentityKey.ofArgument(m, primaryKey);
        if (key == null) {
            throw new ArgumentException("get() needs a primary key without nulls");
        }
        InstanceState st = how.alwaysLoads() ? null : identityMap.get(key);
        if (st != null && (st.markedForDelete || !st.expired)) {
            return st.markedForDelete ? null : type.cast(st.instance);
        }
        List<Object> found = run(byKey(how.applyTo(Query.of(this, m)), key));
        return found.isEmpty() ? null : type.cast(found.get(0));
    }

    // ---- changes ------------------------------------------------------------------------------

    /**
     * Adds a new instance (to be inserted on the next flush), with the instances it refers to
     * and the members of its collections that the session does not have yet. A detached
     * instance (from a closed session, or expunged) is attached again: the next flush UPDATEs
     * what changed since it was last committed. Adding an instance the session has again does
     * nothing more than that cascade. An instance detached while this session got another
     * instance with its identity raises {@link ArgumentException}: {@link #merge} it instead.
     * Adding an instance {@link #delete} marked, before the flush, undoes that deletion (as the
     * seeds' {@code add()} does); the instances its delete would have cascaded to stay too.
     *
     * <pre>{@code
     * session.delete(user);
     * session.add(user);      // not deleted after all
     * session.commit();       // the row stays
     * }</pre>
     */
    public void add(Object instance) {
        InstanceState st = instance == null ? null : indexed().get(instance);
        if (st != null && st.markedForDelete) {
            // the delete cascades at the flush, from the instances still marked: unmarking this one takes its cascade back too
            st.markedForDelete = false;
        }
        cascadeAdd(instance, null, null);
    }

    /** {@link #add} for each instance. */
    public void addAll(Collection<?> instances) {
        instances.forEach(this::add);
    }

    /**
     * Inserts new instances now, in batches, and sets on each the values the database generated
     * for it (its key, server defaults): thousands of rows go as a few multi-row INSERTs with
     * RETURNING (PostgreSQL, SQLite, MariaDB) or one JDBC batch reporting the generated keys
     * (MySQL), in this session's transaction. Instances of several mapped classes may be mixed;
     * they are inserted in the list's order, one batch per run of the same class and the same
     * generated columns.
     *
     * <p>Faster than {@link #add} and {@link #flush()} because it skips the unit of work: the
     * instances do not join the session (it does not track or flush them later), relationships
     * are not followed (set foreign key columns yourself), and nothing is cascaded. Pending
     * changes of the session are not flushed first. A failure leaves the rows inserted so far in
     * the transaction, for the caller to roll back.
     *
     * <pre>{@code
     * List<User> users = names.stream().map(User::new).toList();
     * session.bulkInsert(users);
     * session.commit();
     * users.get(0).id;          // set from the database
     * }</pre>
     */
    public void bulkInsert(List<?> instances) {
        if (instances.isEmpty()) {
            return;
        }
        InsertBatch.insertInstances(conn(), instances);
        transactionWritten = true;
    }

    /**
     * Marks a persistent instance for deletion on the next flush. Members of its collections are
     * deleted too with {@code cascade("delete")}, otherwise their foreign keys are set to NULL.
     */
    public void delete(Object instance) {
        if (instance != null && !indexed().containsKey(instance) && DetachedStates.isDetached(instance)) {
            add(instance);
        }
        InstanceState st = indexed().get(instance);
        if (st == null || st.status == InstanceState.Status.DELETED) {
            throw new ArgumentException("Instance " + instance + " is not persisted in this session");
        }
        if (st.status == InstanceState.Status.PENDING) {
            throw new ArgumentException("Instance " + instance + " is pending (never flushed); expunge() it instead");
        }
        checkWritable(st.mapper);
        st.markedForDelete = true;
    }

    /**
     * Copies the state of {@code instance} onto this session's instance of the same identity —
     * from the identity map, else loaded, else a new pending one — and returns that instance;
     * {@code instance} itself is not attached. Many-to-one targets and collection members are
     * merged the same way (the collection is replaced by the merged members); a collection not
     * loaded is left alone; element collections ({@code @ElementCollection}) are copied; the changes queued in a
     * {@link WriteOnlyCollection} or {@link DynamicCollection} carry over (merged members), nothing loaded. As the seeds' {@code Session.merge()}.
     * Only relationships with the {@code merge} cascade are followed ({@link Relationship#cascade}: the default
     * and {@code "all"} have it; {@code cascade("save-update")} or {@code cascade("delete")} does not); on the others
     * this session's instance keeps what it has (a many-to-one's foreign key columns are copied as columns).
     *
     * <pre>{@code
     * User detached = ...;                       // from a closed session, or built by hand with its id
     * detached.name = "edward";
     * User attached = session.merge(detached);   // session's own instance, name now "edward"
     * session.commit();                          // UPDATE users SET name=? WHERE users.id = ?
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public <T> T merge(T instance) {
        if (instance == null) {
            throw new ArgumentException("merge() needs an instance");
        }
        return (T) merge(instance, new IdentityHashMap<>());
    }

    /**
     * {@link #merge(Object)} with {@code load} false, as SQLAlchemy's {@code merge(obj, load=False)}: the detached
     * instance's state is copied into the session without a SELECT, as its row's (nothing to flush), into the
     * session's instance of its identity or a new persistent one. Its relationships are not followed: the new
     * instance's collections load on access. For caches of instances loaded before: an instance changed since it
     * was loaded is refused.
     *
     * <pre>{@code
     * User cached = ...;                          // loaded by a session since closed
     * User here = session.merge(cached, false);   // no SQL
     * }</pre>
     *
     * @throws InvalidRequestException for an instance never persisted (or not detached) or one changed since its last
     *     load or flush
     */
    @SuppressWarnings("unchecked")
    public <T> T merge(T instance, boolean load) {
        if (load) {
            return merge(instance);
        }
        if (instance == null) {
            throw new ArgumentException("merge() needs an instance");
        }
        if (indexed().containsKey(instance)) {
            return instance;
        }
        Mapper<Object> m = (Mapper<Object>) Registry.mapperFor(instance.getClass());
        checkWritable(m);
        InstanceState.Detached detached = DetachedStates.peek(instance);
        if (detached == null) {
            throw new InvalidRequestException("merge() with load=False option does not support objects transient (i.e. unpersisted) objects.  "
                    + "flush() all changes on mapped instances before merging with load=False.");
        }
        InstanceState was = new InstanceState(instance, detached, null);
        for (ColumnProp p : m.columnProps()) {
            Object old = was.flushed(p);
            if (old != InstanceState.NOT_LOADED && !DeferredLoads.isDeferred(was, p) && p.changed(old, p.get(instance, null))) {
                throw new InvalidRequestException("merge() with load=False option does not support objects marked as 'dirty'.  "
                        + "flush() all changes on mapped instances before merging with load=False.");
            }
        }
        InstanceState ts = identityMap.get(detached.key());
        if (ts == null) {
            ts = attachLoaded(m.instantiator().create(new Object[m.propertyCount()]), m, detached.key(), null);
            ts.expired = detached.expired();
            for (RelationshipProp r : m.relationships()) {
                if (r.collection && !r.scalar) {
                    unloaded(ts, r);
                }
            }
        }
        for (ColumnProp p : m.columnProps()) {
            Object v = p.snapshot(p.get(instance, null));
            p.set(ts.instance, ts, v);
            ts.setFlushed(p, p.snapshot(v));
            if (ts.leftOut != null) {
                DeferredLoads.loaded(ts, p);
            }
        }
        ts.commitSnapshot();
        return (T) ts.instance;
    }

    private Object merge(Object instance, Map<Object, Object> done) {
        if (instance == null) {
            return null;
        }
        Object prior = done.get(instance);
        if (prior != null) {
            return prior;
        }
        if (indexed().containsKey(instance)) {
            done.put(instance, instance);
            return instance;
        }
        @SuppressWarnings("unchecked")
        Mapper<Object> m = (Mapper<Object>) Registry.mapperFor(instance.getClass());
        checkWritable(m);
        List<Object> pk = new ArrayList<>();
        m.primaryKeyProps().forEach(p -> pk.add(p.get(instance, null)));
        IdentityKey key = IdentityKey.of(m, pk);
        Object target = key == null ? null : get(m.mappedClass(), key.values());
        boolean existing = target != null;
        if (target == null) {
            target = m.instantiator().create(new Object[m.propertyCount()]);
            add(target);
        }
        done.put(instance, target);
        InstanceState ts = indexed().get(target);
        VersionCounter versions = m.versionCounter();
        if (existing && versions != null) {
            // Copying an older version over the row would undo another writer's change unchecked (as SQLAlchemy's merge).
            Object merged = versions.prop.get(instance, null);
            Object current = versions.prop.get(target, ts);
            if (merged != null && current != null && !versions.same(merged, current)) {
                throw new StaleDataException(m.entityName(), key.values(), "Version " + merged + " of the merged " + m.entityName()
                        + " " + key.values() + " does not match version " + current + " in the database: another transaction changed it "
                        + "since it was loaded; leave the version null to merge over the current row");
            }
        }
        Set<Object> drivenByReference = Collections.newSetFromMap(new IdentityHashMap<>());
        for (RelationshipProp r : m.relationships()) {
            if (r.cascadeMerge && !r.collection && r.get(instance, null) != null) {
                drivenByReference.addAll(r.referencing);
            }
        }
        for (ColumnProp p : m.columnProps()) {
            if (!drivenByReference.contains(p.column)) {
                p.set(target, ts, p.snapshot(p.get(instance, null)));
            }
        }
        for (RelationshipProp r : m.relationships()) {
            if (!r.cascadeMerge) {
                continue;   // as SQLAlchemy's RelationshipProperty.merge(): the target's own value stays, its foreign key columns were copied
            }
            Object v = r.get(instance, null);
            if (!r.collection) {
                Object merged = merge(v, done);
                if (merged != null || !hasValues(m, instance, r.referencing)) {
                    r.set(target, ts, merged);
                }
            } else if (v != null && !(v instanceof PersistentList<?> p && !p.isLoaded())) {
                List<Object> members = new ArrayList<>();
                for (Object member : (List<?>) v) {
                    members.add(merge(member, done));
                }
                r.set(target, ts, members);
            }
        }
        for (RelationshipProp r : m.writeOnlyRelationships()) {
            if (r.cascadeMerge) {
                CollectionWriter.mergeQueues(instance, ts, r, member -> merge(member, done));
            }
        }
        for (ElementCollectionProp p : m.elementCollections()) {
            // A copy: the detached instance's collection stays its own; the flush compares it with the rows loaded.
            Object v = p.get(instance, null);
            if (v != null) {
                p.set(target, ts, p.collectionOf(p.rows(v)));
            }
        }
        Backrefs.reconcile(this, ts);
        return target;
    }

    private static boolean hasValues(Mapper<?> m, Object instance, List<dev.retort.schema.Column<?>> columns) {
        for (var c : columns) {
            if (m.columnProp(c).get(instance, null) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes the session's changes to the database, in its transaction. On failure it raises a
     * {@link RetortException} and leaves the database transaction, the session and its instances
     * as they were before it (plain field assignments to relationships are applied to the other
     * side first, and stay applied). Only when the transaction itself is lost with writes of an
     * earlier flush (the connection dropped) does the whole session roll back instead; flush and
     * commit then throw {@link PendingRollbackException} until {@link #rollback()} is called.
     */
    public void flush() {
        if (lostBy != null) {
            throw new PendingRollbackException("This session's transaction was lost when a flush failed (" + lostBy.getMessage()
                    + "); the session rolled back: instances added in it are transient again, the others expired. "
                    + "Call rollback() to acknowledge, then redo the work", lostBy);
        }
        if (flushing) {
            return;
        }
        flushing = true;
        try {
            fire(OrmEvents.SessionEvent.BEFORE_FLUSH);
            // A session holding no instances (as after opening, or a get() that missed) has nothing to write.
            if (states.isEmpty() && unindexed.isEmpty() && pending.isEmpty()) {
                return;
            }
            try {
                for (InstanceState st : relatedStateList()) {
                    if (!st.markedForDelete && st.status != InstanceState.Status.DELETED) {
                        Backrefs.reconcile(this, st);
                    }
                }
            } catch (RuntimeException e) {
                throw UnitOfWork.failure(e);
            }
            new UnitOfWork(this).flush();
        } finally {
            flushing = false;
        }
    }

    /**
     * Before a flush's first statement: a savepoint to undo a failing flush to, when the
     * transaction has writes a failure must keep (or was joined); else null.
     */
    NestedTransaction flushStarted() {
        // A joined transaction (the application's, e.g. Spring's) may hold writes of others.
        if (!transactionWritten && !conn().isJoined()) {
            return null;
        }
        return connection.beginNested();
    }

    /** The flush ran its statements: release its savepoint. */
    void flushSucceeded(NestedTransaction savepoint, boolean wrote) {
        transactionWritten |= wrote;
        if (savepoint != null) {
            savepoint.commit();
        }
    }

    /**
     * The flush failed after running statements: undo them, to its savepoint, or by rolling back
     * a transaction that had not written before. If even that fails (the connection is lost), the
     * whole session rolls back, and refuses to flush or commit until {@link #rollback()}.
     */
    void flushFailed(NestedTransaction savepoint, Throwable failure) {
        if (connection == null) {
            return;
        }
        try {
            if (savepoint != null) {
                savepoint.rollback();
            } else {
                endTransaction(false);
            }
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            try {
                rollback();
            } catch (RuntimeException again) {
                failure.addSuppressed(again);
            }
            lostBy = failure instanceof RuntimeException r ? r : new RetortException(failure.getMessage(), failure);
        }
    }

    /** Flushes, commits the transaction, and expires every instance (unless the factory says {@code expireOnCommit(false)}). */
    public void commit() {
        flush();
        if (connection != null) {
            endTransaction(true);
        }
        transactionWritten = false;
        transaction = null;
        boolean expire = factory.isExpireOnCommit();
        // Walked in place (no copy of thousands of states, and the loaded ones waiting in unindexed are not put in the map
        // keyed by instance for this): nothing below adds a state, and the deleted leave through the iterator or the compaction.
        if (!states.isEmpty()) {
            for (java.util.Iterator<InstanceState> it = states.values().iterator(); it.hasNext();) {
                if (committed(it.next(), expire)) {
                    it.remove();
                }
            }
        }
        int kept = 0;
        for (int i = 0, n = unindexed.size(); i < n; i++) {
            InstanceState st = unindexed.get(i);
            if (!committed(st, expire)) {
                unindexed.set(kept++, st);
            }
        }
        if (kept < unindexed.size()) {
            unindexed.subList(kept, unindexed.size()).clear();
        }
        fire(OrmEvents.SessionEvent.AFTER_COMMIT);
    }

    /**
     * The transaction of {@code st} committed: its flushed snapshot is the committed one, and it
     * expires if {@code expire}; a deleted state leaves the session (then true: the caller drops it).
     */
    private boolean committed(InstanceState st, boolean expire) {
        if (st.status == InstanceState.Status.DELETED) {
            st.session = null;
            return true;
        }
        st.commitSnapshot();
        st.insertedInTransaction = false;
        st.updatedInTransaction = false;
        if (expire) {
            expire(st);
        }
        return false;
    }

    /**
     * Marks {@code st} for reloading, and drops its loaded collections (they load again on access);
     * a field that holds one target ({@link RelationshipProp#scalar}) cannot load on access, so it keeps it.
     */
    void expire(InstanceState st) {
        st.expired = true;
        if (st.mapper.isReadOnly()) {
            return;
        }
        // By index: a commit expires thousands of states, and an iterator each was most of what it allocated.
        List<RelationshipProp> relationships = st.mapper.relationships();
        for (int i = 0, n = relationships.size(); i < n; i++) {
            RelationshipProp r = relationships.get(i);
            if (r.collection && !r.scalar && !(r.get(st.instance, st) instanceof PersistentList<?> p && p.owner == st && !p.isLoaded())) {
                unloaded(st, r);
            }
        }
    }

    /** Puts an unloaded list of its own in {@code st}'s collection {@code r}. */
    void unloaded(InstanceState st, RelationshipProp r) {
        PersistentList<Object> list = new PersistentList<>(st, r, null);
        r.set(st.instance, st, list);
        st.setSeen(r, list);
        st.setFlushed(r, InstanceState.NOT_LOADED);
    }

    /**
     * Rolls the transaction back. Instances added in it leave the session (they are transient
     * again); the others get back the attribute values they had at its start, and expire.
     */
    public void rollback() {
        lostBy = null;
        if (connection != null) {
            endTransaction(false);
        }
        transactionWritten = false;
        transaction = null;
        if (!pending.isEmpty()) {
            pending.clear();
        }
        for (InstanceState st : List.copyOf(indexed().values())) {
            if (st.status == InstanceState.Status.PENDING || st.insertedInTransaction) {
                forget(st);
                continue;
            }
            if (st.status == InstanceState.Status.DELETED) {
                st.status = InstanceState.Status.PERSISTENT;
                identityMap.put(st);
            }
            st.markedForDelete = false;
            st.updatedInTransaction = false;
            st.restoreSnapshot();
            restoreAttributes(st);
            st.expired = true;
        }
        fire(OrmEvents.SessionEvent.AFTER_ROLLBACK);
    }

    /** Restores the committed snapshot into the instance; collections load again on access. */
    private void restoreAttributes(InstanceState st) {
        if (st.mapper.isReadOnly()) {
            return;
        }
        for (ColumnProp p : st.mapper.columnProps()) {
            Object v = st.committed(p);
            if (v != InstanceState.NOT_LOADED) {
                // A copy: the snapshot must not change when the restored value is changed in place.
                p.set(st.instance, st, p.snapshot(v));
            }
        }
        for (ElementCollectionProp p : st.mapper.elementCollections()) {
            List<List<Object>> rows = st.committedElements(p);
            if (rows != null) {
                p.set(st.instance, st, p.collectionOf(rows));
            }
        }
        for (RelationshipProp r : st.mapper.relationships()) {
            if (r.collection && !r.scalar) {
                unloaded(st, r);
            } else if (st.committed(r) != InstanceState.NOT_LOADED) {
                r.set(st.instance, st, st.committed(r));
                st.setSeen(r, st.committed(r));
            }
        }
    }

    /**
     * Rolls back and empties the session; it can be used again afterwards. Its persistent
     * instances become detached: {@link #add} in another session attaches them again (unless
     * the factory says {@link SessionFactory#detachOnClose(boolean) detachOnClose(false)}:
     * then they are forgotten).
     */
    @Override
    public void close() {
        try {
            // Closing the connection rolls back; an explicit rollback() would also doom a
            // transaction the application runs and the connection merely joined.
            releaseConnection();
            if (routed != null) {
                RoutedConnection r = routed;
                routed = null;
                r.close();
            }
        } finally {
            transactionWritten = false;
            transaction = null;
            lostBy = null;
            boolean detach = factory.isDetachOnClose();
            List<InstanceState> detached = detach ? new ArrayList<>(states.size() + unindexed.size()) : List.of();
            // The loaded states not in the map yet are let go of as they are: no map is made for them now.
            // An empty map is neither walked nor cleared: both cost a pass over its table (most short sessions index nothing).
            if (!states.isEmpty()) {
                letGo(states.values(), detach, detached);
                states.clear();
            }
            if (!unindexed.isEmpty()) {
                letGo(unindexed, detach, detached);
                unindexed.clear();
                unindexed.trimToSize();
            }
            DetachedStates.rememberClosing(detached);
            if (!identityMap.isEmpty()) {
                identityMap.clear();
            }
            if (!pending.isEmpty()) {
                pending.clear();
            }
        }
    }

    /** The closing session lets go of {@code some} states; those it detaches (see {@link #close}) are added to {@code detached}. */
    private static void letGo(Collection<InstanceState> some, boolean detach, List<InstanceState> detached) {
        for (InstanceState st : some) {
            st.session = null;
            if (detach && st.status == InstanceState.Status.PERSISTENT && st.hasKey() && !st.insertedInTransaction) {
                detached.add(st);
            }
        }
    }

    /** Loads the attributes of a persistent instance again, discarding changes not flushed. */
    public void refresh(Object instance) {
        InstanceState st = indexed().get(instance);
        if (st == null || st.status != InstanceState.Status.PERSISTENT) {
            throw new ArgumentException("Instance " + instance + " is not persistent in this session");
        }
        QueryPlan plan = QueryPlan.of(byKey(Query.of(this, st.mapper), st.key()));
        if (load(plan, true).isEmpty()) {
            throw new RetortException("Instance " + st.key() + " no longer exists in the database");
        }
    }

    /**
     * Loads the named column and computed attributes of a persistent instance again, with one SELECT of those
     * columns, discarding their changes not flushed; the other attributes keep theirs (SQLAlchemy's
     * {@code session.refresh(obj, attribute_names)}).
     *
     * <pre>{@code
     * session.refresh(u, List.of("name"));   // SELECT users.name FROM users WHERE users.id = ?
     * }</pre>
     *
     * @throws ArgumentException for an instance not persistent here, no names, or a name that is no column or
     *     computed attribute of its class
     */
    public void refresh(Object instance, Collection<String> attributeNames) {
        InstanceState st = indexed().get(instance);
        if (st == null || st.status != InstanceState.Status.PERSISTENT) {
            throw new ArgumentException("Instance " + instance + " is not persistent in this session");
        }
        if (attributeNames.isEmpty()) {
            throw new ArgumentException("refresh() of attributes needs at least one attribute name (refresh(instance) reloads them all)");
        }
        for (String name : attributeNames) {
            if (!(st.mapper.prop(name) instanceof ColumnProp) && !(st.mapper.prop(name) instanceof ExpressionProp)) {
                throw new ArgumentException("refresh() reloads column and computed attributes; '" + name + "' of " + st.mapper.entityName() + " is not one");
            }
        }
        // in the mapper's order, as SQLAlchemy selects them
        List<Prop> props = new ArrayList<>();
        for (ColumnProp p : st.mapper.columnProps()) {
            if (!p.writtenOnly && attributeNames.contains(p.key)) {
                props.add(p);
            }
        }
        for (ExpressionProp p : st.mapper.expressionProps()) {
            if (attributeNames.contains(p.key)) {
                props.add(p);
            }
        }
        DeferredLoads.reload(this, st, props, props.get(0).key);
    }

    /**
     * Expires persistent {@code instance}, as SQLAlchemy's {@code session.expire(obj)}: changes not
     * flushed are discarded (its column fields get back the values of its last load or flush), its
     * collections load again on access, and its column attributes load again with one SELECT on
     * {@link #loadAttribute} or when the session next hands it out ({@link #get}, a query). A field
     * read cannot be intercepted: until then it shows the values of its last load.
     *
     * <pre>{@code
     * u.name = "changed";
     * session.expire(u);                  // u.name holds the loaded name again; nothing to flush
     * session.loadAttribute(u, "name");   // SELECT users.id, users.name FROM users WHERE users.id = ?
     * }</pre>
     *
     * @throws InvalidRequestException for an instance not persistent in this session (a pending one, say)
     */
    public void expire(Object instance) {
        InstanceState st = persistentState(instance);
        if (!st.mapper.isReadOnly()) {
            // a change not flushed is gone, as SQLAlchemy drops the expired attributes' values
            for (ColumnProp p : st.mapper.columnProps()) {
                Object v = st.flushed(p);
                if (v != InstanceState.NOT_LOADED) {
                    p.set(st.instance, st, p.snapshot(v));
                }
            }
        }
        expire(st);
    }

    /**
     * Expires the named attributes of persistent {@code instance} (SQLAlchemy's {@code session.expire(obj,
     * attribute_names)}): a named column or computed attribute's field is set to null, its change not flushed gone,
     * and it loads with the other expired ones in one SELECT on {@link #loadAttribute} (or {@link #refresh}); a value set
     * before then is flushed as an UPDATE. A named collection loads again on access.
     *
     * <pre>{@code
     * session.expire(u, List.of("name", "bio"));
     * session.loadAttribute(u, "name");   // SELECT users.name, users.bio FROM users WHERE users.id = ?
     * }</pre>
     *
     * @throws InvalidRequestException for an instance not persistent in this session
     * @throws ArgumentException for a name that is no column, computed attribute or collection of its class, or a primary key column
     */
    public void expire(Object instance, Collection<String> attributeNames) {
        InstanceState st = persistentState(instance);
        for (String name : attributeNames) {
            Prop p = st.mapper.prop(name);
            boolean key = p instanceof ColumnProp c && st.mapper.primaryKeyProps().contains(c);
            if (!(p instanceof ColumnProp || p instanceof ExpressionProp || p instanceof RelationshipProp r && r.collection && !r.scalar) || key) {
                throw new ArgumentException("expire() of attributes takes columns other than the primary key, computed attributes and collections; '"
                        + name + "' of " + st.mapper.entityName() + " is not one");
            }
        }
        for (String name : attributeNames) {
            Prop p = st.mapper.prop(name);
            if (p instanceof RelationshipProp r) {
                if (!st.mapper.isReadOnly()) {
                    unloaded(st, r);
                }
            } else if (!(p instanceof ColumnProp c && c.writtenOnly)) {
                DeferredLoads.expire(st, p);
            }
        }
    }

    /** {@link #expire(Object)} of every persistent instance of the session (SQLAlchemy's {@code session.expire_all()}). */
    public void expireAll() {
        for (InstanceState st : List.copyOf(indexed().values())) {
            if (st.status == InstanceState.Status.PERSISTENT) {
                expire(st.instance);
            }
        }
    }

    /** The state of {@code instance}, persistent in this session, else SQLAlchemy's error. */
    private InstanceState persistentState(Object instance) {
        InstanceState st = indexed().get(instance);
        if (st == null || st.status != InstanceState.Status.PERSISTENT) {
            throw new InvalidRequestException("Instance '" + instance + "' is not persistent within this Session");
        }
        return st;
    }

    /**
     * The value of attribute {@code key} of persistent {@code instance}, loaded first when its
     * query left it out ({@link ORM#defer}, {@link ORM#loadOnly}, {@link ORM#deferred}): the
     * SELECT SQLAlchemy issues when such an attribute is first touched, for the attribute and the
     * other unloaded columns of its deferred group. Sets the field too. An attribute deferred with
     * raiseload raises {@link dev.retort.exc.RaiseloadException} naming the entity and attribute.
     *
     * <pre>{@code
     * User u = session.query(User.class).options(ORM.defer(ORM.attr(User.class, "bio"))).one();
     * String bio = (String) session.loadAttribute(u, "bio");   // SELECT users.bio FROM users WHERE users.id = ?
     * }</pre>
     */
    public Object loadAttribute(Object instance, String key) {
        InstanceState st = indexed().get(instance);
        if (st == null) {
            throw new ArgumentException("Instance " + instance + " is not in this session");
        }
        if (st.expired && st.status == InstanceState.Status.PERSISTENT) {
            DeferredLoads.loadExpiredInstance(this, st);
        }
        return DeferredLoads.load(this, st, key);
    }

    /**
     * The history of column attribute {@code key} of {@code instance} in this session, as
     * SQLAlchemy's {@code attributes.get_history()}: against the value the last load or flush
     * saw, without loading anything, except the old value of an attribute with
     * {@link Mapper#activeHistory} that a query left out and the application set. A pending
     * instance's non-null value is added. In a {@code BEFORE_UPDATE} listener it tells what the
     * UPDATE writes.
     *
     * <pre>{@code
     * u.name = "jack";
     * AttributeHistory h = session.history(u, "name");   // added [jack], deleted [ed]
     * }</pre>
     */
    public AttributeHistory history(Object instance, String key) {
        InstanceState st = indexed().get(instance);
        if (st == null) {
            throw new ArgumentException("Instance " + instance + " is not in this session");
        }
        if (!(st.mapper.prop(key) instanceof ColumnProp p)) {
            throw new ArgumentException("history() reads column attributes; '" + key + "' of " + st.mapper.entityName() + " is not one");
        }
        Object now = p.get(instance, st);
        List<Object> value = Collections.singletonList(now);
        if (st.status == InstanceState.Status.PENDING) {
            return now == null ? AttributeHistory.EMPTY : new AttributeHistory(value, List.of(), List.of());
        }
        DeferredLoads.loadOldValue(this, st, p);
        Object old = st.flushed(p);
        if (DeferredLoads.isDeferred(st, p)) {
            // never loaded: what it replaced is not known
            return p.changed(old, now) ? new AttributeHistory(value, List.of(), List.of()) : AttributeHistory.EMPTY;
        }
        return p.changed(old, now) ? new AttributeHistory(value, List.of(), Collections.singletonList(old))
                : new AttributeHistory(List.of(), value, List.of());
    }

    /**
     * Removes an instance from the session; its changes will not be flushed. A persistent one becomes detached
     * (Hibernate's {@code evict} and JPA's {@code detach}).
     */
    public void expunge(Object instance) {
        InstanceState st = indexed().get(instance);
        if (st == null) {
            throw new ArgumentException("Instance " + instance + " is not in this session");
        }
        forget(st);
        if (st.status == InstanceState.Status.PERSISTENT && st.hasKey()) {
            DetachedStates.remember(st.instance, st.detach(transaction()));
        }
    }

    /** Whether the session has the instance (pending or persistent). */
    public boolean contains(Object instance) {
        InstanceState st = indexed().get(instance);
        return st != null && st.status != InstanceState.Status.DELETED;
    }

    // ---- internals ------------------------------------------------------------------------------

    /** The current transaction's identity (see {@link #transaction}). */
    private Object transaction() {
        if (transaction == null) {
            transaction = new Object();
        }
        return transaction;
    }

    private void releaseConnection() {
        Connection c = connection;
        connection = null;
        autocommitting = false;
        // A routing engine's connection holds the primary's connection (and its read-your-writes state) until the session closes.
        if (c != null && routed == null) {
            c.close();
        }
    }

    private void forget(InstanceState st) {
        st.session = null;
        writable().remove(st.instance);
        if (!pending.isEmpty()) {
            pending.remove(st);
        }
        if (st.hasKey() && identityMap.get(st.key()) == st) {
            identityMap.remove(st.key());
        }
    }

    private static void checkWritable(Mapper<?> m) {
        if (m.isReadOnly()) {
            throw new ArgumentException(m.mappedClass().getName() + " is a record, mapped read-only");
        }
    }

    /**
     * Adds {@code instance} and what it refers to; the states made are added to {@code made} if given.
     * {@code visited} holds the instances this cascade reached; null for its first instance, made
     * only when that one refers to another (adding an instance without relationships, as bulk adds
     * mostly do, allocates no set).
     */
    private void cascadeAdd(Object instance, Set<Object> visited, List<InstanceState> made) {
        if (instance == null || (visited != null && !visited.add(instance))) {
            return;
        }
        InstanceState st = indexed().get(instance);
        if (st == null) {
            @SuppressWarnings("unchecked")
            Mapper<Object> m = (Mapper<Object>) Registry.mapperFor(instance.getClass());
            checkWritable(m);
            InstanceState.Detached detached = DetachedStates.take(instance);
            if (detached != null) {
                InstanceState other = identityMap.get(detached.key());
                if (other != null) {
                    DetachedStates.remember(instance, detached);
                    throw new ArgumentException("Cannot add " + instance + ": this session already has another instance with the identity "
                            + detached.key() + "; merge() it instead");
                }
                st = new InstanceState(instance, detached, transaction());
                identityMap.put(st);
            } else {
                st = new InstanceState(instance, m, InstanceState.Status.PENDING);
                if (!(pending instanceof LinkedHashSet)) {
                    pending = new LinkedHashSet<>();
                }
                pending.add(st);
            }
            st.session = this;
            writable().put(instance, st);
            elementOwners |= !st.mapper.elementCollections().isEmpty();
            if (made != null) {
                made.add(st);
            }
        }
        if (st.markedForDelete || st.status == InstanceState.Status.DELETED) {
            return;
        }
        Backrefs.reconcile(this, st);
        for (RelationshipProp r : st.mapper.relationships()) {
            if (r.isViewOnly()) {
                continue;
            }
            for (Object related : loadedRelated(st, r)) {
                if (visited == null) {
                    visited = Collections.newSetFromMap(new IdentityHashMap<>());
                    visited.add(instance);
                }
                cascadeAdd(related, visited, made);
            }
        }
        for (Object queued : WriteOnlyCollection.bindAll(st)) {
            cascadeAdd(queued, visited, made);
        }
    }

    /** Adds what the session's instances refer to and do not have yet (the save-update cascade, at flush); returns the states added. */
    List<InstanceState> cascadeSaves() {
        Set<Object> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        List<InstanceState> made = new ArrayList<>();
        // An instance of the session without relationships reaches nothing, and has nothing to reconcile.
        for (InstanceState st : relatedStateList()) {
            cascadeAdd(st.instance, visited, made);
        }
        return made;
    }

    /** Takes out states a failed flush had added, leaving them as they were (transient, or detached). */
    void unmake(List<InstanceState> made) {
        for (InstanceState st : made) {
            forget(st);
            if (st.status == InstanceState.Status.PERSISTENT) {
                DetachedStates.remember(st.instance, st.detach(transaction()));
            }
        }
    }

    /** The instances {@code r} of {@code st} refers to now, without loading anything. */
    private static List<Object> loadedRelated(InstanceState st, RelationshipProp r) {
        Object v = r.get(st.instance, st);
        if (!r.collection) {
            return v == null ? List.of() : List.of(v);
        }
        if (v == null || (v instanceof PersistentList<?> p && !p.isLoaded())) {
            return List.of();
        }
        return new ArrayList<>((List<?>) v);
    }

    void autoflush() {
        if (factory.isAutoflush() && noAutoflush == 0 && !flushing) {
            flush();
        }
    }

    /**
     * Adds loader criteria to every query this session runs from now on, and to the statements
     * that load its instances' relationships and {@link #get} (SQLAlchemy's {@code do_orm_execute}
     * event adding {@code with_loader_criteria()}): a multi-tenant or soft-delete filter for a whole session.
     *
     * <pre>{@code
     * Session s = factory.open();
     * s.addLoaderCriteria(ORM.withLoaderCriteria(Document.class, ORM.attr(Document.class, "tenantId").eq(tenant)));
     * s.query(Document.class).all();       // ... WHERE documents.tenant_id = ?
     * }</pre>
     */
    public void addLoaderCriteria(LoaderCriteria... criteria) {
        List<LoaderCriteria> out = new ArrayList<>(loaderCriteria);
        for (LoaderCriteria c : criteria) {
            if (c == null) {
                throw new ArgumentException("null is not loader criteria");
            }
            out.add(c);
        }
        loaderCriteria = List.copyOf(out);
    }

    /** The criteria {@link #addLoaderCriteria} added. */
    List<LoaderCriteria> loaderCriteria() {
        return loaderCriteria;
    }

    /** Runs a query (after an autoflush): instances or rows. */
    List<Object> run(Query<?> q) {
        autoflush();
        return load(QueryPlans.of(q), false);
    }

    /** The classes on the path of the select-in load whose statement runs, outermost first; empty outside one. */
    List<Mapper<?>> loadPath() {
        return loadPath;
    }

    /**
     * Runs {@code load} (select-in statements for targets of {@code r}, a relationship of the instances a load with path
     * {@code path} made, below the eager joins of classes {@code joined}) with the path extended by those classes, then
     * {@code r}'s parent and target classes, as SQLAlchemy's load path is.
     */
    void loadingBelow(List<Mapper<?>> path, List<Mapper<?>> joined, RelationshipProp r, Runnable load) {
        List<Mapper<?>> below = new ArrayList<>(path);
        if (!joined.isEmpty()) {
            onPath(below, joined.get(0));
            below.addAll(joined.subList(1, joined.size()));
        }
        onPath(below, r.mapper);
        below.add(r.target);
        List<Mapper<?>> before = loadPath;
        loadPath = List.copyOf(below);
        try {
            load.run();
        } finally {
            loadPath = before;
        }
    }

    /** Adds {@code m} to the end of {@code path}, unless it ends with {@code m} (the class of the level it continues). */
    private static void onPath(List<Mapper<?>> path, Mapper<?> m) {
        if (path.isEmpty() || path.get(path.size() - 1) != m) {
            path.add(m);
        }
    }

    /** Runs a query for the loader (a lazy load, the targets of references): no autoflush. */
    List<Object> runLoading(Query<?> q) {
        return load(QueryPlans.of(q), false);
    }

    /** {@link #runLoading(Query)} of a query of one entity, adding the state of each instance it returns to {@code states}, in order. */
    List<Object> runLoading(Query<?> q, List<InstanceState> states) {
        return load(QueryPlans.of(q), null, false, states);
    }

    /**
     * {@link #runLoading(Query)} of a query of several columns or entities, each row's values as an array by
     * position (see {@link Loading#values}).
     */
    @SuppressWarnings("unchecked")
    List<Object[]> runLoadingValues(Query<?> q) {
        return (List<Object[]>) (List<?>) load(QueryPlan.of(q), null, false, null, true);
    }

    private List<Object> load(QueryPlan plan, boolean overwrite) {
        return load(plan, null, overwrite);
    }

    private List<Object> load(QueryPlan plan, Map<String, Object> parameters, boolean overwrite) {
        return load(plan, parameters, overwrite, null);
    }

    /**
     * Runs the plan's statement, with {@code parameters} for its named parameters (or null), and
     * loads its rows; the states of the instances are added to {@code states} if given.
     */
    private List<Object> load(QueryPlan plan, Map<String, Object> parameters, boolean overwrite, List<InstanceState> states) {
        return load(plan, parameters, overwrite, states, false);
    }

    /** {@link #load(QueryPlan, Map, boolean, List)}, the rows of a query of several as arrays of values if {@code values}. */
    @SuppressWarnings("unchecked")
    private List<Object> load(QueryPlan plan, Map<String, Object> parameters, boolean overwrite, List<InstanceState> states, boolean values) {
        noAutoflush++;
        try {
            Result result = read(plan.executed(), parameters);
            List<Object[]> rows = ResultValues.of(result, plan.repeating());
            Loading loading = new Loading(this, plan.readingColumns(result.keys()), overwrite);
            return values ? (List<Object>) (List<?>) loading.values(rows) : loading.load(rows, states);
        } finally {
            noAutoflush--;
        }
    }

    /** Runs a query (after an autoflush) as a stream loading {@code chunk} rows at a time; see {@link Query#yieldPer}. */
    java.util.stream.Stream<Object> stream(Query<?> q, int chunk) {
        autoflush();
        QueryPlan plan = QueryPlans.of(q);
        if (plan.unique()) {
            throw new ArgumentException("A joined collection cannot be loaded in chunks (stream/yieldPer): a parent's rows could straddle two; use selectinLoad");
        }
        Result result = conn().execute(plan.executed());
        QueryPlan reading = plan.readingColumns(result.keys());
        java.util.Iterator<Row> rows = result.iterator();
        java.util.Iterator<Object> out = new java.util.Iterator<>() {
            private List<Object> buffer = List.of();
            private int pos;
            private List<InstanceState> held = List.of();

            @Override
            public boolean hasNext() {
                if (pos < buffer.size()) {
                    return true;
                }
                held.forEach(Session.this::letGo);
                held = List.of();
                List<Object[]> next = new ArrayList<>(chunk);
                while (next.size() < chunk && rows.hasNext()) {
                    next.add(rows.next().toList().toArray());
                }
                if (next.isEmpty()) {
                    return false;
                }
                List<InstanceState> log = new ArrayList<>();
                attachedLog = log;
                noAutoflush++;
                try {
                    buffer = new Loading(Session.this, reading, false).load(next, null);
                } finally {
                    attachedLog = null;
                    noAutoflush--;
                }
                held = log;
                pos = 0;
                return !buffer.isEmpty();
            }

            @Override
            public Object next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return buffer.get(pos++);
            }
        };
        return java.util.stream.StreamSupport.stream(java.util.Spliterators.spliteratorUnknownSize(out, java.util.Spliterator.ORDERED), false)
                .onClose(result::close);
    }

    /** A streamed chunk is done with: {@code st} leaves the session (detached) unless it has changes to flush. */
    private void letGo(InstanceState st) {
        if (indexed().get(st.instance) != st || st.status != InstanceState.Status.PERSISTENT || st.markedForDelete) {
            return;
        }
        for (ColumnProp p : st.mapper.columnProps()) {
            if (p.changed(st.flushed(p), p.get(st.instance, st))) {
                return;
            }
        }
        for (RelationshipProp r : st.mapper.relationships()) {
            if (!Loading.sameMembers(st.flushed(r), r.get(st.instance, st), r)) {
                return;
            }
        }
        expunge(st.instance);
    }

    long count(Query<?> q) {
        autoflush();
        Object n = read(QueryPlan.countStatement(q), null).scalar();
        return ((Number) n).longValue();
    }

    /** {@code q} restricted to the row with primary key {@code key}. */
    static <T> Query<T> byKey(Query<T> q, IdentityKey key) {
        List<ColumnProp> pk = key.mapper().primaryKeyProps();
        Query<T> out = q;
        for (int i = 0; i < pk.size(); i++) {
            out = out.filter(pk.get(i).column.eq(key.values().get(i)));
        }
        return out;
    }

    /**
     * Loads relationship {@code r} of {@code owner} (on first access of its collection, after an
     * autoflush if {@code flushFirst}), and records the members as its flushed snapshot. Without
     * that flush, the members returned are those in memory: rows whose instance now refers to
     * another parent are left out, and instances that refer to {@code owner} are added.
     */
    List<Object> loadCollection(InstanceState owner, RelationshipProp r, boolean flushFirst) {
        if (indexed().get(owner.instance) != owner) {
            throw new RetortException("Cannot load " + r + ": its instance is no longer in a session (it was expunged, or the session closed)");
        }
        boolean flushed = flushFirst && factory.isAutoflush() && noAutoflush == 0 && !flushing;
        if (flushed) {
            flush();
        }
        List<Object> values = new ArrayList<>();
        for (var c : r.localColumns()) {
            values.add(RelationshipProp.ownerValue(owner.mapper.columnProp(c), owner, !flushed));
        }
        List<Object> members = List.of();
        if (!values.contains(null)) {
            // Not flushed: by the key the rows hold, the flushed one (SQLAlchemy autoflushes a rename before it loads)
            Query<Object> q = Query.of(this, r.targetEntity()).filter(r.lazyClause(owner, !flushed));
            for (ColumnElement<?> ob : r.orderBy) {
                q = q.orderBy(r.onTarget(ob));
            }
            InstanceState.LazyLoad lazy = owner.lazyLoad();
            if (lazy != null && lazy.criteria() != null) {
                q = q.options(lazy.criteria().toArray(new QueryOption[0]));
            }
            if (lazy != null && lazy.options() != null) {
                q = q.options(LazyLoadOptions.below(lazy.options(), r).toArray(new QueryOption[0]));
                for (ColumnElement<Boolean> c : LazyLoadOptions.criteria(lazy.options(), r)) {
                    q = q.filter(c);
                }
            }
            members = runLoading(q);
        }
        owner.setFlushed(r, List.copyOf(members));
        if (flushed || r.reverse == null) {
            return members;
        }
        return r.isManyToMany() ? inMemoryLinks(owner, r, members) : inMemory(owner, r, members);
    }

    /**
     * The members of many-to-many {@code r} loaded without an autoflush, as the members' loaded
     * collections of the other side say since: a link removed or made through them counts.
     */
    private List<Object> inMemoryLinks(InstanceState owner, RelationshipProp r, List<Object> loaded) {
        List<Object> out = new ArrayList<>();
        Set<Object> have = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Object m : loaded) {
            List<?> other = loadedList(r.reverse.get(m, indexed().get(m)));
            if ((other == null || other.stream().anyMatch(o -> o == owner.instance)) && have.add(m)) {
                out.add(m);
            }
        }
        for (InstanceState st : indexed().values()) {
            if (r.target.mappedClass().isInstance(st.instance) && !st.markedForDelete && st.status != InstanceState.Status.DELETED
                    && !have.contains(st.instance)) {
                List<?> other = loadedList(r.reverse.get(st.instance, st));
                if (other != null && other.stream().anyMatch(o -> o == owner.instance) && have.add(st.instance)) {
                    out.add(st.instance);
                }
            }
        }
        return out;
    }

    /** {@code value} as a list in memory; null for none or a collection not loaded. */
    private static List<?> loadedList(Object value) {
        return value instanceof List<?> l && !(l instanceof PersistentList<?> p && !p.isLoaded()) ? l : null;
    }

    /** {@code loaded}, the members of {@code owner}'s collection {@code r} in the database, as memory has them now. */
    private List<Object> inMemory(InstanceState owner, RelationshipProp r, List<Object> loaded) {
        List<Object> out = new ArrayList<>();
        Set<Object> have = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Object m : loaded) {
            if (r.reverse.get(m, indexed().get(m)) == owner.instance && have.add(m)) {
                out.add(m);
            }
        }
        for (InstanceState st : indexed().values()) {
            // a subclass instance (joined or single-table) belongs in a collection of its base too
            if (r.target.mappedClass().isInstance(st.instance) && !st.markedForDelete && st.status != InstanceState.Status.DELETED
                    && r.reverse.get(st.instance, st) == owner.instance && have.add(st.instance)) {
                out.add(st.instance);
            }
        }
        return out;
    }

    /** {@link #states}, with the loaded states waiting in {@link #unindexed} put in it first. */
    private Map<Object, InstanceState> indexed() {
        if (!unindexed.isEmpty()) {
            if (unindexed.size() > states.size()) {
                // Sized once for all of them, rather than doubled again and again as they go in.
                Map<Object, InstanceState> bigger = new IdentityHashMap<>(states.size() + unindexed.size());
                bigger.putAll(states);
                states = bigger;
            }
            for (InstanceState st : unindexed) {
                states.put(st.instance, st);
            }
            unindexed.clear();
        }
        return states;
    }

    /** {@link #indexed}, made a map that takes puts and removes if it was still the empty one. */
    private Map<Object, InstanceState> writable() {
        Map<Object, InstanceState> m = indexed();
        if (m.isEmpty() && !(m instanceof IdentityHashMap)) {
            states = m = new IdentityHashMap<>(4);
        }
        return m;
    }

    InstanceState state(Object instance) {
        return indexed().get(instance);
    }

    Object identity(IdentityKey key) {
        InstanceState st = identityMap.get(key);
        return st == null ? null : st.instance;
    }

    /** The state of the instance of {@code key} in the identity map, or null: {@link #state} of {@link #identity}, without {@link #indexed}. */
    InstanceState identityState(IdentityKey key) {
        return identityMap.get(key);
    }

    /** {@link #identityState(IdentityKey)} of root mapper {@code root}'s one-column key of normalised value {@code value}, without making the key. */
    InstanceState identityState(Mapper<?> root, Object value) {
        return identityMap.get(root, value);
    }

    Collection<InstanceState> states() {
        return indexed().values();
    }

    /**
     * The states whose class has relationships, in a new list the caller may walk while states are
     * added: what a flush's walks over relationships (back-references, save cascades, collection
     * changes) look at, as a state without relationships gives them nothing to do. Like
     * {@link #forEachState} it leaves the loaded states waiting in {@link #unindexed} there, and a
     * flush of a thousand instances without relationships copies none of them (three copies of
     * every state were a good part of what such a flush allocated).
     */
    List<InstanceState> relatedStateList() {
        ArrayList<InstanceState> out = new ArrayList<>();
        forEachState(st -> {
            if (!st.mapper.relationships().isEmpty()) {
                if (out.isEmpty()) {
                    // Sized at the first, for a session of related instances (a joined load's parents and members).
                    out.ensureCapacity(stateCount());
                }
                out.add(st);
            }
        });
        return out;
    }

    /**
     * Walks every state in place, without copying them: for a walk
     * that neither adds, removes nor looks up a state (a look-up may index the loaded ones).
     */
    void forEachState(java.util.function.Consumer<InstanceState> action) {
        states.values().forEach(action);
        for (int i = 0, n = unindexed.size(); i < n; i++) {
            action.accept(unindexed.get(i));
        }
    }

    /** Whether an instance of a class with element collections may be in this session (see {@link #elementOwners}). */
    boolean mayHaveElementOwners() {
        return elementOwners;
    }

    /** How many states {@link #forEachState} walks. */
    int stateCount() {
        return states.size() + unindexed.size();
    }

    /** The pending states, in the order they were added. */
    Set<InstanceState> pending() {
        return pending;
    }

    /**
     * A load of {@code rows} rows is about to attach its instances: the identity map (and the list
     * of states waiting for {@link #indexed}) are made big enough for as many more at once, rather than doubled and rehashed again and again as they
     * fill, when that costs no more than the load itself (the session holds fewer instances).
     */
    void expectLoaded(int rows) {
        if (rows > 0 && identityMap.isEmpty() && unindexed.isEmpty()) {
            // The session's first load: both sized for its rows (a get's map gets a table of two, its list one slot rather than ten).
            unindexed.ensureCapacity(rows);
            identityMap.ensureRoomFor(rows);
            return;
        }
        if (rows < 64 || rows < identityMap.size()) {
            return;
        }
        unindexed.ensureCapacity(unindexed.size() + rows);
        identityMap.ensureRoomFor(rows);
    }

    /**
     * Records a loaded instance under {@code key}, an {@link IdentityKey} or the normalised value of the mapper's one-column
     * key (see {@link InstanceState#keyValue}), in place of {@code replaced} (a record loaded again) if given.
     */
    InstanceState attachLoaded(Object instance, Mapper<?> mapper, Object key, InstanceState replaced) {
        if (replaced != null) {
            writable().remove(replaced.instance);
            replaced.session = null;
        }
        InstanceState st = new InstanceState(instance, mapper, InstanceState.Status.PERSISTENT);
        if (key instanceof IdentityKey k) {
            st.key(k);
        } else {
            st.keyValue(key);
        }
        st.session = this;
        unindexed.add(st);
        identityMap.put(st);
        elementOwners |= !mapper.elementCollections().isEmpty();
        WriteOnlyCollection.bindAll(st);
        if (attachedLog != null) {
            attachedLog.add(st);
        }
        return st;
    }

    /** The unit of work made an instance persistent under {@code key}. */
    void persisted(InstanceState st, IdentityKey key) {
        if (!pending.isEmpty()) {
            pending.remove(st);
        }
        if (st.hasKey() && identityMap.get(st.key()) == st) {
            identityMap.remove(st.key());
        }
        st.key(key);
        identityMap.put(st);
    }

    /** The unit of work dropped a pending instance that a delete cascade reached: it is transient again. */
    void discard(InstanceState st) {
        st.markedForDelete = false;
        forget(st);
    }

    /** A bulk DELETE removed an instance's row: it leaves the identity map, as if the flush had deleted it. */
    void bulkDeleted(InstanceState st) {
        st.status = InstanceState.Status.DELETED;
        st.markedForDelete = false;
        identityMap.remove(st.key());
    }

    /** The unit of work deleted an instance's row. */
    void deleted(InstanceState st) {
        identityMap.remove(st.key());
    }

    @Override
    public String toString() {
        return "Session[" + (states.size() + unindexed.size()) + " instances" + (inTransaction() ? ", in a transaction" : "") + "]";
    }
}
