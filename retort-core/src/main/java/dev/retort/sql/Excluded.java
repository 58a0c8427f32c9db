package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;

/**
 * The row an upsert proposed to insert, whose columns an {@code ON CONFLICT DO UPDATE} or
 * {@code ON DUPLICATE KEY UPDATE} refers to: {@code excluded.hits} on PostgreSQL and SQLite,
 * {@code VALUES(hits)} on MariaDB and MySQL before 8.0.20, the row alias {@code new.hits} on
 * MySQL 8.0.20 and later ({@link dev.retort.dialect.Dialects#mysql(String)}).
 *
 * <pre>{@code
 * insert(t).values(row).onConflictDoUpdate(List.of(t.c("id")), Map.of("hits", t.c("hits").add(excluded(t).c("hits"))));
 * }</pre>
 */
public final class Excluded extends Alias {
    static final Traversal<Excluded> TRAVERSAL = Traversal.of("excluded",
            a -> new Excluded((TableClause) a[0]),
            Attr.clause("table", Excluded::table));

    Excluded(TableClause table) {
        super(table, "excluded");
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        throw new dev.retort.exc.CompileException("excluded(" + table().name() + ") is not a FROM clause: use its columns in an upsert's SET or WHERE");
    }

    /** The table whose proposed row this is. */
    public TableClause table() {
        return (TableClause) element();
    }
}
