package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.TypeEngine;

/**
 * A prefix or postfix operator on one element: {@code NOT x}, {@code -x}, {@code x DESC},
 * {@code x ASC}.
 *
 * @param <T> the Java type of the result
 */
public final class UnaryExpression<T> extends ColumnElement<T> {
    static final Traversal<UnaryExpression<?>> TRAVERSAL = Traversal.of("unary",
            a -> new UnaryExpression<>((ClauseElement) a[0], (Operator) a[1], (TypeEngine<?>) a[2]),
            Attr.clause("element", UnaryExpression::element),
            Attr.struct("operator", UnaryExpression::operator),
            Attr.struct("type", UnaryExpression::type));

    private final ClauseElement element;
    private final Operator operator;
    private final TypeEngine<T> type;

    @SuppressWarnings("unchecked")
    UnaryExpression(ClauseElement element, Operator operator, TypeEngine<?> type) {
        if (element == null || operator == null) {
            // Only a loaded tree can lack one; the compiler needs both.
            throw new dev.retort.exc.ArgumentException("A unary expression needs an element and an operator");
        }
        this.element = element;
        this.operator = operator;
        this.type = (TypeEngine<T>) type;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitUnary(this);
    }

    public ClauseElement element() {
        return element;
    }

    public Operator operator() {
        return operator;
    }

    @Override
    boolean isCollectionAggregate() {
        return operator == Operator.ANY || operator == Operator.ALL;
    }

    /** Whether the operator follows its operand (DESC, ASC, NULLS FIRST, NULLS LAST). */
    public boolean isPostfix() {
        return operator == Operator.DESC || operator == Operator.ASC || operator == Operator.NULLS_FIRST || operator == Operator.NULLS_LAST;
    }

    /**
     * A prefix operator over a named label is named by the label: in a columns clause
     * {@code neg(literal(5).label("z"))} renders {@code -:param_1 AS z}, as SQLAlchemy writes it.
     */
    @Override
    public String nonAnonLabel() {
        return !isPostfix() && element instanceof Label<?> l ? l.name() : null;
    }

    @Override
    public TypeEngine<T> type() {
        return type;
    }

    @Override
    public ColumnElement<T> selfGroup(Operator against) {
        return !isPostfix() && Operator.isPrecedent(operator, against) ? new Grouping<>(this) : this;
    }

    @Override
    public java.util.List<FromClause> fromObjects() {
        return element.fromObjects();
    }
}
