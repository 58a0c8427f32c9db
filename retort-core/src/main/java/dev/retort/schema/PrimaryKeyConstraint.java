package dev.retort.schema;

import java.util.List;

/** {@code PRIMARY KEY (cols)}; built from the columns marked {@code primaryKey()}, or given explicitly. */
public final class PrimaryKeyConstraint extends Constraint {
    public PrimaryKeyConstraint(List<?> columns) {
        super(null, columns);
    }

    /** By column key: {@code new PrimaryKeyConstraint("a", "b")}. */
    public PrimaryKeyConstraint(String... columnKeys) {
        super(null, List.of(columnKeys));
    }
}
