package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code DELETE FROM table WHERE ...}.
 *
 * <pre>{@code
 * delete(users).where(users.c("id").eq(5));
 * Alias u = users.alias("u");
 * delete(u).where(u.c("id").eq(5));          // DELETE FROM users AS u WHERE u.id = ?
 * }</pre>
 */
public final class Delete extends FilteredDml {
    static final Traversal<Delete> TRAVERSAL = Traversal.of("delete",
            a -> new Delete(writtenTarget(a[0], a[6]), BooleanClauseList.castList(a[1]), Insert.castCols(a[2]), AddedCtes.of(a[3], a[4]),
                    a[5] == null ? List.of() : BooleanClauseList.castList(a[5]), Affixes.of(a[7], null, a[8], a[9]),
                    Boolean.TRUE.equals(a[10]) ? Insert.castCols(a[11]) : null, supplementalOf(a[12])),
            Attr.clause("table", Delete::table),
            Attr.clauses("where", Delete::whereCriteria),
            Attr.clauses("returning", Delete::returningColumns),
            Attr.clauses("addedCtes", Delete::addedCtes).since(9),
            Attr.struct("addedCtesNestHere", (Delete d) -> nestHereAttribute(d)).since(9),
            Attr.clauses("using", Delete::usingFroms).since(9),
            Attr.optionalClause("target", (Delete d) -> targetAttribute(d)).since(10),
            Attr.clauses("prefixes", Delete::prefixes).since(11),
            Attr.clauses("hints", Delete::hints).since(15),
            Attr.struct("limit", Delete::limitRows).since(15),
            // left out unless asked, so that a statement without it still writes as format 1.16
            Attr.<Delete>flag("returnDefaults", Delete::returnsDefaults).omittedWhen(false).since(17),
            Attr.clauses("returnDefaultsColumns", Delete::returnDefaultsColumns).since(17),
            Attr.clauses("returnDefaultsSupplemental", Delete::returnDefaultsSupplemental).since(17));

    private final List<FromClause> using;

    Delete(FromClause target) {
        this(target, List.of(), List.of(), AddedCtes.NONE, List.of(), Affixes.NONE, null, List.of());
    }

    @SuppressWarnings("unchecked")
    Delete(FromClause target, List<? extends ClauseElement> where, List<ColumnElement<?>> returning, AddedCtes added, List<?> using, Affixes affixes,
            List<ColumnElement<?>> returnDefaults, List<ColumnElement<?>> supplemental) {
        super(target, "DELETE", false, where, returning, added, affixes, returnDefaults, supplemental);
        this.using = (List<FromClause>) List.copyOf(using);
    }

    /**
     * Declares CTEs in this statement's WITH clause whether or not it refers to them, as
     * {@link Select#addCte} (SQLAlchemy's {@code add_cte}).
     */
    public Delete addCte(CTE... ctes) {
        return withAdded(added().plus(ctes, false));
    }

    /** As {@link #addCte}, declared in this statement's own WITH clause ({@code nest_here=True}). */
    public Delete addNestedCte(CTE... ctes) {
        return withAdded(added().plus(ctes, true));
    }

    private Delete withAdded(AddedCtes a) {
        return new Delete(target(), whereCriteria(), returningColumns(), a, using, affixes(), returnDefaultsOrNull(), returnDefaultsSupplemental());
    }

    /**
     * Writes text after the statement's keyword on every dialect (SQLAlchemy's {@code prefix_with});
     * each item is a string (written as {@code text(s)}) or a SQL element.
     * <pre>{@code
     * delete(users).prefixWithDialect("mysql", "QUICK")   // DELETE QUICK FROM users on MySQL and MariaDB only
     * }</pre>
     */
    public Delete prefixWith(Object... prefixes) {
        return withAffixes(affixes().prefixed(null, prefixes));
    }

    /** As {@link #prefixWith}, written only on the dialect named (see {@link Prefix}). */
    public Delete prefixWithDialect(String dialect, Object... prefixes) {
        return withAffixes(affixes().prefixed(dialect, prefixes));
    }

    /** A hint for the table written to, on every dialect (SQLAlchemy's {@code with_hint}); see {@link #withHint(String, String)}. */
    public Delete withHint(String text) {
        return withHint(text, null);
    }

