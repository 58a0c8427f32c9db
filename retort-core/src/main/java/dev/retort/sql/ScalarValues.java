package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.TypeEngine;
import java.util.List;

/**
 * Rows of {@link Values} used as one column expression, in parentheses:
 * {@code x IN (VALUES (:param_1), (:param_2))}, {@code :param_1 = ANY (VALUES ...)}; SQLAlchemy's
 * {@code values(...).scalar_values()} (format 1.12). It brings its own parentheses, so no
 * operator groups it again.
 *
 * <pre>{@code
 * ColumnElement<Integer> ids = values(column("id", Types.INTEGER)).data(List.of(List.of(1), List.of(42))).scalarValues();
 * select(users).where(users.c("id").in(ids));        // WHERE users.id IN (VALUES (:param_1), (:param_2))
 * }</pre>
 *
 * @param <T> the Java type of the first column's values
 */
public final class ScalarValues<T> extends ColumnElement<T> {
    static final Traversal<ScalarValues<?>> TRAVERSAL = Traversal.of("scalar_values",
            a -> new ScalarValues<>((Values) a[0]),
            Attr.clause("values", (ScalarValues<?> v) -> v.values()).since(12));

    private final Values values;

    ScalarValues(Values values) {
        if (values == null) {
            // Only a loaded tree can lack it; the compiler needs it.
            throw new dev.retort.exc.ArgumentException("Scalar VALUES needs its VALUES");
        }
        this.values = values;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return "(" + compiler.process(values) + ")";
    }

    public Values values() {
        return values;
    }

    @Override
    @SuppressWarnings("unchecked")
    public TypeEngine<T> type() {
        return (TypeEngine<T>) values.columns().get(0).type();
    }

    /** Already parenthesised: never grouped again (SQLAlchemy's GroupedElement). */
    @Override
    public ColumnElement<T> selfGroup(Operator against) {
        return this;
    }

    @Override
    public List<FromClause> fromObjects() {
        return List.of();
    }
}
