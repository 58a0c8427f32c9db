package dev.retort.schema;

import dev.retort.sql.ColumnElement;
import dev.retort.sql.FromClause;
import dev.retort.sql.TableClause;
import dev.retort.sql.Traversal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A table of a {@link MetaData}: columns, constraints and indexes. A table is a schema object:
 * statements refer to it, and the serializer writes it as a reference re-bound on load.
 *
 * <pre>{@code
 * Table users = new Table("users", metadata,
 *         Column.of("id", Types.INTEGER).primaryKey(),
 *         Column.of("name", Types.string(50)));
 * users.c("name");                       // unknown key: NoSuchColumnException
 * Column<Integer> id = users.c("id", Integer.class);
 * }</pre>
 */
public final class Table extends TableClause {
    static final Traversal<Table> TRAVERSAL = Traversal.identity("schema_table");

    private final MetaData metadata;
    private final List<Constraint> constraints = new ArrayList<>();
    private final List<Index> indexes = new ArrayList<>();

    /** A table in the default schema. */
    public Table(String name, MetaData metadata, SchemaItem... items) {
        this(name, null, metadata, items);
    }

    /** A table in {@code schema}. */
    public Table(String name, String schema, MetaData metadata, SchemaItem... items) {
        super(name, schema);
        if (metadata == null) {
            throw new dev.retort.exc.ArgumentException("Table '" + name + "' needs a MetaData");
        }
        this.metadata = metadata;
        List<SchemaItem> later = new ArrayList<>();
        for (SchemaItem item : items) {
            if (item instanceof Column<?> c) {
                addColumn(c);
                c.attachTo(this);
            } else {
                later.add(item);
            }
        }
        List<Column<?>> pk = primaryKeyColumns();
        if (!pk.isEmpty()) {
            constraints.add(new PrimaryKeyConstraint(pk));
        }
        for (SchemaItem item : later) {
            item.attachTo(this);
        }
        for (Column<?> c : columnList()) {
            if (c.isUnique()) {
                constraints.add(new UniqueConstraint(null, List.of(c)));
            }
            if (c.isIndexed()) {
                indexes.add(new Index("ix_" + name + "_" + c.name(), false, List.of(c), this));
            }
        }
        metadata.add(this);
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    /** The metadata this table belongs to. */
    public MetaData metadata() {
        return metadata;
    }

    @SuppressWarnings("unchecked")
    private List<Column<?>> columnList() {
        return (List<Column<?>>) (List<?>) super.columns();
    }

    /** The columns, in declaration order. */
    @Override
    public List<Column<?>> columns() {
        return columnList();
    }

    @Override
    public Column<?> c(String key) {
        return (Column<?>) super.c(key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Column<T> c(String key, Class<T> javaType) {
        return (Column<T>) super.c(key, javaType);
    }

    /** The primary key columns, in declaration order. */
    public List<Column<?>> primaryKeyColumns() {
        List<Column<?>> out = new ArrayList<>();
        for (Column<?> c : columnList()) {
            if (c.isPrimaryKey()) {
                out.add(c);
            }
        }
        return out;
    }

    /** The constraints: primary key first, then as declared. */
    public List<Constraint> constraints() {
        return Collections.unmodifiableList(constraints);
    }

    /** The indexes, as declared. */
    public List<Index> indexes() {
        return Collections.unmodifiableList(indexes);
    }

    void addConstraint(Constraint c) {
        if (c instanceof PrimaryKeyConstraint pk) {
            constraints.removeIf(x -> x instanceof PrimaryKeyConstraint);
            constraints.add(0, pk);
        } else {
            constraints.add(c);
        }
    }

    void addIndex(Index index) {
        indexes.add(index);
    }

    /** Every foreign key of the table: those of its columns and its foreign key constraints. */
    public List<ForeignKey> foreignKeyList() {
        List<ForeignKey> out = new ArrayList<>();
        for (Column<?> c : columnList()) {
            out.addAll(c.foreignKeys());
        }
        for (Constraint c : constraints) {
            if (c instanceof ForeignKeyConstraint f) {
                out.addAll(f.elements());
            }
        }
        return out;
    }

    @Override
    public List<FromClause.ForeignKeyPair> foreignKeys() {
        List<FromClause.ForeignKeyPair> out = new ArrayList<>();
        for (ForeignKey fk : foreignKeyList()) {
            if (fk.isResolvable()) {
                out.add(new FromClause.ForeignKeyPair(fk.parent(), fk.column()));
            }
        }
        return out;
    }

    @Override
    public ColumnElement<?> correspondingColumn(ColumnElement<?> column) {
        return column instanceof Column<?> c && c.table() == this ? c : super.correspondingColumn(column);
    }

    @Override
    public String toString() {
        return key();
    }
}