    /**
     * A hint for the table written to, on {@code dialect} only (null or {@code "*"}: every
     * dialect), written as {@link Select#withHint(FromClause, String, String)} writes a table
     * hint, but as given: SQLAlchemy replaces no {@code %(name)s} in a DML statement's hint.
     *
     * <pre>{@code
     * delete(users).where(users.c("age").lt(18)).withHint("ONLY", "postgresql");   // DELETE FROM ONLY users WHERE ...
     * }</pre>
     */
    public Delete withHint(String text, String dialect) {
        return withAffixes(affixes().hinted(new Hint(target(), text, dialect)));
    }

    /**
     * {@code DELETE ... LIMIT rows} (SQLAlchemy's {@code mysql_limit}): at most {@code rows} rows,
     * written inline; MySQL and MariaDB only, other dialects raise a {@code CompileException}.
     * Null removes it.
     *
     * <pre>{@code
     * delete(users).where(users.c("age").lt(18)).limit(10);   // ... WHERE users.age < ? LIMIT 10
     * }</pre>
     */
    public Delete limit(Integer rows) {
        return withAffixes(affixes().limited(rows));
    }

    @Override
    Delete withAffixes(Affixes a) {
        return new Delete(target(), whereCriteria(), returningColumns(), added(), using, a, returnDefaultsOrNull(), returnDefaultsSupplemental());
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitDelete(this);
    }

    /**
     * Names other tables of a multi-table DELETE explicitly (SQLAlchemy's {@code using}), before
     * those the WHERE criteria refer to: {@code DELETE FROM t USING other} (PostgreSQL),
     * {@code DELETE FROM t USING t, other} (MySQL). A join may include the target table.
     */
    public Delete using(FromClause... fromClauses) {
        List<Object> u = new ArrayList<>(using);
        for (FromClause f : fromClauses) {
            if (f == null) {
                throw new dev.retort.exc.ArgumentException("null is not a FROM clause");
            }
            u.add(f);
        }
        return new Delete(target(), whereCriteria(), returningColumns(), added(), u, affixes(), returnDefaultsOrNull(), returnDefaultsSupplemental());
    }

    /** The FROM clauses given to {@link #using}, in order. */
    public List<FromClause> usingFroms() {
        return using;
    }

    /** Adds WHERE criteria, AND-ed. */
    public Delete where(ClauseElement... criteria) {
        return new Delete(target(), whereAnd(criteria), returningColumns(), added(), using, affixes(), returnDefaultsOrNull(), returnDefaultsSupplemental());
    }

    /** {@code RETURNING cols} (PostgreSQL, SQLite, MariaDB). */
    public Delete returning(Object... cols) {
        return new Delete(target(), whereCriteria(), returningList(cols), added(), using, affixes(), returnDefaultsOrNull(), returnDefaultsSupplemental());
    }

    /**
     * RETURNs {@code cols} (columns or keys of the table) and {@code supplementalCols} (any column
     * expressions) of the deleted rows where the dialect has DELETE ... RETURNING (PostgreSQL,
     * SQLite, MariaDB; on MySQL nothing is added), as SQLAlchemy's {@code return_defaults(*cols,
     * supplemental_cols=[...])} of a DELETE: a DELETE has no defaults, so nothing is RETURNed
     * unless named. The values are {@link dev.retort.engine.Result#returnedDefaults()}; with
     * supplemental columns, the result's rows too. Not with {@link #returning}.
     *
     * <pre>{@code
     * Row gone = conn.execute(delete(items).where(items.c("id").eq(1)).returnDefaults(List.of("name"), List.of())).returnedDefaults();
     * }</pre>
     */
    public Delete returnDefaults(List<?> cols, List<?> supplementalCols) {
        return new Delete(target(), whereCriteria(), returningColumns(), added(), using, affixes(), askedColumns(cols), supplementalColumns(supplementalCols));
    }

    /** {@link #returnDefaults(List, List)} of {@code cols}, without supplemental columns. */
    public Delete returnDefaults(Object... cols) {
        return returnDefaults(List.of(cols), List.of());
    }

    /** What {@link #returnDefaults} RETURNs: the columns named, then the supplemental ones not among them. Empty when not asked. */
    public List<ColumnElement<?>> returnDefaultsReturning() {
        List<ColumnElement<?>> out = new ArrayList<>(returnDefaultsColumns());
        for (ColumnElement<?> c : returnDefaultsSupplemental()) {
            if (!out.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }
}
