package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.exc.ArgumentException;
import dev.retort.sql.Traversal;
import java.util.function.BiFunction;

/** What the DDL statements on a sequence ({@link CreateSequence}, {@link AlterSequence}, {@link DropSequence}) share: the sequence they name. */
abstract class SequenceStatement<S extends SequenceStatement<S>> extends GuardedDdl<Sequence, S> {
    /** {@code what} names the statement in the message when {@code sequence} is missing: "CREATE SEQUENCE". */
    SequenceStatement(Sequence sequence, String what, boolean guarded, Traversal<S> kind, BiFunction<SqlCompiler, S, String> visit) {
        super(checked(sequence, what), guarded, kind, visit);
    }

    private static Sequence checked(Sequence sequence, String what) {
        if (sequence == null) {
            throw new ArgumentException(what + " needs a sequence");
        }
        return sequence;
    }

    public Sequence sequence() {
        return target();
    }
}
