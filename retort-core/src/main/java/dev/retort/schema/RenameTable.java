package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.Traversal;

/**
 * {@code ALTER TABLE old RENAME TO new}, in the same schema, keeping the data.
 *
 * <pre>{@code
 * new RenameTable(people, "users").compile(Dialects.postgresql()).string();   // ALTER TABLE people RENAME TO users
 * }</pre>
 */
public final class RenameTable extends SchemaChange {
    static final Traversal<RenameTable> TRAVERSAL = Traversal.identity("rename_table");

    private final Table table;
    private final String newName;

    public RenameTable(Table table, String newName) {
        if (table == null || newName == null || newName.isEmpty()) {
            throw new dev.retort.exc.ArgumentException("RENAME TABLE needs a table and a new name");
        }
        this.table = table;
        this.newName = newName;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitRenameTable(this);
    }

    public String newName() {
        return newName;
    }

    /** The table under its current name. */
    @Override
    public Table table() {
        return table;
    }
}
