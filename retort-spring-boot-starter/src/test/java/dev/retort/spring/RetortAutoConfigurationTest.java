package dev.retort.spring;

import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Engine;
import dev.retort.engine.EngineOptions;
import dev.retort.engine.TransactionBridge;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.IntegrityException;
import dev.retort.exc.ProgrammingException;
import dev.retort.micrometer.ResultCacheMetrics;
import dev.retort.micrometer.RetortMetrics;
import dev.retort.micrometer.RetortObservations;
import dev.retort.orm.ScopedSession;
import dev.retort.orm.SessionFactory;
import dev.retort.redis.RedisResultCache;
import dev.retort.redis.ResultCache;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The auto-configuration's beans, conditions and properties, on a SQLite file database. */
class RetortAutoConfigurationTest {
    @TempDir
    Path dir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
                        JdbcTemplateAutoConfiguration.class, TransactionAutoConfiguration.class, RetortAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:sqlite:" + dir.resolve("app.db"));
    }

    @Test
    void defaultsOnTheApplicationsDataSource() {
        runner().run(ctx -> {
            assertThat(ctx).hasSingleBean(Engine.class).hasSingleBean(SessionFactory.class).hasSingleBean(ScopedSession.class)
                    .hasSingleBean(RetortExceptionTranslator.class).hasSingleBean(SpringTransactionBridge.class)
                    .doesNotHaveBean(ResultCache.class);
            Engine engine = ctx.getBean(Engine.class);
            assertThat(engine.dataSource()).isSameAs(ctx.getBean(DataSource.class));
            assertThat(engine.dialect().name()).isEqualTo("sqlite");
            EngineOptions defaults = EngineOptions.defaults();
            assertThat(engine.options().compiledCacheSize()).isEqualTo(defaults.compiledCacheSize());
            assertThat(engine.options().fetchSize()).isEqualTo(defaults.fetchSize());
            assertThat(engine.options().echo()).isEqualTo(defaults.echo());
            assertThat(engine.options().isolationLevel()).isNull();
        });
    }

    @Test
    void retortPropertiesReachTheEngine() {
        runner().withPropertyValues("retort.echo=true", "retort.compiled-cache-size=7", "retort.fetch-size=33", "retort.isolation-level=serializable")
                .run(ctx -> {
                    EngineOptions o = ctx.getBean(Engine.class).options();
                    assertThat(o.echo()).isTrue();
                    assertThat(o.compiledCacheSize()).isEqualTo(7);
                    assertThat(o.fetchSize()).isEqualTo(33);
                    assertThat(o.isolationLevel()).isEqualTo("SERIALIZABLE");
                });
    }

    @Test
    void aBadPropertyFailsStartupNamingIt() {
        runner().withPropertyValues("retort.isolation-level=snapshot").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).rootCause().isInstanceOf(ArgumentException.class).hasMessageContaining("snapshot");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {
        @Bean(destroyMethod = "dispose")
        Engine myEngine() {
            return Engine.create("jdbc:sqlite::memory:");
        }

        @Bean
        TransactionBridge myBridge() {
            return new SpringTransactionBridge();
        }

        @Bean
        ScopedSession myScopedSession(SessionFactory factory) {
            return new ScopedSession(factory);
        }
    }

    @Test
    void theApplicationsOwnBeansWin() {
        runner().withUserConfiguration(OwnBeans.class).run(ctx -> {
            assertThat(ctx).hasSingleBean(Engine.class).hasSingleBean(TransactionBridge.class).hasSingleBean(ScopedSession.class);
            assertThat(ctx).getBean("myEngine").isSameAs(ctx.getBean(Engine.class));
            assertThat(ctx.getBean(SessionFactory.class).engine()).isSameAs(ctx.getBean("myEngine"));
            assertThat(ctx).doesNotHaveBean("retortEngine").doesNotHaveBean("retortScopedSession");
        });
    }

    @Test
    void aRedisUriAddsTheResultCache() {
        runner().withPropertyValues("retort.redis.uri=redis://127.0.0.1:6379", "retort.redis.namespace=starter-test").run(ctx -> {
            assertThat(ctx).hasSingleBean(ResultCache.class);
            assertThat(ctx.getBean(ResultCache.class)).isInstanceOf(RedisResultCache.class);
        });
    }

    @Test
    void sqliteTransactionsRollBackBothWriters() {
        runner().run(ctx -> {
            Engine engine = ctx.getBean(Engine.class);
            JdbcTemplate jdbc = ctx.getBean(JdbcTemplate.class);
            TransactionTemplate tx = ctx.getBean(TransactionTemplate.class);
            jdbc.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
            assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
                engine.inTransaction(c -> c.execute(text("INSERT INTO t (id) VALUES (1)")));
                jdbc.update("INSERT INTO t (id) VALUES (2)");
                throw new IllegalStateException("boom");
            })).hasMessage("boom");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM t", Integer.class)).isZero();
            tx.executeWithoutResult(status -> {
                engine.inTransaction(c -> c.execute(text("INSERT INTO t (id) VALUES (1)")));
                jdbc.update("INSERT INTO t (id) VALUES (2)");
            });
            assertThat(jdbc.queryForObject("SELECT count(*) FROM t", Integer.class)).isEqualTo(2);
        });
    }

    @Test
    void theTranslatorMapsRetortExceptionsLikeJdbcTemplatesOwn() {
        runner().run(ctx -> {
            Engine engine = ctx.getBean(Engine.class);
            RetortExceptionTranslator translator = ctx.getBean(RetortExceptionTranslator.class);
            engine.inTransaction(c -> c.execute(text("CREATE TABLE u (id INTEGER PRIMARY KEY)")));
            engine.inTransaction(c -> c.execute(text("INSERT INTO u (id) VALUES (1)")));
            IntegrityException duplicate = org.junit.jupiter.api.Assertions.assertThrows(IntegrityException.class,
                    () -> engine.inTransaction(c -> c.execute(text("INSERT INTO u (id) VALUES (1)"))));
            assertThat(translator.translateExceptionIfPossible(duplicate)).isInstanceOf(DataIntegrityViolationException.class)
                    .hasMessageContaining("INSERT INTO u");
            ProgrammingException bad = org.junit.jupiter.api.Assertions.assertThrows(ProgrammingException.class,
                    () -> engine.inTransaction(c -> c.execute(text("SELEKT 1"))));
            assertThat(translator.translateExceptionIfPossible(bad)).isInstanceOf(BadSqlGrammarException.class).hasMessageContaining("SELEKT");
            assertThat(translator.translateExceptionIfPossible(new ArgumentException("bad"))).isInstanceOf(InvalidDataAccessApiUsageException.class);
            assertThat(translator.translateExceptionIfPossible(new IllegalStateException("not Retort's"))).isNull();
        });
    }

    @Test
    void noDataSourceNoRetort() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(RetortAutoConfiguration.class))
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(Engine.class));
    }

    @Test
    void observationsAndMetersWhenTheRegistriesAreBeans() {
        TestObservationRegistry observations = TestObservationRegistry.create();
        runner().withConfiguration(AutoConfigurations.of(RetortMicrometerAutoConfiguration.class))
                .withBean(ObservationRegistry.class, () -> observations)
                .run(ctx -> {
                    assertThat(ctx).hasSingleBean(RetortMetrics.class).hasSingleBean(RetortObservations.class);
                    ctx.getBean(Engine.class).inTransaction(c -> c.execute(text("SELECT 1")));
                    TestObservationRegistryAssert.assertThat(observations).hasSingleObservationThat()
                            .hasNameEqualTo("retort.statement").hasHighCardinalityKeyValue("db.statement", "SELECT 1");
                });
    }

    @Test
    void resultCacheMetersWhenThereIsAResultCache() {
        runner().withConfiguration(AutoConfigurations.of(RetortMicrometerAutoConfiguration.class))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("retort.redis.uri=redis://127.0.0.1:6379", "retort.redis.namespace=starter-metrics-test")
                .run(ctx -> assertThat(ctx).hasSingleBean(ResultCacheMetrics.class));
        runner().withConfiguration(AutoConfigurations.of(RetortMicrometerAutoConfiguration.class))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(ctx -> assertThat(ctx).doesNotHaveBean(ResultCacheMetrics.class).hasSingleBean(RetortMetrics.class));
    }
}
