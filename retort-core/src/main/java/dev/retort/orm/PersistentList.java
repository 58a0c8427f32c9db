package dev.retort.orm;

import dev.retort.exc.RetortException;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The list a session puts in a one-to-many field: it loads the collection with one SELECT the
 * first time it is used, unless a loader option filled it already. Adding a member sets the
 * member's back-reference to the owner, takes it out of its previous parent's list and (the
 * save-update cascade) into the owner's session; removing one clears the back-reference (see
 * {@link Backrefs}). A member is in the list once: adding it again changes nothing. The next flush finds the changes by
 * comparison with the loaded members.
 *
 * @param <E> the members' class
 */
final class PersistentList<E> extends AbstractList<E> implements RandomAccess {
    final InstanceState owner;
    private final RelationshipProp relationship;
    private ArrayList<E> items;
    /**
     * {@link #items} is also the owner's flushed snapshot of the collection ({@link #loadedSnapshot}): the first
     * change copies it, so that the snapshot keeps the members as loaded (a copy of every loaded collection for a
     * snapshot that most loads never compare with a change was a good part of what a joined load allocated).
     */
    private boolean shared;
    /** Loaded under {@code raiseLoad}: loading raises. */
    private boolean raise;

    PersistentList(InstanceState owner, RelationshipProp relationship, List<E> loaded) {
        this(loaded == null ? null : new ArrayList<>(loaded), owner, relationship);
    }

    private PersistentList(ArrayList<E> items, InstanceState owner, RelationshipProp relationship) {
        this.owner = owner;
        this.relationship = relationship;
        this.items = items;
    }

    /** A loaded list whose members are {@code members} itself, not a copy: a loader hands over a list no one else holds. */
    static <E> PersistentList<E> handedOver(InstanceState owner, RelationshipProp relationship, ArrayList<E> members) {
        return new PersistentList<>(members, owner, relationship);
    }

    /** This list, refusing to load ({@link ORM#raiseLoad}). */
    PersistentList<E> raising() {
        raise = true;
        return this;
    }

    /**
     * The loaded members, read-only, for the owner's flushed snapshot: shared with this list until its
     * first change, which copies them for itself (see {@link #own}).
     */
    List<E> loadedSnapshot() {
        shared = true;
        return java.util.Collections.unmodifiableList(items);
    }

    /** The members to change: no longer those the owner's snapshot shares (copied first if they are). */
    private ArrayList<E> own() {
        if (shared) {
            items = new ArrayList<>(items);
            shared = false;
        }
        return items;
    }

    /** Whether the members are here (loaded, or given by a loader). */
    boolean isLoaded() {
        return items != null;
    }

    /** The members, loaded after an autoflush on first read. */
    private List<E> items() {
        return load(true);
    }

    /**
     * The members, loaded for a change without an autoflush: a move half done (removed from one
     * list, not yet added to this one) must not be flushed, where it would look like an orphan.
     */
    private List<E> changing() {
        load(false);
        return own();
    }

    @SuppressWarnings("unchecked")
    private List<E> load(boolean flushFirst) {
        if (items == null) {
            if (raise) {
                throw new RetortException(relationship + " is not loaded (the query said raiseLoad); load it with joinedLoad or selectinLoad");
            }
            Session session = owner.session;
            if (session == null) {
                throw new RetortException("Cannot load " + relationship + ": its instance is no longer in a session (it was expunged, or the session closed)");
            }
            List<E> loaded = (List<E>) session.loadCollection(owner, relationship, flushFirst);
            // The loader's list, made for this call (the owner's snapshot is a copy of it): taken as it is, not copied again.
            items = loaded instanceof ArrayList<E> own ? own : new ArrayList<>(loaded);
            written();
        }
        return items;
    }

    @Override
    public E get(int index) {
        return items().get(index);
    }

    @Override
    public int size() {
        return items().size();
    }

