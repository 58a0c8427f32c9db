package dev.retort.micrometer;

import com.zaxxer.hikari.HikariDataSource;
import dev.retort.engine.Engine;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.function.ToDoubleFunction;

/**
 * An engine's meters:
 *
 * <ul>
 *   <li>{@code retort.compiled.cache.requests} (function counter, tag {@code result}: hit, miss,
 *       uncached) and {@code retort.compiled.cache.size} (gauge): the compiled-statement cache;</li>
 *   <li>the {@code hikaricp.connections.*} meters of the engine's HikariCP pool, through Hikari's
 *       own Micrometer support, unless the pool reports to a registry already (as Spring Boot's
 *       actuator makes its DataSource do).</li>
 * </ul>
 *
 * Every meter carries the tag {@code engine} (a name of the application's choosing) and the tags
 * given. Statement timers come from {@link RetortObservations}; {@link #monitor} sets up both.
 *
 * <pre>{@code
 * new RetortMetrics(engine, "orders").bindTo(meterRegistry);
 * RetortMetrics.monitor(engine, "orders", meterRegistry);      // these meters and retort.statement timers
 * }</pre>
 */
public final class RetortMetrics implements MeterBinder {
    private final Engine engine;
    private final Tags tags;

    /** Meters of {@code engine}, tagged {@code engine=name} and with {@code extraTags}. */
    public RetortMetrics(Engine engine, String name, Tag... extraTags) {
        this.engine = engine;
        this.tags = Tags.of("engine", name).and(extraTags);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        cacheCounter(registry, "hit", e -> e.compiledCacheStats().hits());
        cacheCounter(registry, "miss", e -> e.compiledCacheStats().misses());
        cacheCounter(registry, "uncached", e -> e.compiledCacheStats().uncached());
        Gauge.builder("retort.compiled.cache.size", engine, e -> e.compiledCacheStats().size())
                .description("Compiled statement shapes held in the engine's cache")
                .tags(tags)
                .register(registry);
        // A pool instrumented already (Spring Boot's actuator does it to its DataSource) is left alone.
        if (engine.dataSource() instanceof HikariDataSource pool && pool.getMetricRegistry() == null && pool.getMetricsTrackerFactory() == null) {
            pool.setMetricRegistry(registry);
        }
    }

    private void cacheCounter(MeterRegistry registry, String result, ToDoubleFunction<Engine> count) {
        FunctionCounter.builder("retort.compiled.cache.requests", engine, count)
                .description("Executions by whether their compiled form came from the engine's cache")
                .tags(tags).tag("result", result)
                .register(registry);
    }

    /**
     * Everything at once, for applications without an observation set-up of their own: these
     * meters, and {@code retort.statement} timers through {@link RetortObservations} on an
     * observation registry that only records meters.
     */
    public static RetortObservations monitor(Engine engine, String name, MeterRegistry registry) {
        new RetortMetrics(engine, name).bindTo(registry);
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(registry));
        return RetortObservations.observe(engine, observations);
    }
}
