package dev.retort.orm;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The list a session puts in a one-to-many field: it loads the collection with one SELECT the
 * first time it is used, unless a loader option filled it already. Changes to it (or a list put
 * in the field instead) are found by the next flush, by comparison with the loaded members.
 *
 * @param <E> the members' class
 */
final class PersistentList<E> extends AbstractList<E> implements RandomAccess {
    private final Session session;
    private final InstanceState owner;
    private final RelationshipProp relationship;
    private List<E> items;

    PersistentList(Session session, InstanceState owner, RelationshipProp relationship, List<E> loaded) {
        this.session = session;
        this.owner = owner;
        this.relationship = relationship;
        this.items = loaded == null ? null : new ArrayList<>(loaded);
    }

    /** Whether the members are here (loaded, or given by a loader). */
    boolean isLoaded() {
        return items != null;
    }

    @SuppressWarnings("unchecked")
    private List<E> items() {
        if (items == null) {
            items = new ArrayList<>((List<E>) session.loadCollection(owner, relationship));
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
        return items().set(index, element);
    }

    @Override
    public void add(int index, E element) {
        items().add(index, element);
        modCount++;
    }

    @Override
    public E remove(int index) {
        modCount++;
        return items().remove(index);
    }

    /** Shows the members if loaded; printing an unloaded list does not load it. */
    @Override
    public String toString() {
        return items == null ? "[not loaded: " + relationship + "]" : items.toString();
    }
}
