package dev.retort.spring.app;

import dev.retort.engine.Engine;
import dev.retort.spring.app.BankApp.Bank;
import java.util.Map;
import org.springframework.stereotype.Repository;

/** A repository: Spring translates the exceptions thrown from it. */
@Repository
public class AccountRepository {
    private final Engine engine;
    private final Bank bank;

    public AccountRepository(Engine engine, Bank bank) {
        this.engine = engine;
        this.bank = bank;
    }

    public void insert(int id, String owner) {
        engine.inTransaction(c -> c.execute(dev.retort.sql.SQL.insert(bank.accounts()).values(Map.of("id", id, "owner", owner))));
    }
}
