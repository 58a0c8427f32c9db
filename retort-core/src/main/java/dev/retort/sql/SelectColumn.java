package dev.retort.sql;

/**
 * A column of a SELECT with the label it needs: {@code required} forces {@code AS label};
 * {@code fallback} is used when the expression has no name of its own. Labels are {@code String}s
 * or {@link LabelName}s.
 *
 * @param column the column expression
 * @param required a label that must be rendered, or null
 * @param fallback the label for an expression without a name, or null
 * @param repeated whether the same column appeared earlier in the same SELECT
 */
public record SelectColumn(ColumnElement<?> column, Object required, Object fallback, boolean repeated) {
    /** The name a subquery exports this column under, or the label the compiler resolves. */
    public Object exportedName() {
        if (column instanceof Label<?> l) {
            return l.name() != null ? l.name() : new LabelName(l, 0, l.anonPrefix());
        }
        if (required != null) {
            return required;
        }
        if ((column.isNamedColumn() || column instanceof UnaryExpression<?>) && column.nonAnonLabel() != null) {
            return column.nonAnonLabel();
        }
        return fallback;
    }
}
