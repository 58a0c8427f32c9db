package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.TypeEngine;

/**
 * One field of the row a function returns, taken in the columns clause without a FROM entry:
 * SQLAlchemy's {@code func.jsonb_each(x).scalar_table_valued("key")}, written
 * {@code (jsonb_each(docs.body)).key}. A PostgreSQL form (field selection from a composite
 * value); SQLite, MySQL and MariaDB refuse it with a CompileException.
 *
 * <pre>{@code
 * select(docs.c("id"), func("jsonb_each", docs.c("body")).scalarTableValued("key"));
 * // SELECT docs.id, (jsonb_each(docs.body)).key FROM docs
 * }</pre>
 *
 * @param <T> the Java type of the field
 */
public final class ScalarFunctionColumn<T> extends ColumnElement<T> {
    static final Traversal<ScalarFunctionColumn<?>> TRAVERSAL = Traversal.of("scalar_function_column",
            a -> new ScalarFunctionColumn<>((FunctionCall<?>) a[0], (String) a[1], (TypeEngine<?>) a[2]),
            Attr.<ScalarFunctionColumn<?>>clause("function", ScalarFunctionColumn::function).since(10),
            Attr.<ScalarFunctionColumn<?>>struct("name", ScalarFunctionColumn::name).since(10),
            Attr.<ScalarFunctionColumn<?>>struct("type", ScalarFunctionColumn::type).since(10));

    private final FunctionCall<?> function;
    private final String name;
    private final TypeEngine<T> type;

    @SuppressWarnings("unchecked")
    ScalarFunctionColumn(FunctionCall<?> function, String name, TypeEngine<?> type) {
        if (name == null || name.isEmpty()) {
            throw new dev.retort.exc.ArgumentException("A field of a function's row needs a name");
        }
        this.function = function;
        this.name = Identifiers.check(name, "column");
        this.type = (TypeEngine<T>) (type == null ? dev.retort.types.Types.NULLTYPE : type);
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitScalarFunctionColumn(this);
    }

    /** The function whose row the field is taken from. */
    public FunctionCall<?> function() {
        return function;
    }

    /** The field's name. */
    public String name() {
        return name;
    }

    @Override
    public TypeEngine<T> type() {
        return type;
    }

    @Override
    public boolean isNamedColumn() {
        return true;
    }

    @Override
    public String nonAnonLabel() {
        return name;
    }
}
