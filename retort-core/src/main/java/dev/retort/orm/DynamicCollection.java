package dev.retort.orm;

import dev.retort.exc.ArgumentException;
import dev.retort.exc.RetortException;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.LabelStyle;
import dev.retort.sql.Select;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A collection read by queries (SQLAlchemy's {@code AppenderQuery}, for the legacy
 * {@code relationship(lazy="dynamic")}): for a one-to-many or many-to-many relationship too large
 * to load whole. Declaring the relationship's field a {@code DynamicCollection} makes it dynamic
 * (with {@link Registry#mapImperatively} as with Jakarta annotations' {@code @OneToMany} /
 * {@code @ManyToMany}; {@link Relationship#lazy lazy("dynamic")} says so explicitly). Every read
 * runs a query of the members in the parent's session, after an autoflush, so members added
 * and not yet flushed are in it: {@link #all()}, {@link #iterator()}, {@link #count()},
 * {@link #get(int)}, {@link #first()}; {@link #filter}, {@link #orderBy}, {@link #limit} and
 * {@link #query()} return that query to refine. {@link #add}, {@link #append} and {@link #remove}
 * are queued and written by the flush as a {@link WriteOnlyCollection}'s are.
 *
 * <pre>{@code
 * public class User { Integer id; DynamicCollection<Address> addresses = new DynamicCollection<>(); }
 * registry.mapImperatively(User.class, users, Map.of("addresses", ORM.relationship(Address.class).backref("user")));
 *
 * user.addresses.append(address);                // queued; the next flush sets address.user_id
 * long n = user.addresses.count();               // autoflush, then SELECT count(*) FROM (SELECT ... WHERE ? = addresses.user_id) AS anon_1
 * List<Address> some = user.addresses.filter(ORM.attr(Address.class, "email").like("%@example.com"))
 *         .orderBy(ORM.attr(Address.class, "id")).limit(10).all();
 * }</pre>
 *
 * <p>Its parent must be persistent (flushed) in a session for the queries: otherwise (a new
 * parent outside a session, or with autoflush off; a detached one) the reads give the members
 * added since the last flush, as SQLAlchemy's do, and the query-building methods raise
 * {@link RetortException}. Not thread-safe.
 *
 * @param <T> the related class
 */
public final class DynamicCollection<T> extends CollectionWriter<T> implements Iterable<T> {
    /** An empty collection, bound to its parent when the parent joins a session or loads. */
    public DynamicCollection() {
    }

    /** {@link #add}, under the name of SQLAlchemy's {@code AppenderQuery.append}. */
    public void append(T member) {
        add(member);
    }

    /**
     * The query of the members, bound to the parent's session (after an autoflush): the target
     * class filtered by the parent's key, ordered as the relationship says; refine and run it.
     */
    public Query<T> query() {
        return labelled(sessionOrRaise());
    }

    /** {@link #query()} with WHERE criteria added (SQLAlchemy's {@code filter}). */
    public Query<T> filter(ClauseElement... criteria) {
        return query().filter(criteria);
    }

    /** {@link #filter}, under the name a Core {@code Select} uses. */
    public Query<T> where(ClauseElement... criteria) {
        return query().filter(criteria);
    }

    /** {@link #query()} with equality criteria by attribute key: {@code filterBy(Map.of("email", "x"))}. */
    public Query<T> filterBy(Map<String, ?> values) {
        return query().filterBy(values);
    }

    /**
     * {@link #query()} with ORDER BY clauses added after the relationship's own; a lone null
     * takes the relationship's off instead (SQLAlchemy's {@code order_by(None)}):
     * {@code user.addresses.orderBy((ClauseElement) null).orderBy(ORM.attr(Address.class, "email")).all()}.
     */
    public Query<T> orderBy(ClauseElement... clauses) {
        return query().orderBy(clauses);
    }

    /** {@link #query()} with LIMIT {@code n}. */
    public Query<T> limit(int n) {
        return query().limit(n);
    }

    /** {@link #query()} with OFFSET {@code n}. */
    public Query<T> offset(int n) {
        return query().offset(n);
    }

    /** {@link #addAll}, under the name of SQLAlchemy's {@code AppenderQuery.extend}. */
    public void extend(Collection<? extends T> members) {
        addAll(members);
    }

    /**
     * Runs an UPDATE of the members' rows (SQLAlchemy's {@code AppenderQuery.update()}, one-to-many only) and returns
     * the number matched: {@code user.addresses.update(Map.of("email", "x"))} is
     * {@code UPDATE addresses SET email=? WHERE ? = addresses.user_id}. The relationship's ordering is left out
     * (SQLAlchemy refuses an ordered query's update; {@code orderBy(null).update(...)} there).
     */
    public int update(Map<?, ?> values) {
        return bulk("update()").update(values);
    }

    /** Runs a DELETE of the members' rows ({@link #update}'s criteria) and returns the number deleted. */
    public int delete() {
        return bulk("delete()").delete();
    }

    /** The members query without ordering, for a bulk statement; through an association table refused, as SQLAlchemy's. */
    private Query<T> bulk(String what) {
        if (bound().isManyToMany()) {
            throw new ArgumentException(what + " of dynamic " + relationship + ": its query selects from the association table too,"
                    + " which a bulk " + what + " cannot (SQLAlchemy's Query refuses it); a WriteOnlyCollection's " + what + " can");
        }
        return query().orderBy((ClauseElement) null);
    }

    /** The statement {@link #query()} runs, its columns unlabelled (SQLAlchemy's {@code .statement}). */
    public Select statement() {
        return membersQuery(sessionOrRaise()).statement();
    }

    /** The members, in the relationship's order (without a session: those added since the last flush). */
    @SuppressWarnings("unchecked")
    public List<T> all() {
        Session s = session();
        return s == null ? new ArrayList<>((List<T>) (List<?>) queuedAdds()) : labelled(s).all();
    }

    /** Runs {@link #all()}: each iteration queries again. */
    @Override
    public Iterator<T> iterator() {
        return all().iterator();
    }

    /** The number of members: {@code SELECT count(*) FROM (SELECT ... WHERE ? = addresses.user_id) AS anon_1}. */
    public long count() {
        Session s = session();
        return s == null ? queuedAdds().size() : labelled(s).count();
    }

    /** The first member ({@code LIMIT 1}), or null. */
    public T first() {
        List<T> r = window(0, 1);
        return r.isEmpty() ? null : r.get(0);
    }

    /** The only member; none, or more than one, raises {@link RetortException}. */
    public T one() {
        T r = oneOrNull();
        if (r == null) {
            throw new RetortException("No row was found for one()");
        }
        return r;
    }

    /** The only member, or null; more than one raises {@link RetortException}. */
    public T oneOrNull() {
        List<T> r = all();
        if (r.size() > 1) {
            throw new RetortException("Multiple rows were found for one(): " + r.size());
        }
        return r.isEmpty() ? null : r.get(0);
    }

    /** The member at {@code index} in the relationship's order ({@code LIMIT 1 OFFSET index}; SQLAlchemy's {@code [index]}). */
    public T get(int index) {
        List<T> r = window(index, index + 1);
        if (r.isEmpty()) {
            throw new ArgumentException("The dynamic collection has no member at index " + index);
        }
        return r.get(0);
    }

    /** The members from {@code from} up to {@code to} (exclusive) in the relationship's order (SQLAlchemy's {@code [from:to]}). */
    public List<T> slice(int from, int to) {
        return window(from, to);
    }

    private List<T> window(int from, int to) {
        if (from < 0 || to < 0) {
            throw new ArgumentException("negative indexes are not accepted by SQL index / slice operators");
        }
        if (to <= from) {
            return new ArrayList<>();
        }
        Session s = session();
        if (s == null) {
            List<T> added = all();
            return new ArrayList<>(added.subList(Math.min(from, added.size()), Math.min(to, added.size())));
        }
        Query<T> q = labelled(s).limit(to - from);
        // SQLAlchemy leaves OFFSET out for a window from the first member
        return (from == 0 ? q : q.offset(from)).all();
    }

    /** The members query in {@code s}, its columns labelled {@code addresses_id} as SQLAlchemy's legacy {@code Query} (an AppenderQuery is one) runs it. */
    private Query<T> labelled(Session s) {
        return membersQuery(s).labelStyle(LabelStyle.TABLENAME_PLUS_COL);
    }

    private Session sessionOrRaise() {
        Session s = session();
        if (s == null) {
            throw new RetortException("Parent instance " + (owner == null ? "(none yet)" : owner.instance) + " is not persistent in a session;"
                    + " the dynamic " + (relationship == null ? "collection" : relationship.toString()) + " cannot query its members");
        }
        return s;
    }

    /**
     * The parent's session, after its autoflush, when the parent is persistent in it; otherwise
     * null (SQLAlchemy's {@code AppenderMixin.session}): then the reads see the queued members.
     */
    private Session session() {
        Session s = owner == null ? null : owner.session;
        if (s != null) {
            s.autoflush();
        }
        return s != null && owner.hasKey() ? s : null;
    }

    @Override
    String kind() {
        return "dynamic";
    }
}
