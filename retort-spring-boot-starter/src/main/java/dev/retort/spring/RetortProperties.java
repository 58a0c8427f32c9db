package dev.retort.spring;

import dev.retort.engine.EngineOptions;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code retort.*} settings of the auto-configured engine and result cache.
 *
 * <pre>
 * retort.echo=true                         # log every statement at INFO (logger dev.retort.engine)
 * retort.compiled-cache-size=1000          # statement shapes kept compiled; 0 turns the cache off
 * retort.fetch-size=500                    # rows asked of the driver at a time
 * retort.isolation-level=REPEATABLE_READ   # Retort's own transactions; @Transactional ones keep Spring's
 * retort.redis.uri=redis://127.0.0.1:6379  # a RedisResultCache bean (needs dev.retort:retort-redis)
 * retort.redis.ttl=5m
 * retort.redis.namespace=orders
 * </pre>
 */
@ConfigurationProperties("retort")
public class RetortProperties {
    // Literals, equal to EngineOptions.defaults() (a test checks), so that the configuration metadata shows them.
    /** Whether every statement and its parameters are logged at INFO on the logger dev.retort.engine. */
    private boolean echo = false;
    /** How many compiled statement shapes the engine keeps; 0 compiles on every execution. */
    private int compiledCacheSize = 500;
    /** How many rows a result asks the driver for at a time; 0 leaves it to the driver. */
    private int fetchSize = 1000;
    /** Isolation level of transactions Retort runs itself (outside Spring-managed ones); unset: the database's default. */
    private String isolationLevel;
    private final Redis redis = new Redis();

    public boolean isEcho() {
        return echo;
    }

    public void setEcho(boolean echo) {
        this.echo = echo;
    }

    public int getCompiledCacheSize() {
        return compiledCacheSize;
    }

    public void setCompiledCacheSize(int compiledCacheSize) {
        this.compiledCacheSize = compiledCacheSize;
    }

    public int getFetchSize() {
        return fetchSize;
    }

    public void setFetchSize(int fetchSize) {
        this.fetchSize = fetchSize;
    }

    public String getIsolationLevel() {
        return isolationLevel;
    }

    public void setIsolationLevel(String isolationLevel) {
        this.isolationLevel = isolationLevel;
    }

    public Redis getRedis() {
        return redis;
    }

    /** The engine options these properties describe (pool settings are the DataSource's: spring.datasource.*). */
    public EngineOptions toEngineOptions() {
        return EngineOptions.builder()
                .echo(echo)
                .compiledCacheSize(compiledCacheSize)
                .fetchSize(fetchSize)
                .isolationLevel(isolationLevel)
                .build();
    }

    /** {@code retort.redis.*}: the shared result cache. */
    public static class Redis {
        /** redis://host:port of the result cache; unset: no cache bean. */
        private String uri;
        /** How long a cached result lives. */
        private Duration ttl = Duration.ofMinutes(5);
        /** Prefix of every key, so that applications sharing a Redis do not share results. */
        private String namespace = "retort";

        public String getUri() {
            return uri;
        }

        public void setUri(String uri) {
            this.uri = uri;
        }

        public Duration getTtl() {
            return ttl;
        }

        public void setTtl(Duration ttl) {
            this.ttl = ttl;
        }

        public String getNamespace() {
            return namespace;
        }

        public void setNamespace(String namespace) {
            this.namespace = namespace;
        }
    }
}
