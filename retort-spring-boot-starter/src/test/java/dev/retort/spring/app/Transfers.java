package dev.retort.spring.app;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Outer transactions that call {@link Accounts} with other propagations. */
@Service
public class Transfers {
    private final Accounts accounts;

    public Transfers(Accounts accounts) {
        this.accounts = accounts;
    }

    /** The inner REQUIRES_NEW transaction commits on its own; the outer one then fails. */
    @Transactional
    public void outerFailsAfterRequiresNew(int id) {
        accounts.insertWithRetort(id, "outer");
        accounts.insertInNewTransaction(id + 1);
        throw new IllegalStateException("outer failure");
    }

    /** The NESTED call fails and rolls back to its savepoint; the outer transaction commits. */
    @Transactional
    public void outerSurvivesNestedFailure(int id) {
        accounts.insertWithRetort(id, "outer");
        try {
            accounts.insertNestedThenFail(id + 1);
        } catch (IllegalStateException expected) {
            // the savepoint is rolled back; the outer work goes on
        }
        accounts.insertWithJdbcTemplate(id + 2, "after-nested");
    }

    /** The outer session is suspended while the inner REQUIRES_NEW one works, and resumes afterwards. */
    @Transactional
    public void ormOuterFailsAfterRequiresNew(int id) {
        dev.retort.orm.Session outer = accounts.currentSession();
        outer.add(new BankApp.Account(id, "orm-outer"));
        accounts.addWithOrmInNewTransaction(id + 1);
        if (accounts.currentSession() != outer) {
            throw new AssertionError("the outer session did not come back after REQUIRES_NEW");
        }
        throw new IllegalStateException("outer failure");
    }
}
