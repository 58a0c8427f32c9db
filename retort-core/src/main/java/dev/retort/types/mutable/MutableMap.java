package dev.retort.types.mutable;

import dev.retort.types.TypeEngine;
import java.io.Serializable;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A map, in insertion order, that tells its {@link MutationListener}s of every change made to
 * it: {@code put}, {@code remove}, {@code clear}, {@code putAll}, {@code compute}, {@code merge},
 * changes through its views, iterators and entries. A value inside it changed in place is not
 * seen; call {@link #changed()} then, or compare with a {@link Snapshot}.
 *
 * <pre>{@code
 * TypeEngine<MutableMap<String, Object>> prefsType = MutableMap.asMutable(PickleType.builder().build());
 * MutableMap<String, Object> prefs = (MutableMap<String, Object>) row.get("prefs");   // read through prefsType
 * prefs.addListener(source -> session.markDirty(user, "prefs"));
 * prefs.put("theme", "dark");
 * }</pre>
 *
 * <p>It serializes, with Java serialization and as JSON, as a plain map.
 *
 * @param <K> the keys
 * @param <V> the values
 */
public final class MutableMap<K, V> extends AbstractMap<K, V> implements Mutable, Serializable {
    private static final long serialVersionUID = 1L;

    private final Map<K, V> map;
    private final transient MutationListeners listeners = new MutationListeners(this);
    private final transient Set<Entry<K, V>> entries = new Entries();

    /** An empty map. */
    public MutableMap() {
        this.map = new LinkedHashMap<>();
    }

    private MutableMap(Map<? extends K, ? extends V> contents) {
        this.map = new LinkedHashMap<>(contents);
    }

    /** A mutable copy of {@code contents}. */
    public static <K, V> MutableMap<K, V> copyOf(Map<? extends K, ? extends V> contents) {
        return new MutableMap<>(contents);
    }

    /**
     * A type that stores maps as {@code type} does and reads them back as {@code MutableMap}s,
     * so that in-place changes of a value read from the database can be heard of (the seeds'
     * {@code MutableDict.as_mutable}).
     */
    public static <K, V> TypeEngine<MutableMap<K, V>> asMutable(TypeEngine<Map<K, V>> type) {
        return MutableType.of(type, MutableMap.class, MutableMap::copyOf);
    }

    @Override
    public MutationListeners listeners() {
        return listeners;
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public boolean containsKey(Object key) {
        return map.containsKey(key);
    }

    @Override
    public boolean containsValue(Object value) {
        return map.containsValue(value);
    }

    @Override
    public V get(Object key) {
        return map.get(key);
    }

    @Override
    public V put(K key, V value) {
        V old = map.put(key, value);
        changed();
        return old;
    }

    @Override
    public V remove(Object key) {
        if (!map.containsKey(key)) {
            return null;
        }
        V old = map.remove(key);
        changed();
        return old;
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> m) {
        if (!m.isEmpty()) {
            map.putAll(m);
            changed();
        }
    }

    @Override
    public void clear() {
        if (!map.isEmpty()) {
            map.clear();
            changed();
        }
    }

    /** The entries; removing one, or setting its value, is a change. */
    @Override
    public Set<Entry<K, V>> entrySet() {
        return entries;
    }

    private final class Entries extends AbstractSet<Entry<K, V>> {
        @Override
        public int size() {
            return map.size();
        }

        @Override
        public boolean contains(Object o) {
            return map.entrySet().contains(o);
        }

        @Override
        public Iterator<Entry<K, V>> iterator() {
            Iterator<Entry<K, V>> it = map.entrySet().iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Entry<K, V> next() {
                    Entry<K, V> e = it.next();
                    return new SimpleEntry<>(e) {
                        @Override
                        public V setValue(V value) {
                            super.setValue(value);
                            V old = e.setValue(value);
                            changed();
                            return old;
                        }
                    };
                }

                @Override
                public void remove() {
                    it.remove();
                    changed();
                }
            };
        }
    }

    /** Written as the plain map it holds, which every reader knows. */
    private Object writeReplace() {
        return new LinkedHashMap<>(map);
    }
}
