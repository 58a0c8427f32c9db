package dev.retort.schema;

import dev.retort.exc.ArgumentException;
import dev.retort.sql.ClauseElement;

/** What {@link CreateSchema} and {@link DropSchema} share: the schema they name. */
abstract class SchemaStatement extends ClauseElement {
    private final String name;

    /** {@code what} names the statement in the message when {@code name} is missing: "CREATE SCHEMA". */
    SchemaStatement(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new ArgumentException(what + " needs a schema name");
        }
        this.name = name;
    }

    /** The schema's name, quoted as needed when written. */
    public String name() {
        return name;
    }
}
