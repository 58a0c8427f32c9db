package dev.retort.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.retort.sql.CacheKey;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Compiled;
import dev.retort.sql.Compiled.BoundSql;
import dev.retort.sql.SchemaTranslateMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * An engine's compiled statements, by shape: the statement's {@link CacheKey} and the names of
 * the execution's parameters (which choose the columns of an {@code insert(table)} without
 * values) and the connection's schema translations (each map has its own compiled forms, written
 * with its schemas), for the engine's one dialect and no compile options. Bounded (Caffeine evicts what is
 * least likely to be used again). A hit costs no compiling: the new statement's values are bound
 * into the cached compiled form by position.
 */
final class CompiledCache {
    /**
     * Each entry is kept as the look-up a hit returns, so that a hit allocates nothing. Keyed by
     * the statement's {@link CacheKey} itself when the execution names no parameters and
     * translates no schema (the common case: no wrapper to allocate and hash), else by a
     * {@link Key} of all three; the two never equal each other.
     */
    private final Cache<Object, Lookup> entries;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder uncached = new LongAdder();
    /**
     * The last look-up that hit or was kept, with its statement and names: the same statement
     * object run again (a planned query, such as an ORM session's get by key) is found by identity,
     * without hashing a key and searching the cache. Statements are immutable, so the same object
     * has the same shape. Set by every kept entry too, so that (on one thread) it is never an
     * entry evicted since; another thread's eviction only leaves a valid compiled form in use.
     */
    private volatile Last last;

    /** A statement object, the parameter names it was looked up with, and what the look-up gave. */
    private record Last(ClauseElement statement, Set<String> keys, SchemaTranslateMap translate, Lookup lookup) {
    }

    /** A cache of {@code capacity} entries; 0 compiles on every execution. */
    CompiledCache(int capacity) {
        // Maintenance runs on the calling thread: no background work, and sizes tests can read.
        this.entries = capacity == 0 ? null : Caffeine.newBuilder().maximumSize(capacity).executor(Runnable::run).build();
    }

    /** Compiles a statement for a parameter map with the given keys (on a miss). */
    @FunctionalInterface
    interface Compiler {
        Compiled compile(ClauseElement statement, Set<String> keys, SchemaTranslateMap translate);
    }

    /**
     * What executing {@code statement} with parameters named {@code keys} runs: from the cache
     * when a statement of the same shape ran before, else compiled by {@code compiler} (and kept,
     * unless the statement has no cache key or the cache is off). The compiler is passed the
     * statement rather than capturing it, so that a hit allocates no lambda.
     */
    Lookup get(ClauseElement statement, Set<String> keys, SchemaTranslateMap translate, Compiler compiler) {
        Last l = last;
        if (l != null && l.statement == statement && l.keys.equals(keys) && Objects.equals(l.translate, translate)) {
            hits.increment();
            return l.lookup;
        }
        CacheKey key = statement.cacheKey();
        if (key == null || entries == null) {
            uncached.increment();
            return new Lookup(new Entry(compiler.compile(statement, keys, translate), null), Execution.CacheOutcome.UNCACHED);
        }
        boolean bare = keys.isEmpty() && translate == null;
        // Looked up with the names as given (sets of equal names are equal, with equal hashes); copied only into a key that is kept.
        Lookup hit = entries.getIfPresent(bare ? key : new Key(key, keys, translate));
        if (hit != null) {
            hits.increment();
            last = new Last(statement, keys.isEmpty() ? Set.of() : Set.copyOf(keys), translate, hit);
            return hit;
        }
        misses.increment();
        Object k = bare ? key : new Key(key, Set.copyOf(keys), translate);
        // Compiled outside any lock: other threads need not wait, and compiling twice is harmless.
        Compiled compiled = compiler.compile(statement, keys, translate);
        Lookup fresh = new Lookup(new Entry(compiled, compiled.positionsIn(key)), Execution.CacheOutcome.HIT);
        Lookup kept = entries.asMap().putIfAbsent(k, fresh);
        kept = kept != null ? kept : fresh;
        last = new Last(statement, keys.isEmpty() ? Set.of() : Set.copyOf(keys), translate, kept);
        return new Lookup(kept.entry(), Execution.CacheOutcome.MISS);
    }

    /** A compiled form, and whether this look-up found it in the cache. */
    record Lookup(Entry entry, Execution.CacheOutcome outcome) {
    }

    /** Hits, misses and executions that bypassed the cache, so far. */
    Engine.CacheStats stats() {
        return new Engine.CacheStats(hits.sum(), misses.sum(), uncached.sum(), entries == null ? 0 : entries.estimatedSize());
    }

    /**
     * A compiled form, and where its parameters sit in the cache key it was compiled under
     * (null when it is not shared, and binds its own statement's values).
     */
    record Entry(Compiled compiled, Compiled.Positions positions) {
        /** The SQL and values for executing {@code statement}, whose shape this entry is. */
        BoundSql bind(ClauseElement statement, Map<String, ?> params) {
            return positions == null ? compiled.bind(params) : compiled.bind(positions, statement.cacheKey(), params);
        }
    }

    /**
     * The cache's key for an execution that names parameters or translates schemas. Written out rather than a record:
     * a record's generated {@code equals} goes through an invokedynamic call site that the hash
     * map's megamorphic call does not inline.
     */
    private static final class Key {
        private final CacheKey statement;
        private final Set<String> parameterNames;
        /** Null when no schema is translated. */
        private final SchemaTranslateMap translate;
        private final int hash;

        Key(CacheKey statement, Set<String> parameterNames, SchemaTranslateMap translate) {
            this.statement = statement;
            this.parameterNames = parameterNames;
            this.translate = translate;
            this.hash = (statement.hashCode() * 31 + parameterNames.hashCode()) * 31 + Objects.hashCode(translate);
        }

        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Key k && k.hash == hash && k.statement.equals(statement) && k.parameterNames.equals(parameterNames)
                    && Objects.equals(k.translate, translate);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
