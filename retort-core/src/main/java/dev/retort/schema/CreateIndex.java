package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.Traversal;

/**
 * The DDL statement CREATE INDEX for an index, compiled per dialect like any statement.
 *
 * <pre>{@code
 * new CreateIndex(ix).compile(Dialects.postgresql()).string();
 * }</pre>
 */
public final class CreateIndex extends IndexStatement<CreateIndex> {
    static final Traversal<CreateIndex> TRAVERSAL = Traversal.identity("create_index");

    public CreateIndex(Index index) {
        this(index, false);
    }

    private CreateIndex(Index index, boolean ifNotExists) {
        super(index, ifNotExists, TRAVERSAL, SqlCompiler::visitCreateIndex);
    }

    /**
     * {@code CREATE INDEX IF NOT EXISTS}: a copy that does nothing when an index of that name exists (MySQL has no such clause; MariaDB, PostgreSQL and SQLite do).
     *
     * <pre>{@code
     * conn.execute(new CreateIndex(ix).ifNotExists());
     * }</pre>
     */
    public CreateIndex ifNotExists() {
        return new CreateIndex(index(), true);
    }

    public boolean isIfNotExists() {
        return guarded();
    }
}
