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

    public DropTable(Table table) {
        this.table = table;
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
