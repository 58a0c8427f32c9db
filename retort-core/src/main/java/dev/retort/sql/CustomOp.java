package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.TypeEngine;

/**
 * {@code left OPERATOR right} for an operator Retort has no method for, SQLAlchemy's
 * {@code column.op("&")(x)} and {@code bool_op("@@")}: the operator's text is written as given,
 * between spaces, on every dialect (unless a dialect's compiler renders the operator's
 * {@link CustomOperator#visitName} its own way). Built by {@link ColumnElement#op(String, Object)},
 * {@link ColumnElement#boolOp(String, Object)} and {@link ColumnElement#op(CustomOperator, Object)}.
 *
 * <pre>{@code
 * docs.c("body").boolOp("@@", func("to_tsquery", "cat"));      // docs.body @@ to_tsquery(:to_tsquery_1)
 * flags.c("bits").op("&", 4).ne(0);                              // (flags.bits & :bits_1) != :param_1
 * }</pre>
 *
 * @param <T> the Java type of the result
 */
public final class CustomOp<T> extends CustomOperatorElement<T> {
    static final Traversal<CustomOp<?>> TRAVERSAL = Traversal.of("custom_op",
            a -> new CustomOp<>((ClauseElement) a[0], (ClauseElement) a[1],
                    new CustomOperator((String) a[2], (Integer) a[3], (Boolean) a[4], (TypeEngine<?>) a[5],
                            (Boolean) a[6], (Boolean) a[7], (String) a[8])),
            (CustomOp<?> c) -> c.operator.rawSql(),
            Attr.clause("left", CustomOp::left),
            Attr.clause("right", CustomOp::right),
            Attr.struct("operator", c -> c.operator.text()),
            Attr.struct("precedence", c -> c.operator.precedence()),
            Attr.flag("comparison", c -> c.operator.isComparison()),
            Attr.struct("type", CustomOp::type),
            Attr.<CustomOp<?>>flag("naturalSelfPrecedent", c -> c.operator.isNaturalSelfPrecedent()).omittedWhen(false).since(12),
            Attr.<CustomOp<?>>flag("eagerGrouping", c -> c.operator.isEagerGrouping()).omittedWhen(false).since(12),
            Attr.<CustomOp<?>>struct("visitName", c -> c.operator.visitName()).since(12));

    private final ClauseElement left;
    private final ClauseElement right;

    CustomOp(ClauseElement left, ClauseElement right, CustomOperator operator) {
        super(operator);
        if (left == null || right == null) {
            // Only a loaded tree can lack one; the compiler needs both.
            throw new dev.retort.exc.ArgumentException("A custom operator needs a left side and a right side");
        }
        this.left = left;
        this.right = right;
    }

    /** {@code left op right}, each side grouped against the operator's precedence. */
    static <R> CustomOp<R> of(ColumnElement<?> left, ColumnElement<?> right, CustomOperator operator) {
        return new CustomOp<>(operator.group(left), operator.group(right), operator);
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitCustomOp(this);
    }

    public ClauseElement left() {
        return left;
    }

    public ClauseElement right() {
        return right;
    }

    @Override
    public ColumnElement<T> selfGroup(Operator against) {
        return against == null || operator.precedence() <= against.precedence() ? new Grouping<>(this) : this;
    }
}
