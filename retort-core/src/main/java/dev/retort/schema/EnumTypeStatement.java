package dev.retort.schema;

import dev.retort.exc.ArgumentException;
import dev.retort.sql.ClauseElement;
import dev.retort.types.EnumType;

/** What {@link CreateEnumType} and {@link DropEnumType} share: the enum type they name, which must have a name. */
abstract class EnumTypeStatement extends ClauseElement {
    private final EnumType<?> type;

    /** {@code what} names the statement in the message when {@code type} is missing or has no name: "CREATE TYPE". */
    EnumTypeStatement(EnumType<?> type, String what) {
        if (type == null || type.name() == null) {
            throw new ArgumentException(what + " needs an enum type with a name (Types.enumOf(name, labels...)), got " + type);
        }
        this.type = type;
    }

    public EnumType<?> type() {
        return type;
    }
}
