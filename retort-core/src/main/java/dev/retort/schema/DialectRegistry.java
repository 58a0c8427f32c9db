package dev.retort.schema;

import dev.retort.dialect.ConstructArguments;
import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.exc.ArgumentException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dialects {@link DialectKwArgs} validates against: the built-in ones and those registered
 * through {@link ServiceLoader} as {@code META-INF/services/dev.retort.dialect.Dialect}, each
 * with what it declares in {@link Dialect#constructArguments()} plus what
 * {@link DialectKwArgs#argumentFor} added since.
 */
final class DialectRegistry {
    static final Logger LOG = LoggerFactory.getLogger(DialectKwArgs.class);

    /** Arguments added at run time: dialect name -> construct class -> argument -> default. */
    private static final Map<String, Map<Class<?>, Map<String, Object>>> ADDED = new ConcurrentHashMap<>();

    private DialectRegistry() {
    }

    /** Loaded on first use, so a dialect on the class path is found however late its class loads. */
    private static final class Known {
        static final Map<String, Dialect> BY_NAME = load();

        private static Map<String, Dialect> load() {
            Map<String, Dialect> out = new TreeMap<>();
            for (Dialect d : List.of(Dialects.defaultDialect(), Dialects.sqlite(), Dialects.postgresql(), Dialects.mysql(), Dialects.mariadb())) {
                out.put(d.name(), d);
            }
            Iterator<Dialect> it = ServiceLoader.load(Dialect.class).iterator();
            while (it.hasNext()) {
                try {
                    Dialect d = it.next();
                    if (out.putIfAbsent(d.name(), d) != null) {
                        LOG.warn("Ignoring dialect {} registered as '{}': a dialect of that name is built in", d.getClass().getName(), d.name());
                    }
                } catch (ServiceConfigurationError e) {
                    // One broken registration must not stop every schema definition.
                    LOG.warn("A dialect registered under META-INF/services could not be loaded", e);
                }
            }
            return Collections.unmodifiableMap(out);
        }
    }

    /** The dialect named {@code name}, or null when none is known. */
    static Dialect dialect(String name) {
        return Known.BY_NAME.get(name);
    }

    /** The names of the known dialects, sorted. */
    static Set<String> names() {
        return Known.BY_NAME.keySet();
    }

    /**
     * The arguments {@code dialect} accepts on {@code construct} with their defaults, merged from
     * the most general class down to {@code construct}; null when the dialect does not validate.
     */
    static Map<String, Object> accepted(Dialect dialect, Class<?> construct) {
        ConstructArguments declared = dialect.constructArguments();
        if (!declared.isValidated()) {
            return null;
        }
        List<Class<?>> lineage = new ArrayList<>();
        for (Class<?> c = construct; c != null; c = c.getSuperclass()) {
            lineage.add(0, c);
        }
        Map<Class<?>, Map<String, Object>> added = ADDED.getOrDefault(dialect.name(), Map.of());
        Map<String, Object> out = new LinkedHashMap<>();
        for (Class<?> c : lineage) {
            out.putAll(declared.byConstruct().getOrDefault(c, Map.of()));
            out.putAll(added.getOrDefault(c, Map.of()));
        }
        return out;
    }

    /** Adds an argument for {@code construct}; see {@link DialectKwArgs#argumentFor}. */
    static void add(Class<?> construct, String dialectName, String argument, Object defaultValue) {
        String what = "argument '" + argument + "' for " + construct.getSimpleName();
        if (!DialectKwArgs.class.isAssignableFrom(construct)) {
            throw new ArgumentException("Cannot add dialect " + what + ": " + construct.getName() + " takes no dialect-specific arguments");
        }
        Dialect d = dialect(dialectName);
        if (d == null) {
            throw new ArgumentException("Cannot add " + what + " to dialect '" + dialectName + "': no such dialect is known (known: "
                    + String.join(", ", names()) + "; others register under META-INF/services/" + Dialect.class.getName() + ")");
        }
        if (!d.constructArguments().isValidated()) {
            throw new ArgumentException("Cannot add " + what + " to dialect '" + dialectName
                    + "': the dialect does not validate its arguments (its constructArguments() declare none), so it accepts any already");
        }
        // Copy-on-write: readers iterate these maps without a lock.
        ADDED.compute(dialectName, (k, byClass) -> {
            Map<Class<?>, Map<String, Object>> next = byClass == null ? new ConcurrentHashMap<>() : byClass;
            Map<String, Object> args = new LinkedHashMap<>(next.getOrDefault(construct, Map.of()));
            args.put(argument, defaultValue);
            next.put(construct, Collections.unmodifiableMap(args));
            return next;
        });
    }
}
