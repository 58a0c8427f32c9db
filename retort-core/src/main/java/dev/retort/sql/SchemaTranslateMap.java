package dev.retort.sql;

import dev.retort.exc.ArgumentException;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * SQLAlchemy's {@code schema_translate_map}: which schema the tables, indexes and sequences of
 * one schema render in, at compile time. A key of {@code null} stands for the objects without
 * a schema; a value of {@code null} renders the objects unqualified (the database's default
 * schema). Lightweight {@code table(...)} constructs keep their schema, as in SQLAlchemy.
 * Immutable; equal maps are equal, so that caches key on it.
 *
 * <pre>{@code
 * Map<String, String> m = new HashMap<>();
 * m.put(null, "tenant_42");                   // tables without schema
 * m.put("shared", "shared_v2");
 * select(users).compile(Dialects.postgresql(), SchemaTranslateMap.of(m)).string();   // ... FROM tenant_42.users
 * Engine tenant = engine.withSchemaTranslateMap(Map.of("tenant", "tenant_42"));
 * }</pre>
 */
public final class SchemaTranslateMap {
    private final Map<String, String> map;
    private final int hash;
    /** {@link #toString()}, once written (a benign race: every thread writes the same text). */
    private String text;

    private SchemaTranslateMap(Map<String, String> map) {
        this.map = map;
        this.hash = map.hashCode();
    }

    /**
     * The map of {@code translations} (copied), or null when it is empty or null (no
     * translation). A schema name holding {@code [} or {@code ]} raises {@link ArgumentException},
     * as SQLAlchemy refuses it; so does an empty name (null, not {@code ""}, is the default
     * schema) and one holding a NUL character, which no database takes.
     */
    public static SchemaTranslateMap of(Map<String, String> translations) {
        if (translations == null || translations.isEmpty()) {
            return null;
        }
        Map<String, String> copy = new HashMap<>(translations);
        copy.forEach((from, to) -> {
            for (String name : new String[] {from, to}) {
                if (name != null && (name.indexOf('[') >= 0 || name.indexOf(']') >= 0)) {
                    throw new ArgumentException("Square bracket characters ([]) not supported in schema translate name '" + name + "'");
                }
                if (name != null && name.isEmpty()) {
                    // "" would be written as the zero-length name "" (``), which the database refuses when the statement runs
                    throw new ArgumentException("An empty schema translate name: give null for tables without schema (the default schema)");
                }
                Identifiers.check(name, "schema translate");
            }
        });
        return new SchemaTranslateMap(Collections.unmodifiableMap(copy));
    }

    /** The schema an object of schema {@code schema} (null: none) renders in. */
    public String schemaFor(String schema) {
        return map.containsKey(schema) ? map.get(schema) : schema;
    }

    /** The translations, read-only (may hold a null key and null values). */
    public Map<String, String> asMap() {
        return map;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof SchemaTranslateMap m && m.hash == hash && m.map.equals(map);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /**
     * The translations in key order, {@code None} for a null schema: the same text in every
     * process. Written once: a result cache puts it in every key it makes.
     */
    @Override
    public String toString() {
        String t = text;
        if (t == null) {
            t = text();
            text = t;
        }
        return t;
    }

    private String text() {
        Map<String, String> sorted = new TreeMap<>(Comparator.nullsFirst(Comparator.<String>naturalOrder()));
        sorted.putAll(map);
        StringBuilder out = new StringBuilder("{");
        sorted.forEach((k, v) -> out.append(out.length() > 1 ? ", " : "").append(quoted(k)).append(": ").append(quoted(v)));
        return out.append('}').toString();
    }

    private static String quoted(String s) {
        return s == null ? "None" : "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

}
