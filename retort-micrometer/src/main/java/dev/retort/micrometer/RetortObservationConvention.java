package dev.retort.micrometer;

import dev.retort.engine.Execution;
import io.micrometer.common.KeyValues;
import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import java.util.Locale;

/**
 * Names and keys of a statement's observation: {@code retort.statement}, with the
 * low-cardinality keys {@code db.system} (the dialect), {@code db.operation} (select, insert,
 * update, delete, text, ddl, other) and {@code retort.compiled.cache} (hit, miss, uncached) —
 * the tags of the timer Micrometer's meter handler makes of it — and the high-cardinality
 * {@code db.statement}, the SQL with {@code ?} placeholders, for traces only. Parameter values
 * never appear. Extend it, or implement {@link ObservationConvention} of
 * {@link RetortObservationContext}, to change them.
 */
public class RetortObservationConvention implements ObservationConvention<RetortObservationContext> {
    /** The observation's name, and the timer's. */
    public static final String NAME = "retort.statement";

    /** The keys this convention sets. */
    public enum Keys implements KeyName {
        DB_SYSTEM("db.system"), DB_OPERATION("db.operation"), COMPILED_CACHE("retort.compiled.cache"), DB_STATEMENT("db.statement");

        private final String name;

        Keys(String name) {
            this.name = name;
        }

        @Override
        public String asString() {
            return name;
        }
    }

    @Override
    public String getName() {
        return NAME;
    }

    /** "select", "insert", ...: what the span shows first. */
    @Override
    public String getContextualName(RetortObservationContext context) {
        return lower(context.execution().kind());
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(RetortObservationContext context) {
        Execution e = context.execution();
        return KeyValues.of(
                Keys.DB_SYSTEM.withValue(e.engine().dialect().name()),
                Keys.DB_OPERATION.withValue(lower(e.kind())),
                Keys.COMPILED_CACHE.withValue(lower(e.cacheOutcome())));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(RetortObservationContext context) {
        return KeyValues.of(Keys.DB_STATEMENT.withValue(context.execution().sql()));
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof RetortObservationContext;
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
