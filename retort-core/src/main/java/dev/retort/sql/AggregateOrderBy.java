package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import java.util.List;

/**
 * An aggregate whose input rows are ordered, SQLAlchemy 2.1's
 * {@code func.array_agg(x).aggregate_order_by(y)}: {@code array_agg(x ORDER BY y)}, the ORDER BY
 * inside the call after its arguments. PostgreSQL, SQLite (3.44 and later) and MariaDB / MySQL
 * (for {@code group_concat}, and MariaDB's {@code json_arrayagg}) write it so, as SQLAlchemy does
 * on every dialect Retort has. Its type is the function's.
 *
 * <pre>{@code
 * select(func("string_agg", users.c("name"), literal(",")).aggregateOrderBy(users.c("name").desc()));
 * // SELECT string_agg(users.name, ? ORDER BY users.name DESC) AS string_agg_1 FROM users
 * }</pre>
 *
 * @param <T> the Java type of the result
 */
public final class AggregateOrderBy<T> extends OrderedAggregate<T> {
    static final Traversal<AggregateOrderBy<?>> TRAVERSAL = Traversal.of("aggregate_order_by",
            a -> new AggregateOrderBy<>(function(a[0]), BooleanClauseList.castList(a[1])),
            Attr.clause("function", (AggregateOrderBy<?> n) -> n.function()).since(10),
            Attr.clauses("orderBy", (AggregateOrderBy<?> n) -> n.orderBy()).since(10));

    AggregateOrderBy(FunctionCall<?> function, List<? extends ClauseElement> orderBy) {
        super(function, orderBy, "An aggregate's ORDER BY needs at least one expression");
        if (function.arguments().isEmpty()) {
            throw new dev.retort.exc.ArgumentException("ORDER BY inside " + function.name() + "() needs an argument to follow");
        }
    }

    /** A deserialized function, checked before it is cast (a typed exception names anything else). */
    private static FunctionCall<?> function(Object o) {
        if (o instanceof FunctionCall<?> f) {
            return f;
        }
        throw new dev.retort.exc.ArgumentException("An aggregate's ORDER BY applies to a function call, not " + (o == null ? "null" : o.getClass().getSimpleName()));
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitAggregateOrderBy(this);
    }

    /** The aggregate function. */
    @Override
    public FunctionCall<?> function() {
        return (FunctionCall<?>) super.function();
    }
}
