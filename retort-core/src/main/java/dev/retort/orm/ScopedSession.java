package dev.retort.orm;

import dev.retort.engine.Connection;
import dev.retort.engine.Result;
import dev.retort.engine.Row;
import dev.retort.sql.ClauseElement;
import java.util.Collection;

/**
 * One {@link Session} per thread, made by a factory when a thread first asks: the seeds'
 * {@code scoped_session}. The session methods called on it go to the calling thread's session.
 * {@code loads} re-binds a serialized query's session to the loading thread's session here.
 *
 * <pre>{@code
 * ScopedSession Session = new ScopedSession(SessionFactory.of(engine));   // seed: scoped_session(sessionmaker())
 * Session.query(User.class).filter(ORM.attr(User.class, "name").eq("ed")).all();
 * Session.get();          // this thread's session (seed: Session())
 * Session.remove();       // closes and forgets it; the next call makes a new one
 * }</pre>
 *
 * <p>What "current" means is a {@link Scope}: the thread by default; the Spring Boot starter's
 * scope is the current Spring transaction (the seeds' {@code scopefunc}).
 */
public final class ScopedSession {
    private final SessionFactory factory;
    private final Scope scope;

    /** Sessions scoped to threads. */
    public ScopedSession(SessionFactory factory) {
        this(factory, threadScope());
    }

    /**
     * Sessions scoped by {@code scope}.
     *
     * <pre>{@code
     * ScopedSession Session = new ScopedSession(factory, ScopedSession.threadScope());   // = new ScopedSession(factory)
     * }</pre>
     */
    public ScopedSession(SessionFactory factory, Scope scope) {
        if (factory == null || scope == null) {
            throw new dev.retort.exc.ArgumentException("A ScopedSession needs a factory and a scope, got " + factory + " and " + scope);
        }
        this.factory = factory;
        this.scope = scope;
    }

    /**
     * Where a {@link ScopedSession} keeps the current session. A scope may also close a session
     * itself when what it stands for ends (a transaction, a request).
     */
    public interface Scope {
        /** The current scope's session, or null. */
        Session current();

        /** Makes {@code session} the current scope's session. */
        void set(Session session);

        /** Forgets the current scope's session. */
        void clear();
    }

    /** One session per thread (the default). */
    public static Scope threadScope() {
        ThreadLocal<Session> current = new ThreadLocal<>();
        return new Scope() {
            @Override
            public Session current() {
                return current.get();
            }

            @Override
            public void set(Session session) {
                current.set(session);
            }

            @Override
            public void clear() {
                current.remove();
            }
        };
    }

    /** The current scope's session (the calling thread's, by default), opened on first use. */
    public Session get() {
        Session s = scope.current();
        if (s == null) {
            s = factory.open();
            scope.set(s);
        }
        return s;
    }

    /** Closes the current scope's session (rolling back what it did not commit) and forgets it. */
    public void remove() {
        Session s = scope.current();
        scope.clear();
        if (s != null) {
            s.close();
        }
    }

    /** The factory sessions come from. */
    public SessionFactory factory() {
        return factory;
    }

    /** {@link Session#query(Class)} on this thread's session. */
    public <T> Query<T> query(Class<T> type) {
        return get().query(type);
    }

    /** {@link Session#query(AliasedEntity)} on this thread's session. */
    public <T> Query<T> query(AliasedEntity<T> entity) {
        return get().query(entity);
    }

    /** {@link Session#query(Object, Object...)} on this thread's session. */
    public Query<Row> query(Object first, Object... more) {
        return get().query(first, more);
    }

    /** {@link Session#get(Class, Object)} on this thread's session. */
    public <T> T get(Class<T> type, Object primaryKey) {
        return get().get(type, primaryKey);
    }

    /** {@link Session#get(Class, Object, QueryOption...)} on this thread's session. */
    public <T> T get(Class<T> type, Object primaryKey, QueryOption... options) {
        return get().get(type, primaryKey, options);
    }

    /** {@link Session#get(Class, Object, GetOptions)} on this thread's session. */
    public <T> T get(Class<T> type, Object primaryKey, GetOptions how) {
        return get().get(type, primaryKey, how);
    }

    /** {@link Session#add} on this thread's session. */
    public void add(Object instance) {
        get().add(instance);
    }

    /** {@link Session#addAll} on this thread's session. */
    public void addAll(Collection<?> instances) {
        get().addAll(instances);
    }

    /** {@link Session#merge} on this thread's session. */
    public <T> T merge(T instance) {
        return get().merge(instance);
    }

    /** {@link Session#delete} on this thread's session. */
    public void delete(Object instance) {
        get().delete(instance);
    }

    /** {@link Session#flush} on this thread's session. */
    public void flush() {
        get().flush();
    }

    /** {@link Session#begin} on this thread's session. */
    public void begin() {
        get().begin();
    }

    /** {@link Session#commit} on this thread's session. */
    public void commit() {
        get().commit();
    }

    /** {@link Session#rollback} on this thread's session. */
    public void rollback() {
        get().rollback();
    }

    /** {@link Session#refresh} on this thread's session. */
    public void refresh(Object instance) {
        get().refresh(instance);
    }

    /** {@link Session#expunge} on this thread's session. */
    public void expunge(Object instance) {
        get().expunge(instance);
    }

    /** {@link Session#contains} on this thread's session. */
    public boolean contains(Object instance) {
        return get().contains(instance);
    }

    /** {@link Session#execute(ClauseElement)} on this thread's session. */
    public Result execute(ClauseElement statement) {
        return get().execute(statement);
    }

    /** {@link Session#connection} of this thread's session. */
    public Connection connection() {
        return get().connection();
    }
}
