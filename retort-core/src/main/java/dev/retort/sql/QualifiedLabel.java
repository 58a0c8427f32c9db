package dev.retort.sql;

/**
 * A {@link LabelStyle#TABLENAME_PLUS_COL} label of a column of an anonymous alias: the alias's
 * name as the compiler numbers it, {@code _}, the column name ({@code anon_1_myid}).
 *
 * @param table the alias's anonymous name
 * @param column the column's name
 */
public record QualifiedLabel(LabelName table, String column) {
    /** The text a key is derived from before the alias is numbered ({@code anon_myid}). */
    public String seed() {
        return table.prefix() + "_" + column;
    }

    /** The seed of any label: a name, an anonymous name's prefix, or a qualified label's seed. */
    static String seedOf(Object label) {
        return label instanceof String s ? s : label instanceof QualifiedLabel q ? q.seed() : ((LabelName) label).prefix();
    }
}
