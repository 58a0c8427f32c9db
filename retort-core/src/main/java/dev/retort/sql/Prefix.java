package dev.retort.sql;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.SqlCompiler;
import java.util.ArrayList;
import java.util.List;

/**
 * Text written after a statement's keyword or after the statement (SQLAlchemy's
 * {@code prefix_with} / {@code suffix_with}), for every dialect or for one: the item of
 * {@link Select#prefixWith}, {@link Select#suffixWith}, {@link CTE#prefixWith} and the DML
 * statements' {@code prefixWith}. A prefix for {@code "mysql"} is written on MySQL and
 * MariaDB (SQLAlchemy's MySQL dialect serves both); one for {@code "mariadb"} on MariaDB only.
 *
 * <pre>{@code
 * select(users).prefixWith("SQL_CALC_FOUND_ROWS");                 // SELECT SQL_CALC_FOUND_ROWS users.id, ...
 * insert(users).prefixWithDialect("mysql", "IGNORE");              // INSERT IGNORE INTO users ... on MySQL, INSERT INTO users ... elsewhere
 * }</pre>
 */
public final class Prefix extends ClauseElement {
    static final Traversal<Prefix> TRAVERSAL = Traversal.of("prefix",
            a -> new Prefix((ClauseElement) a[0], (String) a[1]),
            Attr.<Prefix>clause("text", Prefix::text).since(11),
            Attr.<Prefix>struct("dialect", Prefix::dialect).since(11));

    private final ClauseElement text;
    private final String dialect;

    Prefix(ClauseElement text, String dialect) {
        if (text == null) {
            throw new dev.retort.exc.ArgumentException("A prefix or suffix needs text");
        }
        if (dialect != null && dialect.indexOf('\0') >= 0) {
            // Never a dialect's name; refused here, and so on load, as a NUL in the text is (see TextClause).
            throw new dev.retort.exc.ArgumentException("A prefix's or suffix's dialect name cannot contain a NUL character: '" + dialect.replace("\0", "\\0") + "'");
        }
        if (dialect != null && (dialect.isEmpty() || "*".equals(dialect))) {
            dialect = null;
        }
        this.text = text;
        this.dialect = dialect;
    }

    /**
     * Prefixes (or suffixes) of text: each string as {@code text(s)}, for {@code dialect} (null: every dialect),
     * as the ORM's {@code Query.prefixWith} keeps them.
     *
     * <pre>{@code
     * Prefix.of("mysql", new Object[] {"HIGH_PRIORITY"});   // one prefix, written on MySQL and MariaDB
     * }</pre>
     */
    public static List<Prefix> of(String dialect, Object[] items) {
        List<Prefix> out = new ArrayList<>(items.length);
        for (Object item : items) {
            if (item instanceof String s) {
                out.add(new Prefix(SQL.text(s), dialect));
            } else if (item instanceof ClauseElement e) {
                out.add(new Prefix(e, dialect));
            } else {
                throw new dev.retort.exc.ArgumentException("A prefix or suffix is a string or a SQL element, not "
                        + (item == null ? "null" : item.getClass().getName()));
            }
        }
        return out;
    }

    /** {@code a} followed by {@code b}. */
    static List<Prefix> plus(List<Prefix> a, List<Prefix> b) {
        List<Prefix> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }

    /** The text written. */
    public ClauseElement text() {
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

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.process(text);
    }
}
