package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.TypeEngine;
import dev.retort.types.Types;

/**
 * {@code left OPERATOR right}: comparisons, arithmetic, LIKE, IN, BETWEEN, IS. Operands are
 * grouped against the operator when built, so the tree already holds the parentheses SQL needs.
 *
 * @param <T> the Java type of the result
 */
public final class BinaryExpression<T> extends ColumnElement<T> {
    static final Traversal<BinaryExpression<?>> TRAVERSAL = Traversal.of("binary",
            a -> new BinaryExpression<>((ClauseElement) a[0], (ClauseElement) a[1], (Operator) a[2], (TypeEngine<?>) a[3]),
            Attr.clause("left", BinaryExpression::left),
            Attr.clause("right", BinaryExpression::right),
            Attr.struct("operator", BinaryExpression::operator),
            Attr.struct("type", BinaryExpression::type));

    private final ClauseElement left;
    private final ClauseElement right;
    private final Operator operator;
    private final TypeEngine<T> type;

    @SuppressWarnings("unchecked")
    BinaryExpression(ClauseElement left, ClauseElement right, Operator operator, TypeEngine<?> type) {
        this.left = left;
        this.right = right;
        if (operator == null) {
            // A loaded document can leave the operator out; a constructed one never does.
            throw new dev.retort.exc.ArgumentException("A binary expression needs an operator");
        }
        this.operator = operator;
        this.type = (TypeEngine<T>) type;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitBinary(this);
    }

    public ClauseElement left() {
        return left;
    }

    public ClauseElement right() {
        return right;
    }

    public Operator operator() {
        return operator;
    }

    @Override
    public TypeEngine<T> type() {
        return type;
    }

    @Override
    public ColumnElement<T> selfGroup(Operator against) {
        return Operator.isPrecedent(operator, against) ? new Grouping<>(this) : this;
    }

    @Override
    ColumnElement<Boolean> negate() {
        Operator n = operator.negation();
        if (n == null) {
            return super.negate();
        }
        return new BinaryExpression<>(left, right, n, Types.BOOLEAN);
    }
}
