package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Traversal;

/**
 * {@code ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY}: a foreign key added to an existing
 * table, as {@code MetaData.createAll} adds those of tables that refer to each other. SQLite
 * cannot add constraints to a table: there it raises {@code CompileException}.
 *
 * <pre>{@code
 * new AddConstraint(fk).compile(Dialects.postgresql()).string();
 * // ALTER TABLE store ADD CONSTRAINT store_manager FOREIGN KEY(manager_staff_id) REFERENCES staff (staff_id)
 * }</pre>
 */
public final class AddConstraint extends ClauseElement {
    static final Traversal<AddConstraint> TRAVERSAL = Traversal.identity("add_constraint");

    private final ForeignKeyConstraint constraint;

    public AddConstraint(ForeignKeyConstraint constraint) {
        this.constraint = constraint;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitAddConstraint(this);
    }

    public ForeignKeyConstraint constraint() {
        return constraint;
    }
}
