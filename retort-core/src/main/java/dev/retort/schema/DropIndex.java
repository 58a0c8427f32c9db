package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.Traversal;

/**
 * The DDL statement DROP INDEX for an index, compiled per dialect like any statement.
 *
 * <pre>{@code
 * new DropIndex(ix).compile(Dialects.postgresql()).string();
 * }</pre>
 */
public final class DropIndex extends IndexStatement<DropIndex> {
    static final Traversal<DropIndex> TRAVERSAL = Traversal.identity("drop_index");

    public DropIndex(Index index) {
        this(index, false);
    }

    private DropIndex(Index index, boolean ifExists) {
        super(index, ifExists, TRAVERSAL, SqlCompiler::visitDropIndex);
    }

    /**
     * {@code DROP INDEX IF EXISTS}: a copy that does nothing when the index is gone.
     *
     * <pre>{@code
     * conn.execute(new DropIndex(ix).ifExists());
     * }</pre>
     */
    public DropIndex ifExists() {
        return new DropIndex(index(), true);
    }

    public boolean isIfExists() {
        return guarded();
    }
}
