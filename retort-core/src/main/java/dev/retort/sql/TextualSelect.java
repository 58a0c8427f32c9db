package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import java.util.List;

/**
 * SQL text that is a SELECT with known columns, SQLAlchemy's {@code text(...).columns(...)}: its
 * rows are read under the columns' names and types, and it is usable where a SELECT is: as a
 * subquery ({@code (SELECT ...) AS t} with {@code t.c("id")}), a CTE, in a UNION, with
 * {@code IN}. The text renders as written.
 *
 * <pre>{@code
 * TextualSelect ts = text("SELECT id, name FROM users WHERE id > :low").bindparams(Map.of("low", 1))
 *         .columns(column("id", Types.INTEGER), column("name", Types.STRING));
 * Alias t = ts.subquery("t");
 * select(t.c("name")).where(t.c("id").lt(10));
 * }</pre>
 */
public final class TextualSelect extends SelectBase {
    static final Traversal<TextualSelect> TRAVERSAL = Traversal.of("textual_select",
            a -> new TextualSelect((TextClause) a[0], BooleanClauseList.castList(a[1])),
            Attr.clause("text", TextualSelect::text),
            Attr.clauses("columns", TextualSelect::columns));

    private final TextClause text;
    private final List<ColumnClause<?>> columns;

    TextualSelect(TextClause text, List<? extends ClauseElement> columns) {
        this.text = text;
        this.columns = declaredColumns(columns, false, "A textual SELECT");
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitTextualSelect(this);
    }

    public TextClause text() {
        return text;
    }

    public List<ColumnClause<?>> columns() {
        return columns;
    }

    @Override
    public List<SelectColumn> selectColumns() {
        return named(columns);
    }

    @Override
    public List<FromClause> fromObjects() {
        return List.of();
    }
}
