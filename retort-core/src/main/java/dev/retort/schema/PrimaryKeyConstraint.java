package dev.retort.schema;

import java.util.List;

/** {@code PRIMARY KEY (cols)}; built from the columns marked {@code primaryKey()}, or given explicitly. */
public final class PrimaryKeyConstraint extends Constraint {
    public PrimaryKeyConstraint(List<?> columns) {
        super(null, columns);
    }

    /**
     * A named primary key, by columns or column keys; the name is PostgreSQL's to drop it by
     * ({@code ALTER TABLE users DROP CONSTRAINT users_pkey}).
     *
     * <pre>{@code
     * new DropConstraint(new PrimaryKeyConstraint("users_pkey", List.of("id")));   // once part of a table
     * }</pre>
     */
    public PrimaryKeyConstraint(String name, List<?> columns) {
        super(name, columns);
    }

    /** By column key: {@code new PrimaryKeyConstraint("a", "b")}. */
    public PrimaryKeyConstraint(String... columnKeys) {
        super(null, List.of(columnKeys));
    }

    /** Its columns become primary key columns, as if marked {@code primaryKey()}: NOT NULL, and generated when alone. */
    @Override
    public void attachTo(Table table) {
        super.attachTo(table);
        for (Column<?> c : columns()) {
            c.joinPrimaryKey();
        }
    }

    @Override
    String conventionKind() {
        return "pk";
    }
}
