package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;

/**
 * A common table expression: {@code WITH name AS (SELECT ...)} at the top of the statement that
 * uses it, referred to by name in FROM.
 *
 * <pre>{@code
 * CTE totals = select(orders.c("user_id"), func("sum", orders.c("qty")).label("total"))
 *         .groupBy(orders.c("user_id")).cte("totals");
 * select(users.c("name"), totals.c("total")).selectFrom(users.join(totals, users.c("id").eq(totals.c("user_id"))));
 * }</pre>
 */
public final class CTE extends Alias {
    static final Traversal<CTE> TRAVERSAL = Traversal.of("cte",
            a -> new CTE((SelectBase) a[0], (String) a[1], (Boolean) a[2]),
            Attr.clause("element", CTE::element),
            Attr.struct("name", CTE::name),
            Attr.struct("recursive", CTE::isRecursive));

    private final boolean recursive;

    CTE(SelectBase element, String name, boolean recursive) {
        super(element, name);
        this.recursive = recursive;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitCte(this);
    }

    @Override
    public SelectBase element() {
        return (SelectBase) super.element();
    }

    /** Whether the CTE is declared {@code WITH RECURSIVE}. */
    public boolean isRecursive() {
        return recursive;
    }
}
