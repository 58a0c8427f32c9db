package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Traversal;

/**
 * The DDL statement DROP TABLE for a table, compiled per dialect like any statement.
 *
 * <pre>{@code
 * new DropTable(users).compile(Dialects.mysql()).string();
 * }</pre>
 */
public final class DropTable extends ClauseElement {
    static final Traversal<DropTable> TRAVERSAL = Traversal.identity("drop_table");

    private final Table table;
    private final boolean ifExists;

    public DropTable(Table table) {
        this(table, false);
    }

    private DropTable(Table table, boolean ifExists) {
        this.table = table;
        this.ifExists = ifExists;
    }

    /**
     * {@code DROP TABLE IF EXISTS}: a copy that does nothing when the table is gone.
     *
     * <pre>{@code
     * conn.execute(new DropTable(users).ifExists());
     * }</pre>
     */
    public DropTable ifExists() {
        return new DropTable(table, true);
    }

    public boolean isIfExists() {
        return ifExists;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitDropTable(this);
    }

    public Table table() {
        return table;
    }
}
