package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.TypeEngine;

/**
 * {@code OPERATOR x} or {@code x OPERATOR} for an operator Retort has no method for, SQLAlchemy's
 * {@code UnaryExpression(x, operator=custom_op("!!"))} and {@code modifier=custom_op("!")}: the
 * operator's text is written as given, beside its operand, on every dialect (format 1.9). Built
 * by {@link ColumnElement#prefixOp(CustomOperator)} and {@link ColumnElement#postfixOp(CustomOperator)}.
 *
 * <pre>{@code
 * t.c("n").postfixOp(CustomOperator.of("!"));            // t.n !
 * t.c("n").prefixOp(CustomOperator.of("|/"));            // |/ t.n
 * }</pre>
 *
 * @param <T> the Java type of the result
 */
public final class CustomUnaryOp<T> extends CustomOperatorElement<T> {
    static final Traversal<CustomUnaryOp<?>> TRAVERSAL = Traversal.of("custom_unary_op",
            a -> new CustomUnaryOp<>((ClauseElement) a[0],
                    new CustomOperator((String) a[1], (Integer) a[2], (Boolean) a[3], (TypeEngine<?>) a[5],
                            (Boolean) a[6], (Boolean) a[7], (String) a[8]),
                    Boolean.TRUE.equals(a[4])),
            (CustomUnaryOp<?> c) -> c.operator.rawSql(),
            Attr.clause("element", CustomUnaryOp::element),
            Attr.struct("operator", c -> c.operator.text()),
            Attr.struct("precedence", c -> c.operator.precedence()),
            Attr.flag("comparison", c -> c.operator.isComparison()),
            Attr.flag("postfix", CustomUnaryOp::isPostfix),
            Attr.struct("type", CustomUnaryOp::type),
            Attr.<CustomUnaryOp<?>>flag("naturalSelfPrecedent", c -> c.operator.isNaturalSelfPrecedent()).omittedWhen(false).since(12),
            Attr.<CustomUnaryOp<?>>flag("eagerGrouping", c -> c.operator.isEagerGrouping()).omittedWhen(false).since(12),
            Attr.<CustomUnaryOp<?>>struct("visitName", c -> c.operator.visitName()).since(12));

    private final ClauseElement element;
    private final boolean postfix;

    CustomUnaryOp(ClauseElement element, CustomOperator operator, boolean postfix) {
        super(operator);
        if (element == null) {
            // Only a loaded tree can lack it; the compiler needs it.
            throw new dev.retort.exc.ArgumentException("A custom unary operator needs an operand");
        }
        this.element = element;
        this.postfix = postfix;
    }

    /** The operator applied to {@code element}, grouped against the operator's precedence as SQLAlchemy does. */
    static <R> CustomUnaryOp<R> of(ColumnElement<?> element, CustomOperator operator, boolean postfix) {
        CustomOperator resolved = operator.resolvedFor(element);
        return new CustomUnaryOp<>(resolved.group(element), resolved, postfix);
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitCustomUnaryOp(this);
    }

    public ClauseElement element() {
        return element;
    }

    /** Whether the operator follows its operand ({@code x !}). */
    public boolean isPostfix() {
        return postfix;
    }

    /** A prefix operator is grouped inside an operator that binds as tightly or more; a postfix one never (as SQLAlchemy). */
    @Override
    public ColumnElement<T> selfGroup(Operator against) {
        return !postfix && (against == null || operator.precedence() <= against.precedence()) ? new Grouping<>(this) : this;
    }

    @Override
    public java.util.List<FromClause> fromObjects() {
        return element.fromObjects();
    }
}
