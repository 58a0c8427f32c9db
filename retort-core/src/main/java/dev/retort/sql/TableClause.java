package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A table known by name and columns only, for SQL without a {@code MetaData}; the schema's
 * {@code Table} builds on it.
 *
 * <pre>{@code
 * TableClause t = table("t", column("a"), column("b"));
 * select(t.c("a")).where(t.c("b").eq(1));
 * }</pre>
 */
public class TableClause extends FromClause {
    static final Traversal<TableClause> TRAVERSAL = Traversal.leaf("table",
            Attr.struct("name", TableClause::name),
            Attr.struct("schema", TableClause::schema),
            // Names, types and literal flags: an INSERT without values renders every column.
            Attr.struct("columns", TableClause::columnShapes));

    private final String name;
    private final String schema;
    private final List<ColumnClause<?>> columns = new ArrayList<>();
    private final List<ColumnClause<?>> view = Collections.unmodifiableList(columns);

    protected TableClause(String name, String schema) {
        if (name == null || name.isEmpty()) {
            throw new dev.retort.exc.ArgumentException("A table needs a name");
        }
        this.name = Identifiers.check(name, "table");
        this.schema = Identifiers.check(schema, "schema");
    }

    /** A lightweight table with copies of the given columns bound to it. */
    public static TableClause of(String name, String schema, ColumnClause<?>... cols) {
        TableClause t = new TableClause(name, schema);
        for (ColumnClause<?> c : cols) {
            t.addColumn(new ColumnClause<>(c.name(), c.type(), c.isLiteral(), t));
        }
        return t;
    }

    /** Adds a column while the table is being defined. */
    protected void addColumn(ColumnClause<?> column) {
        for (ColumnClause<?> c : columns) {
            if (c.key().equals(column.key())) {
                throw new dev.retort.exc.ArgumentException("Table '" + name + "' already has a column '" + column.key() + "'");
            }
        }
        column.attach(this);
        columns.add(column);
    }

    /** What of each column shapes SQL that lists the table's columns. */
    private List<List<Object>> columnShapes() {
        List<List<Object>> out = new ArrayList<>(columns.size());
        for (ColumnClause<?> c : columns) {
            out.add(List.of(c.name(), c.type(), c.isLiteral()));
        }
        return out;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitTable(this);
    }

    @Override
    public String name() {
        return name;
    }

    /** The schema the table lives in, or null for the default schema. */
    public String schema() {
        return schema;
    }

    /** The table's key in a {@code MetaData}: "schema.name" or "name". */
    public String key() {
        return schema == null ? name : schema + "." + name;
    }

    @Override
    public List<? extends ColumnClause<?>> columns() {
        return view;
    }

    @Override
    protected String keyOf(ColumnElement<?> column) {
        return ((ColumnClause<?>) column).key();
    }

    @Override
    public ColumnClause<?> c(String key) {
        return (ColumnClause<?>) super.c(key);
    }

    @Override
    protected String describe() {
        return "table '" + key() + "'";
    }

    /** {@code INSERT INTO this}. */
    public Insert insert() {
        return new Insert(this);
    }

    /** {@code UPDATE this}. */
    public Update update() {
        return new Update(this);
    }

    /** {@code DELETE FROM this}. */
    public Delete delete() {
        return new Delete(this);
    }
}
