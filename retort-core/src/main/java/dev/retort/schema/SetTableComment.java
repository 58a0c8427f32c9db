package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.Traversal;

/**
 * Sets a table's comment to {@link Table#comment()} (none when null): {@code COMMENT ON TABLE t IS '...'}
 * on PostgreSQL, {@code ALTER TABLE t COMMENT '...'} on MySQL and MariaDB; SQLite keeps no comments.
 *
 * <pre>{@code
 * new SetTableComment(users.comment("People who log in")).compile(Dialects.postgresql()).string();
 * // COMMENT ON TABLE users IS 'People who log in'
 * }</pre>
 */
public final class SetTableComment extends SchemaChange {
    static final Traversal<SetTableComment> TRAVERSAL = Traversal.identity("set_table_comment");

    private final Table table;

    public SetTableComment(Table table) {
        if (table == null) {
            throw new dev.retort.exc.ArgumentException("SetTableComment needs a table");
        }
        this.table = table;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitSetTableComment(this);
    }

    @Override
    public Table table() {
        return table;
    }
}
