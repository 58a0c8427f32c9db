package dev.retort.redis;

/**
 * A snapshot of what a {@link RedisResultCache} has done since it was built, from
 * {@link RedisResultCache#stats()}: the counts only grow.
 *
 * <pre>{@code
 * ResultCacheStats s = cache.stats();
 * log.info("result cache: {} of {} from Redis, breaker open: {}", s.hits(), s.requests(), s.breakerOpen());
 * }</pre>
 *
 * @param hits results read from Redis
 * @param nearHits results read from the in-process near cache
 * @param misses statements run, their rows then stored in Redis
 * @param bypasses statements run without the cache: Redis failing or the breaker open, a
 *     transaction reading tables it wrote, an uncacheable statement, a lock holder too slow
 * @param errors Redis commands that failed
 * @param breakerOpen whether the circuit breaker is open now (Redis is not being asked)
 */
public record ResultCacheStats(long hits, long nearHits, long misses, long bypasses, long errors, boolean breakerOpen) {
    /** Every fetch: {@code hits + nearHits + misses + bypasses}. */
    public long requests() {
        return hits + nearHits + misses + bypasses;
    }
}
