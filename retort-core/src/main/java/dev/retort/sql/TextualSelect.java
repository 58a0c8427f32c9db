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
            a -> new TextualSelect((TextClause) a[0], BooleanClauseList.castList(a[1]), AddedCtes.of(a[2], a[3])),
            Attr.clause("text", TextualSelect::text),
            Attr.clauses("columns", TextualSelect::columns),
            Attr.clauses("addedCtes", TextualSelect::addedCtes).since(14),
            Attr.struct("addedCtesNestHere", (TextualSelect t) -> t.added.nestHereAttribute()).since(14));

    private final TextClause text;
    private final List<ColumnClause<?>> columns;
    private final AddedCtes added;

    TextualSelect(TextClause text, List<? extends ClauseElement> columns) {
        this(text, columns, AddedCtes.NONE);
    }

    private TextualSelect(TextClause text, List<? extends ClauseElement> columns, AddedCtes added) {
        this.text = text;
        this.columns = declaredColumns(columns, false, "A textual SELECT");
        this.added = added;
    }

    /**
     * A copy whose WITH clause declares these CTEs before the text, whether or not the text refers
     * to them; SQLAlchemy's {@code TextualSelect.add_cte}.
     *
     * <pre>{@code
     * text("SELECT bar.id FROM bar WHERE bar.foo_id IN (SELECT id FROM baz)").columns(bar.c("id"))
     *         .addCte(select(foo.c("id")).cte("baz"));
     * // WITH baz AS (SELECT foo.id AS id FROM foo) SELECT bar.id FROM bar WHERE bar.foo_id IN (SELECT id FROM baz)
     * }</pre>
     */
    public TextualSelect addCte(CTE... ctes) {
        return new TextualSelect(text, columns, added.plus(ctes, false));
    }

    /** The CTEs given to {@link #addCte}, in order. */
    public List<CTE> addedCtes() {
        return added.ctes();
    }

    /** For each of {@link #addedCtes()}: whether it is declared in this statement's own WITH clause. */
    public List<Boolean> addedCtesNestHere() {
        return added.nestHere();
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
