package dev.retort.sql;

import java.util.List;
import java.util.function.Function;

/**
 * One attribute in a node kind's {@link Traversal}: its name, what kind of thing it holds, and
 * how to read it. The kind decides how every generic operation treats the attribute.
 *
 * @param <N> the node class
 */
public final class Attr<N extends ClauseElement> {
    /** What an attribute holds. */
    public enum Kind {
        /** A child element: traversed, compared and keyed recursively, copied. */
        CLAUSE,
        /** A list of child elements. */
        CLAUSE_LIST,
        /**
         * A structural value (name, operator, type, flag, number, list of those): compared with
         * {@code equals} and part of the cache key.
         */
        STRUCT,
        /** A bound literal value: compared with {@code equals}, never part of the cache key. */
        VALUE
    }

    private final String name;
    private final Kind kind;
    private final Function<N, ?> getter;
    private final int since;
    private final boolean optional;

    private Attr(String name, Kind kind, Function<N, ?> getter, int since, boolean optional) {
        this.name = name;
        this.kind = kind;
        this.getter = getter;
        this.since = since;
        this.optional = optional;
    }

    private Attr(String name, Kind kind, Function<N, ?> getter) {
        this(name, kind, getter, 0, false);
    }

    /**
     * This attribute, appended to an existing kind in format minor version {@code minor}: a
     * document of an older version holds the kind without it (see docs/serialization-format.md).
     */
    public Attr<N> since(int minor) {
        return new Attr<>(name, kind, getter, minor, optional);
    }

    /** The format minor version that added this attribute to its kind (0: from the start). */
    public int since() {
        return since;
    }

    /** A child element every node of the kind has (a loaded node without it is refused). */
    public static <N extends ClauseElement> Attr<N> clause(String name, Function<N, ? extends ClauseElement> getter) {
        return new Attr<>(name, Kind.CLAUSE, getter);
    }

    /** A child element that may be null (a SELECT's LIMIT, a CASE's ELSE). */
    public static <N extends ClauseElement> Attr<N> optionalClause(String name, Function<N, ? extends ClauseElement> getter) {
        return new Attr<>(name, Kind.CLAUSE, getter, 0, true);
    }

    /** A list of child elements. */
    public static <N extends ClauseElement> Attr<N> clauses(String name, Function<N, ? extends List<? extends ClauseElement>> getter) {
        return new Attr<>(name, Kind.CLAUSE_LIST, getter);
    }

    /** A structural value. */
    public static <N extends ClauseElement> Attr<N> struct(String name, Function<N, ?> getter) {
        return new Attr<>(name, Kind.STRUCT, getter);
    }

    /** A bound value. */
    public static <N extends ClauseElement> Attr<N> value(String name, Function<N, ?> getter) {
        return new Attr<>(name, Kind.VALUE, getter);
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether a node must have this child: a {@link Kind#CLAUSE} not declared with {@link #optionalClause}. */
    public boolean isRequired() {
        return kind == Kind.CLAUSE && !optional;
    }

    /** How the attribute is read: for {@link Traversal}'s key plan. */
    Function<N, ?> getter() {
        return getter;
    }

    /** Reads this attribute of {@code node}. */
    public Object get(N node) {
        return getter.apply(node);
    }
}
