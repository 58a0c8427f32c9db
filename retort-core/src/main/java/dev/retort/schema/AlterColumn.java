package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.Traversal;
import java.util.EnumSet;
import java.util.Set;

/**
 * Brings an existing column to a definition: its type, nullability or server default, as the
 * given column (of a table definition) has them. PostgreSQL changes just those
 * ({@code ALTER COLUMN c TYPE ..., ALTER COLUMN c SET NOT NULL}); MySQL and MariaDB restate the
 * whole column ({@code MODIFY c ...}); SQLite cannot alter a column (a migration rebuilds the table).
 *
 * <pre>{@code
 * new AlterColumn(users.c("name"), AlterColumn.Change.TYPE, AlterColumn.Change.NULLABLE).compile(Dialects.postgresql()).string();
 * // ALTER TABLE users ALTER COLUMN name TYPE VARCHAR(100), ALTER COLUMN name SET NOT NULL
 * }</pre>
 */
public final class AlterColumn extends SchemaChange {
    static final Traversal<AlterColumn> TRAVERSAL = Traversal.identity("alter_column");

    /** What about the column changes. */
    public enum Change {
        TYPE, NULLABLE, DEFAULT
    }

    private final Column<?> column;
    private final Set<Change> changes;

    public AlterColumn(Column<?> column, Change... changes) {
        this(column, Set.of(changes));
    }

    public AlterColumn(Column<?> column, Set<Change> changes) {
        this.column = attached(column, "ALTER COLUMN");
        if (changes.isEmpty()) {
            throw new dev.retort.exc.ArgumentException("ALTER COLUMN " + column + " needs something to change");
        }
        this.changes = Set.copyOf(EnumSet.copyOf(changes));
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitAlterColumn(this);
    }

    /** The column as it is to be. */
    public Column<?> column() {
        return column;
    }

    /** What changes, in declaration order of {@link Change}. */
    public Set<Change> changes() {
        return EnumSet.copyOf(changes);
    }

    @Override
    public Table table() {
        return column.table();
    }
}
