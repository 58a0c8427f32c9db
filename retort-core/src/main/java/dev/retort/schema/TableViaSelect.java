package dev.retort.schema;

import dev.retort.exc.ArgumentException;
import dev.retort.sql.SelectBase;
import dev.retort.sql.SelectColumn;
import dev.retort.types.TypeEngine;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * A DDL statement that makes a table or view from a query: {@link CreateTableAs} and
 * {@link CreateView}; SQLAlchemy 2.1's {@code _TableViaSelect}. It declares, once, the
 * {@link Table} it creates (columns named and typed as the query's, in a {@link MetaData} given
 * or its own), so that statements can select from it and {@code MetaData.createAll} /
 * {@code dropAll} create and drop it. The query is written with its values inline: DDL takes no
 * parameters. Options are copies ({@code temporary()}, ...); the table is shared by them, and
 * {@code createAll} runs the copy configured last.
 *
 * <pre>{@code
 * CreateTableAs snapshot = select(users.c("id"), users.c("name")).where(users.c("active").eq(true)).into("active_users");
 * conn.execute(snapshot);                         // CREATE TABLE active_users AS SELECT ... WHERE users.active = true
 * conn.execute(select(snapshot.table())).all();
 * }</pre>
 */
public abstract class TableViaSelect<S extends TableViaSelect<S>> extends SchemaChange implements DialectKwArgs<S> {
    private final SelectBase query;
    private final Table table;
    private final boolean temporary;
    private final boolean ifNotExists;
    private final DialectKwArgs.Store dialectKw = new DialectKwArgs.Store(this);

    /** A new statement declaring its table ({@code schema} "" is none, as SQLAlchemy reads it). */
    TableViaSelect(SelectBase query, String name, String schema, MetaData metadata) {
        if (query == null) {
            throw new ArgumentException("CREATE TABLE/VIEW '" + name + "' needs a query");
        }
        this.query = query;
        this.temporary = false;
        this.ifNotExists = false;
        this.table = new Table(name, schema == null || schema.isEmpty() ? null : schema,
                metadata == null ? new MetaData() : metadata, columnsOf(query, name));
        table.createdBy(this);
    }

    /**
     * A statement for a table declared already: by text ({@link Table#viewDefinition(String)}),
     * without a query, or by another statement, with its query.
     */
    TableViaSelect(Table declared) {
        this.table = declared;
        this.query = declared.creator() == null ? null : declared.creator().query();
        this.temporary = false;
        this.ifNotExists = false;
    }

    /**
     * A copy of {@code of} with other flags, the same table and options; for a table a statement
     * declared, the one {@code createAll} runs from now on.
     */
    TableViaSelect(TableViaSelect<S> of, boolean temporary, boolean ifNotExists) {
        this.query = of.query;
        this.table = of.table;
        this.temporary = temporary;
        this.ifNotExists = ifNotExists;
        of.dialectKwStore().sorted().forEach(dialectKw::put);
        if (table.creator() != null) {
            table.createdBy(this);
        }
    }

    /** The query's columns as the table's: named as the query exports them, of the query's types. */
    private static SchemaItem[] columnsOf(SelectBase query, String name) {
        List<SchemaItem> out = new ArrayList<>();
        for (SelectColumn sc : query.selectColumns()) {
            if (!(sc.exportedName() instanceof String column)) {
                throw new ArgumentException("Table '" + name + "' needs a name for each column of its query; label "
                        + sc.column() + " (column.label(\"name\"))");
            }
            TypeEngine<?> type = sc.column().type() == null ? Types.NULLTYPE : sc.column().type();
            out.add(Column.of(column, type));
        }
        return out.toArray(new SchemaItem[0]);
    }

    @Override
    public DialectKwArgs.Store dialectKwStore() {
        return dialectKw;
    }

    /** The query the table or view is made from; null for a view declared by text. */
    public SelectBase query() {
        return query;
    }

    /** The table (or view) this statement creates, declared in its metadata. */
    @Override
    public Table table() {
        return table;
    }

    /** Whether {@code TEMPORARY} is written. */
    public boolean isTemporary() {
        return temporary;
    }

    /** Whether {@code IF NOT EXISTS} is written. */
    public boolean isIfNotExists() {
        return ifNotExists;
    }

    /** The metadata the table is declared in. */
    public MetaData metadata() {
        return table.metadata();
    }

}
