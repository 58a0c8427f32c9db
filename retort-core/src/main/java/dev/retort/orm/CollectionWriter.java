package dev.retort.orm;

import dev.retort.exc.ArgumentException;
import dev.retort.sql.ColumnElement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What a {@link WriteOnlyCollection} and a {@link DynamicCollection} share (SQLAlchemy's
 * {@code _AbstractCollectionWriter}): the parent they are bound to, and the members added and
 * removed since the last flush, which the flush writes as a list's changes without loading the
 * collection ({@link UnitOfWork}).
 *
 * @param <T> the related class
 */
abstract sealed class CollectionWriter<T> permits WriteOnlyCollection, DynamicCollection {
    InstanceState owner;
    RelationshipProp relationship;
    /** The members added and removed since the last flush, each at most once, never in both. */
    private final List<Object> added = new ArrayList<>();
    private final List<Object> removed = new ArrayList<>();

    CollectionWriter() {
    }

    /** Queues {@code member} to join the collection at the next flush (and adds it to the parent's session, if any). */
    public void add(T member) {
        if (member == null) {
            throw new ArgumentException("A " + kind() + " collection holds no null");
        }
        refuseViewOnly("add");
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
        refuseViewOnly("remove");
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
    public Query<T> select() {
        return membersQuery(null);
    }

    /** {@link #select()} bound to {@code session}. */
    @SuppressWarnings("unchecked")
    final Query<T> membersQuery(Session session) {
        RelationshipProp r = bound();
        Query<Object> q = Query.of(session, r.targetEntity()).filter(r.lazyClause(owner, false));
        for (ColumnElement<?> ob : r.orderBy) {
            q = q.orderBy(r.onTarget(ob));
        }
        return (Query<T>) (Query<?>) q;
    }

    /**
     * A view-only relationship's collection is for queries: a change the flush would not write is refused (SQLAlchemy
     * takes it and writes nothing).
     */
    private void refuseViewOnly(String what) {
        if (relationship != null && relationship.isViewOnly()) {
            throw new ArgumentException(what + "() on the " + kind() + " collection of view-only " + relationship + ": a flush writes nothing for it");
        }
    }

    /** "write-only" or "dynamic", for messages. */
    abstract String kind();

    final RelationshipProp bound() {
        if (relationship == null) {
            throw new ArgumentException("This " + kind() + " collection has no parent yet: add its instance to a session, or load it");
        }
        return relationship;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + (relationship == null ? "unbound" : relationship.toString()) + ", " + added.size()
                + " added, " + removed.size() + " removed]";
    }

    // ---- the session's side ------------------------------------------------------------------

    /**
     * Gives each write-only or dynamic collection of {@code st} its parent (making one where the
     * field is null); returns the members queued to join them, for the session's save cascade.
     */
    static List<Object> bindAll(InstanceState st) {
        List<RelationshipProp> writeOnly = st.mapper.writeOnlyRelationships();
        if (writeOnly.isEmpty()) {
            return List.of();
        }
        List<Object> queued = new ArrayList<>();
        for (RelationshipProp r : writeOnly) {
            CollectionWriter<?> c = of(st, r);
            c.owner = st;
            c.relationship = r;
            queued.addAll(c.added);
            if (r.reverse != null && !r.reverse.collection) {
                // members added before the collection had its parent: their many-to-one backref agrees now, as add() does later
                for (Object m : c.added) {
                    if (r.reverse.get(m, null) == null) {
                        r.reverse.set(m, null, st.instance);
                    }
                }
            }
        }
        return queued;
    }

    /** The collection {@code r} of {@code st}: the field's, or a new one put there. */
    static CollectionWriter<?> of(InstanceState st, RelationshipProp r) {
        Object v = r.get(st.instance, st);
        Class<?> type = r.dynamic ? DynamicCollection.class : WriteOnlyCollection.class;
        if (type.isInstance(v)) {
            return (CollectionWriter<?>) v;
        }
        if (v != null) {
            throw new ArgumentException("Field '" + r.key + "' of " + st.instance + " holds " + v + ", not a " + type.getSimpleName());
        }
        CollectionWriter<?> c = r.dynamic ? new DynamicCollection<>() : new WriteOnlyCollection<>();
        r.set(st.instance, st, c);
        return c;
    }

    /**
     * Carries the queued changes of {@code source}'s collection {@code r} over to {@code target}'s
     * (a {@link Session#merge}), each member through {@code merge}: nothing is loaded, the flush
     * writes them as it would have written the source's.
     */
    @SuppressWarnings("unchecked")
    static void mergeQueues(Object source, InstanceState target, RelationshipProp r, UnaryOperator<Object> merge) {
        if (!(r.get(source, null) instanceof CollectionWriter<?> from) || from.added.isEmpty() && from.removed.isEmpty()) {
            return;
        }
        CollectionWriter<Object> to = (CollectionWriter<Object>) of(target, r);
        for (Object m : List.copyOf(from.added)) {
            to.add(merge.apply(m));
        }
        for (Object m : List.copyOf(from.removed)) {
            to.remove(merge.apply(m));
        }
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
