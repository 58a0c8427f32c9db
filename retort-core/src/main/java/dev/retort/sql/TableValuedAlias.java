package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A function that returns rows, used as a FROM clause: SQLAlchemy's
 * {@code func.json_each(x).table_valued("key", "value")}, written
 * {@code json_each(docs.body) AS anon_1}; its columns are {@code anon_1.key}, {@code anon_1.value}.
 * Made by {@link FunctionCall#tableValued(Object...)} (or {@link FunctionCall#alias(String)} for
 * a function whose rows are single values); every refinement returns a new one.
 * PostgreSQL runs all of it; SQLite has table-valued functions ({@code json_each}) but neither
 * {@code WITH ORDINALITY}, a derived column list nor LATERAL, which it refuses; MySQL and MariaDB
 * have no functions in FROM and refuse it with a CompileException.
 *
 * <pre>{@code
 * TableValuedAlias kv = func("jsonb_each", docs.c("body")).tableValued("key", "value");
 * select(docs.c("id"), kv.c("key"), kv.c("value")).join(kv, trueLiteral());
 * // SELECT docs.id, anon_1.key, anon_1.value FROM docs JOIN jsonb_each(docs.body) AS anon_1 ON true
 *
 * func("unnest", a.c("refs")).tableValued("ref").withOrdinality("n").renderDerived().alias("u");
 * // unnest(a.refs) WITH ORDINALITY AS u(ref, n)
 * func("jsonb_to_recordset", t.c("doc")).tableValued(column("name", Types.TEXT), column("t", Types.FLOAT))
 *         .renderDerived(true).lateral("r");
 * // LATERAL jsonb_to_recordset(t.doc) AS r(name TEXT, t FLOAT)
 * }</pre>
 */
public final class TableValuedAlias extends Alias {
    static final Traversal<TableValuedAlias> TRAVERSAL = Traversal.of("table_valued_alias",
            a -> new TableValuedAlias((FunctionCall<?>) a[0], BooleanClauseList.castList(a[1]), Boolean.TRUE.equals(a[2]),
                    (String) a[3], Boolean.TRUE.equals(a[4]), Boolean.TRUE.equals(a[5]), Boolean.TRUE.equals(a[6])),
            Attr.<TableValuedAlias>clause("function", TableValuedAlias::function).since(10),
            Attr.<TableValuedAlias>clauses("columns", TableValuedAlias::declaredColumns).since(10),
            Attr.<TableValuedAlias>flag("withOrdinality", t -> t.withOrdinality).omittedWhen(false).since(10),
            Attr.<TableValuedAlias>struct("name", TableValuedAlias::name).since(10),
            Attr.<TableValuedAlias>flag("renderDerived", t -> t.renderDerived).omittedWhen(false).since(10),
            Attr.<TableValuedAlias>flag("withTypes", t -> t.withTypes).omittedWhen(false).since(10),
            Attr.<TableValuedAlias>flag("lateral", t -> t.lateral).omittedWhen(false).since(10));

    private final List<ColumnClause<?>> columns;
    private final List<Exported> exported;
    private final boolean withOrdinality;
    private final boolean renderDerived;
    private final boolean withTypes;
    private final boolean lateral;

    TableValuedAlias(FunctionCall<?> function, List<? extends ClauseElement> columns, boolean withOrdinality, String name,
            boolean renderDerived, boolean withTypes, boolean lateral) {
        super(function, name);
        this.columns = columns.isEmpty() ? List.of() : SelectBase.declaredColumns(columns, true, "A table-valued function");
        if (withOrdinality && this.columns.isEmpty()) {
            throw new dev.retort.exc.ArgumentException("WITH ORDINALITY needs the ordinality column's name");
        }
        this.withOrdinality = withOrdinality;
        this.renderDerived = renderDerived;
        this.withTypes = withTypes;
        this.lateral = lateral;
        this.exported = exportedColumns();
    }

    /** Column names ({@code String}) or {@link ColumnClause}s ({@code column("a", Types.INTEGER)}) as columns of no table. */
    static List<ColumnClause<?>> columnsOf(Object... columns) {
        List<ColumnClause<?>> out = new ArrayList<>(columns.length);
        for (Object c : columns) {
            if (c instanceof String s) {
                out.add(SQL.column(s));
            } else if (c instanceof ColumnClause<?> cc && cc.table() == null && !cc.isLiteral()) {
                out.add(cc);
            } else {
                throw new dev.retort.exc.ArgumentException("A table-valued function's columns are names or SQL.column(name, type), not " + c);
            }
        }
        return out;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitTableValuedAlias(this);
    }

