package dev.retort.orm;

import dev.retort.sql.ClauseElement;
import dev.retort.sql.Select;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The queries the Core statements of {@link Query#statement()} and {@link Query#innerStatement()}
 * came from, so that a query enclosing such a statement (a subquery in its FROM clause, a CTE, a
 * scalar or IN subquery) applies its loader criteria inside it too: SQLAlchemy compiles an ORM
 * select nested in a statement with the enclosing statement's {@code with_loader_criteria} options.
 * A Core select of a table (not made from a query) is left as it is, as in SQLAlchemy.
 */
final class OrmStatements {
    /** A statement's query, and whether it was the statement for use inside another. */
    private record Origin(Query<?> query, boolean inner) {
    }

    // ClauseElement keeps identity equality: a statement is found only as the very object made
    private static final Map<Select, Origin> ORIGINS = Collections.synchronizedMap(new WeakHashMap<>());
    // the statements being made again on this thread: one that holds itself (through its query) is left as it is inside
    private static final ThreadLocal<Set<Select>> REMAKING = ThreadLocal.withInitial(() -> Collections.newSetFromMap(new IdentityHashMap<>()));

    private OrmStatements() {
    }

    /** {@code statement}, remembered as made from {@code query}. */
    static Select made(Select statement, Query<?> query, boolean inner) {
        ORIGINS.put(statement, new Origin(query, inner));
        return statement;
    }

    /**
     * {@code statement} with each statement made from a query inside it made again with
     * {@code criteria} added to that query's own (those it already has are not added twice);
     * {@code statement} itself too, if it was made from a query.
     */
    static <E extends ClauseElement> E withCriteria(E statement, List<LoaderCriteria> criteria) {
        if (criteria.isEmpty() || ORIGINS.isEmpty()) {
            return statement;
        }
        @SuppressWarnings("unchecked")
        E out = (E) statement.replace(n -> {
            if (!(n instanceof Select s)) {
                return null;
            }
            Origin o = ORIGINS.get(s);
            Set<Select> remaking = REMAKING.get();
            if (o == null || remaking.contains(s)) {
                return null;
            }
            List<LoaderCriteria> own = o.query().loaderCriteria();
            List<QueryOption> added = new ArrayList<>();
            for (LoaderCriteria c : criteria) {
                // a criterion's own subquery reads its rows unfiltered by that criterion, as SQLAlchemy's (#7491)
                if (own.stream().noneMatch(x -> x == c) && !c.holds(s)) {
                    added.add(c);
                }
            }
            if (added.isEmpty()) {
                return null;
            }
            Query<?> q = o.query().options(added.toArray(new QueryOption[0]));
            remaking.add(s);
            try {
                return o.inner() ? q.innerStatement() : q.statement();
            } finally {
                remaking.remove(s);
            }
        });
        return out;
    }
}
