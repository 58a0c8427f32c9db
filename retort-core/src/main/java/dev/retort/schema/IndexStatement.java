package dev.retort.schema;

import dev.retort.exc.ArgumentException;
import dev.retort.sql.ClauseElement;

/** What {@link CreateIndex} and {@link DropIndex} share: the index they name, which must be part of a table. */
abstract class IndexStatement extends ClauseElement {
    private final Index index;

    IndexStatement(Index index) {
        if (index.table() == null) {
            throw new ArgumentException("Index '" + index.name() + "' is not part of a table");
        }
        this.index = index;
    }

    public Index index() {
        return index;
    }
}
