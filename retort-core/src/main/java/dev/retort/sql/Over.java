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

    /** What a frame bound is; an offset's distance is a bound parameter, so it is not part of the shape. */
    public enum BoundKind { UNBOUNDED, CURRENT, PRECEDING, FOLLOWING }

    /**
     * One bound of a window frame given explicitly, for distances that are not whole numbers
     * ({@code RANGE BETWEEN 2.5 PRECEDING AND CURRENT ROW}, an interval) or a frame whose start
     * comes after its end; SQLAlchemy's {@code FrameClause(start, end, start_type, end_type)}.
     * The distance is bound as a parameter typed by its Java class.
     *
     * <pre>{@code
     * func("sum", t.c("amount")).over().orderBy(t.c("price")).rangeBetween(Over.preceding(2.5), Over.currentRow());
     * }</pre>
     *
     * @param kind what the bound is
     * @param distance the distance of a PRECEDING or FOLLOWING bound, else null
     */
    public record FrameBound(BoundKind kind, Object distance) {
        public FrameBound {
            if (kind == null || (kind == BoundKind.PRECEDING || kind == BoundKind.FOLLOWING) != (distance != null)) {
                throw new dev.retort.exc.ArgumentException("A PRECEDING or FOLLOWING frame bound needs a distance, and only those: " + kind + " " + distance);
            }
        }
    }

    /** {@code UNBOUNDED PRECEDING} as a start, {@code UNBOUNDED FOLLOWING} as an end. */
    public static FrameBound unbounded() {
        return new FrameBound(BoundKind.UNBOUNDED, null);
    }

    /** {@code CURRENT ROW}. */
    public static FrameBound currentRow() {
        return new FrameBound(BoundKind.CURRENT, null);
    }

    /** {@code distance PRECEDING}, the distance any value the database accepts there. */
    public static FrameBound preceding(Object distance) {
        return new FrameBound(BoundKind.PRECEDING, distance);
    }

    /** {@code distance FOLLOWING}, the distance any value the database accepts there. */
    public static FrameBound following(Object distance) {
        return new FrameBound(BoundKind.FOLLOWING, distance);
    }

    static final Traversal<Over<?>> TRAVERSAL = Traversal.of("over",
            a -> new Over<>((ColumnElement<?>) a[0], BooleanClauseList.castList(a[1]), BooleanClauseList.castList(a[2]), (FrameUnit) a[3],
                    (BoundKind) a[4], (ClauseElement) a[5], (BoundKind) a[6], (ClauseElement) a[7], (String) a[8]),
            Attr.clause("function", Over::function),
            Attr.clauses("partitionBy", Over::partitionBy),
            Attr.clauses("orderBy", Over::orderBy),
            Attr.struct("frameUnit", Over::frameUnit),
            Attr.struct("startKind", Over::startKind),
            Attr.optionalClause("startOffset", Over::startOffset),
            Attr.struct("endKind", Over::endKind),
            Attr.optionalClause("endOffset", Over::endOffset),
            Attr.struct("exclude", (Over<?> o) -> o.exclude()).since(14));

    private static final java.util.regex.Pattern EXCLUDE = java.util.regex.Pattern.compile("(?i)CURRENT ROW|GROUP|TIES|NO OTHERS");

    private final ColumnElement<T> function;
    private final List<ClauseElement> partitionBy;
    private final List<ClauseElement> orderBy;
    private final FrameUnit frameUnit;
    private final BoundKind startKind;
    private final ClauseElement startOffset;
    private final BoundKind endKind;
    private final ClauseElement endOffset;
    private final String exclude;

    @SuppressWarnings("unchecked")
    Over(ColumnElement<?> function, List<? extends ClauseElement> partitionBy, List<? extends ClauseElement> orderBy, FrameUnit frameUnit,
            BoundKind startKind, ClauseElement startOffset, BoundKind endKind, ClauseElement endOffset) {
        this(function, partitionBy, orderBy, frameUnit, startKind, startOffset, endKind, endOffset, null);
    }

    @SuppressWarnings("unchecked")
    private Over(ColumnElement<?> function, List<? extends ClauseElement> partitionBy, List<? extends ClauseElement> orderBy, FrameUnit frameUnit,
            BoundKind startKind, ClauseElement startOffset, BoundKind endKind, ClauseElement endOffset, String exclude) {
        this.function = (ColumnElement<T>) function;
        this.partitionBy = List.copyOf(partitionBy);
        this.orderBy = List.copyOf(orderBy);
        this.frameUnit = frameUnit;
        this.startKind = startKind;
        this.startOffset = startOffset;
        this.endKind = endKind;
        this.endOffset = endOffset;
        // checked here, not only in exclude(String): a loaded node is built through this constructor, and the value is written as SQL
        if (exclude != null && !EXCLUDE.matcher(exclude).matches()) {
            throw new dev.retort.exc.ArgumentException("Window frame EXCLUDE takes CURRENT ROW, GROUP, TIES or NO OTHERS, got '" + exclude + "'");
        }
        this.exclude = exclude;
        // a loaded node is built here too: a frame unit needs both bound kinds, a PRECEDING or FOLLOWING kind its distance
        if ((frameUnit == null) != (startKind == null) || (frameUnit == null) != (endKind == null)) {
            throw new dev.retort.exc.ArgumentException("Window frame: frameUnit " + frameUnit + " with startKind " + startKind + " and endKind "
                    + endKind + " (a frame has all three, no frame none)");
        }
        checkDistance("startKind", startKind, "startOffset", startOffset);
        checkDistance("endKind", endKind, "endOffset", endOffset);
    }

    private static void checkDistance(String kindName, BoundKind kind, String distanceName, ClauseElement distance) {
        if ((kind == BoundKind.PRECEDING || kind == BoundKind.FOLLOWING) != (distance != null)) {
            throw new dev.retort.exc.ArgumentException("Window frame: " + kindName + " " + kind + " with " + (distance == null ? "no " + distanceName
                    : "a " + distanceName) + " (PRECEDING and FOLLOWING take a distance, the others none)");
        }
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

    /** The frame start as given to {@link #rows}: null UNBOUNDED, 0 CURRENT ROW, -n n PRECEDING, +n n FOLLOWING. */
    public Integer frameStart() {
        return offset(startKind, startOffset);
    }

    /** The frame end, as {@link #frameStart()}. */
    public Integer frameEnd() {
        return offset(endKind, endOffset);
    }

    /** The kind of the frame start, or null without a frame. */
    public BoundKind startKind() {
        return startKind;
    }

    /** The distance of a PRECEDING or FOLLOWING start (a bound parameter), or null. */
    public ClauseElement startOffset() {
        return startOffset;
    }

    /** The kind of the frame end, or null without a frame. */
    public BoundKind endKind() {
        return endKind;
    }

    /** The distance of a PRECEDING or FOLLOWING end (a bound parameter), or null. */
    public ClauseElement endOffset() {
        return endOffset;
    }

    /** The frame exclusion ({@code CURRENT ROW}, {@code GROUP}, {@code TIES}, {@code NO OTHERS}) as given, or null. */
    public String exclude() {
        return exclude;
    }

    /**
     * A copy whose frame excludes rows: {@code CURRENT ROW}, {@code GROUP}, {@code TIES} or {@code NO
     * OTHERS} (any case, written as given), or null for none. Written after the frame, which the
     * window needs (PostgreSQL, SQLite). SQLAlchemy's {@code over(..., exclude=...)}.
     *
     * <pre>{@code
     * func("sum", t.c("x")).over().orderBy(t.c("id")).rows(null, 0).exclude("CURRENT ROW");
     * // sum(t.x) OVER (ORDER BY t.id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE CURRENT ROW)
     * }</pre>
     */
    public Over<T> exclude(String frameExclusion) {
        return new Over<>(function, partitionBy, orderBy, frameUnit, startKind, startOffset, endKind, endOffset, frameExclusion);
    }

    private static Integer offset(BoundKind kind, ClauseElement distance) {
        if (kind == null || kind == BoundKind.UNBOUNDED) {
            return null;
        }
        if (kind == BoundKind.CURRENT) {
            return 0;
        }
        Object v = distance instanceof BindParameter<?> b ? b.value() : null;
        int n = v instanceof Number num ? num.intValue() : 0;
        return kind == BoundKind.PRECEDING ? -n : n;
    }

    @Override
    public TypeEngine<T> type() {
        return function.type();
    }

    /** A copy partitioned by these expressions (added to any already given). */
    public Over<T> partitionBy(ColumnElement<?>... exprs) {
        return new Over<>(function, concat(partitionBy, exprs), orderBy, frameUnit, startKind, startOffset, endKind, endOffset, exclude);
    }

    /** A copy ordered by these expressions (added to any already given). */
    public Over<T> orderBy(ColumnElement<?>... exprs) {
        return new Over<>(function, partitionBy, concat(orderBy, exprs), frameUnit, startKind, startOffset, endKind, endOffset, exclude);
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

    /** A copy with a {@code ROWS BETWEEN} frame of explicit bounds (see {@link FrameBound}). */
    public Over<T> rowsBetween(FrameBound start, FrameBound end) {
        return frame(FrameUnit.ROWS, start, end);
    }

    /** A copy with a {@code RANGE BETWEEN} frame of explicit bounds (see {@link FrameBound}). */
    public Over<T> rangeBetween(FrameBound start, FrameBound end) {
        return frame(FrameUnit.RANGE, start, end);
    }

    /** A copy with a {@code GROUPS BETWEEN} frame of explicit bounds (see {@link FrameBound}). */
    public Over<T> groupsBetween(FrameBound start, FrameBound end) {
        return frame(FrameUnit.GROUPS, start, end);
    }

    private Over<T> frame(FrameUnit unit, FrameBound start, FrameBound end) {
        if (start == null || end == null) {
            throw new dev.retort.exc.ArgumentException("A window frame needs both bounds (Over.unbounded() for none)");
        }
        return new Over<>(function, partitionBy, orderBy, unit, start.kind(), distance(start), end.kind(), distance(end), exclude);
    }

    private static ClauseElement distance(FrameBound b) {
        return b.distance() == null ? null : SQL.literal(b.distance());
    }

    private Over<T> frame(FrameUnit unit, Integer start, Integer end) {
        if (start != null && end != null && start > end) {
            throw new dev.retort.exc.ArgumentException("Window frame start " + start + " is after its end " + end);
        }
        return new Over<>(function, partitionBy, orderBy, unit, kindOf(start), distance(start), kindOf(end), distance(end), exclude);
    }

    private static BoundKind kindOf(Integer n) {
        return n == null ? BoundKind.UNBOUNDED : n == 0 ? BoundKind.CURRENT : n < 0 ? BoundKind.PRECEDING : BoundKind.FOLLOWING;
    }

    private static ClauseElement distance(Integer n) {
        return n == null || n == 0 ? null : new BindParameter<>(null, "param", Math.abs(n), dev.retort.types.Types.INTEGER, true, false);
    }

    private static List<ClauseElement> concat(List<ClauseElement> a, ColumnElement<?>[] b) {
        List<ClauseElement> out = new ArrayList<>(a);
        out.addAll(List.of(b));
        return out;
    }
}
