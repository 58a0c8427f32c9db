package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.TypeEngine;
import dev.retort.types.Types;

/**
 * A SQL function that compares two of its arguments, SQLAlchemy's
 * {@code FunctionElement.as_comparison(left_index, right_index)}: written as the function itself,
 * a boolean, whose {@link #left()} and {@link #right()} are the arguments at those (1-based)
 * positions, as a relationship's custom join condition names them.
 *
 * <pre>{@code
 * FunctionComparison inSpan = func("is_in_span", places.c("pos"), spans.c("range")).asComparison(1, 2);
 * select(places.c("id")).where(inSpan);      // WHERE is_in_span(places.pos, spans.range)
 * inSpan.left();                             // places.pos
 * }</pre>
 */
public final class FunctionComparison extends ColumnElement<Boolean> {
    static final Traversal<FunctionComparison> TRAVERSAL = Traversal.of("function_comparison",
            // Integer, not any Number cut to an int: a loaded 4294967297 or 1.9 would name position 1
            a -> new FunctionComparison((FunctionCall<?>) a[0], (Integer) a[1], (Integer) a[2]),
            Attr.clause("function", FunctionComparison::function),
            Attr.struct("leftIndex", FunctionComparison::leftIndex),
            Attr.struct("rightIndex", FunctionComparison::rightIndex));

    private final FunctionCall<?> function;
    private final int leftIndex;
    private final int rightIndex;

    FunctionComparison(FunctionCall<?> function, int leftIndex, int rightIndex) {
        int n = function.arguments().size();
        if (leftIndex < 1 || leftIndex > n || rightIndex < 1 || rightIndex > n) {
            throw new dev.retort.exc.ArgumentException("Function " + function.name() + " has " + n + " arguments; asComparison("
                    + leftIndex + ", " + rightIndex + ") needs two positions from 1 to " + n);
        }
        this.function = function;
        this.leftIndex = leftIndex;
        this.rightIndex = rightIndex;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.process(function);
    }

    /** The function, as it is written. */
    public FunctionCall<?> function() {
        return function;
    }

    /** The 1-based position of the left argument. */
    public int leftIndex() {
        return leftIndex;
    }

    /** The 1-based position of the right argument. */
    public int rightIndex() {
        return rightIndex;
    }

    /** The argument at {@link #leftIndex()}. */
    public ClauseElement left() {
        return function.arguments().get(leftIndex - 1);
    }

    /** The argument at {@link #rightIndex()}. */
    public ClauseElement right() {
        return function.arguments().get(rightIndex - 1);
    }

    @Override
    public TypeEngine<Boolean> type() {
        return Types.BOOLEAN;
    }
}
