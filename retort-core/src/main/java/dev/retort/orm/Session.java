package dev.retort.orm;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.Result;
import dev.retort.engine.Row;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.RetortException;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnElement;
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
 * <p>The transaction begins with the first statement and ends with {@link #commit()} or
 * {@link #rollback()}. After either, instances keep their values but are <em>expired</em>: the
 * next query that meets their rows refreshes them (a change not yet flushed is kept). A rollback
 * removes the instances added in the transaction and restores the others' attributes. A failed
 * flush rolls back like {@link #rollback()} and undoes the attribute values it had set. The
 * session holds its instances until they are expunged or it is closed: keep sessions short.
 */
public final class Session implements AutoCloseable {
    private final SessionFactory factory;
    private final Map<Object, InstanceState> states = new IdentityHashMap<>();
    private final Map<IdentityKey, Object> identityMap = new HashMap<>();
    private final Set<InstanceState> pending = new LinkedHashSet<>();
    private Connection connection;
    private boolean flushing;
    private int noAutoflush;

    Session(SessionFactory factory) {
        this.factory = factory;
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

    /** Runs a Core statement in this session's transaction, after an autoflush. */
    public Result execute(ClauseElement statement) {
        autoflush();
        return connection().execute(statement);
    }

    /** Runs a Core statement with parameters in this session's transaction, after an autoflush. */
    public Result execute(ClauseElement statement, Map<String, ?> params) {
        autoflush();
        return connection().execute(statement, params);
    }

    /** The connection of the current transaction (beginning one if there is none). */
    public Connection connection() {
        if (connection == null) {
            connection = factory.engine().connect();
        }
        return connection;
    }

    /** The engine this session's connections come from. */
    public Engine engine() {
        return factory.engine();
    }

    /**
     * The instance of {@code type} with this primary key (a value, or an array or list for a
     * composite key): from the identity map without SQL, else loaded; null when there is none.
     */
    public <T> T get(Class<T> type, Object primaryKey) {
        Mapper<T> m = Registry.mapperFor(type);
        IdentityKey key = IdentityKey.ofArgument(m, primaryKey);
        if (key == null) {
            throw new ArgumentException("get() needs a primary key without nulls");
        }
        Object o = identityMap.get(key);
        if (o != null) {
            InstanceState st = states.get(o);
            if (st.markedForDelete) {
                return null;
            }
            if (!st.expired) {
                return type.cast(o);
            }
        }
        List<Object> found = run(byKey(Query.of(this, m), key));
        return found.isEmpty() ? null : type.cast(found.get(0));
    }

    // ---- changes ------------------------------------------------------------------------------

    /**
     * Adds a new instance (to be inserted on the next flush), with the instances it refers to
     * and the members of its collections that the session does not have yet. Adding an
     * instance the session has again does nothing more than that cascade.
     */
    public void add(Object instance) {
        cascadeAdd(instance, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    /** {@link #add} for each instance. */
    public void addAll(Collection<?> instances) {
        instances.forEach(this::add);
    }

    /**
     * Marks a persistent instance for deletion on the next flush. Members of its collections are
     * deleted too with {@code cascade("delete")}, otherwise their foreign keys are set to NULL.
     */
    public void delete(Object instance) {
        InstanceState st = states.get(instance);
        if (st == null || st.status == InstanceState.Status.DELETED) {
            throw new ArgumentException("Instance " + instance + " is not persisted in this session");
        }
        if (st.status == InstanceState.Status.PENDING) {
            throw new ArgumentException("Instance " + instance + " is pending (never flushed); expunge() it instead");
        }
        checkWritable(st.mapper);
        st.markedForDelete = true;
    }

    /** Writes the session's changes to the database, in its transaction. */
    public void flush() {
        if (flushing) {
            return;
        }
        flushing = true;
        try {
            new UnitOfWork(this).flush();
        } finally {
            flushing = false;
        }
    }

    /** Flushes, commits the transaction, and expires every instance. */
    public void commit() {
        flush();
        if (connection != null) {
            try {
                connection.commit();
            } finally {
                releaseConnection();
            }
        }
        for (InstanceState st : List.copyOf(states.values())) {
            if (st.status == InstanceState.Status.DELETED) {
                states.remove(st.instance);
            } else {
                st.commitSnapshot();
                st.expired = true;
                st.insertedInTransaction = false;
                st.updatedInTransaction = false;
            }
        }
    }

    /**
     * Rolls the transaction back. Instances added in it leave the session (they are transient
     * again); the others get back the attribute values they had at its start, and expire.
     */
    public void rollback() {
        if (connection != null) {
            try {
                connection.rollback();
            } finally {
                releaseConnection();
            }
        }
        pending.clear();
        for (InstanceState st : List.copyOf(states.values())) {
            if (st.status == InstanceState.Status.PENDING || st.insertedInTransaction) {
                forget(st);
                continue;
            }
            if (st.status == InstanceState.Status.DELETED) {
                st.status = InstanceState.Status.PERSISTENT;
                identityMap.put(st.key, st.instance);
            }
            st.markedForDelete = false;
            st.updatedInTransaction = false;
            st.restoreSnapshot();
            restoreAttributes(st);
            st.expired = true;
        }
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
        for (RelationshipProp r : st.mapper.relationships()) {
            if (r.collection) {
                r.set(st.instance, st, new PersistentList<>(this, st, r, null));
                st.setFlushed(r, InstanceState.NOT_LOADED);
            } else if (st.committed(r) != InstanceState.NOT_LOADED) {
                r.set(st.instance, st, st.committed(r));
            }
        }
    }

    /** Rolls back and empties the session; it can be used again afterwards. */
    @Override
    public void close() {
        try {
            // Closing the connection rolls back; an explicit rollback() would also doom a
            // transaction the application runs and the connection merely joined.
            releaseConnection();
        } finally {
            states.clear();
            identityMap.clear();
            pending.clear();
        }
    }

    /** Loads the attributes of a persistent instance again, discarding changes not flushed. */
    public void refresh(Object instance) {
        InstanceState st = states.get(instance);
        if (st == null || st.status != InstanceState.Status.PERSISTENT) {
            throw new ArgumentException("Instance " + instance + " is not persistent in this session");
        }
        QueryPlan plan = QueryPlan.of(byKey(Query.of(this, st.mapper), st.key));
        if (load(plan, true).isEmpty()) {
            throw new RetortException("Instance " + st.key + " no longer exists in the database");
        }
    }

    /** Removes an instance from the session; its changes will not be flushed. */
    public void expunge(Object instance) {
        InstanceState st = states.get(instance);
        if (st == null) {
            throw new ArgumentException("Instance " + instance + " is not in this session");
        }
        forget(st);
    }

    /** Whether the session has the instance (pending or persistent). */
    public boolean contains(Object instance) {
        InstanceState st = states.get(instance);
        return st != null && st.status != InstanceState.Status.DELETED;
    }

    // ---- internals ------------------------------------------------------------------------------

    private void releaseConnection() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            c.close();
        }
    }

    private void forget(InstanceState st) {
        states.remove(st.instance);
        pending.remove(st);
        if (st.key != null && identityMap.get(st.key) == st.instance) {
            identityMap.remove(st.key);
        }
    }

    private static void checkWritable(Mapper<?> m) {
        if (m.isReadOnly()) {
            throw new ArgumentException(m.mappedClass().getName() + " is a record, mapped read-only");
        }
    }

    private void cascadeAdd(Object instance, Set<Object> visited) {
        if (instance == null || !visited.add(instance)) {
            return;
        }
        InstanceState st = states.get(instance);
        if (st == null) {
            @SuppressWarnings("unchecked")
            Mapper<Object> m = (Mapper<Object>) Registry.mapperFor(instance.getClass());
            checkWritable(m);
            st = new InstanceState(instance, m, InstanceState.Status.PENDING);
            states.put(instance, st);
            pending.add(st);
            for (RelationshipProp r : m.relationships()) {
                if (r.collection && r.get(instance, st) == null) {
                    r.set(instance, st, new ArrayList<>());
                }
            }
        }
        if (st.markedForDelete || st.status == InstanceState.Status.DELETED) {
            return;
        }
        for (RelationshipProp r : st.mapper.relationships()) {
            for (Object related : loadedRelated(st, r)) {
                cascadeAdd(related, visited);
            }
        }
    }

    /** Adds what the session's instances refer to and do not have yet (the save-update cascade, at flush). */
    void cascadeSaves() {
        Set<Object> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        for (InstanceState st : List.copyOf(states.values())) {
            cascadeAdd(st.instance, visited);
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

    /** Runs a query (after an autoflush): instances or rows. */
    List<Object> run(Query<?> q) {
        autoflush();
        return load(QueryPlan.of(q), false);
    }

    /** Runs a query for the loader (a lazy load, the targets of references): no autoflush. */
    List<Object> runLoading(Query<?> q) {
        return load(QueryPlan.of(q), false);
    }

    private List<Object> load(QueryPlan plan, boolean overwrite) {
        noAutoflush++;
        try {
            List<Row> rows = connection().execute(plan.statement()).all();
            return new Loading(this, plan, overwrite).load(rows);
        } finally {
            noAutoflush--;
        }
    }

    long count(Query<?> q) {
        autoflush();
        Object n = connection().execute(QueryPlan.countStatement(q)).scalar();
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

    /** Loads relationship {@code r} of {@code owner} on first access of its collection. */
    List<Object> loadCollection(InstanceState owner, RelationshipProp r) {
        if (states.get(owner.instance) != owner) {
            throw new RetortException("Cannot load " + r + ": its instance is no longer in a session (it was expunged, or the session closed)");
        }
        autoflush();
        List<Object> values = new ArrayList<>();
        for (var c : r.localColumns()) {
            values.add(owner.mapper.columnProp(c).get(owner.instance, owner));
        }
        List<Object> members = List.of();
        if (!values.contains(null)) {
            Query<Object> q = Query.of(this, r.target);
            for (int i = 0; i < values.size(); i++) {
                q = q.filter(r.remoteColumns().get(i).eq(values.get(i)));
            }
            for (ColumnElement<?> ob : r.orderBy) {
                q = q.orderBy(ob);
            }
            members = runLoading(q);
        }
        owner.setFlushed(r, List.copyOf(members));
        return members;
    }

    InstanceState state(Object instance) {
        return states.get(instance);
    }

    Object identity(IdentityKey key) {
        return identityMap.get(key);
    }

    Collection<InstanceState> states() {
        return states.values();
    }

    /** The pending states, in the order they were added. */
    Set<InstanceState> pending() {
        return pending;
    }

    /** Records a loaded instance under {@code key}, in place of {@code replaced} (a record loaded again) if given. */
    InstanceState attachLoaded(Object instance, Mapper<?> mapper, IdentityKey key, InstanceState replaced) {
        if (replaced != null) {
            states.remove(replaced.instance);
        }
        InstanceState st = new InstanceState(instance, mapper, InstanceState.Status.PERSISTENT);
        st.key = key;
        states.put(instance, st);
        identityMap.put(key, instance);
        return st;
    }

    /** The unit of work made an instance persistent under {@code key}. */
    void persisted(InstanceState st, IdentityKey key) {
        pending.remove(st);
        if (st.key != null && identityMap.get(st.key) == st.instance) {
            identityMap.remove(st.key);
        }
        st.key = key;
        identityMap.put(key, st.instance);
    }

    /** The unit of work deleted an instance's row. */
    void deleted(InstanceState st) {
        identityMap.remove(st.key);
    }

    @Override
    public String toString() {
        return "Session[" + states.size() + " instances" + (connection != null ? ", in a transaction" : "") + "]";
    }
}
