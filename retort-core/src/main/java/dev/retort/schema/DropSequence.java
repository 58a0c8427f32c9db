package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.Traversal;

/**
 * {@code DROP SEQUENCE [IF EXISTS] name}: SQLAlchemy's {@code DropSequence}.
 *
 * <pre>{@code
 * conn.execute(new DropSequence(seq).ifExists());
 * }</pre>
 */
public final class DropSequence extends SequenceStatement<DropSequence> {
    static final Traversal<DropSequence> TRAVERSAL = Traversal.identity("drop_sequence");

    public DropSequence(Sequence sequence) {
        this(sequence, false);
    }

    private DropSequence(Sequence sequence, boolean ifExists) {
        super(sequence, "DROP SEQUENCE", ifExists, TRAVERSAL, SqlCompiler::visitDropSequence);
    }

    /** {@code DROP SEQUENCE IF EXISTS}: a copy that does nothing when the sequence is gone. */
    public DropSequence ifExists() {
        return new DropSequence(sequence(), true);
    }

    public boolean isIfExists() {
        return guarded();
    }
}
