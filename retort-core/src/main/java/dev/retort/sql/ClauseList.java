package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import java.util.List;

/**
 * Elements joined by a separator: the bounds of BETWEEN ({@code a AND b}), a parenthesised
 * list of expressions ({@code (a, b)}), function arguments.
 */
public final class ClauseList extends ClauseElement {
    static final Traversal<ClauseList> TRAVERSAL = Traversal.of("clause_list",
            a -> new ClauseList((Operator) a[0], BooleanClauseList.castList(a[1]), (Boolean) a[2]),
            Attr.struct("separator", ClauseList::separator),
            Attr.clauses("clauses", ClauseList::clauses),
            Attr.flag("grouped", ClauseList::isGrouped));

    private final Operator separator;
    private final List<ClauseElement> clauses;
    private final boolean grouped;

    ClauseList(Operator separator, List<? extends ClauseElement> clauses, boolean grouped) {
        if (separator == null) {
            // a loaded list without one would fail only when compiled
            throw new dev.retort.exc.ArgumentException("A clause list needs a separator");
        }
        this.separator = separator;
        this.clauses = List.copyOf(clauses);
        this.grouped = grouped;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitClauseList(this);
    }

    public Operator separator() {
        return separator;
    }

    public List<ClauseElement> clauses() {
        return clauses;
    }

    /** Whether the list renders in parentheses. */
    public boolean isGrouped() {
        return grouped;
    }
}
