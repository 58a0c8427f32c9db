package dev.retort.schema;

import dev.retort.exc.NoSuchTableException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * Which tables {@link MetaData#reflect(dev.retort.engine.Engine, ReflectOptions)} loads: those of
 * one schema (default: the connection's own), all of them or {@code only} some; SQLAlchemy's
 * {@code schema} and {@code only} arguments. Tables that a chosen table's foreign keys refer to
 * are loaded too, so that every key resolves. Immutable.
 *
 * <pre>{@code
 * metadata.reflect(engine, ReflectOptions.builder().only("users", "orders").build());
 * metadata.reflect(engine, ReflectOptions.builder().schema("sales").only(name -> name.startsWith("report_")).build());
 * metadata.table("sales.report_daily");        // tables of a named schema are keyed "schema.name"
 * }</pre>
 */
public final class ReflectOptions {
    private static final ReflectOptions DEFAULTS = builder().build();

    private final String schema;
    private final List<String> names;
    private final Predicate<String> filter;
    private final boolean views;

    private ReflectOptions(Builder b) {
        this.schema = b.schema;
        this.names = b.names;
        this.filter = b.filter;
        this.views = b.views;
    }

    /** Every table of the connection's own schema. */
    public static ReflectOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The schema to read, or null for the connection's own (whose tables are keyed by name alone). */
    public String schema() {
        return schema;
    }

    /** Whether views are loaded too, as read-only tables with their definition. */
    public boolean views() {
        return views;
    }

    /**
     * The tables to load out of those the schema has. Tables asked for by name must all be there:
     * otherwise {@link NoSuchTableException} names the missing ones.
     */
    List<String> select(List<String> available, String where) {
        if (names == null) {
            return available.stream().filter(filter).toList();
        }
        List<String> missing = new ArrayList<>(names);
        missing.removeAll(available);
        if (!missing.isEmpty()) {
            throw new NoSuchTableException("Could not reflect " + String.join(", ", missing) + ": no such table in " + where
                    + (available.isEmpty() ? ", which has no tables" : "; it has: " + String.join(", ", available)));
        }
        return names;
    }

    /** Builds {@link ReflectOptions}. */
    public static final class Builder {
        private String schema;
        private List<String> names;
        private Predicate<String> filter = name -> true;
        private boolean views;

        private Builder() {
        }

        /** Loads the schema's views too (chosen by {@code only} like tables), as tables with {@link Table#viewDefinition()}; SQLAlchemy's {@code views=True}. */
        public Builder views(boolean include) {
            this.views = include;
            return this;
        }

        /** Reads this schema (a PostgreSQL schema, a MySQL database, an attached SQLite database) instead of the connection's own. */
        public Builder schema(String schema) {
            this.schema = schema;
            return this;
        }

        /** Only these tables (and those their foreign keys refer to); each must exist. */
        public Builder only(String... names) {
            return only(List.of(names));
        }

        /** Only these tables (and those their foreign keys refer to); each must exist. */
        public Builder only(Collection<String> names) {
            this.names = List.copyOf(names);
            return this;
        }

        /** Only the tables whose names pass the test (and those their foreign keys refer to). */
        public Builder only(Predicate<String> test) {
            this.names = null;
            this.filter = test;
            return this;
        }

        public ReflectOptions build() {
            return new ReflectOptions(this);
        }
    }
}
