package dev.retort.schema;

import dev.retort.dialect.ConstructArguments;
import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.exc.ArgumentException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
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

    /** The dialect named {@code name}, or null when none is known. */
    static Dialect dialect(String name) {
        return Dialects.names().contains(name) ? Dialects.byName(name) : null;
    }

    /** The names of the known dialects, sorted. */
    static Set<String> names() {
        return Dialects.names();
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

    /** Withdraws an argument {@link #add} added; see {@link DialectKwArgs#removeArgumentFor}. */
    static void remove(Class<?> construct, String dialectName, String argument) {
        ADDED.computeIfPresent(dialectName, (k, byClass) -> {
            Map<String, Object> args = new LinkedHashMap<>(byClass.getOrDefault(construct, Map.of()));
            args.remove(argument);
            if (args.isEmpty()) {
                byClass.remove(construct);
            } else {
                byClass.put(construct, Collections.unmodifiableMap(args));
            }
            return byClass.isEmpty() ? null : byClass;
        });
    }
}
