package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.Traversal;

/**
 * {@code ALTER TABLE t DROP COLUMN c}: removes a column and its data.
 *
 * <pre>{@code
 * new DropColumn(users.c("legacy")).compile(Dialects.mysql()).string();   // ALTER TABLE users DROP COLUMN legacy
 * }</pre>
 */
public final class DropColumn extends SchemaChange {
    static final Traversal<DropColumn> TRAVERSAL = Traversal.identity("drop_column");

    private final Column<?> column;

    public DropColumn(Column<?> column) {
        this.column = attached(column, "DROP COLUMN");
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitDropColumn(this);
    }

    /** The column dropped. */
    public Column<?> column() {
        return column;
    }

    @Override
    public Table table() {
        return column.table();
    }
}
