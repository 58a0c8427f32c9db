package dev.retort.engine;

import dev.retort.sql.ClauseElement;
import dev.retort.sql.Compiled;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The compiled forms of recently executed statements, least recently used first out. Statements
 * are immutable, so a statement object compiles to the same SQL every time it runs with the same
 * parameter names; a statement kept in a field and executed repeatedly compiles once.
 */
final class CompiledCache {
    private final int capacity;
    private final Map<Key, Compiled> entries;

    CompiledCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Compiled> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The compiled form of {@code statement} for parameter names {@code keys}, compiled by {@code compile} when missing. */
    Compiled get(ClauseElement statement, Set<String> keys, Supplier<Compiled> compile) {
        if (capacity == 0) {
            return compile.get();
        }
        Key key = new Key(statement, Set.copyOf(keys));
        synchronized (entries) {
            Compiled c = entries.get(key);
            if (c != null) {
                return c;
            }
        }
        // Compiled outside the lock: other threads need not wait for it, and compiling twice is harmless.
        Compiled c = compile.get();
        synchronized (entries) {
            entries.put(key, c);
        }
        return c;
    }

    /** A statement by identity (its equality may be structural) and the parameter names. */
    private static final class Key {
        private final ClauseElement statement;
        private final Set<String> keys;

        Key(ClauseElement statement, Set<String> keys) {
            this.statement = statement;
            this.keys = keys;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.statement == statement && k.keys.equals(keys);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(statement) * 31 + keys.hashCode();
        }
    }
}
