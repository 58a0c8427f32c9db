package dev.retort.sql;

import java.util.ArrayList;
import java.util.List;

import dev.retort.dialect.SqlCompiler;

/**
 * A common table expression: {@code WITH name AS (SELECT ...)} at the top of the statement that
 * uses it, referred to by name in FROM.
 *
 * <pre>{@code
 * CTE totals = select(orders.c("user_id"), func("sum", orders.c("qty")).label("total"))
 *         .groupBy(orders.c("user_id")).cte("totals");
 * select(users.c("name"), totals.c("total")).selectFrom(users.join(totals, users.c("id").eq(totals.c("user_id"))));
 * }</pre>
 */
public final class CTE extends Alias {
    static final Traversal<CTE> TRAVERSAL = Traversal.of("cte",
            a -> new CTE((ClauseElement) a[0], (String) a[1], (Boolean) a[2], (CTE) a[3], a[4] != null && (Boolean) a[4], Affixes.of(a[5], a[6])),
            Attr.clause("element", CTE::element),
            Attr.struct("name", CTE::name),
            Attr.flag("recursive", CTE::isRecursive),
            Attr.optionalClause("restates", CTE::restates).since(4),
            Attr.flag("nesting", CTE::isNesting).omittedWhen(false).since(9),
            Attr.clauses("prefixes", CTE::prefixes).since(11),
            Attr.clauses("suffixes", CTE::suffixes).since(11));

    private final boolean recursive;
    private final CTE restates;
    private final boolean nesting;
    private final Affixes affixes;

    CTE(ClauseElement element, String name, boolean recursive) {
        this(element, name, recursive, null, false, Affixes.NONE);
    }

    private CTE(ClauseElement element, String name, boolean recursive, CTE restates, boolean nesting, Affixes affixes) {
        super(element, name);
        this.recursive = recursive;
        this.restates = restates;
        this.nesting = nesting;
        this.affixes = affixes;
    }

    /**
     * This CTE, declared in a WITH clause of the statement that uses it instead of at the top of
     * the whole statement (SQLAlchemy's {@code cte(nesting=True)}): inside a subquery, or inside
     * another CTE's body, it is that SELECT's own {@code WITH}.
     *
     * <pre>{@code
     * CTE inner = select(t.c("id")).cte("inner").nesting();
     * CTE outer = select(inner.c("id")).cte("outer");
     * select(outer.c("id"));
     * // WITH outer AS (WITH inner AS (SELECT t.id AS id FROM t) SELECT inner.id AS id FROM inner) SELECT outer.id FROM outer
     * }</pre>
     */
    public CTE nesting() {
        return new CTE(element(), name(), recursive, restates, true, affixes);
    }

    /** Whether the CTE is declared where it is used ({@link #nesting()}), not at the top. */
    public boolean isNesting() {
        return nesting;
    }

    /**
     * The CTE this one extends with {@link #union}/{@link #unionAll}, or null: references to it
     * inside this one's body are references to this CTE itself (the recursive part).
     */
    public CTE restates() {
        return restates;
    }

    /**
     * The recursive form: this CTE's SELECT {@code UNION} {@code more}, under the same name;
     * {@code more} may refer to this CTE's columns, which then read the rows found so far.
     *
     * <pre>{@code
     * CTE n = select(literal(1).label("n")).cteRecursive("cnt");
     * n = n.unionAll(select(n.c("n").add(1).label("n")).where(n.c("n").lt(5)));
     * select(n.c("n"));       // WITH RECURSIVE cnt(n) AS (SELECT 1 AS n UNION ALL SELECT cnt.n + 1 ...) SELECT cnt.n FROM cnt
     * }</pre>
     */
    public CTE union(SelectBase... more) {
        return restate(CompoundSelect.Kind.UNION, more);
    }

    /** As {@link #union}, with {@code UNION ALL}. */
    public CTE unionAll(SelectBase... more) {
        return restate(CompoundSelect.Kind.UNION_ALL, more);
    }

    private CTE restate(CompoundSelect.Kind kind, SelectBase[] more) {
        if (!(element() instanceof SelectBase)) {
            throw new dev.retort.exc.ArgumentException("Only a CTE of a SELECT can be extended with " + kind.sql());
        }
        List<ClauseElement> members = new ArrayList<>();
        members.add(element());
        members.addAll(List.of(more));
        return new CTE(new CompoundSelect(kind, members, List.of(), null, null), name(), recursive, this, nesting, affixes);
    }

    /**
     * Writes text between {@code AS} and the CTE's parenthesised body on every dialect
     * (SQLAlchemy's {@code prefix_with}); a restatement ({@link #union}) keeps it.
     * <pre>{@code
     * select(t.c("id")).cte("c").prefixWithDialect("postgresql", "NOT MATERIALIZED")
     * // PostgreSQL: WITH c AS NOT MATERIALIZED (SELECT t.id AS id FROM t) ...; other dialects: WITH c AS (SELECT ...)
     * }</pre>
     */
    public CTE prefixWith(Object... prefixes) {
        return withAffixes(affixes.prefixed(null, prefixes));
    }

    /** As {@link #prefixWith}, written only on the dialect named (see {@link Prefix}). */
    public CTE prefixWithDialect(String dialect, Object... prefixes) {
        return withAffixes(affixes.prefixed(dialect, prefixes));
    }

    /** Writes text after the CTE's parenthesised body in the WITH clause (SQLAlchemy's {@code suffix_with}). */
    public CTE suffixWith(Object... suffixes) {
        return withAffixes(affixes.suffixed(null, suffixes));
    }

    /** As {@link #suffixWith}, written only on the dialect named. */
    public CTE suffixWithDialect(String dialect, Object... suffixes) {
        return withAffixes(affixes.suffixed(dialect, suffixes));
    }

    private CTE withAffixes(Affixes a) {
        return new CTE(element(), name(), recursive, restates, nesting, a);
    }

    /** The prefixes, in order. */
    public List<Prefix> prefixes() {
        return affixes.prefixes();
    }

    /** The suffixes, in order. */
    public List<Prefix> suffixes() {
        return affixes.suffixes();
    }

    /** A restatement is the same CTE under the same (possibly anonymous) name. */
    @Override
    public Object renderedName() {
        return restates != null ? restates.renderedName() : super.renderedName();
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitCte(this);
    }


    /** Whether the CTE is declared {@code WITH RECURSIVE}. */
    public boolean isRecursive() {
        return recursive;
    }
}
