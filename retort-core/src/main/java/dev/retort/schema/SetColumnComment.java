package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.Traversal;

/**
 * Sets a column's comment to {@link Column#comment()} (none when null): {@code COMMENT ON COLUMN t.c IS '...'}
 * on PostgreSQL; MySQL and MariaDB restate the column ({@code ALTER TABLE t MODIFY c ... COMMENT '...'});
 * SQLite keeps no comments.
 *
 * <pre>{@code
 * new SetColumnComment(items.c("price")).compile(Dialects.postgresql()).string();   // COMMENT ON COLUMN items.price IS 'In cents'
 * }</pre>
 */
public final class SetColumnComment extends SchemaChange {
    static final Traversal<SetColumnComment> TRAVERSAL = Traversal.identity("set_column_comment");

    private final Column<?> column;

    public SetColumnComment(Column<?> column) {
        this.column = attached(column, "SetColumnComment");
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitSetColumnComment(this);
    }

    public Column<?> column() {
        return column;
    }

    @Override
    public Table table() {
        return column.table();
    }
}