    /** The function called. */
    public FunctionCall<?> function() {
        return (FunctionCall<?>) element();
    }

    /**
     * The columns as declared ({@link ColumnClause}s of no table, the ordinality column last);
     * empty for a function aliased without them, whose one column is the function's value.
     */
    public List<ColumnClause<?>> declaredColumns() {
        return columns;
    }

    /** Whether the call is followed by {@code WITH ORDINALITY} (the last column numbers the rows). */
    public boolean isWithOrdinality() {
        return withOrdinality;
    }

    /** Whether the column names follow the alias name, {@code AS t(a, b)}. */
    public boolean isRenderDerived() {
        return renderDerived;
    }

    /** Whether the derived column list carries the types, {@code AS t(a INTEGER, b TEXT)}. */
    public boolean isWithTypes() {
        return withTypes;
    }

    /** Whether it renders {@code LATERAL}, so that its arguments may refer to the FROM items before it. */
    public boolean isLateral() {
        return lateral;
    }

    /**
     * A copy whose last column, {@code name}, numbers the rows: {@code fn(...) WITH ORDINALITY}
     * (SQLAlchemy's {@code table_valued(..., with_ordinality="name")}).
     */
    public TableValuedAlias withOrdinality(String name) {
        if (withOrdinality) {
            throw new dev.retort.exc.ArgumentException("WITH ORDINALITY is already given (" + columns.get(columns.size() - 1).name() + ")");
        }
        List<ClauseElement> cols = new ArrayList<>(columns);
        cols.add(SQL.column(name));
        return new TableValuedAlias(function(), cols, true, name(), renderDerived, withTypes, lateral);
    }

    /** A copy that lists its column names after the alias name: {@code AS anon_1(key, value)}. */
    public TableValuedAlias renderDerived() {
        return renderDerived(false);
    }

    /**
     * A copy that lists its columns after the alias name, with their types where
     * {@code withTypes} ({@code AS anon_1(a INTEGER, b VARCHAR)}, which PostgreSQL needs for
     * functions returning {@code record}). Named anew, as SQLAlchemy's {@code render_derived()}.
     */
    public TableValuedAlias renderDerived(boolean withTypes) {
        if (columns.isEmpty()) {
            throw new dev.retort.exc.ArgumentException("A derived column list needs the columns (give them with tableValued(...))");
        }
        return new TableValuedAlias(function(), columns, withOrdinality, null, true, withTypes, lateral);
    }

    /** This function under another name: {@code fn(...) AS name}. */
    @Override
    public TableValuedAlias alias(String name) {
        return new TableValuedAlias(function(), columns, withOrdinality, name, renderDerived, withTypes, lateral);
    }

    /** This function under a name given at compile time ({@code anon_1}). */
    @Override
    public TableValuedAlias alias() {
        return alias(null);
    }

    /** {@code LATERAL fn(...) AS name}: the arguments may refer to the FROM items before it (PostgreSQL). */
    public TableValuedAlias lateral(String name) {
        return new TableValuedAlias(function(), columns, withOrdinality, name, renderDerived, withTypes, true);
    }

    /** {@code LATERAL fn(...) AS anon_1}. */
    public TableValuedAlias lateral() {
        return lateral(null);
    }

    /**
     * The whole row as one value, written as the alias name ({@code SELECT anon_1 FROM
     * unnest(...) AS anon_1}); its type is the function's.
     */
    public TableValuedColumn<?> column() {
        return new TableValuedColumn<>(this, function().type());
    }

    @Override
    List<Exported> exported() {
        return exported;
    }

    private List<Exported> exportedColumns() {
        if (columns.isEmpty()) {
            // A function aliased without columns exports its own value under its anonymous label (bar.rows_1).
            FunctionCall<?> f = function();
            return List.of(new Exported(f.anonPrefix(), new LabelName(f, 0, f.anonPrefix()), f, 0));
        }
        List<Exported> out = new ArrayList<>(columns.size());
        for (ColumnClause<?> c : columns) {
            out.add(new Exported(c.name(), c.name(), c, out.size()));
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    protected String describe() {
        return name() == null ? "table-valued " + function().name() + "(...)" : "'" + name() + "'";
    }
}
