package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.Traversal;

/**
 * {@code ALTER TABLE t RENAME COLUMN old TO new}, keeping the data.
 *
 * <pre>{@code
 * new RenameColumn(users.c("fullname"), "name").compile(Dialects.sqlite()).string();   // ALTER TABLE users RENAME COLUMN fullname TO name
 * }</pre>
 */
public final class RenameColumn extends SchemaChange {
    static final Traversal<RenameColumn> TRAVERSAL = Traversal.identity("rename_column");

    private final Column<?> column;
    private final String newName;

    public RenameColumn(Column<?> column, String newName) {
        this.column = attached(column, "RENAME COLUMN");
        if (newName == null || newName.isEmpty()) {
            throw new dev.retort.exc.ArgumentException("RENAME COLUMN " + column + " needs a new name");
        }
        this.newName = newName;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitRenameColumn(this);
    }

    /** The column under its current name. */
    public Column<?> column() {
        return column;
    }

    public String newName() {
        return newName;
    }

    @Override
    public Table table() {
        return column.table();
    }
}
