package dev.retort.schema;

import dev.retort.sql.ClauseElement;
import java.util.List;

/**
 * {@code [CONSTRAINT name] CHECK (condition)}: a SQL expression or text. Given to a table it is a
 * table constraint; given to a column ({@link Column#check}) it is written in the column's
 * definition, as SQLAlchemy's {@code Column("a", Integer, CheckConstraint("a > 5"))}, and is
 * otherwise one of the table's constraints (reflection reads it back as one).
 *
 * <pre>{@code
 * new Table("tbl", metadata, Column.of("a", Types.INTEGER).check(new CheckConstraint("ck_a", text("a > 5"))));
 * // CREATE TABLE tbl (a INTEGER CONSTRAINT ck_a CHECK (a > 5))
 * }</pre>
 */
public final class CheckConstraint extends Constraint {
    private final ClauseElement condition;
    private Column<?> column;

    public CheckConstraint(String name, ClauseElement condition) {
        super(name, List.of());
        this.condition = condition;
    }

    /** The column whose definition the CHECK is written in, or null for a table-level CHECK. */
    public Column<?> column() {
        return column;
    }

    /** Declares the CHECK on {@code c}, once. */
    void declareOn(Column<?> c) {
        if (column != null) {
            throw new dev.retort.exc.ArgumentException("CHECK constraint " + this + " is already declared on column " + column.name());
        }
        column = c;
    }

    /** The condition, rendered with literal values. */
    public ClauseElement condition() {
        return condition;
    }

    @Override
    String conventionKind() {
        return "ck";
    }

    /** The columns of the condition (none for text), as SQLAlchemy's CHECK lists them. */
    @Override
    List<Column<?>> conventionColumns() {
        return column != null ? List.of(column) : Index.columnsIn(List.of(condition));
    }
}
