package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import java.util.ArrayList;
import java.util.List;

/**
 * The row-locking clause of a SELECT: {@code FOR UPDATE} or {@code FOR SHARE}, with {@code OF},
 * {@code NOWAIT}, {@code SKIP LOCKED}. Each dialect writes what its database has, as
 * SQLAlchemy does: PostgreSQL all of it; MySQL/MariaDB {@code FOR UPDATE} or
 * {@code LOCK IN SHARE MODE} with NOWAIT / SKIP LOCKED (no OF); SQLite, which locks the whole
 * database, nothing.
 *
 * <pre>{@code
 * select(users).where(users.c("id").eq(5)).withForUpdate(ForUpdate.update().of(users).skipLocked());
 * // PostgreSQL: ... FOR UPDATE OF users SKIP LOCKED
 * }</pre>
 */
public final class ForUpdate extends ClauseElement {
    static final Traversal<ForUpdate> TRAVERSAL = Traversal.of("for_update",
            a -> new ForUpdate(BooleanClauseList.castList(a[0]), (Boolean) a[1], (Boolean) a[2], (Boolean) a[3], (Boolean) a[4]),
            Attr.clauses("of", ForUpdate::of),
            Attr.flag("read", ForUpdate::isRead),
            Attr.flag("nowait", ForUpdate::isNowait),
            Attr.flag("skipLocked", ForUpdate::isSkipLocked),
            Attr.flag("keyShare", ForUpdate::isKeyShare));

    private final List<ClauseElement> of;
    private final boolean read;
    private final boolean nowait;
    private final boolean skipLocked;
    private final boolean keyShare;

    ForUpdate(List<? extends ClauseElement> of, boolean read, boolean nowait, boolean skipLocked, boolean keyShare) {
        if (nowait && skipLocked) {
            throw new dev.retort.exc.ArgumentException("FOR UPDATE takes NOWAIT or SKIP LOCKED, not both");
        }
        this.of = List.copyOf(of);
        this.read = read;
        this.nowait = nowait;
        this.skipLocked = skipLocked;
        this.keyShare = keyShare;
    }

    /** {@code FOR UPDATE}. */
    public static ForUpdate update() {
        return new ForUpdate(List.of(), false, false, false, false);
    }

    /** {@code FOR SHARE} (SQLAlchemy's {@code read=True}). */
    public static ForUpdate share() {
        return new ForUpdate(List.of(), true, false, false, false);
    }

    /**
     * Locks only the rows of these tables ({@code OF t}); a column stands for its table, and in an
     * ORM query a mapped class's mapper or aliased entity for its table ({@code of(ORM.mapper(User.class))}).
     */
    public ForUpdate of(Object... targets) {
        List<ClauseElement> out = new ArrayList<>(of);
        for (Object t : targets) {
            // an ORM entity is none of these but stands for the FROM clause it names
            boolean standsForFrom = t instanceof ClauseElement c && !(t instanceof ColumnElement<?>) && !c.fromObjects().isEmpty();
            if (!(t instanceof FromClause) && !(t instanceof ColumnElement<?>) && !standsForFrom) {
                throw new dev.retort.exc.ArgumentException("FOR UPDATE OF takes tables, columns or mapped entities, not " + t);
            }
            out.add((ClauseElement) t);
        }
        return new ForUpdate(out, read, nowait, skipLocked, keyShare);
    }

    /** {@code NOWAIT}: fail at once instead of waiting for a lock. */
    public ForUpdate nowait() {
        return new ForUpdate(of, read, true, skipLocked, keyShare);
    }

    /** {@code SKIP LOCKED}: leave out rows another transaction holds. */
    public ForUpdate skipLocked() {
        return new ForUpdate(of, read, nowait, true, keyShare);
    }

    /** PostgreSQL's weaker locks: {@code FOR NO KEY UPDATE}, or with {@link #share()} {@code FOR KEY SHARE}. */
    public ForUpdate keyShare() {
        return new ForUpdate(of, read, nowait, skipLocked, true);
    }

    public List<ClauseElement> of() {
        return of;
    }

    public boolean isRead() {
        return read;
    }

    public boolean isNowait() {
        return nowait;
    }

    public boolean isSkipLocked() {
        return skipLocked;
    }

    public boolean isKeyShare() {
        return keyShare;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitForUpdate(this);
    }

    /** The OF targets lock rows, they do not add tables to the SELECT. */
    @Override
    public List<FromClause> fromObjects() {
        return List.of();
    }
}
