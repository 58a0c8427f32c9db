package dev.retort.spring;

import dev.retort.engine.Engine;
import dev.retort.engine.TransactionBridge;
import dev.retort.orm.ScopedSession;
import dev.retort.orm.SessionFactory;
import dev.retort.redis.RedisResultCache;
import dev.retort.redis.ResultCache;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Retort on the application's {@link DataSource}: an {@link Engine} (no second pool) whose
 * connections join Spring-managed transactions, a {@link SessionFactory}, a {@link ScopedSession}
 * with one session per transaction, Spring's exception translation for Retort's exceptions,
 * and a {@link RedisResultCache} when {@code retort.redis.uri} is set and retort-redis is on the
 * class path. Each bean gives way to one the application defines itself; settings are
 * {@link RetortProperties}.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnClass(Engine.class)
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(RetortProperties.class)
public class RetortAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public TransactionBridge retortTransactionBridge() {
        return new SpringTransactionBridge();
    }

    /** Disposing leaves the DataSource to Spring, which closes it itself. */
    @Bean(destroyMethod = "dispose")
    @ConditionalOnMissingBean
    public Engine retortEngine(DataSource dataSource, RetortProperties properties, TransactionBridge bridge) {
        return Engine.builder(dataSource).options(properties.toEngineOptions()).transactionBridge(bridge).build();
    }

    @Bean
    @ConditionalOnMissingBean
    public SessionFactory retortSessionFactory(Engine engine) {
        return SessionFactory.of(engine);
    }

    @Bean
    @ConditionalOnMissingBean
    public ScopedSession retortScopedSession(SessionFactory factory) {
        return new ScopedSession(factory, new SpringTransactionScope());
    }

    /** Static: Spring's translation post-processor looks translators up early. */
    @Bean
    @ConditionalOnMissingBean
    public static RetortExceptionTranslator retortExceptionTranslator(DataSource dataSource) {
        return new RetortExceptionTranslator(dataSource);
    }

    /** The shared result cache, when retort-redis is there and {@code retort.redis.uri} is set. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(RedisResultCache.class)
    @ConditionalOnProperty(prefix = "retort.redis", name = "uri")
    static class RedisCacheConfiguration {
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean(ResultCache.class)
        public RedisResultCache retortResultCache(RetortProperties properties) {
            RetortProperties.Redis redis = properties.getRedis();
            return RedisResultCache.builder().uri(redis.getUri()).ttl(redis.getTtl()).namespace(redis.getNamespace()).build();
        }
    }
}
