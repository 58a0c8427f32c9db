package dev.retort.sql;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

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
    /** A flag's test ({@link #flag}), else null. */
    private final Predicate<N> flag;
    /** The value of a flag written as null ({@link #omittedWhen}), else null. */
    private final Boolean omitted;
    /** Whether this child is an {@link #annotation}: no child for traversals. */
    private final boolean annotation;
    /** Whether this child is a {@link #count}: written to documents as its integer. */
    private final boolean count;

    private Attr(String name, Kind kind, Function<N, ?> getter, int since, boolean optional, Predicate<N> flag, Boolean omitted) {
        this(name, kind, getter, since, optional, flag, omitted, false, false);
    }

    private Attr(String name, Kind kind, Function<N, ?> getter, int since, boolean optional, Predicate<N> flag, Boolean omitted, boolean annotation,
            boolean count) {
        this.name = name;
        this.kind = kind;
        this.getter = getter;
        this.since = since;
        this.optional = optional;
        this.flag = flag;
        this.omitted = omitted;
        this.annotation = annotation;
        this.count = count;
    }

    private Attr(String name, Kind kind, Function<N, ?> getter) {
        this(name, kind, getter, 0, false, null, null);
    }

    /**
     * This attribute, appended to an existing kind in format minor version {@code minor}: a
     * document of an older version holds the kind without it (see docs/serialization-format.md).
     */
    public Attr<N> since(int minor) {
        return new Attr<>(name, kind, getter, minor, optional, flag, omitted, annotation, count);
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
        return new Attr<>(name, Kind.CLAUSE, getter, 0, true, null, null);
    }

/**
     * An element that may be null and says something about the node rather than being part of
     * it (what the node was made from): compared, in the cache key and serialized as a child, but
     * not among the node's {@link ClauseElement#getChildren children}, so that no traversal looks
     * into it and a copy with replacements keeps it as it is; only {@link ClauseElement#params} and
     * {@link ClauseElement#uniqueParams}, which change values and not structure, change it too.
     *
     * <pre>{@code
     * Attr.annotation("origin", Select::origin)
     * }</pre>
     */
    public static <N extends ClauseElement> Attr<N> annotation(String name, Function<N, ? extends ClauseElement> getter) {
        return new Attr<>(name, Kind.CLAUSE, getter, 0, true, null, null, true, false);
    }

    /**
     * A row count that may be null (an ORM query's LIMIT or OFFSET), held as an anonymous bind parameter so that a cache
     * key holds its place and not its value, as SQLAlchemy's; a document writes it as the integer the attribute held
     * when it was a structural value, and a loaded node's factory is given that integer.
     *
     * <pre>{@code
     * Attr.count("limit", q -> q.limit)
     * }</pre>
     */
    public static <N extends ClauseElement> Attr<N> count(String name, Function<N, BindParameter<Integer>> getter) {
        return new Attr<>(name, Kind.CLAUSE, getter, 0, true, null, null, false, true);
    }

    /** Whether this attribute is a {@link #count}. */
    public boolean isCount() {
        return count;
    }

    /** Whether this attribute is an {@link #annotation}. */
    public boolean isAnnotation() {
        return annotation;
    }

    /** A list of child elements. */
    public static <N extends ClauseElement> Attr<N> clauses(String name, Function<N, ? extends List<? extends ClauseElement>> getter) {
        return new Attr<>(name, Kind.CLAUSE_LIST, getter);
    }

    /** A structural value. */
    public static <N extends ClauseElement> Attr<N> struct(String name, Function<N, ?> getter) {
        return new Attr<>(name, Kind.STRUCT, getter);
    }

    /**
     * A flag: a structural value that is true or false, read by {@code test}. A loaded node gives
     * it as a boolean, nothing else ({@code "yes"} is refused, not read as false), and leaves it out
     * only where {@link #omittedWhen} or {@link #since} allows.
     *
     * <pre>{@code
     * Attr.flag("distinct", Select::isDistinct)
     * }</pre>
     */
    public static <N extends ClauseElement> Attr<N> flag(String name, Predicate<N> test) {
        return new Attr<>(name, Kind.STRUCT, test::test, 0, false, test, null);
    }

    /**
     * This flag, read as null when it is {@code value} (its default), so that a node at the
     * default is written without it and needs no newer format; a loaded node without it has
     * {@code value}.
     */
    public Attr<N> omittedWhen(boolean value) {
        if (flag == null) {
            throw new IllegalStateException("omittedWhen is for a flag, not attribute '" + name + "'");
        }
        Predicate<N> test = flag;
        return new Attr<>(name, kind, n -> test.test(n) == value ? null : Boolean.valueOf(!value), since, optional, test, value, annotation, count);
    }

    /** Whether this attribute is a {@link #flag}. */
    public boolean isFlag() {
        return flag != null;
    }

    /**
     * Whether a node may leave this flag out (give null): it is {@link #omittedWhen omitted} at its
     * default, or was added in a later format than a document may have.
     */
    public boolean mayOmitFlag() {
        return omitted != null || since > 0;
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
