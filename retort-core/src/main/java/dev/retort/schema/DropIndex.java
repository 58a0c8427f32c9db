package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Traversal;

/**
 * The DDL statement DROP INDEX for an index, compiled per dialect like any statement.
 *
 * <pre>{@code
 * new DropIndex(ix).compile(Dialects.postgresql()).string();
 * }</pre>
 */
public final class DropIndex extends ClauseElement {
    static final Traversal<DropIndex> TRAVERSAL = Traversal.identity("drop_index");

    private final Index index;

    public DropIndex(Index index) {
        if (index.table() == null) {
            throw new dev.retort.exc.ArgumentException("Index '" + index.name() + "' is not part of a table");
        }
        this.index = index;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitDropIndex(this);
    }

    public Index index() {
        return index;
    }
}
