package dev.retort.spring.app;

import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.orm.ScopedSession;
import dev.retort.spring.app.BankApp.Account;
import dev.retort.spring.app.BankApp.Bank;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Writes through Retort's Core, Retort's ORM and JdbcTemplate, in Spring-managed transactions. */
@Service
public class Accounts {
    private final Engine engine;
    private final ScopedSession session;
    private final JdbcTemplate jdbc;
    private final Bank bank;

    public Accounts(Engine engine, ScopedSession session, JdbcTemplate jdbc, Bank bank) {
        this.engine = engine;
        this.session = session;
        this.jdbc = jdbc;
        this.bank = bank;
    }

    /** Through Retort Core, on a connection of the engine. */
    public void insertWithRetort(int id, String owner) {
        engine.inTransaction(c -> c.execute(insert(bank.accounts()).values(Map.of("id", id, "owner", owner))));
    }

    public void insertWithJdbcTemplate(int id, String owner) {
        jdbc.update("INSERT INTO " + bank.accounts().name() + " (id, owner) VALUES (?, ?)", id, owner);
    }

    /** Rows seen through Retort. */
    public long count() {
        try (Connection c = engine.connect()) {
            return ((Number) c.execute(select(func("count", bank.accounts().c("id")))).scalar()).longValue();
        }
    }

    @Transactional
    public void writeBoth(int id, boolean fail) {
        insertWithRetort(id, "retort");
        insertWithJdbcTemplate(id + 1, "jdbc");
        if (fail) {
            throw new IllegalStateException("boom after both writes");
        }
    }

    @Transactional(readOnly = true)
    public long countReadOnly() {
        return count();
    }

    @Transactional(readOnly = true)
    public void writeInReadOnly(int id) {
        insertWithRetort(id, "read-only");
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void insertInNewTransaction(int id) {
        insertWithRetort(id, "requires-new");
    }

    @Transactional(propagation = Propagation.NESTED)
    public void insertNestedThenFail(int id) {
        insertWithRetort(id, "nested");
        throw new IllegalStateException("nested failure");
    }

    /** Retort's rollback() in a Spring transaction marks it rollback-only. */
    @Transactional
    public void writeThenRollbackWithRetort(int id) {
        try (Connection c = engine.connect()) {
            c.execute(insert(bank.accounts()).values(Map.of("id", id, "owner", "doomed")));
            c.rollback();
        }
    }

    /** The Spring transaction's JDBC connection and Retort's, inside one transaction. */
    @Transactional
    public boolean retortUsesTheTransactionsConnection() {
        java.sql.Connection spring = org.springframework.jdbc.datasource.DataSourceUtils.getConnection(jdbc.getDataSource());
        try (Connection c = engine.connect()) {
            return c.isJoined() && c.jdbc() == spring;
        } finally {
            org.springframework.jdbc.datasource.DataSourceUtils.releaseConnection(spring, jdbc.getDataSource());
        }
    }

    /** The ORM: added without an explicit commit; the transaction's commit flushes it. */
    @Transactional
    public void addWithOrm(int id, boolean fail) {
        session.add(new Account(id, "orm"));
        if (fail) {
            throw new IllegalStateException("boom before commit");
        }
    }

    @Transactional(readOnly = true)
    public String ownerWithOrm(int id) {
        Account a = session.get(Account.class, id);
        return a == null ? null : a.owner;
    }

    /** Registers an action for the end of the transaction; it must not have run when the method returns or throws. */
    @Transactional
    public void writeAndWatchTheEnd(int id, java.util.List<Boolean> ends, boolean fail) {
        try (Connection c = engine.connect()) {
            c.execute(insert(bank.accounts()).values(Map.of("id", id, "owner", "watched")));
            c.onTransactionEnd(ends::add);
            c.commit();
        }
        if (!ends.isEmpty()) {
            throw new AssertionError("ran before Spring's commit: " + ends);
        }
        if (fail) {
            throw new IllegalStateException("boom after registering");
        }
    }

    /** The ORM in a transaction of its own: a session of its own, flushed at its commit. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void addWithOrmInNewTransaction(int id) {
        session.add(new Account(id, "orm-new"));
    }

    /** The current transaction's session. */
    public dev.retort.orm.Session currentSession() {
        return session.get();
    }
}
