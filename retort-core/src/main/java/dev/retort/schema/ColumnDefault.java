package dev.retort.schema;

import dev.retort.exc.ArgumentException;
import dev.retort.sql.ClauseElement;
import java.util.function.Supplier;

/**
 * A value Retort gives a column that a statement leaves out (SQLAlchemy's {@code ColumnDefault}):
 * {@link Column#defaultValue} for an INSERT, {@link Column#onUpdate} for an UPDATE. It is a
 * constant or a {@link Supplier} (both sent as a parameter, the supplier called once per row as
 * the statement runs), or SQL ({@code func("now")}) written into the statement.
 *
 * <pre>{@code
 * Column.of("created", Types.DATETIME).defaultValue(SQL.func("now")).defaultValue()   // isExpression()
 * }</pre>
 */
public final class ColumnDefault {
    private final Object arg;
    private final Column<?> column;

    private ColumnDefault(Object arg, Column<?> column) {
        this.arg = arg;
        this.column = column;
    }

    /** The default of {@code arg}: a {@link ClauseElement} is SQL, a {@link Supplier} is called per row, anything else is a constant. */
    static ColumnDefault of(Object arg, Column<?> column) {
        if (arg == null) {
            throw new ArgumentException("Column '" + column.name() + "' needs a non-null default (leave it out for none)");
        }
        // a SELECT is its scalar subquery, in parentheses, as SQLAlchemy coerces it
        return new ColumnDefault(arg instanceof dev.retort.sql.SelectBase s ? s.scalarSubquery() : arg, column);
    }

    /** The column whose default (or on-update value) this is. */
    public Column<?> column() {
        return column;
    }

    /** The constant, the {@link Supplier} or the SQL expression given. */
    public Object arg() {
        return arg;
    }

    /** Whether the default is SQL written into the statement (not a parameter). */
    public boolean isExpression() {
        return arg instanceof ClauseElement;
    }

    /** Whether the default is a {@link Supplier}, called once per row. */
    public boolean isSupplier() {
        return arg instanceof Supplier<?>;
    }

    /** The SQL expression of an {@linkplain #isExpression() expression default}. */
    public ClauseElement expression() {
        if (!(arg instanceof ClauseElement e)) {
            throw new IllegalStateException("Not a SQL expression default: " + this);
        }
        return e;
    }

    /** The value to send for one row: the constant, or what the supplier gives now. */
    public Object value() {
        if (arg instanceof ClauseElement) {
            throw new IllegalStateException("A SQL expression default has no value of its own: " + this);
        }
        return arg instanceof Supplier<?> s ? s.get() : arg;
    }

    @Override
    public String toString() {
        return "ColumnDefault(" + (arg instanceof Supplier<?> ? "<supplier>" : arg) + ")";
    }
}
