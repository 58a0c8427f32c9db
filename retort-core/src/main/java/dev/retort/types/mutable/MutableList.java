package dev.retort.types.mutable;

import dev.retort.types.TypeEngine;
import java.io.Serializable;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.RandomAccess;

/**
 * A list that tells its {@link MutationListener}s of every change made to it: {@code add},
 * {@code set}, {@code remove}, {@code clear}, {@code sort}, and changes through its iterators
 * and sub-lists. An element changed in place is not seen; call {@link #changed()} then, or
 * compare with a {@link Snapshot}.
 *
 * <pre>{@code
 * MutableList<String> tags = MutableList.copyOf(List.of("a", "b"));
 * tags.addListener(source -> dirty.set(true));
 * tags.add("c");
 * }</pre>
 *
 * <p>It serializes, with Java serialization and as JSON, as a plain list.
 *
 * @param <E> the elements
 */
public final class MutableList<E> extends AbstractList<E> implements RandomAccess, Mutable, Serializable {
    private static final long serialVersionUID = 1L;

    private final List<E> list;
    private final transient MutationListeners listeners = new MutationListeners(this);

    /** An empty list. */
    public MutableList() {
        this.list = new ArrayList<>();
    }

    private MutableList(Collection<? extends E> contents) {
        this.list = new ArrayList<>(contents);
    }

    /** A mutable copy of {@code contents}. */
    public static <E> MutableList<E> copyOf(Collection<? extends E> contents) {
        return new MutableList<>(contents);
    }

    /**
     * A type that stores lists as {@code type} does and reads them back as {@code
     * MutableList}s (the seeds' {@code MutableList.as_mutable}).
     */
    public static <E> TypeEngine<MutableList<E>> asMutable(TypeEngine<List<E>> type) {
        return MutableType.of(type, MutableList.class, MutableList::copyOf);
    }

    @Override
    public MutationListeners listeners() {
        return listeners;
    }

    @Override
    public E get(int index) {
        return list.get(index);
    }

    @Override
    public int size() {
        return list.size();
    }

    @Override
    public E set(int index, E element) {
        E old = list.set(index, element);
        changed();
        return old;
    }

    @Override
    public void add(int index, E element) {
        list.add(index, element);
        modCount++;
        changed();
    }

    @Override
    public E remove(int index) {
        E old = list.remove(index);
        modCount++;
        changed();
        return old;
    }

    @Override
    public boolean addAll(Collection<? extends E> c) {
        if (c.isEmpty()) {
            return false;
        }
        list.addAll(c);
        modCount++;
        changed();
        return true;
    }

    @Override
    public void clear() {
        if (!list.isEmpty()) {
            list.clear();
            modCount++;
            changed();
        }
    }

    @Override
    public void sort(Comparator<? super E> c) {
        list.sort(c);
        modCount++;
        changed();
    }

    /** Written as the plain list it holds, which every reader knows. */
    private Object writeReplace() {
        return new ArrayList<>(list);
    }
}
