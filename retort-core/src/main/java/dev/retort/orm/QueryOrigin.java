package dev.retort.orm;

import dev.retort.dialect.SqlCompiler;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.CompileException;
import dev.retort.sql.Attr;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Select;
import dev.retort.sql.Traversal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The query a Core statement of {@link Query#statement()} or {@link Query#innerStatement()} was
 * made from, kept in the statement itself ({@link Select#withOrigin}), so that a query enclosing
 * such a statement (a subquery in its FROM clause, a CTE, a scalar or IN subquery) applies its
 * loader criteria inside it too: SQLAlchemy compiles an ORM select nested in a statement with the
 * enclosing statement's {@code with_loader_criteria} options. Being part of the tree, the mark
 * survives what copies the tree (the serializer, a traversal, {@link ClauseElement#params}) and is
 * part of the cache key. A Core select of a table (not made from a query) is left as it is, as in SQLAlchemy.
 */
final class QueryOrigin extends ClauseElement {
    static final Traversal<QueryOrigin> TRAVERSAL = Traversal.of("orm_statement_origin",
            a -> new QueryOrigin(query(a[0]), Boolean.TRUE.equals(a[1])),
            Attr.<QueryOrigin>clause("query", o -> o.query).since(17),
            Attr.<QueryOrigin>flag("inner", o -> o.inner).since(17));

    /**
     * The queries whose statements are being made again on this thread: a query whose statement
     * holds one made from itself (a set operation's or a subquery's base alias) leaves that one as it is inside.
     */
    private static final ThreadLocal<Set<Query<?>>> REMAKING = ThreadLocal.withInitial(() -> Collections.newSetFromMap(new IdentityHashMap<>()));

    private final Query<?> query;
    /** Whether the statement is the query's {@link Query#innerStatement()}. */
    private final boolean inner;

    private QueryOrigin(Query<?> query, boolean inner) {
        this.query = query;
        this.inner = inner;
    }

    private static Query<?> query(Object o) {
        if (o instanceof Query<?> q) {
            return q;
        }
        throw new ArgumentException("A statement's origin is a query, not " + o);
    }

    /** {@code statement}, marked as made from {@code query}. */
    static Select made(Select statement, Query<?> query, boolean inner) {
        return statement.withOrigin(new QueryOrigin(query, inner));
    }

    /**
     * {@code statement} with each statement made from a query inside it made again with
     * {@code criteria} added to that query's own (those it already has are not added twice);
     * {@code statement} itself too, if it was made from a query. A statement changed since its
     * query made it (a traversal replaced part of it) is left as it is: making it again would undo the change.
     */
    static <E extends ClauseElement> E withCriteria(E statement, List<LoaderCriteria> criteria) {
        if (criteria.isEmpty()) {
            return statement;
        }
        @SuppressWarnings("unchecked")
        E out = (E) statement.replace(n -> {
            if (!(n instanceof Select s) || !(s.origin() instanceof QueryOrigin o)) {
                return null;
            }
            Set<Query<?>> remaking = REMAKING.get();
            if (!remaking.add(o.query)) {
                return s;
            }
            try {
                // s itself when left, not a copy: its origin (a query) is no place to look for more statements
                Select again = o.remade(criteria, s);
                return again != null && o.remade(List.of(), s).compare(s) ? again : s;
            } finally {
                remaking.remove(o.query);
            }
        });
        return out;
    }

    /**
     * The statement of the query with {@code criteria} added to its own, or null if it has them all
     * already; a criterion holding {@code statement} itself is not added (its own subquery reads its rows
     * unfiltered by it, as SQLAlchemy's, #7491).
     */
    private Select remade(List<LoaderCriteria> criteria, Select statement) {
        List<LoaderCriteria> own = query.loaderCriteria();
        List<QueryOption> added = new ArrayList<>();
        for (LoaderCriteria c : criteria) {
            if (own.stream().noneMatch(x -> x == c) && !c.holds(statement)) {
                added.add(c);
            }
        }
        if (added.isEmpty() && !criteria.isEmpty()) {
            return null;
        }
        Query<?> q = added.isEmpty() ? query : query.options(added.toArray(new QueryOption[0]));
        return inner ? q.innerStatement() : q.statement();
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        throw new CompileException("The origin of a statement is not SQL");
    }

    @Override
    public String toString() {
        return "origin(" + query + (inner ? ", inner" : "") + ")";
    }
}
