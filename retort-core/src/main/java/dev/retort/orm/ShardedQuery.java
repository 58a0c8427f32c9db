package dev.retort.orm;

import dev.retort.exc.ArgumentException;
import dev.retort.exc.RetortException;
import dev.retort.sql.ClauseElement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A query of one mapped class over the shards of a {@link ShardedSession}: the query chooser
 * reads its criteria to pick the shards, each runs it, and the instances come back as one
 * list: sorted by its ORDER BY (mapped attributes, such as {@code ORM.attr(User.class, "name")}),
 * then cut by its OFFSET and LIMIT; each shard returns up to OFFSET + LIMIT instances for that.
 *
 * <pre>{@code
 * List<Weather> hottest = session.query(Weather.class)
 *         .orderBy(ORM.attr(Weather.class, "temperature").desc()).limit(3).all();
 * long paris = session.query(Weather.class).filter(ORM.attr(Weather.class, "city").eq("Paris")).count();
 * }</pre>
 *
 * Immutable: each method returns a new query.
 */
public final class ShardedQuery<T> {
    private final ShardedSession session;
    private final Query<T> query;

    ShardedQuery(ShardedSession session, Query<T> query) {
        this.session = session;
        this.query = query;
    }

    public ShardedQuery<T> filter(ClauseElement... criteria) {
        return new ShardedQuery<>(session, query.filter(criteria));
    }

    public ShardedQuery<T> orderBy(ClauseElement... clauses) {
        return new ShardedQuery<>(session, query.orderBy(clauses));
    }

    public ShardedQuery<T> limit(int n) {
        return new ShardedQuery<>(session, query.limit(n));
    }

    public ShardedQuery<T> offset(int n) {
        return new ShardedQuery<>(session, query.offset(n));
    }

    /** The shards this query runs on, as the query chooser picks them. */
    public List<String> shards() {
        return session.factory().queryChooser().shardsFor(query.criteria(), session.factory().shardIds());
    }

    /** Every instance, from every chosen shard, in the query's order. */
    @SuppressWarnings("unchecked")
    public List<T> all() {
        List<String> shards = shards();
        if (shards.size() == 1) {
            return query.withSession(session.shard(shards.get(0))).all();
        }
        Integer limit = query.limitValue();
        Integer offset = query.offsetValue();
        Query<T> perShard = offset == null || offset == 0 ? query : limit == null ? query.offset(0) : query.offset(0).limit(limit + offset);
        List<List<T>> parts = new ArrayList<>();
        List<Comparator<T>> keys = new ArrayList<>();
        for (ClauseElement o : query.ordering()) {
            if (!(Merging.unwrap(o) instanceof QueryableAttribute<?> a) || !(a.prop() instanceof ColumnProp)) {
                throw new ArgumentException("A query across shards sorts by mapped column attributes (ORM.attr(...)), got " + o);
            }
            boolean desc = Merging.isModified(o, dev.retort.sql.Operator.DESC);
            boolean nullsFirst = Merging.nullsFirst(o, session.shard(shards.get(0)).engine().dialect());
            Prop p = a.prop();
            keys.add((x, y) -> Merging.compare(p.get(x, session.state(x)), p.get(y, session.state(y)), desc, nullsFirst));
        }
        for (String s : shards) {
            parts.add(perShard.withSession(session.shard(s)).all());
        }
        return Merging.window(Merging.merge(parts, Merging.chain(keys), !keys.isEmpty()), limit, offset == null || offset == 0 ? null : offset);
    }

    /** The first instance in the query's order, or null. */
    public T first() {
        List<T> r = limit(1).all();
        return r.isEmpty() ? null : r.get(0);
    }

    /** The only instance across the shards; none or more than one raises {@link RetortException}. */
    public T one() {
        List<T> r = all();
        if (r.size() != 1) {
            throw new RetortException(r.isEmpty() ? "No row was found for one()" : "Multiple rows were found for one(): " + r.size());
        }
        return r.get(0);
    }

    /** The number of instances across the chosen shards (each shard's count, added up). */
    public long count() {
        if (query.limitValue() != null || query.offsetValue() != null) {
            return all().size();
        }
        long n = 0;
        for (String s : shards()) {
            n += query.withSession(session.shard(s)).count();
        }
        return n;
    }
}
