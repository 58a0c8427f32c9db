package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.TypeEngine;

/**
 * An expression read and bound as another type without a {@code CAST} (the seeds' {@code
 * type_coerce}): the SQL is the expression's, grouped as it would be; result values and compared
 * values go through {@code type}, and so do its {@link TypeEngine#bindExpression bind} and
 * {@link TypeEngine#columnExpression column} expressions. A plain value becomes a parameter of
 * {@code type}.
 *
 * <pre>{@code
 * select(typeCoerce(t.c("data"), new JsonText()))     // SELECT t.data AS data ..., read through JsonText
 * }</pre>
 *
 * @param <T> the Java type of the target type
 */
public final class TypeCoerce<T> extends TypeWrapperElement<T> implements TypeWrapper {
    static final Traversal<TypeCoerce<?>> TRAVERSAL = Traversal.of("type_coerce",
            a -> new TypeCoerce<>((ColumnElement<?>) a[0], (TypeEngine<?>) a[1]),
            Attr.<TypeCoerce<?>>clause("element", TypeCoerce::element).since(11),
            Attr.<TypeCoerce<?>>struct("type", TypeCoerce::type).since(11));

    TypeCoerce(ColumnElement<?> element, TypeEngine<?> type) {
        super(element, type);
        if (element == null || type == null) {
            // Only a loaded tree can lack them; the compiler needs both.
            throw new dev.retort.exc.ArgumentException("typeCoerce needs an expression and a type");
        }
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitTypeCoerce(this);
    }

    /** Grouped as its expression is: {@code a / (b * c)} stays so, with no CAST to bracket it. */
    @Override
    public ColumnElement<T> selfGroup(Operator against) {
        ColumnElement<?> grouped = element().selfGroup(against);
        return grouped == element() ? this : new TypeCoerce<>(grouped, type());
    }
}
