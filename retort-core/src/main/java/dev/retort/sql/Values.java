package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.TypeEngine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Rows given in the statement, usable as a FROM clause: SQLAlchemy's
 * {@code values(column("id", Integer), ..., name="v").data([...])}, written
 * {@code (VALUES (:param_1, :param_2), ...) AS v (id, label)}. Each value is a bound parameter
 * typed as its column (an expression stays itself); the number of rows is part of the statement's
 * shape, the values are not. SQLite, which cannot name a derived table's columns, gets
 * {@code (SELECT column1 AS id, column2 AS label FROM (VALUES (?, ?), (?, ?))) AS v} (a CTE:
 * {@code w(id, label) AS (VALUES ...)}); MariaDB gets {@code (SELECT ? AS id, ? AS label UNION ALL
 * SELECT ?, ?) AS v}; MySQL gets {@code VALUES ROW(...), ...}.
 *
 * <pre>{@code
 * Alias v = values(column("id", Types.INTEGER), column("label", Types.STRING))
 *         .data(List.of(List.of(1, "one"), List.of(2, "two"))).alias("v");
 * select(users.c("name"), v.c("label")).join(v, users.c("id").eq(v.c("id")));
 * }</pre>
 */
public final class Values extends SelectBase {
    static final Traversal<Values> TRAVERSAL = Traversal.of("values",
            a -> new Values(BooleanClauseList.castList(a[0]), BooleanClauseList.castList(a[1]), a[2] != null, (String) a[3], AddedCtes.of(a[4], null)),
            Attr.clauses("columns", Values::columns),
            Attr.clauses("rows", Values::rows),
            // With literal binds the values are part of the SQL text, so they enter the key (and comparison) here.
            Attr.<Values>struct("literalBinds", v -> v.literalBinds ? v.literalValues() : null).since(10),
            Attr.struct("name", Values::name).since(16),
            Attr.clauses("addedCtes", Values::addedCtes).since(18));

    private final List<ColumnClause<?>> columns;
    private final List<ClauseElement> rows;
    private final boolean literalBinds;
    private final String name;
    private final AddedCtes added;

    Values(List<? extends ClauseElement> columns, List<? extends ClauseElement> rows) {
        this(columns, rows, false, null, AddedCtes.NONE);
    }

    private Values(List<? extends ClauseElement> columns, List<? extends ClauseElement> rows, boolean literalBinds, String name, AddedCtes added) {
        List<ColumnClause<?>> cols = declaredColumns(columns, true, "VALUES");
        for (ClauseElement r : rows) {
            if (!(r instanceof ClauseList l) || l.clauses().size() != cols.size()) {
                throw new dev.retort.exc.ArgumentException("Each VALUES row needs " + cols.size() + " values");
            }
        }
        this.columns = cols;
        this.rows = List.copyOf(rows);
        this.literalBinds = literalBinds;
        this.name = Identifiers.check(name, "VALUES");
        this.added = added;
    }

    /**
     * A copy whose values are written inline as literals ({@code VALUES (1, 'a')}), each rendered
     * by its column's type, whatever the compile options: SQLAlchemy's
     * {@code values(..., literal_binds=True)}. For constant rows that must be part of the SQL
     * text (a view, a statement compared as text).
     */
    public Values literalBinds() {
        return new Values(columns, rows, true, name, added);
    }

    /**
     * A copy named {@code name}, SQLAlchemy's {@code values(..., name="v")}: the name seeds the
     * anonymous name of a CTE or subquery of these rows, as SQLAlchemy numbers it ({@code v_1};
     * spaces, parentheses, {@code %} and {@code $} become {@code _}). A FROM item under exactly this
     * name is {@link #alias(String)}.
     *
     * <pre>{@code
     * CTE c = values(column("a", Types.STRING), column("b", Types.INTEGER)).named("some name")
     *         .data(List.of(List.of("x", 2))).cte();
     * select(c.c("a"));   // WITH some_name_1(a, b) AS (VALUES (:param_1, :param_2)) SELECT some_name_1.a FROM some_name_1
     * }</pre>
     */
    public Values named(String name) {
        return new Values(columns, rows, literalBinds, name, added);
    }

