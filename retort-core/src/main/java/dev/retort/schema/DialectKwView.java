package dev.retort.schema;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/** The writable flat map {@link DialectKwArgs#dialectKwargs()} returns; reads see the latest options. */
final class DialectKwView extends AbstractMap<String, Object> {
    private final DialectKwArgs.Store store;

    DialectKwView(DialectKwArgs.Store store) {
        this.store = store;
    }

    @Override
    public Object get(Object key) {
        return store.sorted().get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return store.sorted().containsKey(key);
    }

    /** Validates and sets, as {@link DialectKwArgs#dialectKw} does. */
    @Override
    public Object put(String key, Object value) {
        Object prior = get(key);
        store.put(key, value);
        return prior;
    }

    @Override
    public Object remove(Object key) {
        return key instanceof String k ? store.remove(k) : null;
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return store.sorted().entrySet();
    }
}
