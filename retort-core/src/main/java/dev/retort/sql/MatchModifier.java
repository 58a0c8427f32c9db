package dev.retort.sql;

/**
 * The search modifier of a full-text {@link ColumnElement#match(Object, MatchModifier) match} on
 * MySQL/MariaDB, SQLAlchemy's {@code mysql_boolean_mode} / {@code mysql_natural_language} /
 * {@code mysql_query_expansion} (other databases have no such modifier and ignore it, as SQLAlchemy).
 *
 * <pre>{@code
 * docs.c("body").match("retort", MatchModifier.NATURAL_LANGUAGE_MODE);   // MATCH (docs.body) AGAINST (? IN NATURAL LANGUAGE MODE)
 * }</pre>
 */
public enum MatchModifier {
    /** {@code AGAINST (q)}: MySQL's default, natural language. */
    NONE(""),
    /** {@code AGAINST (q IN BOOLEAN MODE)}: what {@code match(q)} writes on MySQL, as SQLAlchemy. */
    BOOLEAN_MODE(" IN BOOLEAN MODE"),
    NATURAL_LANGUAGE_MODE(" IN NATURAL LANGUAGE MODE"),
    QUERY_EXPANSION(" WITH QUERY EXPANSION"),
    NATURAL_LANGUAGE_MODE_WITH_QUERY_EXPANSION(" IN NATURAL LANGUAGE MODE WITH QUERY EXPANSION");

    private final String sql;

    MatchModifier(String sql) {
        this.sql = sql;
    }

    /** The modifier's SQL after the search string, with its leading space ({@code ""} for {@link #NONE}). */
    public String sql() {
        return sql;
    }

    /** The modifier a binary MATCH's {@code flags} attribute names (null: none given, which is {@link #BOOLEAN_MODE}). */
    static MatchModifier named(String flags) {
        if (flags == null) {
            return BOOLEAN_MODE;
        }
        for (MatchModifier m : values()) {
            if (m.name().equals(flags)) {
                return m;
            }
        }
        throw new dev.retort.exc.ArgumentException("Unknown MATCH modifier '" + flags + "'; one of " + java.util.Arrays.toString(values()));
    }
}
