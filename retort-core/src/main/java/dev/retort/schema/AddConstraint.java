package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.Traversal;

/**
 * {@code ALTER TABLE ... ADD CONSTRAINT ...}: a foreign key, unique, check or primary key
 * constraint added to an existing table, as {@code MetaData.createAll} adds the foreign keys of
 * tables that refer to each other. SQLite cannot add constraints to a table: there it raises
 * {@code CompileException} (a migration rebuilds the table).
 *
 * <pre>{@code
 * new AddConstraint(fk).compile(Dialects.postgresql()).string();
 * // ALTER TABLE store ADD CONSTRAINT store_manager FOREIGN KEY(manager_staff_id) REFERENCES staff (staff_id)
 * }</pre>
 */
public final class AddConstraint extends SchemaChange {
    static final Traversal<AddConstraint> TRAVERSAL = Traversal.identity("add_constraint");

    private final Constraint constraint;
    private final ForeignKey foreignKey;

    public AddConstraint(Constraint constraint) {
        if (constraint == null || constraint.table() == null) {
            throw new dev.retort.exc.ArgumentException("ADD CONSTRAINT needs a constraint of a table, got " + constraint);
        }
        this.constraint = constraint;
        this.foreignKey = null;
    }

    /** The foreign key a column declares ({@code Column.foreignKey("users.id")}), added unnamed: {@code ALTER TABLE t ADD FOREIGN KEY(c) REFERENCES ...}. */
    public AddConstraint(ForeignKey foreignKey) {
        if (foreignKey == null || foreignKey.parent().table() == null) {
            throw new dev.retort.exc.ArgumentException("ADD CONSTRAINT needs the foreign key of a table's column, got " + foreignKey);
        }
        this.constraint = null;
        this.foreignKey = foreignKey;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitAddConstraint(this);
    }

    /** The constraint added, or null for a column's foreign key. */
    public Constraint constraint() {
        return constraint;
    }

    /** The column's foreign key added, or null for a constraint. */
    public ForeignKey foreignKey() {
        return foreignKey;
    }

    @Override
    public Table table() {
        return constraint != null ? constraint.table() : foreignKey.parent().table();
    }
}
