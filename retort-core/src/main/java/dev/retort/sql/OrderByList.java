package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Several ORDER BY expressions given as one (SQLAlchemy 2.1's {@code OrderByList}), written
 * separated by commas; {@link #desc()}, {@link #asc()}, {@link #nullsFirst()} and
 * {@link #nullsLast()} apply to each of them.
 *
 * <pre>{@code
 * OrderByList byName = orderByList(users.c("last"), users.c("first"));
 * select(users).orderBy(byName.desc().nullsLast());   // ORDER BY users.last DESC NULLS LAST, users.first DESC NULLS LAST
 * }</pre>
 */
public final class OrderByList extends ClauseElement {
    static final Traversal<OrderByList> TRAVERSAL = Traversal.of("order_by_list",
            a -> new OrderByList(BooleanClauseList.castList(a[0])),
            Attr.<OrderByList>clauses("clauses", OrderByList::clauses).since(11));

    private final List<ColumnElement<?>> clauses;

    @SuppressWarnings("unchecked")
    OrderByList(List<? extends ClauseElement> clauses) {
        if (clauses.isEmpty()) {
            throw new dev.retort.exc.ArgumentException("An OrderByList needs at least one expression");
        }
        for (ClauseElement c : clauses) {
            if (!(c instanceof ColumnElement<?>)) {
                throw new dev.retort.exc.ArgumentException("An OrderByList holds column expressions, not "
                        + (c == null ? "null" : c.getClass().getSimpleName()));
            }
        }
        this.clauses = (List<ColumnElement<?>>) List.copyOf(clauses);
    }

    /** The expressions, in order. */
    public List<ColumnElement<?>> clauses() {
        return clauses;
    }

    /** Each expression {@code DESC}. */
    public OrderByList desc() {
        return each(ColumnElement::desc);
    }

    /** Each expression {@code ASC}. */
    public OrderByList asc() {
        return each(ColumnElement::asc);
    }

    /** Each expression {@code NULLS FIRST}. */
    public OrderByList nullsFirst() {
        return each(ColumnElement::nullsFirst);
    }

    /** Each expression {@code NULLS LAST}. */
    public OrderByList nullsLast() {
        return each(ColumnElement::nullsLast);
    }

    private OrderByList each(UnaryOperator<ColumnElement<?>> op) {
        List<ColumnElement<?>> out = new ArrayList<>(clauses.size());
        for (ColumnElement<?> c : clauses) {
            out.add(op.apply(c));
        }
        return new OrderByList(out);
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitOrderByList(this);
    }
}
