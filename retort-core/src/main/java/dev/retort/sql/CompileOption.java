package dev.retort.sql;

/**
 * Options for {@link ClauseElement#compile(dev.retort.dialect.Dialect, CompileOption...)}.
 *
 * <pre>{@code
 * stmt.compile(Dialects.sqlite(), CompileOption.LITERAL_BINDS).string();   // values inline
 * }</pre>
 */
public enum CompileOption {
    /** Render bound values inline as SQL literals, escaped for the dialect. */
    LITERAL_BINDS
}
