package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.Traversal;

/**
 * {@code ALTER TABLE t DROP CONSTRAINT name} (MySQL and MariaDB: {@code DROP FOREIGN KEY},
 * {@code DROP INDEX} for a unique constraint, {@code DROP CHECK} on MySQL). The constraint needs
 * a name; SQLite cannot drop constraints (a migration rebuilds the table).
 *
 * <pre>{@code
 * new DropConstraint(fk).compile(Dialects.mysql()).string();   // ALTER TABLE addresses DROP FOREIGN KEY fk_user
 * }</pre>
 */
public final class DropConstraint extends SchemaChange {
    static final Traversal<DropConstraint> TRAVERSAL = Traversal.identity("drop_constraint");

    private final Constraint constraint;

    public DropConstraint(Constraint constraint) {
        if (constraint == null || constraint.name() == null || constraint.table() == null) {
            throw new dev.retort.exc.ArgumentException("DROP CONSTRAINT needs a named constraint of a table, got " + constraint);
        }
        this.constraint = constraint;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitDropConstraint(this);
    }

    public Constraint constraint() {
        return constraint;
    }

    @Override
    public Table table() {
        return constraint.table();
    }
}
