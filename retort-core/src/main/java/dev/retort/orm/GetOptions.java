package dev.retort.orm;

import dev.retort.exc.ArgumentException;
import dev.retort.sql.ForUpdate;
import java.util.ArrayList;
import java.util.List;

/**
 * How {@link Session#get(Class, Object, GetOptions)} loads: the keyword arguments of the seeds'
 * {@code session.get(User, 5, options=[...], populate_existing=True, with_for_update=True)}.
 * Immutable; each method returns a copy.
 *
 * <pre>{@code
 * session.get(User.class, 5, GetOptions.of(ORM.selectinLoad(ORM.attr(User.class, "addresses"))));
 * session.get(User.class, 5, GetOptions.of().populateExisting().withForUpdate(ForUpdate.update()));
 * // SELECT users.id, users.name FROM users WHERE users.id = ? FOR UPDATE   (PostgreSQL, MariaDB)
 * }</pre>
 */
public final class GetOptions {
    final List<QueryOption> options;
    final boolean populateExisting;
    final ForUpdate forUpdate;

    private GetOptions(List<QueryOption> options, boolean populateExisting, ForUpdate forUpdate) {
        this.options = options;
        this.populateExisting = populateExisting;
        this.forUpdate = forUpdate;
    }

    /** Loader options for the load, as {@link Query#options} takes them (the seeds' {@code options=[...]}). */
    public static GetOptions of(QueryOption... options) {
        return new GetOptions(List.of(options), false, null);
    }

    /** These options and {@code more}. */
    public GetOptions options(QueryOption... more) {
        List<QueryOption> all = new ArrayList<>(options);
        all.addAll(List.of(more));
        return new GetOptions(List.copyOf(all), populateExisting, forUpdate);
    }

    /**
     * Loads the row even when the session has the instance, overwriting its attributes (changes
     * not flushed are lost), as {@link Query#populateExisting()} does.
     */
    public GetOptions populateExisting() {
        return new GetOptions(options, true, forUpdate);
    }

    /**
     * Loads the row with this lock ({@link Query#withForUpdate}), even when the session has the
     * instance: it is the lock that is wanted.
     */
    public GetOptions withForUpdate(ForUpdate lock) {
        if (lock == null) {
            throw new ArgumentException("withForUpdate needs a lock (ForUpdate.update(), ForUpdate.share(), ...)");
        }
        return new GetOptions(options, populateExisting, lock);
    }

    /** Whether the row is loaded even when the identity map has the instance. */
    boolean alwaysLoads() {
        return populateExisting || forUpdate != null;
    }

    /** {@code q} loading as these options say. */
    <T> Query<T> applyTo(Query<T> q) {
        Query<T> out = options.isEmpty() ? q : q.options(options.toArray(new QueryOption[0]));
        if (populateExisting) {
            out = out.populateExisting();
        }
        return forUpdate == null ? out : out.withForUpdate(forUpdate);
    }
}
