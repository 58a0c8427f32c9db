package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.Traversal;

/**
 * The DDL statement DROP TABLE for a table, compiled per dialect like any statement.
 *
 * <pre>{@code
 * new DropTable(users).compile(Dialects.mysql()).string();
 * }</pre>
 */
public final class DropTable extends GuardedDdl<Table, DropTable> {
    static final Traversal<DropTable> TRAVERSAL = Traversal.identity("drop_table");

    public DropTable(Table table) {
        this(table, false);
    }

    private DropTable(Table table, boolean ifExists) {
        super(table, ifExists, TRAVERSAL, SqlCompiler::visitDropTable);
    }

    /**
     * {@code DROP TABLE IF EXISTS}: a copy that does nothing when the table is gone.
     *
     * <pre>{@code
     * conn.execute(new DropTable(users).ifExists());
     * }</pre>
     */
    public DropTable ifExists() {
        return new DropTable(table(), true);
    }

    public boolean isIfExists() {
        return guarded();
    }

    public Table table() {
        return target();
    }
}