    @Override
    public E set(int index, E element) {
        List<E> list = changing();
        E old = list.set(index, element);
        written();
        if (old == element) {
            return old;
        }
        // Collections.swap and List.sort set a member at its new place before its old place is overwritten: a member
        // still listed elsewhere has not left, and one listed already has not joined. One walk finds both (two were
        // made per set, which List.sort does for every member).
        boolean oldListed = false;
        boolean wasMember = false;
        for (int i = 0, n = list.size(); i < n && !(oldListed && wasMember); i++) {
            Object o = list.get(i);
            oldListed |= o == old;
            wasMember |= o == element && i != index;
        }
        if (!oldListed) {
            Backrefs.removed(owner, relationship, old);
        }
        if (!wasMember) {
            Backrefs.added(owner, relationship, element);
        }
        return old;
    }

    /**
     * Appends {@code element} unless it is a member already (a row belongs to a collection once); false then. A plain
     * assignment of its back-reference made since the last flush counts: cleared, it is no member any more.
     */
    @Override
    public boolean add(E element) {
        Backrefs.catchUp(owner, relationship, element);
        if (changing().stream().anyMatch(o -> o == element)) {
            return false;
        }
        add(items.size(), element);
        return true;
    }

    @Override
    public void add(int index, E element) {
        Backrefs.catchUp(owner, relationship, element);
        if (changing().stream().anyMatch(o -> o == element)) {
            return;
        }
        if (relationship.scalar && !items.isEmpty()) {
            remove(0);      // one member at most: the new one replaces it
        }
        own().add(index, element);
        modCount++;
        written();
        Backrefs.added(owner, relationship, element);
    }

    @Override
    public E remove(int index) {
        modCount++;
        E old = changing().remove(index);
        written();
        Backrefs.removed(owner, relationship, old);
        return old;
    }

    /** Removes {@code o}; a plain {@code o.parent = owner} assignment made since the last flush counts (the member is found). */
    @Override
    public boolean remove(Object o) {
        Backrefs.catchUp(owner, relationship, o);
        return super.remove(o);
    }

    @Override
    public boolean contains(Object o) {
        Backrefs.catchUp(owner, relationship, o);
        return super.contains(o);
    }

    @Override
    public int indexOf(Object o) {
        Backrefs.catchUp(owner, relationship, o);
        return super.indexOf(o);
    }

    /** Takes {@code member} out without touching its back-reference (the other side is being changed already). */
    void removeQuietly(Object member) {
        if (changedFromTheOtherSide() && items.stream().anyMatch(o -> o == member) && own().removeIf(o -> o == member)) {
            modCount++;
            written();
        }
    }

    /** Appends {@code member} if loaded (see {@link #changedFromTheOtherSide}) and not there yet, without touching its back-reference. */
    @SuppressWarnings("unchecked")
    void addQuietly(Object member) {
        if (changedFromTheOtherSide() && items.stream().noneMatch(o -> o == member)) {
            if (relationship.scalar) {
                own().clear();
            }
            own().add((E) member);
            modCount++;
            written();
        }
    }

    /**
     * Whether the members are here for a change made through the other side: an unloaded list stays so (the flush
     * writes the other side's change), except a many-to-many list that keeps positions, which loads (without an
     * autoflush; under {@code raiseLoad} it raises) because only it knows where a member goes: its rows are rewritten
     * from it, with positions, where Hibernate would write nothing for a change made on its {@code mappedBy} side alone.
     */
    private boolean changedFromTheOtherSide() {
        if (items == null && relationship.position != null && relationship.isManyToMany() && owner.session != null) {
            changing();
        }
        return items != null;
    }

    /** A scalar relationship's field follows its list ({@link RelationshipProp#scalar}). */
    private void written() {
        if (relationship.scalar && owner.instance != null) {
            relationship.accessor.set(owner.instance, owner, relationship.scalarOf(this));
        }
    }

    /** Shows the members if loaded; printing an unloaded list does not load it. */
    @Override
    public String toString() {
        return items == null ? "[not loaded: " + relationship + "]" : items.toString();
    }
}
