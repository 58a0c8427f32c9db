package dev.retort.sql;

import java.util.List;

/**
 * How a lambda of a {@link StatementLambdaElement} is analysed (the keyword arguments of the
 * seeds' {@code lambda_stmt} and {@code add_criteria}). Immutable.
 *
 * <pre>{@code
 * LambdaOptions opts = LambdaOptions.builder()
 *         .trackClosureVariables(false)       // captured SQL elements and objects never change the SQL
 *         .trackOn(List.of(tenant))           // ...but these decide its shape
 *         .build();
 * stmt.addCriteria(q -> q.where(criteria.condition()), opts);
 * }</pre>
 */
public final class LambdaOptions {
    private static final LambdaOptions DEFAULTS = builder().build();

    private final boolean trackClosureVariables;
    private final List<?> trackOn;
    private final boolean trackBoundValues;

    private LambdaOptions(Builder b) {
        this.trackClosureVariables = b.trackClosureVariables;
        this.trackOn = b.trackOn == null ? null : List.copyOf(b.trackOn);
        this.trackBoundValues = b.trackBoundValues;
    }

    /** The defaults: closure variables and bound values tracked, nothing tracked explicitly. */
    public static LambdaOptions defaults() {
        return DEFAULTS;
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether captured SQL elements enter the cache key (by structure, their values becoming
     * parameters) and captured objects of other kinds are refused. When false, they are
     * assumed never to change the SQL: the lambda runs with the first ones it sees.
     */
    public boolean trackClosureVariables() {
        return trackClosureVariables;
    }

    /**
     * The objects that decide the SQL's shape, instead of the captured variables; null when not
     * given. A SQL element among them enters the cache key by structure and values, any other
     * object by {@code equals}.
     */
    public List<?> trackOn() {
        return trackOn;
    }

    /**
     * Whether captured plain values (numbers, strings, dates, lists of them) become parameters
     * whose values change from call to call. When false, the values of the first run stay.
     */
    public boolean trackBoundValues() {
        return trackBoundValues;
    }

    /** Whether captured elements and objects are checked and keyed (tracked, and no {@code trackOn}). */
    boolean keysClosure() {
        return trackClosureVariables && trackOn == null;
    }

    @Override
    public String toString() {
        return "LambdaOptions[trackClosureVariables=" + trackClosureVariables + ", trackOn=" + trackOn + ", trackBoundValues=" + trackBoundValues + "]";
    }

    /** Collects options. */
    public static final class Builder {
        private boolean trackClosureVariables = true;
        private List<?> trackOn;
        private boolean trackBoundValues = true;

        private Builder() {
        }

        public Builder trackClosureVariables(boolean track) {
            this.trackClosureVariables = track;
            return this;
        }

        public Builder trackOn(List<?> elements) {
            this.trackOn = elements;
            return this;
        }

        public Builder trackBoundValues(boolean track) {
            this.trackBoundValues = track;
            return this;
        }

        public LambdaOptions build() {
            return new LambdaOptions(this);
        }
    }
}
