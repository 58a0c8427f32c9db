package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.ArrayType;
import dev.retort.types.TypeEngine;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A PostgreSQL array built from elements, {@code ARRAY[a, b, ...]}, SQLAlchemy's
 * {@code postgresql.array()} (format 1.12). Its type is an array of the given element type, else
 * of the first element's; an empty array with an element type is written
 * {@code ARRAY[]::INTEGER[]}. Like any array expression it takes {@code item}, {@code slice},
 * {@code contains}, {@code overlap} and {@link SQL#any}. Other databases have no arrays: it raises
 * {@code CompileException} there.
 *
 * <pre>{@code
 * select(t).where(t.c("tags").overlap(array("a", "b")));          // t.tags && ARRAY[?, ?]
 * select(t).where(t.c("code").eq(any(array("x", "y"))));          // t.code = ANY (ARRAY[?, ?])
 * }</pre>
 */
public final class ArrayLiteral<E> extends ColumnElement<List<E>> {
    static final Traversal<ArrayLiteral<?>> TRAVERSAL = Traversal.of("array",
            a -> new ArrayLiteral<>(castList(a[0]), (TypeEngine<?>) a[1]),
            Attr.<ArrayLiteral<?>>clauses("elements", ArrayLiteral::elements).since(12),
            Attr.<ArrayLiteral<?>>struct("type", ArrayLiteral::type).since(12));

    private final List<ColumnElement<?>> elements;
    private final TypeEngine<List<E>> type;

    @SuppressWarnings("unchecked")
    ArrayLiteral(List<ColumnElement<?>> elements, TypeEngine<?> type) {
        if (!(type instanceof ArrayType<?>)) {
            throw new dev.retort.exc.ArgumentException("An array literal's type is an array type, got " + type);
        }
        this.elements = Collections.unmodifiableList(new ArrayList<>(elements));
        this.type = (TypeEngine<List<E>>) type;
    }

    @SuppressWarnings("unchecked")
    private static List<ColumnElement<?>> castList(Object o) {
        return (List<ColumnElement<?>>) o;
    }

    /** {@code elementType} null: the first element's type (NULL type for none). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <E> ArrayLiteral<E> of(TypeEngine<E> elementType, List<?> elements) {
        List<ColumnElement<?>> out = new ArrayList<>(elements.size());
        for (Object e : elements) {
            out.add(e instanceof ColumnElement<?> c ? c.selfGroup(Operator.COMMA)
                    : new BindParameter<>(null, "param", e, elementType == null ? null : elementType.coerceComparedValue(null, e), true, false));
        }
        TypeEngine<?> item = elementType != null ? elementType : out.isEmpty() ? Types.NULLTYPE : out.get(0).type();
        if (item instanceof ArrayType<?> inner) {
            // an array of arrays is one array of a dimension more, as in SQLAlchemy (and PostgreSQL)
            return new ArrayLiteral<>(out, Types.array((TypeEngine) inner.elementType()).dimensions((inner.dimensions() == null ? 1 : inner.dimensions()) + 1));
        }
        return new ArrayLiteral<>(out, Types.array((TypeEngine) item));
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitArrayLiteral(this);
    }

    public List<ColumnElement<?>> elements() {
        return elements;
    }

    @Override
    public TypeEngine<List<E>> type() {
        return type;
    }

    /** Parenthesised before an index, {@code (ARRAY[?, ?])[?]}, as SQLAlchemy writes it. */
    @Override
    public ColumnElement<List<E>> selfGroup(Operator against) {
        return against == Operator.GETITEM ? new Grouping<>(this) : this;
    }
}
