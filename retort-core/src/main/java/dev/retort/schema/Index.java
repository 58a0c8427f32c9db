package dev.retort.schema;

import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnElement;
import java.util.List;

/**
 * {@code CREATE [UNIQUE] INDEX name ON table (cols)}. An index joins the table of its columns
 * when created.
 *
 * <pre>{@code
 * Index ix = new Index("ix_name", users.c("name")).dialectKw("postgresql_where", users.c("id").gt(5));
 * new CreateIndex(ix).compile(Dialects.postgresql()).string();   // CREATE INDEX ix_name ON users (name) WHERE id > 5
 * }</pre>
 */
public final class Index implements SchemaItem, DialectKwArgs<Index> {
    private final String name;
    private final boolean unique;
    private final List<ColumnElement<?>> expressions;
    private final boolean nameGenerated;
    private Table table;
    private final DialectKwArgs.Store dialectKw = new DialectKwArgs.Store(this);

    /** An index over columns of one table, added to that table. */
    public Index(String name, ColumnElement<?>... expressions) {
        this(name, false, List.of(expressions), null, false);
    }

    /** An index; {@code nameGenerated} for the {@code ix_<table>_<column>} of {@code Column.index()}. */
    Index(String name, boolean unique, List<? extends ColumnElement<?>> expressions, Table table, boolean nameGenerated) {
        if (name != null && name.isEmpty()) {
            throw new dev.retort.exc.ArgumentException("An index name cannot be empty");
        }
        if (expressions.isEmpty()) {
            throw new dev.retort.exc.ArgumentException("Index '" + name + "' needs at least one column");
        }
        this.name = name;
        this.unique = unique;
        this.nameGenerated = nameGenerated;
        this.expressions = List.copyOf(expressions);
        this.table = table;
        if (table == null) {
            // The table of the first column found, also inside an expression such as lower(name).
            expressions.stream().flatMap(e -> e.fromObjects().stream())
                    .filter(f -> f instanceof Table).findFirst()
                    .ifPresent(f -> attachTo((Table) f));
        }
    }

    /** A unique index over columns. */
    public static Index unique(String name, ColumnElement<?>... expressions) {
        return new Index(name, true, List.of(expressions), null, false);
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

    @Override
    public DialectKwArgs.Store dialectKwStore() {
        return dialectKw;
    }

    /**
     * The index's name: the one its table's {@link MetaData#namingConvention() naming convention}
     * gives it where one applies (an index given no name, {@code Column.index()}), else the name given.
     *
     * @throws dev.retort.exc.ArgumentException for an index given no name that no convention names
     */
    public String name() {
        String conventional = conventionalName();
        if (conventional == null && name == null) {
            throw new dev.retort.exc.ArgumentException("Index on " + expressions + " has no name, and no \"ix\" naming convention names it");
        }
        return conventional != null ? conventional : name;
    }

    private String conventionalName() {
        if (table == null) {
            return null;
        }
        String template = table.metadata().namingConvention().template("ix");
        if (template == null && nameGenerated) {
            template = NamingConvention.DEFAULT_INDEX;
        }
        return template == null ? null : NamingConvention.apply(template, nameGenerated ? null : name, table, columnsIn(expressions), List.of());
    }

    /** The table columns in these expressions, each once, in order: what a naming convention's column tokens name. */
    static List<Column<?>> columnsIn(List<? extends ClauseElement> expressions) {
        java.util.LinkedHashSet<Column<?>> out = new java.util.LinkedHashSet<>();
        java.util.ArrayDeque<ClauseElement> todo = new java.util.ArrayDeque<>(expressions);
        while (!todo.isEmpty()) {
            ClauseElement e = todo.pollFirst();
            if (e instanceof Column<?> c) {
                out.add(c);
            } else {
                List<ClauseElement> children = e.getChildren();
                for (int i = children.size() - 1; i >= 0; i--) {
                    todo.addFirst(children.get(i));
                }
            }
        }
        return List.copyOf(out);
    }

    public boolean isUnique() {
        return unique;
    }

    /**
     * Whether Retort made up the name ({@code ix_<table>_<column>} of {@code Column.index()}):
     * DDL then shortens a name longer than the database allows to its first characters and four
     * hex digits of its MD5, as SQLAlchemy does with a naming convention's names, where the
     * database would cut it (PostgreSQL) or refuse it (MySQL). A name given is written as given.
     */
    public boolean isNameGenerated() {
        return nameGenerated || conventionalName() != null;
    }

    public List<ColumnElement<?>> expressions() {
        return expressions;
    }

    /** The indexed table, or null until known. */
    public Table table() {
        return table;
    }

    @Override
    public String toString() {
        return name != null ? name : "(unnamed index)";
    }
}
