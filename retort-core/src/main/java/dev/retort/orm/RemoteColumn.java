package dev.retort.orm;

import dev.retort.dialect.SqlCompiler;
import dev.retort.schema.Column;
import dev.retort.sql.Attr;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.CustomElement;
import dev.retort.sql.Traversal;
import dev.retort.types.TypeEngine;

/**
 * A column of a declared join condition marked as the target's side ({@link ORM#remote}), SQLAlchemy's
 * {@code remote()} annotation: from a table to itself, one column may stand on both sides of the condition
 * ({@code remote(entity.path) LIKE entity.path || '/%'}), so its side is told by the occurrence, not by
 * its table. The relationship reads the mark and puts the column on its side; outside a relationship it
 * renders as the column.
 */
final class RemoteColumn extends CustomElement<Object> {
    static final Traversal<RemoteColumn> TRAVERSAL = declare(RemoteColumn.class, a -> new RemoteColumn((Column<?>) a[0]),
            Attr.clause("column", (RemoteColumn r) -> r.column));

    final Column<?> column;

    RemoteColumn(Column<?> column) {
        this.column = column;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    @SuppressWarnings("unchecked")
    public TypeEngine<Object> type() {
        return (TypeEngine<Object>) column.type();
    }

    @Override
    protected String bindPrefix() {
        // a value compared with it is named after the column, as with the column itself (path_1)
        return column.key();
    }

    @Override
    protected Boolean inheritCache() {
        return true;
    }

    @Override
    protected String compileDefault(SqlCompiler compiler) {
        return compiler.process(column);
    }
}
