package dev.retort.spring;

import dev.retort.engine.Engine;
import dev.retort.redis.RedisResultCache;
import dev.retort.micrometer.ResultCacheMetrics;
import dev.retort.micrometer.RetortMetrics;
import dev.retort.micrometer.RetortObservations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Metrics and traces of the auto-configured engine, when dev.retort:retort-micrometer is on the
 * class path (Spring Boot's actuator provides the registries): the compiled-cache meters as a
 * {@code MeterBinder} (Spring Boot binds it to its registries), and an observation per
 * statement on the application's {@link ObservationRegistry} — which Boot turns into
 * {@code retort.statement} timers and, with Micrometer Tracing, spans. The DataSource's pool
 * meters are Spring Boot's own ({@code hikaricp.connections.*}). With a {@link RedisResultCache}
 * bean, its meters too ({@code retort.result.cache.*}).
 */
@AutoConfiguration(after = RetortAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"})
@ConditionalOnClass({RetortMetrics.class, MeterRegistry.class})
@ConditionalOnBean(Engine.class)
public class RetortMicrometerAutoConfiguration {

    /** Meters tagged {@code engine=retort}. */
    @Bean
    @ConditionalOnMissingBean
    public RetortMetrics retortMetrics(Engine engine) {
        return new RetortMetrics(engine, "retort");
    }

    /** The result cache's meters, tagged {@code cache=retort}, when there is a {@link RedisResultCache} bean. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnClass(RedisResultCache.class)
    @ConditionalOnBean(RedisResultCache.class)
    public ResultCacheMetrics retortResultCacheMetrics(RedisResultCache cache) {
        return new ResultCacheMetrics(cache, "retort");
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(ObservationRegistry.class)
    public RetortObservations retortObservations(Engine engine, ObservationRegistry registry) {
        return RetortObservations.observe(engine, registry);
    }
}
