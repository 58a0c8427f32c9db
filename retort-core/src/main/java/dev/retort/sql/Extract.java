package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.TypeEngine;
import dev.retort.types.Types;

/**
 * {@code EXTRACT(field FROM expr)}: a part of a date or time as an integer. SQLite has no
 * EXTRACT; there it is {@code CAST(STRFTIME('%Y', expr) AS INTEGER)} for the fields SQLite's
 * strftime knows (year, month, day, hour, minute, second, doy, dow, week, epoch), as SQLAlchemy
 * writes it.
 *
 * <pre>{@code
 * select(extract("year", orders.c("placed")));     // EXTRACT(year FROM orders.placed)
 * }</pre>
 */
public final class Extract extends ColumnElement<Integer> {
    static final Traversal<Extract> TRAVERSAL = Traversal.of("extract",
            a -> new Extract((String) a[0], (ColumnElement<?>) a[1]),
            Attr.struct("field", Extract::field),
            Attr.clause("expr", Extract::expr));

    private static final java.util.regex.Pattern FIELD = java.util.regex.Pattern.compile("[A-Za-z_]+");

    private final String field;
    private final ColumnElement<?> expr;

    Extract(String field, ColumnElement<?> expr) {
        if (field == null || !FIELD.matcher(field).matches()) {
            // The field is written into the SQL as a bare word.
            throw new dev.retort.exc.ArgumentException("EXTRACT needs a field name of letters and _, got '" + field + "'");
        }
        this.field = field;
        this.expr = expr;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitExtract(this);
    }

    public String field() {
        return field;
    }

    public ColumnElement<?> expr() {
        return expr;
    }

    @Override
    public TypeEngine<Integer> type() {
        return Types.INTEGER;
    }
}
