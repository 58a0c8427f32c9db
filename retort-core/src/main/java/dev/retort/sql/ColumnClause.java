package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.TypeEngine;
import dev.retort.types.Types;
import java.util.List;

/**
 * A named column, alone ({@code column("x")}) or in a lightweight {@link TableClause}; the
 * schema's {@code Column} builds on it. A literal column ({@code literalColumn("1")}) renders
 * its text as given.
 *
 * @param <T> the Java type of the column's values
 */
public class ColumnClause<T> extends ColumnElement<T> {
    static final Traversal<ColumnClause<?>> TRAVERSAL = Traversal.leaf("column",
            Attr.struct("name", ColumnClause::name),
            Attr.struct("type", ColumnClause::type),
            // The table itself, not its name: its schema and (for two tables of one name) its
            // identity within the statement shape the SQL.
            Attr.optionalClause("table", ColumnClause::table),
            Attr.flag("literal", ColumnClause::isLiteral));

    private final String name;
    private final TypeEngine<T> type;
    private final boolean literal;
    private TableClause table;

    @SuppressWarnings("unchecked")
    protected ColumnClause(String name, TypeEngine<?> type, boolean literal) {
        if (name == null || name.isEmpty()) {
            throw new dev.retort.exc.ArgumentException("A column needs a name");
        }
        this.name = Identifiers.check(name, "column");
        this.type = (TypeEngine<T>) (type == null ? Types.NULLTYPE : type);
        this.literal = literal;
    }

    ColumnClause(String name, TypeEngine<?> type, boolean literal, TableClause table) {
        this(name, type, literal);
        this.table = table;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitColumn(this);
    }

    /** The column's name in the database. */
    public String name() {
        return name;
    }

    /** The key the column is found under ({@code table.c(key)}); its name unless set otherwise. */
    public String key() {
        return name;
    }

    @Override
    public TypeEngine<T> type() {
        return type;
    }

    /** The table, or null for a free-standing column. */
    public TableClause table() {
        return table;
    }

    /** Whether the name is SQL text rendered as given. */
    public boolean isLiteral() {
        return literal;
    }

    /** Attaches this column to its table, once. */
    protected void attach(TableClause owner) {
        if (table != null && table != owner) {
            throw new dev.retort.exc.ArgumentException("Column '" + name + "' already belongs to table '" + table.name() + "'");
        }
        table = owner;
    }

    @Override
    public String nonAnonLabel() {
        return literal ? null : name;
    }

    @Override
    public String anonPrefix() {
        return name;
    }

    @Override
    protected String bindPrefix() {
        return key();
    }

    @Override
    public boolean isNamedColumn() {
        return true;
    }

    @Override
    public List<FromClause> fromObjects() {
        return table == null ? List.of() : List.of(table);
    }
}
