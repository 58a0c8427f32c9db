package dev.retort.sql;

/**
 * An anonymous name: the compiler turns it into {@code prefix_N}, numbering per prefix in the
 * order names are first rendered. Two LabelNames are the same name when they belong to the same
 * element (by identity) with the same salt, prefix and base, so an element referenced twice renders
 * under one name.
 *
 * <p>A name with a {@code base} is derived from that other (anonymous) name as rendered: the base's
 * text, the prefix, then {@code _N} counted among all derived names, as SQLAlchemy renders
 * {@code "%(1 max)s%(2 )s"} (a second {@code max_1} column becomes {@code max_1_1}).
 *
 * @param element the element the name belongs to
 * @param salt distinguishes several names of one element (repeated columns in a SELECT)
 * @param prefix the seed of the name ({@code anon}, {@code count}, {@code id_}); after the base, if any
 * @param base the label this name is derived from ({@code LabelName} or {@link QualifiedLabel}), or null
 */
public record LabelName(Object element, int salt, String prefix, Object base) {
    /** A name seeded by {@code prefix} alone. */
    public LabelName(Object element, int salt, String prefix) {
        this(element, salt, prefix, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelName l && l.element == element && l.salt == salt && l.prefix.equals(prefix)
                && java.util.Objects.equals(l.base, base);
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(element) * 31 + salt * 17 + prefix.hashCode() + java.util.Objects.hashCode(base);
    }
}
