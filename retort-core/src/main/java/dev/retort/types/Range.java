package dev.retort.types;

import java.util.Objects;

/**
 * A value of a PostgreSQL range type ({@link Types#INT4RANGE}, {@link Types#DATERANGE}, ...):
 * a lower and an upper bound, each {@code null} for unbounded, and whether each is included
 * ({@code bounds}: {@code "[)"}, {@code "[]"}, {@code "(]"} or {@code "()"}); or the empty range.
 * SQLAlchemy's {@code Range}. A multirange's value is a {@code List<Range<T>>}.
 *
 * <pre>{@code
 * Range<Integer> r = Range.of(1, 10);                 // [1,10)
 * Range<LocalDate> week = Range.of(monday, sunday, "[]");
 * select(t).where(t.c("during").contains(Range.of(3, 5)));   // t.during @> ?::INT4RANGE
 * }</pre>
 *
 * <p>Equality is by the written bounds, as in SQLAlchemy: PostgreSQL gives discrete ranges back
 * in their canonical {@code [)} form, so {@code [1,2]} of an INT4RANGE reads back as {@code [1,3)}.
 *
 * @param lower the lower bound, null for none
 * @param upper the upper bound, null for none
 * @param bounds which bounds are included, two characters
 * @param isEmpty whether this is the empty range (then the bounds are null)
 * @param <T> the Java type of the bounds
 */
public record Range<T>(T lower, T upper, String bounds, boolean isEmpty) {
    public Range {
        if (bounds == null || !bounds.matches("[\\[(][)\\]]")) {
            throw new dev.retort.exc.ArgumentException("Range bounds are \"[)\", \"[]\", \"(]\" or \"()\", got " + bounds);
        }
        if (isEmpty && (lower != null || upper != null)) {
            throw new dev.retort.exc.ArgumentException("The empty range has no bounds");
        }
    }

    /** {@code [lower,upper)}: the lower bound included, the upper excluded (null: unbounded). */
    public static <T> Range<T> of(T lower, T upper) {
        return new Range<>(lower, upper, "[)", false);
    }

    /** A range with the given bounds, {@code "[)"}, {@code "[]"}, {@code "(]"} or {@code "()"}. */
    public static <T> Range<T> of(T lower, T upper, String bounds) {
        return new Range<>(lower, upper, bounds, false);
    }

    /** The empty range. */
    public static <T> Range<T> empty() {
        return new Range<>(null, null, "[)", true);
    }

    /** Whether the lower bound is included. */
    public boolean lowerInc() {
        return !isEmpty && lower != null && bounds.charAt(0) == '[';
    }

    /** Whether the upper bound is included. */
    public boolean upperInc() {
        return !isEmpty && upper != null && bounds.charAt(1) == ']';
    }

    /** PostgreSQL's text for the range: {@code [1,10)}, {@code (,5]}, {@code empty}. */
    @Override
    public String toString() {
        if (isEmpty) {
            return "empty";
        }
        return bounds.charAt(0) + bound(lower) + "," + bound(upper) + bounds.charAt(1);
    }

    /** A bound as range text: date-times quoted, since their text may hold a space. */
    private static String bound(Object v) {
        if (v == null) {
            return "";
        }
        String s = v.toString();
        return v instanceof Number ? s : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Range<?> r && isEmpty == r.isEmpty && bounds.equals(r.bounds)
                && boundEquals(lower, r.lower) && boundEquals(upper, r.upper);
    }

    /** Bounds compared by value: 1.0 and 1.00 are one NUMERIC bound. */
    private static boolean boundEquals(Object a, Object b) {
        if (a instanceof java.math.BigDecimal x && b instanceof java.math.BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        return Objects.equals(a, b);
    }

    @Override
    public int hashCode() {
        return Objects.hash(isEmpty, bounds, lower instanceof java.math.BigDecimal d ? d.stripTrailingZeros() : lower,
                upper instanceof java.math.BigDecimal d ? d.stripTrailingZeros() : upper);
    }
}
