package dev.retort.schema;

import dev.retort.sql.ColumnElement;
import java.util.List;

/**
 * {@code CREATE [UNIQUE] INDEX name ON table (cols)}. An index joins the table of its columns
 * when created.
 *
 * <pre>{@code
 * Index ix = new Index("ix_name", users.c("name"));
 * new CreateIndex(ix).compile(Dialects.postgresql()).string();
 * }</pre>
 */
public final class Index implements SchemaItem {
    private final String name;
    private final boolean unique;
    private final List<ColumnElement<?>> expressions;
    private Table table;

    /** An index over columns of one table, added to that table. */
    public Index(String name, ColumnElement<?>... expressions) {
        this(name, false, List.of(expressions), null);
    }

    Index(String name, boolean unique, List<? extends ColumnElement<?>> expressions, Table table) {
        if (name == null || name.isEmpty()) {
            throw new dev.retort.exc.ArgumentException("An index needs a name");
        }
        if (expressions.isEmpty()) {
            throw new dev.retort.exc.ArgumentException("Index '" + name + "' needs at least one column");
        }
        this.name = name;
        this.unique = unique;
        this.expressions = List.copyOf(expressions);
        this.table = table;
        if (table == null) {
            for (ColumnElement<?> e : expressions) {
                if (e instanceof Column<?> c && c.table() != null) {
                    attachTo(c.table());
                    break;
                }
            }
        }
    }

    /** A unique index over columns. */
    public static Index unique(String name, ColumnElement<?>... expressions) {
        return new Index(name, true, List.of(expressions), null);
    }

    @Override
    public void attachTo(Table owner) {
        if (table == owner && owner.indexes().contains(this)) {
            return;
        }
        if (table != null && table != owner) {
            throw new dev.retort.exc.ArgumentException("Index '" + name + "' already belongs to table '" + table.name() + "'");
        }
        table = owner;
        owner.addIndex(this);
    }

    public String name() {
        return name;
    }

    public boolean isUnique() {
        return unique;
    }

    public List<ColumnElement<?>> expressions() {
        return expressions;
    }

    /** The indexed table, or null until known. */
    public Table table() {
        return table;
    }
}
