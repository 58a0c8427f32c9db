package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.TypeEngine;
import java.util.ArrayList;
import java.util.List;

/**
 * A window function: {@code fn(...) OVER (PARTITION BY ... ORDER BY ... ROWS BETWEEN ...)}.
 * Frame bounds: {@code null} is UNBOUNDED, {@code 0} CURRENT ROW, {@code -n} n PRECEDING,
 * {@code +n} n FOLLOWING.
 *
 * <pre>{@code
 * func("max", users.c("age")).over().partitionBy(users.c("name")).orderBy(users.c("id")).rows(-2, 1);
 * func("max", users.c("name")).over().range(null, 0);   // RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
 * }</pre>
 *
 * @param <T> the Java type of the function's result
 */
public final class Over<T> extends ColumnElement<T> {
    /** The unit of a window frame. */
    public enum FrameUnit { ROWS, RANGE, GROUPS }

    static final Traversal<Over<?>> TRAVERSAL = Traversal.of("over",
            a -> new Over<>((ColumnElement<?>) a[0], BooleanClauseList.castList(a[1]), BooleanClauseList.castList(a[2]), (FrameUnit) a[3], (Integer) a[4], (Integer) a[5]),
            Attr.clause("function", Over::function),
            Attr.clauses("partitionBy", Over::partitionBy),
            Attr.clauses("orderBy", Over::orderBy),
            Attr.struct("frameUnit", Over::frameUnit),
            Attr.struct("frameStart", Over::frameStart),
            Attr.struct("frameEnd", Over::frameEnd));

    private final ColumnElement<T> function;
    private final List<ClauseElement> partitionBy;
    private final List<ClauseElement> orderBy;
    private final FrameUnit frameUnit;
    private final Integer frameStart;
    private final Integer frameEnd;

    @SuppressWarnings("unchecked")
    Over(ColumnElement<?> function, List<? extends ClauseElement> partitionBy, List<? extends ClauseElement> orderBy, FrameUnit frameUnit, Integer frameStart, Integer frameEnd) {
        this.function = (ColumnElement<T>) function;
        this.partitionBy = List.copyOf(partitionBy);
        this.orderBy = List.copyOf(orderBy);
        this.frameUnit = frameUnit;
        this.frameStart = frameStart;
        this.frameEnd = frameEnd;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitOver(this);
    }

    public ColumnElement<T> function() {
        return function;
    }

    public List<ClauseElement> partitionBy() {
        return partitionBy;
    }

    public List<ClauseElement> orderBy() {
        return orderBy;
    }

    /** The frame unit, or null when the window has no frame clause. */
    public FrameUnit frameUnit() {
        return frameUnit;
    }

    /** The frame start (null: UNBOUNDED PRECEDING). */
    public Integer frameStart() {
        return frameStart;
    }

    /** The frame end (null: UNBOUNDED FOLLOWING). */
    public Integer frameEnd() {
        return frameEnd;
    }

    @Override
    public TypeEngine<T> type() {
        return function.type();
    }

    /** A copy partitioned by these expressions (added to any already given). */
    public Over<T> partitionBy(ColumnElement<?>... exprs) {
        return new Over<>(function, concat(partitionBy, exprs), orderBy, frameUnit, frameStart, frameEnd);
    }

    /** A copy ordered by these expressions (added to any already given). */
    public Over<T> orderBy(ColumnElement<?>... exprs) {
        return new Over<>(function, partitionBy, concat(orderBy, exprs), frameUnit, frameStart, frameEnd);
    }

    /** A copy with a {@code ROWS BETWEEN} frame. */
    public Over<T> rows(Integer start, Integer end) {
        return frame(FrameUnit.ROWS, start, end);
    }

    /** A copy with a {@code RANGE BETWEEN} frame. */
    public Over<T> range(Integer start, Integer end) {
        return frame(FrameUnit.RANGE, start, end);
    }

    /** A copy with a {@code GROUPS BETWEEN} frame. */
    public Over<T> groups(Integer start, Integer end) {
        return frame(FrameUnit.GROUPS, start, end);
    }

    private Over<T> frame(FrameUnit unit, Integer start, Integer end) {
        if (start != null && end != null && start > end) {
            throw new dev.retort.exc.ArgumentException("Window frame start " + start + " is after its end " + end);
        }
        return new Over<>(function, partitionBy, orderBy, unit, start, end);
    }

    private static List<ClauseElement> concat(List<ClauseElement> a, ColumnElement<?>[] b) {
        List<ClauseElement> out = new ArrayList<>(a);
        out.addAll(List.of(b));
        return out;
    }
}
