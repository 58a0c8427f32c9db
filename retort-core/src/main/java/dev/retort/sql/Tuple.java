package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.TypeEngine;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * A row value {@code (a, b)}, SQLAlchemy's {@code tuple_()}: compared with another row
 * ({@code (a, b) > (:param_1, :param_2)}) or tested against a list of rows. A list of plain rows
 * is one parameter that expands at execution, as a scalar IN list does: its length is not part of
 * the statement's shape. SQLite writes the rows as {@code IN (VALUES (?, ?), ...)}, as
 * SQLAlchemy does. A tuple is also a set of GROUPING SETS ({@code tuple()} the empty one).
 *
 * <pre>{@code
 * select(t.c("a")).where(tuple(t.c("a"), t.c("b")).in(List.of(List.of(1, "x"), List.of(2, "y"))));
 * // ... WHERE (t.a, t.b) IN ((:param_1_1_1, :param_1_1_2), (:param_1_2_1, :param_1_2_2))
 * select(t.c("a")).where(tuple(t.c("a"), t.c("b")).gt(List.of(1, "x")));   // keyset pagination
 * }</pre>
 */
public final class Tuple extends ColumnElement<List<Object>> {
    static final Traversal<Tuple> TRAVERSAL = Traversal.of("tuple",
            a -> new Tuple(castList(a[0])),
            Attr.clauses("elements", Tuple::elements));

    private final List<ColumnElement<?>> elements;

    Tuple(List<ColumnElement<?>> elements) {
        this.elements = Collections.unmodifiableList(new ArrayList<>(elements));
    }

    @SuppressWarnings("unchecked")
    private static List<ColumnElement<?>> castList(Object o) {
        return (List<ColumnElement<?>>) o;
    }

    /** The tuple of {@code elements}: expressions stay themselves, plain values become parameters. */
    static Tuple of(Object... elements) {
        List<ColumnElement<?>> out = new ArrayList<>(elements.length);
        for (Object e : elements) {
            out.add(e instanceof ColumnElement<?> c ? c.selfGroup(Operator.COMMA) : new BindParameter<>(null, "param", e, null, true, false));
        }
        return new Tuple(out);
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitTuple(this);
    }

    public List<ColumnElement<?>> elements() {
        return elements;
    }

    /** The types of the elements, in order: what the values of a row compared with the tuple bind as. */
    public List<TypeEngine<?>> elementTypes() {
        List<TypeEngine<?>> out = new ArrayList<>(elements.size());
        for (ColumnElement<?> e : elements) {
            out.add(e.type());
        }
        return out;
    }

    @Override
    public TypeEngine<List<Object>> type() {
        @SuppressWarnings("unchecked")
        TypeEngine<List<Object>> t = (TypeEngine<List<Object>>) (TypeEngine<?>) Types.NULLTYPE;
        return t;
    }

    /**
     * A row given as a list of plain values or expressions becomes a tuple whose values are
     * parameters typed as this tuple's elements; a tuple or other expression stays itself.
     */
    @Override
    ColumnElement<?> operand(Operator op, Object value) {
        if (!(value instanceof Collection<?> row)) {
            return super.operand(op, value);
        }
        if (row.size() != elements.size()) {
            throw new dev.retort.exc.ArgumentException("A row of " + row.size() + " values compared with a tuple of " + elements.size());
        }
        List<ColumnElement<?>> out = new ArrayList<>(row.size());
        int i = 0;
        for (Object v : row) {
            ColumnElement<?> e = elements.get(i++);
            out.add(v instanceof ColumnElement<?> c ? c.selfGroup(Operator.COMMA)
                    : new BindParameter<>(null, "param", v, e.type().coerceComparedValue(op, v), true, false));
        }
        return new Tuple(out);
    }

    /**
     * {@code (a, b) IN ((...), (...))}: each row a list of values or a {@link Tuple}. Rows of
     * plain values are one expanding parameter; rows holding expressions are rendered as tuples.
     */
    @Override
    public ColumnElement<Boolean> in(Collection<?> rows) {
        return rowsIn(Operator.IN, rows);
    }

    @Override
    public ColumnElement<Boolean> notIn(Collection<?> rows) {
        return rowsIn(Operator.NOT_IN, rows);
    }

    private ColumnElement<Boolean> rowsIn(Operator op, Collection<?> rows) {
        if (rows == null) {
            throw new dev.retort.exc.ArgumentException("IN needs a collection of rows, got null");
        }
        boolean expressions = false;
        List<Object> copies = new ArrayList<>(rows.size());
        for (Object r : rows) {
            if (r instanceof Tuple t && t.elements.size() == elements.size()) {
                expressions = true;
                copies.add(t);
                continue;
            }
            if (!(r instanceof Collection<?> row) || row.size() != elements.size()) {
                throw new dev.retort.exc.ArgumentException("Each row compared with a tuple of " + elements.size() + " needs "
                        + elements.size() + " values, got " + r);
            }
            for (Object v : row) {
                expressions |= v instanceof ClauseElement;
            }
            copies.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        ClauseElement right;
        if (expressions) {
            List<ClauseElement> items = new ArrayList<>(copies.size());
            for (Object r : copies) {
                items.add(operand(op, r));
            }
            right = new ClauseList(Operator.COMMA, items, true);
        } else {
            right = new BindParameter<>(null, "param", Collections.unmodifiableList(copies), Types.NULLTYPE, true, true);
        }
        return new BinaryExpression<>(this, right, op, Types.BOOLEAN);
    }
}
