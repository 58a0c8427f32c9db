package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Traversal;

/**
 * The DDL statement CREATE TABLE for a table, compiled per dialect like any statement.
 *
 * <pre>{@code
 * new CreateTable(users).compile(Dialects.mysql()).string();
 * }</pre>
 */
public final class CreateTable extends ClauseElement {
    static final Traversal<CreateTable> TRAVERSAL = Traversal.identity("create_table");

    private final Table table;

    public CreateTable(Table table) {
        this.table = table;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitCreateTable(this);
    }

    public Table table() {
        return table;
    }
}
