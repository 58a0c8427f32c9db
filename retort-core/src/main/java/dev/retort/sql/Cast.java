package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.TypeEngine;

/**
 * {@code CAST(element AS type)}. In a SELECT it takes the name of the column it wraps
 * ({@code CAST(users.age AS VARCHAR) AS age}).
 *
 * @param <T> the Java type of the target type
 */
public final class Cast<T> extends TypeWrapperElement<T> implements TypeWrapper {
    static final Traversal<Cast<?>> TRAVERSAL = Traversal.of("cast",
            a -> new Cast<>((ColumnElement<?>) a[0], (TypeEngine<?>) a[1]),
            Attr.clause("element", Cast::element),
            Attr.struct("type", Cast::type));

    Cast(ColumnElement<?> element, TypeEngine<?> type) {
        super(element, type);
        if (type == null) {
            // Only a loaded tree can lack it; CAST names it.
            throw new dev.retort.exc.ArgumentException("A CAST needs a type");
        }
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitCast(this);
    }
}
