package dev.retort.sql;

/**
 * How a SELECT labels its columns (SQLAlchemy's {@code set_label_style}).
 *
 * <pre>{@code
 * select(users.c("id"), addresses.c("id")).labelStyle(LabelStyle.TABLENAME_PLUS_COL)
 * // SELECT users.id AS users_id, addresses.id AS addresses_id FROM users, addresses
 * }</pre>
 */
public enum LabelStyle {
    /** The default: a column keeps its name; only a clashing name gets a label ({@code id_1}). */
    DISAMBIGUATE_ONLY,
    /**
     * Every table column is labelled {@code table_column} ({@code schema_table_column} for a
     * table in a schema); a subquery of the SELECT exports its columns under those names.
     */
    TABLENAME_PLUS_COL,
    /**
     * No labels beyond what an expression needs: a repeated or same-named column renders bare
     * ({@code SELECT t.a, t.a}) where the default labels it; expressions keep their anonymous
     * labels, and a subquery of the SELECT still labels clashing names apart ({@code a, a_1}).
     */
    NONE;

    /**
     * The style a loaded statement or query names; a name that is none of these is refused.
     *
     * <pre>{@code
     * LabelStyle.named("TABLENAME_PLUS_COL");   // LabelStyle.TABLENAME_PLUS_COL
     * }</pre>
     */
    public static LabelStyle named(Object name) {
        for (LabelStyle s : values()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new dev.retort.exc.ArgumentException("Unknown label style '" + name + "'; one of " + java.util.Arrays.toString(values()));
    }
}
