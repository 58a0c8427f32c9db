package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Traversal;

/**
 * One column's definition as CREATE TABLE writes it ({@code name TYPE [DEFAULT ...] [NOT NULL]
 * [CHECK (...)]}): SQLAlchemy's {@code CreateColumn}, for tools that assemble their own DDL. A
 * system column ({@link Column#system}) compiles to the empty string, as CREATE TABLE leaves it out.
 *
 * <pre>{@code
 * new CreateColumn(users.c("name")).compile(Dialects.postgresql()).string();   // name VARCHAR(50) NOT NULL
 * }</pre>
 */
public final class CreateColumn extends ClauseElement {
    static final Traversal<CreateColumn> TRAVERSAL = Traversal.identity("create_column");

    private final Column<?> column;

    public CreateColumn(Column<?> column) {
        this.column = SchemaChange.attached(column, "CreateColumn");
    }

    public Column<?> column() {
        return column;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitCreateColumn(this);
    }
}
