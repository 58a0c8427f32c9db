package dev.retort.dialect;

import dev.retort.exc.ArgumentException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dialect-specific arguments a dialect accepts on schema constructs, with their defaults:
 * SQLAlchemy's {@code DefaultDialect.construct_arguments}. A dialect returns it from
 * {@link Dialect#constructArguments()}; the schema validates {@code <dialect>_<argument>} keys
 * against it. Declarations on a class apply to its subclasses too, so arguments declared for
 * {@code Constraint} are accepted by every constraint. Immutable.
 *
 * <pre>{@code
 * static final ConstructArguments ARGS = ConstructArguments.builder()
 *         .on(Index.class).arg("where").arg("concurrently", false)
 *         .on(Table.class).arg("tablespace")
 *         .build();
 * }</pre>
 */
public final class ConstructArguments {
    private static final ConstructArguments UNVALIDATED = new ConstructArguments(null);

    /** Declared arguments and defaults by construct class; null when the dialect does not validate. */
    private final Map<Class<?>, Map<String, Object>> byConstruct;

    private ConstructArguments(Map<Class<?>, Map<String, Object>> byConstruct) {
        this.byConstruct = byConstruct;
    }

    /**
     * A dialect that declares nothing and so accepts any argument without defaults, as
     * SQLAlchemy treats a dialect whose {@code construct_arguments} is None.
     */
    public static ConstructArguments unvalidated() {
        return UNVALIDATED;
    }

    /** Starts a declaration. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether arguments are checked against {@link #byConstruct()}. */
    public boolean isValidated() {
        return byConstruct != null;
    }

    /**
     * The declared arguments and their defaults, by the construct class they were declared on
     * (in declaration order; empty when not validated).
     */
    public Map<Class<?>, Map<String, Object>> byConstruct() {
        return byConstruct == null ? Map.of() : byConstruct;
    }

    /** Collects declarations: {@link #on} names the constructs, {@link #arg} adds an argument to them. */
    public static final class Builder {
        private final Map<Class<?>, Map<String, Object>> declared = new LinkedHashMap<>();
        private List<Class<?>> current = List.of();

        private Builder() {
        }

        /** The construct classes the following {@link #arg} calls declare for. */
        public Builder on(Class<?>... constructs) {
            current = List.of(constructs);
            return this;
        }

        /** An argument whose default is null. */
        public Builder arg(String argument) {
            return arg(argument, null);
        }

        /** An argument and its default. */
        public Builder arg(String argument, Object defaultValue) {
            if (current.isEmpty()) {
                throw new ArgumentException("Declare the construct with on(...) before argument '" + argument + "'");
            }
            for (Class<?> c : current) {
                declared.computeIfAbsent(c, k -> new LinkedHashMap<>()).put(argument, defaultValue);
            }
            return this;
        }

        public ConstructArguments build() {
            Map<Class<?>, Map<String, Object>> out = new LinkedHashMap<>();
            // Defaults may be null, which Map.copyOf refuses: wrap copies instead.
            declared.forEach((c, args) -> out.put(c, Collections.unmodifiableMap(new LinkedHashMap<>(args))));
            return new ConstructArguments(Collections.unmodifiableMap(out));
        }
    }
}