    /**
     * A copy that declares these CTEs in the WITH clause of the statement it is part of, whether or
     * not anything refers to them; SQLAlchemy's {@code Values.add_cte}.
     *
     * <pre>{@code
     * Values v = values(column("a", Types.STRING)).named("v").data(List.of(List.of("x")))
     *         .addCte(select(literal(1)).cte("one"));
     * select(v.alias("v").c("a"));   // WITH one AS (SELECT :param_1 AS anon_1) SELECT v.a FROM (VALUES (:param_2)) AS v (a)
     * }</pre>
     */
    public Values addCte(CTE... ctes) {
        return new Values(columns, rows, literalBinds, name, added.plus(ctes, false));
    }

    /** The CTEs given to {@link #addCte}, in order. */
    public List<CTE> addedCtes() {
        return added.ctes();
    }

    /** The name given by {@link #named(String)}, or null. */
    public String name() {
        return name;
    }

    /** The seed of an anonymous name made from {@link #name()}, as SQLAlchemy makes it, or null. */
    String anonSeed() {
        return name == null ? null : name.replaceAll("[%() $]+", "_");
    }

    /** The bound values of the rows, in order (null for an expression, which the rows key by structure). */
    private List<Object> literalValues() {
        List<Object> out = new ArrayList<>();
        for (ClauseElement r : rows) {
            for (ClauseElement item : ((ClauseList) r).clauses()) {
                out.add(item instanceof BindParameter<?> b ? b.value() : null);
            }
        }
        return java.util.Collections.unmodifiableList(out);
    }

    /**
     * These rows in FROM without a name, {@code FROM (VALUES ...)}, their columns referred to by
     * their bare names (SQLAlchemy's {@code values(...)} without {@code name=}). See {@link UnnamedValues}.
     */
    public UnnamedValues unnamed() {
        return new UnnamedValues(this);
    }

    /**
     * These rows as one column expression, {@code (VALUES ...)}, for IN, ANY / ALL and the like;
     * SQLAlchemy's {@code scalar_values()}. See {@link ScalarValues}.
     */
    public <T> ScalarValues<T> scalarValues() {
        return new ScalarValues<>(this);
    }

    /** Whether the values are written inline as literals (see {@link #literalBinds()}). */
    public boolean isLiteralBinds() {
        return literalBinds;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitValues(this);
    }

    public List<ColumnClause<?>> columns() {
        return columns;
    }

    /** The rows, each a grouped {@link ClauseList} of one element per column. */
    public List<ClauseElement> rows() {
        return rows;
    }

    /**
     * These columns with {@code rows} of values (each a list, one value per column) after any
     * given before.
     */
    public Values data(Collection<? extends List<?>> data) {
        List<ClauseElement> out = new ArrayList<>(rows);
        for (List<?> row : data) {
            if (row.size() != columns.size()) {
                throw new dev.retort.exc.ArgumentException("Each VALUES row needs " + columns.size() + " values, got " + row);
            }
            List<ClauseElement> items = new ArrayList<>(row.size());
            for (int i = 0; i < row.size(); i++) {
                Object v = row.get(i);
                TypeEngine<?> type = columns.get(i).type();
                // a row's value for a JSON column is a document ('"ann"'), not a compared scalar
                items.add(v instanceof ColumnElement<?> c ? c.selfGroup(Operator.COMMA)
                        : new BindParameter<>(null, "param", v, type.kind().isJson() ? type : type.coerceComparedValue(Operator.EQ, v), true, false));
            }
            out.add(new ClauseList(Operator.COMMA, items, true));
        }
        return new Values(columns, out, literalBinds, name, added);
    }

    @Override
    public List<SelectColumn> selectColumns() {
        return named(columns);
    }

    @Override
    public List<FromClause> fromObjects() {
        return List.of();
    }
}
