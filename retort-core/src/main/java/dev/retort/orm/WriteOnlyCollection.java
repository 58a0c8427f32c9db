package dev.retort.orm;

import dev.retort.exc.ArgumentException;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.Delete;
import dev.retort.sql.Insert;
import dev.retort.sql.SQL;
import dev.retort.sql.Update;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A collection that never loads (SQLAlchemy's {@code WriteOnlyCollection}, for
 * {@code relationship(lazy="write_only")} and {@code WriteOnlyMapped}): for a one-to-many or
 * many-to-many relationship too large to hold in memory. Declaring the relationship's field a
 * {@code WriteOnlyCollection} makes it write-only (with {@link Registry#mapImperatively} as with
 * Jakarta annotations' {@code @OneToMany} / {@code @ManyToMany}). Its members are read with
 * {@link #select()}, a query of the target filtered by the parent to refine and run in a session;
 * {@link #add}, {@link #addAll} and {@link #remove} are queued and written by the next flush: a
 * member's foreign key set or set to NULL (deleted with {@code delete-orphan}), or the association
 * row inserted or deleted. Deleting the parent leaves the rows that refer to it to the database
 * (an {@code ON DELETE} rule, SQLAlchemy's {@code passive_deletes}); a many-to-many parent's
 * association rows are deleted.
 *
 * <pre>{@code
 * public class User { Integer id; WriteOnlyCollection<Address> addresses = new WriteOnlyCollection<>(); }
 * registry.mapImperatively(User.class, users, Map.of("addresses", ORM.relationship(Address.class).backref("user")));
 *
 * user.addresses.add(address);                   // queued; session.flush() sets address.user_id
 * List<Address> some = session.execute(user.addresses.select()
 *         .filter(ORM.attr(Address.class, "email").like("%@example.com"))
 *         .orderBy(ORM.attr(Address.class, "id")).limit(10)).scalars();
 * // SELECT ... FROM addresses WHERE ? = addresses.user_id AND addresses.email LIKE ? ORDER BY addresses.id LIMIT ?
 * }</pre>
 *
 * <p>A collection the application made (the field's initialiser) is bound to its parent when the
 * parent joins a session or loads; {@link #select()} and the DML methods need that. Not thread-safe.
 *
 * @param <T> the related class
 */
public final class WriteOnlyCollection<T> {
    private InstanceState owner;
    private RelationshipProp relationship;
    /** The members added and removed since the last flush, each at most once, never in both. */
    private final List<Object> added = new ArrayList<>();
    private final List<Object> removed = new ArrayList<>();

    /** An empty collection, bound to its parent when the parent joins a session or loads. */
    public WriteOnlyCollection() {
    }

    /** Queues {@code member} to join the collection at the next flush (and adds it to the parent's session, if any). */
    public void add(T member) {
        if (member == null) {
            throw new ArgumentException("A write-only collection holds no null");
        }
        if (!removeSame(removed, member) && !containsSame(added, member)) {
            added.add(member);
        }
        if (relationship != null && relationship.reverse != null && !relationship.reverse.collection) {
            // the member's many-to-one backref agrees at once, as SQLAlchemy's append event sets it
            relationship.reverse.set(member, null, owner.instance);
        }
        if (owner != null && owner.session != null) {
            owner.session.add(member);
        }
    }

    /** {@link #add} for each member (SQLAlchemy's {@code add_all}). */
    public void addAll(Collection<? extends T> members) {
        members.forEach(this::add);
    }

    /** Queues {@code member} to leave the collection at the next flush. */
    public void remove(T member) {
        if (!removeSame(added, member) && !containsSame(removed, member)) {
            removed.add(member);
        }
        if (relationship != null && relationship.reverse != null && !relationship.reverse.collection
                && relationship.reverse.get(member, null) == owner.instance) {
            relationship.reverse.set(member, null, null);
        }
    }

    /**
     * A query of the members in the database, unbound to a session: the target class filtered by
     * the parent's key ({@code ? = addresses.user_id}; through an association table,
     * {@code ? = post_tags.post_id AND tags.id = post_tags.tag_id}), ordered as the relationship
     * says. Queued changes are in it once flushed (an autoflush does that when a session runs it).
     */
    @SuppressWarnings("unchecked")
    public Query<T> select() {
        RelationshipProp r = bound();
        Query<Object> q = Query.of(null, r.targetEntity()).filter(r.lazyClause(owner));
        for (ColumnElement<?> ob : r.orderBy) {
            q = q.orderBy(r.onTarget(ob));
        }
        return (Query<T>) (Query<?>) q;
    }

    /** An INSERT into the target's table with the foreign key set to the parent's key (one-to-many only): add {@code values} to it. */
    public Insert insert() {
        RelationshipProp r = oneToMany("insert()");
        Map<Object, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < r.referenced.size(); i++) {
            values.put(r.referencing.get(i), owner.mapper.columnProp(r.referenced.get(i)).get(owner.instance, owner));
        }
        return SQL.insert(r.target.table()).values(values);
    }

    /** An UPDATE of the target's rows that refer to the parent (one-to-many only): give it its values. */
    public Update update() {
        RelationshipProp r = oneToMany("update()");
        return SQL.update(r.target.table()).where(r.lazyClause(owner));
    }

    /** A DELETE of the target's rows that refer to the parent (one-to-many only). */
    public Delete delete() {
        RelationshipProp r = oneToMany("delete()");
        return SQL.delete(r.target.table()).where(r.lazyClause(owner));
    }

    private RelationshipProp oneToMany(String what) {
        RelationshipProp r = bound();
        if (r.isManyToMany() || r.declared.join() != null) {
            throw new ArgumentException(what + " of write-only " + r + " needs a one-to-many relationship of foreign keys");
        }
        return r;
    }

    private RelationshipProp bound() {
        if (relationship == null) {
            throw new ArgumentException("This write-only collection has no parent yet: add its instance to a session, or load it");
        }
        return relationship;
    }

    @Override
    public String toString() {
        return "WriteOnlyCollection[" + (relationship == null ? "unbound" : relationship.toString()) + ", " + added.size() + " added, "
                + removed.size() + " removed]";
    }

    // ---- the session's side ------------------------------------------------------------------

    /**
     * Gives each write-only collection of {@code st} its parent (making one where the field is
     * null); returns the members queued to join them, for the session's save cascade.
     */
    static List<Object> bindAll(InstanceState st) {
        List<RelationshipProp> writeOnly = st.mapper.writeOnlyRelationships();
        if (writeOnly.isEmpty()) {
            return List.of();
        }
        List<Object> queued = new ArrayList<>();
        for (RelationshipProp r : writeOnly) {
            WriteOnlyCollection<?> c = of(st, r);
            c.owner = st;
            c.relationship = r;
            queued.addAll(c.added);
        }
        return queued;
    }

    /** The collection {@code r} of {@code st}: the field's, or a new one put there. */
    static WriteOnlyCollection<?> of(InstanceState st, RelationshipProp r) {
        Object v = r.get(st.instance, st);
        if (v instanceof WriteOnlyCollection<?> c) {
            return c;
        }
        if (v != null) {
            throw new ArgumentException("Field '" + r.key + "' of " + st.instance + " holds " + v + ", not a WriteOnlyCollection");
        }
        WriteOnlyCollection<Object> c = new WriteOnlyCollection<>();
        r.set(st.instance, st, c);
        return c;
    }

    /** The members queued to join since the last flush. */
    List<Object> queuedAdds() {
        return added;
    }

    /** The members queued to leave since the last flush. */
    List<Object> queuedRemoves() {
        return removed;
    }

    /** Empties the queues (a flush took them); the returned action puts them back (the flush failed). */
    Runnable drain() {
        List<Object> a = new ArrayList<>(added);
        List<Object> r = new ArrayList<>(removed);
        added.clear();
        removed.clear();
        return () -> {
            added.clear();
            added.addAll(a);
            removed.clear();
            removed.addAll(r);
        };
    }

    private static boolean containsSame(List<Object> list, Object o) {
        for (Object x : list) {
            if (x == o) {
                return true;
            }
        }
        return false;
    }

    private static boolean removeSame(List<Object> list, Object o) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == o) {
                list.remove(i);
                return true;
            }
        }
        return false;
    }
}
