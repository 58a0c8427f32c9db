package dev.retort.sql;

/**
 * An anonymous name: the compiler turns it into {@code prefix_N}, numbering per prefix in the
 * order names are first rendered. Two LabelNames are the same name when they belong to the same
 * element (by identity) with the same salt and prefix, so an element referenced twice renders
 * under one name.
 *
 * @param element the element the name belongs to
 * @param salt distinguishes several names of one element (repeated columns in a SELECT)
 * @param prefix the seed of the name ({@code anon}, {@code count}, {@code id_})
 */
public record LabelName(Object element, int salt, String prefix) {
    @Override
    public boolean equals(Object o) {
        return o instanceof LabelName l && l.element == element && l.salt == salt && l.prefix.equals(prefix);
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(element) * 31 + salt * 17 + prefix.hashCode();
    }
}
