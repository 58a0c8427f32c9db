package dev.retort.ext.serializer;

import java.util.Objects;
import java.util.Set;

/**
 * How {@link QuerySerializer} loads: the {@link SerializerLimits}, and whether nodes that carry
 * raw SQL are accepted. {@code text("...")} and literal columns ({@code literalColumn("...")},
 * lightweight columns marked literal) put their text into the SQL as it is written, and so do a
 * custom operator ({@code op("...")}) that is more than operator symbols and words (see
 * {@link dev.retort.sql.CustomOperator#isPlain()}) and a named type whose name is more than a
 * type's name ({@link dev.retort.types.NamedType#isPlainName()}, written in a {@code CAST}), a
 * domain's default (unless only a literal), CHECK and constraints (written in its
 * {@code CREATE DOMAIN}), and any node kind that declares raw SQL
 * ({@link dev.retort.sql.Traversal#rawSql(dev.retort.sql.ClauseElement)}); in a
 * query loaded from a database or a file, that text is whatever the file says. A loader that runs
 * queries from less trusted places refuses them: such a node then raises
 * {@link dev.retort.exc.SerializationException} naming it, and nothing is built.
 *
 * <pre>{@code
 * QuerySerializer strict = QuerySerializer.with(LoadOptions.DEFAULTS.allowRawSql(false));
 * Select report = (Select) strict.read(body, metadata);     // text() inside: SerializationException
 * }</pre>
 */
public final class LoadOptions {
    /** The default limits; raw SQL accepted, as when it was dumped. */
    public static final LoadOptions DEFAULTS = new LoadOptions(SerializerLimits.DEFAULTS, true, Set.of());

    private final SerializerLimits limits;
    private final boolean allowRawSql;
    /** The node kinds of the application's constructs a loader builds ({@link #allowCustom}). */
    private final Set<String> customKinds;

    private LoadOptions(SerializerLimits limits, boolean allowRawSql, Set<String> customKinds) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.allowRawSql = allowRawSql;
        this.customKinds = customKinds;
    }

    /** These options with other limits. */
    public LoadOptions limits(SerializerLimits newLimits) {
        return new LoadOptions(newLimits, allowRawSql, customKinds);
    }

    /**
     * These options building {@code type}'s nodes ({@link dev.retort.sql.CustomElement}) from a
     * document; a node of any other custom kind is refused with a
     * {@link dev.retort.exc.SerializationException} naming its kind, and nothing is built.
     *
     * <pre>{@code
     * Select s = (Select) QuerySerializer.with(LoadOptions.DEFAULTS.allowCustom(SomeColThing.class)).read(body, metadata);
     * }</pre>
     */
    public LoadOptions allowCustom(Class<? extends dev.retort.sql.CustomElement<?>> type) {
        try {
            Class.forName(type.getName(), true, type.getClassLoader());   // its kind is declared when the class initialises
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
        Set<String> more = new java.util.TreeSet<>(customKinds);
        more.add(dev.retort.sql.CustomElement.KIND_PREFIX + type.getName());
        return new LoadOptions(limits, allowRawSql, Set.copyOf(more));
    }

    /** Whether a loader builds nodes of the custom {@code kind} ({@link #allowCustom}). */
    public boolean allowsCustomKind(String kind) {
        return customKinds.contains(kind);
    }

    /** These options accepting ({@code true}) or refusing ({@code false}) {@code text()}, literal columns and the other raw SQL above. */
    public LoadOptions allowRawSql(boolean allow) {
        return new LoadOptions(limits, allow, customKinds);
    }

    public SerializerLimits limits() {
        return limits;
    }

    public boolean allowsRawSql() {
        return allowRawSql;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LoadOptions other && other.limits.equals(limits) && other.allowRawSql == allowRawSql && other.customKinds.equals(customKinds);
    }

    @Override
    public int hashCode() {
        return (limits.hashCode() * 31 + Boolean.hashCode(allowRawSql)) * 31 + customKinds.hashCode();
    }

    @Override
    public String toString() {
        return "LoadOptions[" + limits + ", allowRawSql=" + allowRawSql + (customKinds.isEmpty() ? "" : ", allowCustom=" + new java.util.TreeSet<>(customKinds)) + "]";
    }
}
