package dev.retort.orm;

import dev.retort.engine.Row;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.RetortException;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.FunctionCall;
import dev.retort.sql.Label;
import dev.retort.sql.Select;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A session over the shards of a {@link ShardedSessionFactory}: one {@link Session} per shard,
 * opened when first needed, so that an instance's identity is its shard, its class and its
 * primary key ({@link #identityKey}): the same key on two shards is two instances.
 *
 * <pre>{@code
 * try (ShardedSession session = shards.open()) {
 *     session.add(new Weather("eu", "Paris", 21));          // the shard chooser says where
 *     session.commit();                                     // commits each shard that has work, one after the other
 *     session.get(Weather.class, 1);                        // the identity chooser's shards, in order
 *     session.query(Weather.class).filter(ORM.attr(Weather.class, "temperature").gt(20))
 *             .orderBy(ORM.attr(Weather.class, "temperature").desc()).limit(3).all();   // merged across shards
 * }
 * }</pre>
 *
 * <p>A commit commits the shards one after the other: there is no transaction across
 * databases, so a failure part way leaves the earlier shards committed.
 */
public final class ShardedSession implements AutoCloseable {
    private final ShardedSessionFactory factory;
    private final Map<String, Session> sessions = new LinkedHashMap<>();

    ShardedSession(ShardedSessionFactory factory) {
        this.factory = factory;
    }

    /** An instance's identity: its shard, its mapped class and its primary key values. */
    public record Identity(String shard, Class<?> type, List<Object> primaryKey) {
    }

    /** The session of one shard, for work that belongs to that shard alone. */
    public Session shard(String id) {
        return sessions.computeIfAbsent(id, s -> factory.factory(s).open());
    }

    /** The shard holding {@code instance}, or null when this session does not have it. */
    public String shardOf(Object instance) {
        for (Map.Entry<String, Session> e : sessions.entrySet()) {
            if (e.getValue().contains(instance)) {
                return e.getKey();
            }
        }
        return null;
    }

    /** The identity of a persistent instance of this session (null for a pending or unknown one). */
    public Identity identityKey(Object instance) {
        String shard = shardOf(instance);
        if (shard == null) {
            return null;
        }
        InstanceState st = state(instance);
        return !st.hasKey() ? null : new Identity(shard, st.mapper.mappedClass(), st.key().values());
    }

    /** Adds a new instance to the shard the shard chooser picks (an instance already here stays in its shard). */
    public void add(Object instance) {
        String shard = shardOf(instance);
        shard(shard != null ? shard : factory.shardChooser().shardFor(instance)).add(instance);
    }

    /** Adds each instance; see {@link #add}. */
    public void addAll(Collection<?> instances) {
        instances.forEach(this::add);
    }

    /** Deletes an instance on its shard. */
    public void delete(Object instance) {
        String shard = shardOf(instance);
        if (shard == null) {
            throw new ArgumentException("This sharded session does not have " + instance);
        }
        sessions.get(shard).delete(instance);
    }

    /** The instance with this primary key on the first of the identity chooser's shards that has it, or null. */
    public <T> T get(Class<T> type, Object primaryKey) {
        for (String shard : factory.identityChooser().shardsFor(type, primaryKey)) {
            T found = shard(shard).get(type, primaryKey);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** A query of {@code type} across the shards the query chooser picks. */
    public <T> ShardedQuery<T> query(Class<T> type) {
        return new ShardedQuery<>(this, Query.of(shard(factory.shardIds().get(0)), type));
    }

    /**
     * Runs a Core SELECT on the shards the query chooser picks (by its WHERE criteria) and
     * merges the rows: ORDER BY and LIMIT/OFFSET apply to the whole, and an aggregate without
     * GROUP BY is combined when it can be (count and sum add up, min and max compare); other
     * aggregates (avg, GROUP BY, HAVING, DISTINCT) are refused.
     */
    public List<Row> execute(Select statement) {
        List<String> shards = factory.queryChooser().shardsFor(statement.whereCriteria(), factory.shardIds());
        if (shards.size() == 1) {
            return shard(shards.get(0)).execute(statement).all();
        }
        List<String> combine = Merging.aggregates(statement);
        Select perShard = Merging.perShard(statement);
        List<List<Row>> parts = new ArrayList<>();
        for (String s : shards) {
            parts.add(shard(s).execute(perShard).all());
        }
        if (combine != null) {
            return List.of(Merging.combine(parts, combine));
        }
        return Merging.rows(parts, statement, shard(shards.get(0)).engine().dialect());
    }

    /** Flushes each shard's session. */
    public void flush() {
        sessions.values().forEach(Session::flush);
    }

    /** Commits each shard's session, in the order they were opened. */
    public void commit() {
        sessions.values().forEach(Session::commit);
    }

    /** Rolls back each shard's session. */
    public void rollback() {
        RetortException first = null;
        for (Session s : sessions.values()) {
            try {
                s.rollback();
            } catch (RetortException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Closes each shard's session. */
    @Override
    public void close() {
        sessions.values().forEach(Session::close);
        sessions.clear();
    }

    /** The state of an instance in whichever shard's session has it, or null. */
    InstanceState state(Object instance) {
        for (Session s : sessions.values()) {
            InstanceState st = s.state(instance);
            if (st != null) {
                return st;
            }
        }
        return null;
    }

    ShardedSessionFactory factory() {
        return factory;
    }

    /** Whether {@code c} is an aggregate function call (possibly labelled). */
    static FunctionCall<?> aggregate(ClauseElement c) {
        ClauseElement e = c instanceof Label<?> l ? l.element() : c;
        return e instanceof FunctionCall<?> f && Merging.AGGREGATES.contains(f.name().toLowerCase(java.util.Locale.ROOT)) ? f : null;
    }
}
