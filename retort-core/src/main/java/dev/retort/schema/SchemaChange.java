package dev.retort.schema;

import dev.retort.sql.ClauseElement;

/**
 * A DDL statement that changes an existing table (the ALTER TABLE family): {@link AddColumn},
 * {@link DropColumn}, {@link AlterColumn}, {@link RenameColumn}, {@link RenameTable},
 * {@link AddConstraint}, {@link DropConstraint}, and {@link CreateView}, {@link DropView}. Each compiles per dialect like
 * {@link CreateTable}; one a database cannot run (SQLite cannot alter a column) raises
 * {@code CompileException}, and a migration rebuilds the table there instead.
 *
 * <pre>{@code
 * conn.execute(new AddColumn(model.table("users").c("nickname")));
 * new DropColumn(users.c("legacy")).compile(Dialects.postgresql()).string();   // ALTER TABLE users DROP COLUMN legacy
 * }</pre>
 */
public abstract class SchemaChange extends ClauseElement {
    SchemaChange() {
    }

    /** The table the statement changes. */
    public abstract Table table();

    /** A column that is part of a table, which the statement names. */
    static Column<?> attached(Column<?> column, String what) {
        if (column == null || column.table() == null) {
            throw new dev.retort.exc.ArgumentException(what + " needs a column that is part of a table, got " + column);
        }
        return column;
    }

    /** A table declared as a view, which the statement creates or drops. */
    static Table view(Table table, String what) {
        if (table == null || !table.isView()) {
            throw new dev.retort.exc.ArgumentException(what + " needs a table with a view definition, got " + table);
        }
        return table;
    }
}
