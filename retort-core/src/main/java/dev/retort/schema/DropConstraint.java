package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.Traversal;

/**
 * {@code ALTER TABLE t DROP CONSTRAINT [IF EXISTS] name [CASCADE]} (MySQL and MariaDB: {@code DROP FOREIGN KEY},
 * {@code DROP INDEX} for a unique constraint, {@code DROP CHECK} on MySQL). The constraint needs
 * a name; SQLite cannot drop constraints (a migration rebuilds the table).
 *
 * <pre>{@code
 * new DropConstraint(fk).compile(Dialects.mysql()).string();   // ALTER TABLE addresses DROP FOREIGN KEY fk_user
 * new DropConstraint(uq).ifExists().cascade();                 // ALTER TABLE t DROP CONSTRAINT IF EXISTS uq_x CASCADE
 * }</pre>
 */
public final class DropConstraint extends SchemaChange {
    static final Traversal<DropConstraint> TRAVERSAL = Traversal.identity("drop_constraint");

    private final Constraint constraint;
    private final boolean ifExists;
    private final boolean cascade;

    public DropConstraint(Constraint constraint) {
        this(constraint, false, false);
    }

    private DropConstraint(Constraint constraint, boolean ifExists, boolean cascade) {
        if (constraint == null || constraint.name() == null || constraint.table() == null) {
            throw new dev.retort.exc.ArgumentException("DROP CONSTRAINT needs a named constraint of a table, got " + constraint);
        }
        this.constraint = constraint;
        this.ifExists = ifExists;
        this.cascade = cascade;
    }

    /**
     * {@code DROP CONSTRAINT IF EXISTS}: a copy that does nothing when the constraint is gone
     * (MariaDB writes {@code DROP FOREIGN KEY IF EXISTS} / {@code DROP INDEX IF EXISTS}; MySQL has
     * no such clause and raises {@code CompileException}).
     */
    public DropConstraint ifExists() {
        return new DropConstraint(constraint, true, cascade);
    }

    /**
     * {@code CASCADE}: a copy that drops what depends on the constraint too (PostgreSQL: the foreign
     * keys that refer to a unique or primary key). MySQL and MariaDB, where nothing depends on a
     * constraint, leave it out, as SQLAlchemy does.
     */
    public DropConstraint cascade() {
        return new DropConstraint(constraint, ifExists, true);
    }

    public boolean isIfExists() {
        return ifExists;
    }

    public boolean isCascade() {
        return cascade;
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
