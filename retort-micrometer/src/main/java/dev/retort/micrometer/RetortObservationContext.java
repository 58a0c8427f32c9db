package dev.retort.micrometer;

import dev.retort.engine.Execution;
import io.micrometer.observation.Observation;

/** The context of a statement's {@link Observation}: the {@link Execution} it observes. */
public class RetortObservationContext extends Observation.Context {
    private final Execution execution;

    public RetortObservationContext(Execution execution) {
        this.execution = execution;
    }

    /** The execution: its kind, cache outcome, SQL template, and afterwards its duration and row count. */
    public Execution execution() {
        return execution;
    }
}
