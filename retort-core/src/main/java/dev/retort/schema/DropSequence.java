package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Traversal;

/**
 * {@code DROP SEQUENCE [IF EXISTS] name}: SQLAlchemy's {@code DropSequence}.
 *
 * <pre>{@code
 * conn.execute(new DropSequence(seq).ifExists());
 * }</pre>
 */
public final class DropSequence extends ClauseElement {
    static final Traversal<DropSequence> TRAVERSAL = Traversal.identity("drop_sequence");

    private final Sequence sequence;
    private final boolean ifExists;

    public DropSequence(Sequence sequence) {
        this(sequence, false);
    }

    private DropSequence(Sequence sequence, boolean ifExists) {
        if (sequence == null) {
            throw new dev.retort.exc.ArgumentException("DROP SEQUENCE needs a sequence");
        }
        this.sequence = sequence;
        this.ifExists = ifExists;
    }

    /** {@code DROP SEQUENCE IF EXISTS}: a copy that does nothing when the sequence is gone. */
    public DropSequence ifExists() {
        return new DropSequence(sequence, true);
    }

    public boolean isIfExists() {
        return ifExists;
    }

    public Sequence sequence() {
        return sequence;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitDropSequence(this);
    }
}
