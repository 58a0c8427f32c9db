package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Traversal;

/**
 * {@code ALTER SEQUENCE name [AS type] [options]}: sets the options the sequence has (an option it
 * leaves unset is left as the database has it), keeping where its numbering stands. PostgreSQL
 * and MariaDB run it; SQLite and MySQL, which have no sequences, raise {@code CompileException}.
 * A migration ({@code SchemaDiff}) writes one with every option set, from
 * {@code Inspector.storedSequence}.
 *
 * <pre>{@code
 * new AlterSequence(new Sequence("s").increment(5).cycle(true)).compile(Dialects.postgresql()).string();
 * // ALTER SEQUENCE s INCREMENT BY 5 CYCLE
 * }</pre>
 */
public final class AlterSequence extends ClauseElement {
    static final Traversal<AlterSequence> TRAVERSAL = Traversal.identity("alter_sequence");

    private final Sequence sequence;

    public AlterSequence(Sequence sequence) {
        if (sequence == null) {
            throw new dev.retort.exc.ArgumentException("ALTER SEQUENCE needs a sequence");
        }
        this.sequence = sequence;
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
        return compiler.visitAlterSequence(this);
    }
}
