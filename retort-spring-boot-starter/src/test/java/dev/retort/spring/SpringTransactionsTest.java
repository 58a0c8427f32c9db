package dev.retort.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Engine;
import dev.retort.exc.DBAPIException;
import dev.retort.orm.ScopedSession;
import dev.retort.orm.SessionFactory;
import dev.retort.spring.app.AccountRepository;
import dev.retort.spring.app.Accounts;
import dev.retort.spring.app.BankApp;
import dev.retort.spring.app.BankApp.Bank;
import dev.retort.spring.app.Transfers;
import dev.retort.testing.Databases.Database;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.UnexpectedRollbackException;

/**
 * Retort inside Spring-managed transactions on PostgreSQL: the auto-configured engine joins
 * {@code @Transactional} methods, shares their JDBC connection with JdbcTemplate, and follows
 * their propagation, read-only flag and rollback.
 */
@SpringBootTest(classes = BankApp.class, properties = {
        "spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test",
        "spring.datasource.username=postgres",
        "spring.datasource.hikari.maximum-pool-size=4",
        "retort.compiled-cache-size=64"})
class SpringTransactionsTest {
    @Autowired Accounts accounts;
    @Autowired Transfers transfers;
    @Autowired AccountRepository repository;
    @Autowired Engine engine;
    @Autowired DataSource dataSource;
    @Autowired JdbcTemplate jdbc;
    @Autowired Bank bank;
    @Autowired SessionFactory sessionFactory;
    @Autowired ScopedSession scopedSession;
    @Autowired MeterRegistry meters;

    @BeforeAll
    static void serverIsUp() {
        Database.POSTGRESQL.engine();   // skips, or fails under CI=true, when PostgreSQL is down
    }

    @BeforeEach
    void createTable() {
        bank.metadata().createAll(engine);
    }

    @AfterEach
    void dropTable() {
        bank.metadata().dropAll(engine);
    }

    private List<Integer> ids() {
        return jdbc.queryForList("SELECT id FROM " + bank.accounts().name() + " ORDER BY id", Integer.class);
    }

    @Test
    void theEngineIsOnTheApplicationsDataSource() {
        assertThat(engine.dataSource()).isSameAs(dataSource);
        assertThat(engine.dialect().name()).isEqualTo("postgresql");
        assertThat(engine.options().compiledCacheSize()).isEqualTo(64);
        assertThat(sessionFactory.engine()).isSameAs(engine);
        assertThat(scopedSession.factory()).isSameAs(sessionFactory);
        assertThat(accounts.retortUsesTheTransactionsConnection()).isTrue();
    }

    @Test
    void aFailingTransactionLeavesNothingOfEitherWriter() {
        assertThatThrownBy(() -> accounts.writeBoth(1, true)).hasMessageContaining("boom");
        assertThat(ids()).isEmpty();
        assertThat(accounts.count()).isZero();
    }

    @Test
    void aSucceedingTransactionKeepsBothWriters() {
        accounts.writeBoth(1, false);
        assertThat(ids()).containsExactly(1, 2);
    }

    @Test
    void outsideATransactionRetortCommitsItself() {
        accounts.insertWithRetort(5, "alone");
        assertThat(ids()).containsExactly(5);
    }

    @Test
    void readOnlyTransactionsReadButRefuseWrites() {
        accounts.insertWithRetort(1, "x");
        assertThat(accounts.countReadOnly()).isEqualTo(1);
        assertThatThrownBy(() -> accounts.writeInReadOnly(2)).isInstanceOf(DBAPIException.class).hasMessageContaining("read-only");
        assertThat(ids()).containsExactly(1);
    }

    @Test
    void requiresNewCommitsAlthoughTheOuterTransactionRollsBack() {
        assertThatThrownBy(() -> transfers.outerFailsAfterRequiresNew(10)).hasMessageContaining("outer failure");
        assertThat(ids()).containsExactly(11);
    }

    @Test
    void nestedRollsBackToItsSavepointOnly() {
        transfers.outerSurvivesNestedFailure(20);
        assertThat(ids()).containsExactly(20, 22);
    }

    @Test
    void retortsRollbackDoomsTheSpringTransaction() {
        assertThatThrownBy(() -> accounts.writeThenRollbackWithRetort(30)).isInstanceOf(UnexpectedRollbackException.class);
        assertThat(ids()).isEmpty();
    }

    @Test
    void theScopedSessionFlushesAtCommitAndDiscardsOnFailure() {
        accounts.addWithOrm(40, false);
        assertThat(ids()).containsExactly(40);
        assertThat(accounts.ownerWithOrm(40)).isEqualTo("orm");
        assertThatThrownBy(() -> accounts.addWithOrm(41, true)).hasMessageContaining("boom");
        assertThat(ids()).containsExactly(40);
    }

    @Test
    void repositoriesThrowSpringsDataAccessExceptions() {
        repository.insert(50, "first");
        assertThatThrownBy(() -> repository.insert(50, "again")).isInstanceOf(DuplicateKeyException.class)
                .hasCauseInstanceOf(java.sql.SQLException.class);
        assertThat(ids()).containsExactly(50);
    }

    @Test
    void statementsAndCachesAndThePoolAreMeasured() {
        accounts.writeBoth(60, false);
        accounts.insertWithRetort(70, "x");
        assertThat(meters.get("retort.statement").tags("db.system", "postgresql", "db.operation", "insert").timers())
                .isNotEmpty().allSatisfy(t -> assertThat(t.count()).isPositive());
        assertThat(meters.get("retort.compiled.cache.requests").tags("engine", "retort", "result", "hit").functionCounter().count()).isPositive();
        assertThat(meters.get("hikaricp.connections.max").gauge().value()).isEqualTo(4.0);
    }

    @Test
    void endOfTransactionActionsWaitForSpringsOutcome() {
        List<Boolean> ends = new java.util.ArrayList<>();
        accounts.writeAndWatchTheEnd(80, ends, false);
        assertThat(ends).containsExactly(true);
        ends.clear();
        assertThatThrownBy(() -> accounts.writeAndWatchTheEnd(81, ends, true)).hasMessageContaining("boom");
        assertThat(ends).containsExactly(false);
        assertThat(ids()).containsExactly(80);
    }

    @Test
    void eachTransactionHasItsOwnSessionAcrossRequiresNew() {
        assertThatThrownBy(() -> transfers.ormOuterFailsAfterRequiresNew(90)).hasMessageContaining("outer failure");
        assertThat(ids()).containsExactly(91);
    }
}
