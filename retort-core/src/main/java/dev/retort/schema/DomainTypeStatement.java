package dev.retort.schema;

import dev.retort.exc.ArgumentException;
import dev.retort.sql.ClauseElement;
import dev.retort.types.DomainType;

/** What {@link CreateDomainType} and {@link DropDomainType} share: the domain type they name. */
abstract class DomainTypeStatement extends ClauseElement {
    private final DomainType<?> type;

    /** {@code what} names the statement in the message when {@code type} is missing: "CREATE DOMAIN". */
    DomainTypeStatement(DomainType<?> type, String what) {
        if (type == null) {
            throw new ArgumentException(what + " needs a domain type");
        }
        this.type = type;
    }

    public DomainType<?> type() {
        return type;
    }
}
