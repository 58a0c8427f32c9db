package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
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
public final class AlterSequence extends SequenceStatement<AlterSequence> {
    static final Traversal<AlterSequence> TRAVERSAL = Traversal.identity("alter_sequence");

    public AlterSequence(Sequence sequence) {
        super(sequence, "ALTER SEQUENCE", false, TRAVERSAL, SqlCompiler::visitAlterSequence);
    }
}
