package dev.retort.micrometer;

import dev.retort.engine.Engine;
import dev.retort.engine.Execution;
import dev.retort.engine.ExecutionListener;
import dev.retort.exc.RetortException;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;

/**
 * An {@link Observation} per statement an engine runs: started before the JDBC execution,
 * stopped when the driver answers, marked with the error when it fails. With Micrometer
 * Tracing's handler (OpenTelemetry or Brave bridge) each statement is a span, carrying its SQL
 * template; with {@code DefaultMeterObservationHandler} each becomes a {@code retort.statement}
 * timer by dialect, operation, cache outcome and error. Names and keys:
 * {@link RetortObservationConvention}.
 *
 * <pre>{@code
 * ObservationRegistry observations = ObservationRegistry.create();
 * observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meterRegistry));
 * RetortObservations.observe(engine, observations);
 * }</pre>
 */
public final class RetortObservations implements ExecutionListener {
    private static final RetortObservationConvention DEFAULT = new RetortObservationConvention();

    private final ObservationRegistry registry;
    private final RetortObservationConvention convention;
    /** The key of this listener's state on an Execution. */
    private final Object key = new Object();

    private RetortObservations(ObservationRegistry registry, RetortObservationConvention convention) {
        this.registry = registry;
        this.convention = convention;
    }

    /** Observes every statement of {@code engine}; returns the listener, to remove it with {@link Engine#removeListener}. */
    public static RetortObservations observe(Engine engine, ObservationRegistry registry) {
        return observe(engine, registry, DEFAULT);
    }

    /** {@link #observe(Engine, ObservationRegistry)} with keys of one's own. */
    public static RetortObservations observe(Engine engine, ObservationRegistry registry, RetortObservationConvention convention) {
        RetortObservations listener = new RetortObservations(registry, convention);
        engine.addListener(listener);
        return listener;
    }

    /** Not called: {@link #beforeExecute} is overridden. */
    @Override
    public void onExecute(String sql, List<Object> params) {
    }

    @Override
    public void beforeExecute(Execution execution) {
        Observation observation = Observation.createNotStarted(null, convention, () -> new RetortObservationContext(execution), registry).start();
        execution.put(key, observation.openScope());
    }

    @Override
    public void afterExecute(Execution execution) {
        end(execution, null);
    }

    @Override
    public void onError(Execution execution, RetortException error) {
        end(execution, error);
    }

    private void end(Execution execution, Throwable error) {
        if (!(execution.get(key) instanceof Observation.Scope scope)) {
            return;   // began before this listener was added
        }
        Observation observation = scope.getCurrentObservation();
        scope.close();
        if (error != null) {
            observation.error(error);
        }
        observation.stop();
    }
}
