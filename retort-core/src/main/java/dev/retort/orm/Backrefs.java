package dev.retort.orm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Keeps both sides of a relationship with a backref in agreement in memory, as the seeds'
 * backref events do: a member added to {@code b.children} refers to {@code b} and leaves the
 * list of its previous parent; a member removed from it refers to no parent; a many-to-one
 * field set to {@code b} puts the instance in {@code b}'s loaded list and takes it out of the
 * old parent's.
 *
 * <p>Changes through a session's collections ({@link PersistentList}) apply at once. A plain
 * field assignment ({@code c.parent = b}, or a list put in a collection field) cannot be seen
 * when it happens; {@link #reconcile} applies it at the session's next {@code add}, {@code merge}
 * or flush — every query and lazy load begins with an autoflush — by comparing the field with
 * what was last seen in it ({@link InstanceState#seen}).
 */
final class Backrefs {
    private Backrefs() {
    }

    /** {@code member} was added to {@code owner}'s collection {@code r}. */
    static void added(InstanceState owner, RelationshipProp r, Object member) {
        RelationshipProp ref = r.reverse;
        Session session = owner.session;
        if (member == null || r.isViewOnly()) {
            return;     // a view-only collection cascades nothing
        }
        if (ref == null) {
            if (session != null && !session.contains(member) && !owner.markedForDelete) {
                session.add(member);
            }
            return;
        }
        InstanceState ms = session == null ? null : session.state(member);
        if (ref.collection) {
            // Many-to-many: the member's own collection gains the owner; it may be in others too.
            appendTo(session, member, ref, owner.instance);
            if (ms == null && session != null && owner.status != InstanceState.Status.DELETED && !owner.markedForDelete) {
                session.add(member);
            }
            return;
        }
        Object current = ref.get(member, ms);
        Object seen = ms == null ? null : ms.seen(ref);
        if (current != null && current != owner.instance) {
            removeFrom(session, current, r, member);
        }
        if (seen != null && seen != InstanceState.NOT_LOADED && seen != current && seen != owner.instance) {
            removeFrom(session, seen, r, member);
        }
        ref.set(member, ms, owner.instance);
        if (ms != null) {
            ms.setSeen(ref, owner.instance);
        } else if (session != null && owner.status != InstanceState.Status.DELETED && !owner.markedForDelete) {
            session.add(member);
        }
    }

    /** {@code member} was removed from {@code owner}'s collection {@code r}. */
    static void removed(InstanceState owner, RelationshipProp r, Object member) {
        RelationshipProp ref = r.reverse;
        if (member == null) {
            return;
        }
        InstanceState ms = owner.session == null ? null : owner.session.state(member);
        if (ms != null && ms.status == InstanceState.Status.PENDING && r.deleteOrphan && !r.isManyToMany()) {
            ms.leftAsOrphan(r);
        }
        if (ref == null) {
            return;
        }
        if (ref.collection) {
            removeFrom(owner.session, member, ref, owner.instance);
            return;
        }
        if (ref.get(member, ms) == owner.instance) {
            ref.set(member, ms, null);
        }
        if (ms != null && ms.seen(ref) == owner.instance) {
            ms.setSeen(ref, null);
        }
    }

    /**
     * Applies a plain assignment of {@code member}'s back-reference made since the last flush,
     * before an operation on {@code owner}'s collection {@code r} looks for the member.
     */
    static void catchUp(InstanceState owner, RelationshipProp r, Object member) {
        Session session = owner.session;
        InstanceState ms = session == null || r.reverse == null || r.reverse.collection || member == null ? null : session.state(member);
        // a subclass instance's reference to the owner counts as its base's does
        if (ms != null && r.target.mappedClass().isInstance(ms.instance)) {
            reference(session, ms, r.reverse);
        }
    }

    /** Applies the application's plain field assignments to {@code st}'s relationships since they were last seen. */
    static void reconcile(Session session, InstanceState st) {
        // By index: a flush reconciles every instance, and an iterator each was most of what that allocated.
        List<RelationshipProp> relationships = st.mapper.relationships();
        for (int i = 0, n = relationships.size(); i < n; i++) {
            RelationshipProp r = relationships.get(i);
            if (r.collection) {
                collection(session, st, r);
            } else if (r.reverse != null) {
                reference(session, st, r);
            }
        }
    }

    private static void reference(Session session, InstanceState st, RelationshipProp r) {
        Object current = r.get(st.instance, st);
        Object seen = st.seen(r) == InstanceState.NOT_LOADED ? null : st.seen(r);
        if (current == seen) {
            return;
        }
        if (seen != null) {
            removeFrom(session, seen, r.reverse, st.instance);
        }
        if (current != null) {
            appendTo(session, current, r.reverse, st.instance);
        }
        st.setSeen(r, current);
    }

    /** Puts a {@link PersistentList} of {@code st}'s own in the field, and applies a replaced list's differences to the members. */
    private static void collection(Session session, InstanceState st, RelationshipProp r) {
        Object value = r.get(st.instance, st);
        if (value instanceof PersistentList<?> p && p.owner == st) {
            if (st.seen(r) != value) {
                st.setSeen(r, value);
            }
            return;
        }
        if (value instanceof PersistentList<?> p && !p.isLoaded()) {
            // The unloaded list of an earlier session (the instance was detached): it loads from this one.
            install(st, r, null);
            return;
        }
        List<?> now = value == null ? List.of() : new ArrayList<>((List<?>) value);
        Object installed = st.seen(r);
        List<?> before = List.of();
        if (installed instanceof PersistentList<?> p && p.owner == st) {
            before = p.isLoaded() ? new ArrayList<>(p) : session.loadCollection(st, r, false);
        }
        List<?> gone = minus(before, now);
        List<?> come = minus(now, before);
        install(st, r, now);
        gone.forEach(m -> removed(st, r, m));
        come.forEach(m -> added(st, r, m));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void install(InstanceState st, RelationshipProp r, List<?> members) {
        PersistentList<?> list = new PersistentList(st, r, members);
        r.set(st.instance, st, list);
        st.setSeen(r, list);
    }

    /** Takes {@code member} out of {@code parent}'s collection {@code r} if it is in memory. */
    private static void removeFrom(Session session, Object parent, RelationshipProp r, Object member) {
        InstanceState ps = session == null ? null : session.state(parent);
        Object value = r.get(parent, ps);
        if (value instanceof PersistentList<?> p) {
            p.removeQuietly(member);
        } else if (value instanceof List<?> l && l.stream().anyMatch(o -> o == member)) {
            List<Object> copy = new ArrayList<>(l);
            copy.removeIf(o -> o == member);
            replace(r, parent, ps, l, copy);
        }
    }

    /** Appends {@code member} to {@code parent}'s collection {@code r} if it is in memory and lacks it. */
    private static void appendTo(Session session, Object parent, RelationshipProp r, Object member) {
        InstanceState ps = session == null ? null : session.state(parent);
        Object value = r.get(parent, ps);
        if (value instanceof PersistentList<?> p) {
            p.addQuietly(member);
        } else if (value == null) {
            r.set(parent, ps, new ArrayList<>(List.of(member)));
        } else if (((List<?>) value).stream().noneMatch(o -> o == member)) {
            List<Object> copy = new ArrayList<>((List<?>) value);
            copy.add(member);
            replace(r, parent, ps, (List<?>) value, copy);
        }
    }

    /**
     * Makes {@code parent}'s plain list equal to {@code wanted}: in place when the list can change
     * (the application may hold it), else by putting a new list in the field.
     */
    @SuppressWarnings("unchecked")
    private static void replace(RelationshipProp r, Object parent, InstanceState ps, List<?> list, List<Object> wanted) {
        try {
            List<Object> l = (List<Object>) list;
            l.clear();
            l.addAll(wanted);
        } catch (UnsupportedOperationException immutable) {
            r.set(parent, ps, wanted);
        }
    }

    static List<Object> minus(List<?> a, List<?> b) {
        Set<Object> exclude = Collections.newSetFromMap(new IdentityHashMap<>());
        exclude.addAll(b);
        List<Object> out = new ArrayList<>();
        for (Object o : a) {
            if (!exclude.contains(o)) {
                out.add(o);
            }
        }
        return out;
    }
}
