package dev.retort.sql;

/**
 * A {@link LabelStyle#TABLENAME_PLUS_COL} label where a part is an anonymous name: the table's
 * name, {@code _}, the column's name, each as the compiler renders it ({@code anon_1_myid},
 * {@code q_count_1}, {@code anon_1_anon_2_myid}). The table is named first, as SQLAlchemy numbers
 * them.
 *
 * @param table the alias's name: a {@link LabelName} or a {@code String}
 * @param column the column's name: a {@code String}, a {@link LabelName} or a {@code QualifiedLabel}
 */
public record QualifiedLabel(Object table, Object column) {
    /** The text a key is derived from before anonymous names are numbered ({@code anon_myid}). */
    public String seed() {
        return seedOf(table) + "_" + seedOf(column);
    }

    /** The seed of any label: a name, an anonymous name's prefix, or a qualified label's seed. */
    static String seedOf(Object label) {
        if (label instanceof LabelName l) {
            return l.base() == null ? l.prefix() : seedOf(l.base()) + l.prefix();
        }
        return label instanceof String s ? s : ((QualifiedLabel) label).seed();
    }
}
