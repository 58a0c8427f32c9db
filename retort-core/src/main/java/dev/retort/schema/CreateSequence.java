package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.Traversal;

/**
 * {@code CREATE SEQUENCE [IF NOT EXISTS] name [AS type] [options]}: SQLAlchemy's {@code CreateSequence}.
 * PostgreSQL and MariaDB run it; SQLite and MySQL, which have no sequences, raise {@code CompileException}.
 *
 * <pre>{@code
 * new CreateSequence(new Sequence("s").start(5).increment(2)).compile(Dialects.postgresql()).string();
 * // CREATE SEQUENCE s INCREMENT BY 2 START WITH 5
 * conn.execute(new CreateSequence(seq).ifNotExists());
 * }</pre>
 */
public final class CreateSequence extends SequenceStatement<CreateSequence> {
    static final Traversal<CreateSequence> TRAVERSAL = Traversal.identity("create_sequence");

    public CreateSequence(Sequence sequence) {
        this(sequence, false);
    }

    private CreateSequence(Sequence sequence, boolean ifNotExists) {
        super(sequence, "CREATE SEQUENCE", ifNotExists, TRAVERSAL, SqlCompiler::visitCreateSequence);
    }

    /** {@code CREATE SEQUENCE IF NOT EXISTS}: a copy that does nothing when the sequence exists. */
    public CreateSequence ifNotExists() {
        return new CreateSequence(sequence(), true);
    }

    public boolean isIfNotExists() {
        return guarded();
    }
}
