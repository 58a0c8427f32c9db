package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.Traversal;

/**
 * {@code ALTER TABLE t ADD COLUMN c TYPE ...}: adds a column of a table definition (its type,
 * default and nullability as CREATE TABLE would write them) to the database's table. Foreign keys
 * and unique constraints are added by {@link AddConstraint}.
 *
 * <pre>{@code
 * Table users = new Table("users", model, Column.of("id", Types.INTEGER).primaryKey(), Column.of("nickname", Types.string(30)));
 * new AddColumn(users.c("nickname")).compile(Dialects.postgresql()).string();   // ALTER TABLE users ADD COLUMN nickname VARCHAR(30)
 * }</pre>
 */
public final class AddColumn extends SchemaChange {
    static final Traversal<AddColumn> TRAVERSAL = Traversal.identity("add_column");

    private final Column<?> column;

    public AddColumn(Column<?> column) {
        this.column = attached(column, "ADD COLUMN");
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitAddColumn(this);
    }

    /** The column added, as its table defines it. */
    public Column<?> column() {
        return column;
    }

    @Override
    public Table table() {
        return column.table();
    }
}
