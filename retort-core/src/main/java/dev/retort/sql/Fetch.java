package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.Types;

/**
 * The SQL standard's row limit, SQLAlchemy's {@code Select.fetch(count, with_ties=, percent=)}:
 * {@code FETCH FIRST n ROWS ONLY}, {@code ... WITH TIES} (rows that tie with the last one in the
 * ORDER BY come too), {@code FETCH FIRST n PERCENT ROWS ...}. It replaces a LIMIT, as a LIMIT
 * replaces it; an OFFSET is written {@code OFFSET n ROWS} before it. Each dialect writes what its
 * database has: PostgreSQL {@code FETCH FIRST (n) ROWS ONLY | WITH TIES}, MariaDB the same without
 * parentheses; SQLite and MySQL, which have no FETCH, a LIMIT for {@code ROWS ONLY}. A form the
 * database lacks (PERCENT anywhere but the default dialect, WITH TIES on SQLite and MySQL) is a
 * CompileException naming the dialect.
 *
 * <pre>{@code
 * select(users).orderBy(users.c("age")).fetch(3);                          // FETCH FIRST :param_1 ROWS ONLY
 * select(users).orderBy(users.c("age")).fetch(Fetch.first(3).withTies());  // ... ROWS WITH TIES
 * }</pre>
 */
public final class Fetch extends ClauseElement {
    static final Traversal<Fetch> TRAVERSAL = Traversal.of("fetch",
            a -> new Fetch((ClauseElement) a[0], (Boolean) a[1], (Boolean) a[2]),
            Attr.clause("count", Fetch::count),
            Attr.flag("withTies", Fetch::isWithTies),
            Attr.flag("percent", Fetch::isPercent));

    private final ClauseElement count;
    private final boolean withTies;
    private final boolean percent;

    Fetch(ClauseElement count, Boolean withTies, Boolean percent) {
        this.count = count;
        this.withTies = Boolean.TRUE.equals(withTies);
        this.percent = Boolean.TRUE.equals(percent);
    }

    /** {@code FETCH FIRST count ROWS ONLY}; the count is a bound parameter, as a LIMIT's. */
    public static Fetch first(int count) {
        return new Fetch(new BindParameter<>(null, "param", count, Types.INTEGER, true, false), false, false);
    }

    /** {@code FETCH FIRST expression ROWS ONLY}: a named parameter, a column or SQL text taken as it is. */
    public static Fetch first(ColumnElement<?> count) {
        return new Fetch(Select.requireCount(count, "FETCH FIRST"), false, false);
    }

    /** The rows that tie with the last one in the ORDER BY too ({@code WITH TIES}). */
    public Fetch withTies() {
        return new Fetch(count, true, percent);
    }

    /** The count as a percentage of the rows ({@code FETCH FIRST n PERCENT ROWS}). */
    public Fetch percent() {
        return new Fetch(count, withTies, true);
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.fetchClause(this, null);
    }

    public ClauseElement count() {
        return count;
    }

    public boolean isWithTies() {
        return withTies;
    }

    public boolean isPercent() {
        return percent;
    }
}
