package dev.retort.schema;

import dev.retort.dialect.Dialect;
import dev.retort.exc.ArgumentException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Options for one database on a schema construct ({@link Table}, {@link Column}, {@link Index},
 * every {@link Constraint}), named {@code <dialect>_<argument>}: SQLAlchemy's
 * {@code DialectKWArgs}. A dialect declares which arguments it accepts on which construct, with
 * defaults ({@link Dialect#constructArguments()}); a key naming a known dialect is checked
 * against that when it is set, and the dialect's compiler honours the options in its DDL.
 *
 * <pre>{@code
 * Index ix = new Index("ix_name", users.c("name")).dialectKw("postgresql_where", users.c("id").gt(5));
 * ix.dialectKwargs().put("mysql_length", 10);          // validated too
 * ix.dialectKwargs();                                  // {mysql_length=10, postgresql_where=...}: only what was set
 * ix.dialectOptions().get("postgresql").get("using");  // null: the default, which dialectKwargs() leaves out
 * DialectKwArgs.argumentFor(Index.class, "mydialect", "length", null);   // a dialect registered as a service
 * }</pre>
 *
 * <p>Validation: a key without a dialect prefix, or an argument a known dialect does not declare
 * for the construct (declarations on a superclass count, so {@code Constraint} arguments apply
 * to every constraint), raises {@link ArgumentException} naming the argument, the dialect and the
 * construct. A key for a dialect nobody has heard of is stored unchecked, with a warning logged,
 * so a schema can carry options for a dialect that is not on this class path.
 *
 * <p>Columns take options while they are defined and freeze with the rest of the column once a
 * table takes them. Tables, indexes and constraints stay writable, as in SQLAlchemy, so options
 * can be added to a table defined elsewhere; the DDL built from them reflects them as they are
 * when it is compiled.
 *
 * <p>Other packages' constructs take part by holding a {@link Store}:
 *
 * <pre>{@code
 * private final DialectKwArgs.Store kw = new DialectKwArgs.Store(this);
 * public DialectKwArgs.Store dialectKwStore() { return kw; }
 * }</pre>
 *
 * @param <S> the construct's own type, which {@link #dialectKw} returns
 */
public interface DialectKwArgs<S extends DialectKwArgs<S>> {
    /** The values behind this interface's methods. */
    Store dialectKwStore();

    /**
     * Sets {@code <dialect>_<argument>} to {@code value} after validating it; returns this
     * construct. Maps and collections are copied, so later changes to them do not leak in.
     */
    @SuppressWarnings("unchecked")
    default S dialectKw(String key, Object value) {
        dialectKwStore().put(key, value);
        return (S) this;
    }

    /**
     * The options that were set, flat, keyed {@code <dialect>_<argument>}, in key order. Writable:
     * {@code put} validates as {@link #dialectKw} does, {@code remove} unsets. Defaults are not
     * in it; {@link #dialectOptions()} has them.
     */
    default Map<String, Object> dialectKwargs() {
        return new DialectKwView(dialectKwStore());
    }

    /** Synonym for {@link #dialectKwargs()}. */
    default Map<String, Object> kwargs() {
        return dialectKwargs();
    }

    /**
     * A snapshot of the options by dialect, then argument: for every known dialect the arguments
     * it declares for this construct with their defaults, overlaid with what was set; for an
     * unknown dialect, what was set for it.
     *
     * <pre>{@code
     * Object where = ix.dialectOptions().get("postgresql").get("where");
     * }</pre>
     */
    default Map<String, Map<String, Object>> dialectOptions() {
        return dialectKwStore().nested();
    }

    /**
     * The options that were set, as an immutable map sorted by key: what a cache key or a
     * serializer includes, independent of the order the options were given in.
     */
    default SortedMap<String, Object> dialectKwargsSorted() {
        return dialectKwStore().sorted();
    }

    /**
     * The value of one dialect's argument: what was set, else the dialect's default, else null
     * (also when the dialect does not declare the argument). DDL compilers read options here.
     */
    default Object dialectOption(String dialect, String argument) {
        return dialectKwStore().option(dialect, argument);
    }

    /**
     * Declares a new argument for {@code construct} (and its subclasses) on behalf of a dialect:
     * SQLAlchemy's {@code argument_for}, for user code that also extends the dialect's compiler
     * to honour it. Raises {@link ArgumentException} for an unknown dialect or one that does not
     * validate its arguments.
     *
     * <pre>{@code
     * DialectKwArgs.argumentFor(Index.class, "mydialect", "length", null);
     * new Index("ix_a", t.c("a")).dialectKw("mydialect_length", 5);
     * }</pre>
     */
    static void argumentFor(Class<?> construct, String dialect, String argument, Object defaultValue) {
        DialectRegistry.add(construct, dialect, argument, defaultValue);
    }

    /**
     * Withdraws an argument {@link #argumentFor} added (for tests and plug-in unloading); what the
     * dialect itself declares stays. Withdrawing an argument that was not added does nothing.
     *
     * <pre>{@code
     * DialectKwArgs.argumentFor(Index.class, "mydialect", "length", null);
     * DialectKwArgs.removeArgumentFor(Index.class, "mydialect", "length");
     * }</pre>
     */
    static void removeArgumentFor(Class<?> construct, String dialect, String argument) {
        DialectRegistry.remove(construct, dialect, argument);
    }

    /** How messages name a construct: its class and itself, such as {@code Index 'ix_name'}. */
    static String describe(DialectKwArgs<?> construct) {
        return construct.getClass().getSimpleName() + " '" + construct + "'";
    }

    /**
     * The options of one construct: an immutable sorted map replaced on every change, so readers
     * (compilers on other threads, cache keys) never see one half-applied.
     */
    final class Store {
        private static final Pattern KEY = Pattern.compile("^(.+?)_(.+)$");

        private final DialectKwArgs<?> owner;
        private final Runnable beforeChange;
        private volatile SortedMap<String, Object> values = Collections.emptySortedMap();

        /** Options for {@code owner}, writable at any time. */
        public Store(DialectKwArgs<?> owner) {
            this(owner, () -> { });
        }

        /** Options for {@code owner}; {@code beforeChange} runs before each change and may refuse it by throwing. */
        public Store(DialectKwArgs<?> owner, Runnable beforeChange) {
            this.owner = owner;
            this.beforeChange = beforeChange;
        }

        synchronized void put(String key, Object value) {
            beforeChange.run();
            Matcher m = key == null ? null : KEY.matcher(key);
            if (m == null || !m.matches()) {
                throw new ArgumentException("Dialect-specific argument '" + key + "' on " + describe(owner)
                        + " names no dialect: keys are <dialect>_<argument>, such as postgresql_where");
            }
            check(key, m.group(1), m.group(2));
            TreeMap<String, Object> next = new TreeMap<>(values);
            next.put(key, frozen(value));
            values = Collections.unmodifiableSortedMap(next);
        }

        private void check(String key, String dialectName, String argument) {
            Dialect dialect = DialectRegistry.dialect(dialectName);
            if (dialect == null) {
                DialectRegistry.LOG.warn("Can't validate argument '{}' on {}: no dialect named '{}' is known; storing it unchecked",
                        key, describe(owner), dialectName);
                return;
            }
            Map<String, Object> accepted = DialectRegistry.accepted(dialect, owner.getClass());
            if (accepted != null && !accepted.containsKey(argument)) {
                String kind = owner.getClass().getSimpleName();
                throw new ArgumentException("Argument '" + key + "' is not accepted by dialect '" + dialectName + "' on behalf of " + describe(owner)
                        + "; it accepts on " + kind + ": " + (accepted.isEmpty() ? "none" : String.join(", ", new TreeMap<>(accepted).keySet())));
            }
        }

        synchronized Object remove(String key) {
            if (!values.containsKey(key)) {
                return null;
            }
            beforeChange.run();
            TreeMap<String, Object> next = new TreeMap<>(values);
            Object prior = next.remove(key);
            values = Collections.unmodifiableSortedMap(next);
            return prior;
        }

        SortedMap<String, Object> sorted() {
            return values;
        }

        Object option(String dialectName, String argument) {
            SortedMap<String, Object> set = values;
            String key = dialectName + "_" + argument;
            if (set.containsKey(key)) {
                return set.get(key);
            }
            Dialect dialect = DialectRegistry.dialect(dialectName);
            Map<String, Object> accepted = dialect == null ? null : DialectRegistry.accepted(dialect, owner.getClass());
            return accepted == null ? null : accepted.get(argument);
        }

        Map<String, Map<String, Object>> nested() {
            Map<String, Map<String, Object>> out = new TreeMap<>();
            for (String name : DialectRegistry.names()) {
                Map<String, Object> accepted = DialectRegistry.accepted(DialectRegistry.dialect(name), owner.getClass());
                out.put(name, accepted == null ? new TreeMap<>() : new TreeMap<>(accepted));
            }
            for (Map.Entry<String, Object> e : values.entrySet()) {
                // Stored keys matched KEY, whose dialect part ends at the first underscore.
                int sep = e.getKey().indexOf('_');
                out.computeIfAbsent(e.getKey().substring(0, sep), k -> new TreeMap<>()).put(e.getKey().substring(sep + 1), e.getValue());
            }
            out.replaceAll((k, v) -> Collections.unmodifiableMap(v));
            return Collections.unmodifiableMap(out);
        }

        /** An unmodifiable copy of a map or collection value; other values as they are. */
        private static Object frozen(Object value) {
            if (value instanceof Map<?, ?> m) {
                return Collections.unmodifiableMap(new LinkedHashMap<>(m));
            }
            if (value instanceof Collection<?> c) {
                return Collections.unmodifiableList(new ArrayList<>(c));
            }
            return value;
        }
    }
}
