package dev.retort.micrometer;

import dev.retort.redis.RedisResultCache;
import dev.retort.redis.ResultCacheStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;

/**
 * A {@link RedisResultCache}'s meters (needs dev.retort:retort-redis on the class path):
 *
 * <ul>
 *   <li>{@code retort.result.cache.requests} (function counter, tag {@code result}: hit, near_hit,
 *       miss, bypass — see {@link ResultCacheStats});</li>
 *   <li>{@code retort.result.cache.errors} (function counter): Redis commands that failed;</li>
 *   <li>{@code retort.result.cache.breaker.open} (gauge, 1 or 0): whether Redis is being skipped.</li>
 * </ul>
 *
 * Every meter carries the tag {@code cache} and the tags given.
 *
 * <pre>{@code
 * new ResultCacheMetrics(cache, "orders").bindTo(meterRegistry);
 * }</pre>
 */
public final class ResultCacheMetrics implements MeterBinder {
    private final RedisResultCache cache;
    private final Tags tags;

    /** Meters of {@code cache}, tagged {@code cache=name} and with {@code extraTags}. */
    public ResultCacheMetrics(RedisResultCache cache, String name, Tag... extraTags) {
        this.cache = cache;
        this.tags = Tags.of("cache", name).and(extraTags);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        requests(registry, "hit", ResultCacheStats::hits);
        requests(registry, "near_hit", ResultCacheStats::nearHits);
        requests(registry, "miss", ResultCacheStats::misses);
        requests(registry, "bypass", ResultCacheStats::bypasses);
        FunctionCounter.builder("retort.result.cache.errors", cache, c -> c.stats().errors())
                .description("Redis commands of the result cache that failed")
                .tags(tags)
                .register(registry);
        Gauge.builder("retort.result.cache.breaker.open", cache, c -> c.stats().breakerOpen() ? 1 : 0)
                .description("1 while the result cache's circuit breaker skips Redis, else 0")
                .tags(tags)
                .register(registry);
    }

    private void requests(MeterRegistry registry, String result, ToDoubleFunction<ResultCacheStats> count) {
        FunctionCounter.builder("retort.result.cache.requests", cache, c -> count.applyAsDouble(c.stats()))
                .description("Result cache fetches by where their rows came from")
                .tags(tags).tag("result", result)
                .register(registry);
    }
}
