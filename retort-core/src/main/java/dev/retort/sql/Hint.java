package dev.retort.sql;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.SqlCompiler;

/**
 * An optimizer hint (SQLAlchemy's {@code with_hint} / {@code with_statement_hint}): text for one
 * FROM clause of a statement, written where the dialect puts such hints, or with no FROM clause
 * text written after the statement; for every dialect or for one. {@code %(name)s} in the text
 * is the FROM clause's name as written (a table's, or an alias's). A hint for {@code "mysql"} is
 * written on MySQL and MariaDB, one for {@code "mariadb"} on MariaDB only; a hint for a dialect
 * the statement is not compiled for is left out.
 *
 * <pre>{@code
 * select(users.c("id")).withHint(users, "USE INDEX (ix_name)", "mysql");   // FROM users USE INDEX (ix_name)
 * select(users.c("id")).withHint(users, "ONLY", "postgresql");             // FROM ONLY users
 * select(users.c("id")).withStatementHint("FOR SYSTEM_TIME ALL", "mariadb");
 * }</pre>
 */
public final class Hint extends ClauseElement {
    static final Traversal<Hint> TRAVERSAL = Traversal.of("hint",
            a -> new Hint((FromClause) a[0], (String) a[1], (String) a[2]),
            (Hint h) -> "a hint of " + h.text.length() + " characters",
            Attr.<Hint>optionalClause("selectable", Hint::selectable).since(15),
            Attr.<Hint>struct("text", Hint::text).since(15),
            Attr.<Hint>struct("dialect", Hint::dialect).since(15));

    private final FromClause selectable;
    private final String text;
    private final String dialect;

    /**
     * A hint of {@code text} for {@code selectable} (null: a statement hint), on {@code dialect}
     * (null: every dialect), as the ORM's {@code Query.withHint} keeps them.
     *
     * <pre>{@code
     * Hint.of(users, "USE INDEX (ix_name)", "mysql");
     * }</pre>
     */
    public static Hint of(FromClause selectable, String text, String dialect) {
        return new Hint(selectable, text, dialect);
    }

    Hint(FromClause selectable, String text, String dialect) {
        if (text == null) {
            throw new dev.retort.exc.ArgumentException("A hint needs text");
        }
        // The compiler marks parameter slots with NUL, and no database takes one in a statement: refused here, and so on load.
        if (text.indexOf('\0') >= 0) {
            throw new dev.retort.exc.ArgumentException("A hint cannot contain a NUL character: '" + text.replace("\0", "\\0") + "'");
        }
        if (dialect != null && dialect.indexOf('\0') >= 0) {
            throw new dev.retort.exc.ArgumentException("A hint's dialect name cannot contain a NUL character: '" + dialect.replace("\0", "\\0") + "'");
        }
        this.selectable = selectable;
        this.text = text;
        this.dialect = dialect == null || dialect.isEmpty() || "*".equals(dialect) ? null : dialect;
    }

    /** The FROM clause hinted, or null for a statement hint. */
    public FromClause selectable() {
        return selectable;
    }

    /** The hint as given, {@code %(name)s} not yet replaced. */
    public String text() {
        return text;
    }

    /** The dialect name it is written for, or null for every dialect. */
    public String dialect() {
        return dialect;
    }

    /** Whether it is written on {@code d}: for every dialect, for {@code d}'s name, or for MySQL on MariaDB. */
    public boolean appliesTo(Dialect d) {
        return dialect == null || dialect.equals(d.name()) || ("mysql".equals(dialect) && "mariadb".equals(d.name()));
    }

    /** The text with {@code %(name)s} replaced by {@code name} (and {@code %%} by {@code %}), as SQLAlchemy's {@code %} formatting does. */
    public String textFor(String name) {
        return text.replace("%(name)s", name).replace("%%", "%");
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    /** A hint is written by the statement that holds it, never on its own. */
    @Override
    public String compileWith(SqlCompiler compiler) {
        throw new dev.retort.exc.CompileException("A hint is written by the statement it is given to");
    }
}
