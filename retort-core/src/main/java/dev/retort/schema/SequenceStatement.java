package dev.retort.schema;

import dev.retort.exc.ArgumentException;
import dev.retort.sql.ClauseElement;

/** What the DDL statements on a sequence ({@link CreateSequence}, {@link AlterSequence}, {@link DropSequence}) share: the sequence they name. */
abstract class SequenceStatement extends ClauseElement {
    private final Sequence sequence;

    /** {@code what} names the statement in the message when {@code sequence} is missing: "CREATE SEQUENCE". */
    SequenceStatement(Sequence sequence, String what) {
        if (sequence == null) {
            throw new ArgumentException(what + " needs a sequence");
        }
        this.sequence = sequence;
    }

    public Sequence sequence() {
        return sequence;
    }
}
