package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import java.util.List;

/**
 * An ordered-set aggregate, SQLAlchemy's {@code func.percentile_cont(0.5).within_group(x)}:
 * {@code percentile_cont(:p) WITHIN GROUP (ORDER BY x)}. PostgreSQL has them as aggregates,
 * MariaDB as window functions (add {@link #over()}); SQLite and MySQL have none and refuse
 * them with a CompileException. Its type is the function's ({@code returning(...)} gives one).
 *
 * <pre>{@code
 * select(func("percentile_cont", 0.5).withinGroup(users.c("age")));
 * select(func("mode").withinGroup(users.c("name")).filter(users.c("age").gt(5)));
 * }</pre>
 *
 * @param <T> the Java type of the result
 */
public final class WithinGroup<T> extends OrderedAggregate<T> {
    static final Traversal<WithinGroup<?>> TRAVERSAL = Traversal.of("within_group",
            a -> new WithinGroup<>((ColumnElement<?>) a[0], BooleanClauseList.castList(a[1])),
            Attr.clause("function", WithinGroup::function),
            Attr.clauses("orderBy", WithinGroup::orderBy));

    WithinGroup(ColumnElement<?> function, List<? extends ClauseElement> orderBy) {
        super(function, orderBy, "WITHIN GROUP needs at least one ORDER BY expression");
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitWithinGroup(this);
    }

    /** As a window function: {@code ... WITHIN GROUP (ORDER BY ...) OVER (...)}. */
    public Over<T> over() {
        return new Over<>(this, List.of(), List.of(), null, null, null, null, null);
    }
}
