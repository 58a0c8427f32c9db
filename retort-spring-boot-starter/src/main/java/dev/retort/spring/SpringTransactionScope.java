package dev.retort.spring;

import dev.retort.orm.ScopedSession;
import dev.retort.orm.Session;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A {@link ScopedSession.Scope} of one session per Spring transaction: the session opened
 * inside a transaction is flushed before the transaction commits (so that
 * {@code Session.add(x)} in a {@code @Transactional} method is written without an explicit
 * commit) and closed when it ends; a transaction suspended by {@code REQUIRES_NEW} gets its session
 * back when it resumes. Outside a transaction, sessions are per thread, as by default.
 *
 * <pre>{@code
 * ScopedSession Session = new ScopedSession(factory, new SpringTransactionScope());
 * }</pre>
 */
public class SpringTransactionScope implements ScopedSession.Scope {
    private final ScopedSession.Scope outside = ScopedSession.threadScope();

    @Override
    public Session current() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            return (Session) TransactionSynchronizationManager.getResource(this);
        }
        return outside.current();
    }

    @Override
    public void set(Session session) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            outside.set(session);
            return;
        }
        TransactionSynchronizationManager.bindResource(this, session);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void suspend() {
                TransactionSynchronizationManager.unbindResource(SpringTransactionScope.this);
            }

            @Override
            public void resume() {
                TransactionSynchronizationManager.bindResource(SpringTransactionScope.this, session);
            }

            @Override
            public void beforeCommit(boolean readOnly) {
                if (!readOnly) {
                    session.flush();
                }
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(SpringTransactionScope.this);
                session.close();
            }
        });
    }

    @Override
    public void clear() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.unbindResourceIfPossible(this);
        } else {
            outside.clear();
        }
    }
}
