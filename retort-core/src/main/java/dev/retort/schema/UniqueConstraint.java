package dev.retort.schema;

import java.util.List;

/** {@code [CONSTRAINT name] UNIQUE (cols)}. */
public final class UniqueConstraint extends Constraint {
    public UniqueConstraint(String name, List<?> columns) {
        super(name, columns);
    }

    /** An unnamed constraint over column keys. */
    public UniqueConstraint(String... columnKeys) {
        super(null, List.of(columnKeys));
    }

    @Override
    String conventionKind() {
        return "uq";
    }
}
