package dev.retort.schema;

import dev.retort.engine.Engine;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.FromClause;
import dev.retort.sql.TableClause;
import dev.retort.sql.Traversal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
 * Table logs = new Table("logs", metadata, Map.of("mysql_engine", "MyISAM"), Column.of("line", Types.TEXT));
 * users.dialectKw("mysql_charset", "utf8mb4");   // options may also be added later
 * }</pre>
 */
public final class Table extends TableClause implements DialectKwArgs<Table> {
    static final Traversal<Table> TRAVERSAL = Traversal.identity("schema_table");

    private final MetaData metadata;
    private final List<Constraint> constraints = new ArrayList<>();
    private final List<Index> indexes = new ArrayList<>();
    private final DialectKwArgs.Store dialectKw = new DialectKwArgs.Store(this);
    private volatile String comment;
    private volatile List<String> prefixes = List.of();
    private volatile Boolean quote;
    private volatile Boolean quoteSchema;
    /** Whether SQL was written with the quoting: from then on other holders of the table rely on it. */
    private volatile boolean quotingUsed;
    private volatile String viewDefinition;
    private volatile TableViaSelect<?> creator;

    /** A table in the default schema. */
    public Table(String name, MetaData metadata, SchemaItem... items) {
        this(name, null, metadata, Map.of(), items);
    }

    /** A table in {@code schema}. */
    public Table(String name, String schema, MetaData metadata, SchemaItem... items) {
        this(name, schema, metadata, Map.of(), items);
    }

    /** A table in the default schema with dialect-specific options ({@code mysql_engine}, ...). */
    public Table(String name, MetaData metadata, Map<String, ?> dialectKwargs, SchemaItem... items) {
        this(name, null, metadata, dialectKwargs, items);
    }

    /**
     * A table in {@code schema} with dialect-specific options, validated before the table takes
     * its items or joins the metadata, so a bad option leaves neither changed.
     */
    public Table(String name, String schema, MetaData metadata, Map<String, ?> dialectKwargs, SchemaItem... items) {
        super(name, schema);
        if (metadata == null) {
            throw new dev.retort.exc.ArgumentException("Table '" + name + "' needs a MetaData");
        }
        this.metadata = metadata;
        // Sorted, so that of several bad options the same one is reported every time.
        new TreeMap<>(dialectKwargs).forEach(this::dialectKw);
        List<SchemaItem> later = new ArrayList<>();
        for (SchemaItem item : items) {
            if (item instanceof Column<?> c) {
                addColumn(c);
                c.attachTo(this);
            } else {
                later.add(item);
            }
        }
        List<Column<?>> pk = new ArrayList<>(primaryKeyColumns());
        // The implicit key lists its generated column first, as SQLAlchemy does: MySQL wants an
        // AUTO_INCREMENT column to lead a key.
        pk.sort(java.util.Comparator.comparing(c -> !c.isAutoincrement()));
        if (!pk.isEmpty()) {
            constraints.add(new PrimaryKeyConstraint(pk));
        }
        for (SchemaItem item : later) {
            item.attachTo(this);
        }
        for (Column<?> c : columnList()) {
            c.checks().forEach(ck -> ck.attachTo(this));
            if (c.isUnique()) {
                constraints.add(new UniqueConstraint(null, List.of(c)));
            }
            if (c.isIndexed()) {
                indexes.add(new Index("ix_" + name + "_" + c.name(), false, List.of(c), this, true));
            }
        }
        metadata.add(this);
    }

    /**
     * The table {@code name} of the connection's own schema, loaded from the database into
     * {@code metadata} (with the tables its foreign keys refer to), or the metadata's table of
     * that name if it has one already. A name the database lacks raises
     * {@link dev.retort.exc.NoSuchTableException}. SQLAlchemy's {@code Table(name, metadata, autoload_with=engine)}.
     *
     * <pre>{@code
     * Table users = Table.reflect("users", metadata, engine);
     * users.c("name").type();            // VARCHAR(50), as the database has it
     * }</pre>
     */
    public static Table reflect(String name, MetaData metadata, Engine engine) {
        return Reflector.using(metadata, engine, r -> r.table(null, name));
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public DialectKwArgs.Store dialectKwStore() {
        return dialectKw;
    }

    /**
     * Sets the table's comment in the database ({@code COMMENT ON TABLE}, MySQL's {@code COMMENT=}),
     * as reflection reads it; SQLAlchemy's {@code Table(comment=...)}.
     *
     * <pre>{@code
     * new Table("users", metadata, Column.of("id", Types.INTEGER).primaryKey()).comment("People who log in");
     * }</pre>
     */
    public Table comment(String text) {
        comment = text;
        return this;
    }

    /** The comment, or null. */
    public String comment() {
        return comment;
    }

    /** Words CREATE TABLE may hold before TABLE: letters and _, separated by single spaces. */
    private static final java.util.regex.Pattern PREFIX = java.util.regex.Pattern.compile("[A-Za-z_]+( [A-Za-z_]+)*");

    /**
     * Words written between {@code CREATE} and {@code TABLE} when the table is created
     * ({@code CREATE TEMPORARY TABLE}), SQLAlchemy's {@code Table(prefixes=[...])}; each is written
     * as given, so it must be SQL keywords (letters and {@code _}), else {@link dev.retort.exc.ArgumentException}.
     *
     * <pre>{@code
     * Table scratch = new Table("scratch", metadata, Column.of("id", Types.INTEGER)).prefixes("TEMPORARY");
     * new CreateTable(scratch);               // CREATE TEMPORARY TABLE scratch (id INTEGER)
     * }</pre>
     */
    public Table prefixes(String... words) {
        for (String w : words) {
            if (w == null || !PREFIX.matcher(w).matches()) {
                throw new dev.retort.exc.ArgumentException("A table prefix is SQL keywords (letters and _, separated by single spaces), got '" + w + "'");
            }
        }
        prefixes = List.of(words);
        return this;
    }

    /** The words written between CREATE and TABLE, in order; empty when none. */
    public List<String> prefixes() {
        return prefixes;
    }

    /**
     * Forces the quoting of the table's name: {@code true} always quotes it, {@code false} never
     * does (not even a reserved word or a mixed-case name); without it the name is quoted where
     * the database needs it. SQLAlchemy's {@code Table(..., quote=True)}; a {@code table_column}
     * label of a column whose own quoting is not forced takes the table's. Set it when making the
     * table: once a statement has used the table's quoting, a change would rewrite the SQL of every
     * other holder of the table and leave cached statements with the old one, so it raises
     * {@link dev.retort.exc.ArgumentException}.
     *
     * <pre>{@code
     * Table t = new Table("t1", metadata, Column.of("id", Types.INTEGER)).quote(true);
     * select(t);                              // SELECT "t1".id FROM "t1"
     * }</pre>
     */
    public Table quote(boolean always) {
        checkQuotingUnused("quote(" + always + ")");
        quote = always;
        return this;
    }

    /**
     * The forced quoting of the name ({@link #quote(boolean)}), or null where the database's rules
     * decide; once read, it no longer changes.
     */
    public Boolean quote() {
        quotingUsed = true;
        return quote;
    }

    private void checkQuotingUnused(String change) {
        if (quotingUsed) {
            throw new dev.retort.exc.ArgumentException("Table '" + name() + "' has been used with its quoting, which " + change
                    + " would change under every other holder of the table and its cached statements; set it when making the table");
        }
    }

    /**
     * Forces the quoting of the table's schema name as {@link #quote(boolean)} does the table's
     * name; SQLAlchemy's {@code Table(..., quote_schema=True)}. Set when making the table, as that.
     *
     * <pre>{@code
     * new Table("t1", "Foo", metadata, Column.of("id", Types.INTEGER)).quoteSchema(false);   // Foo.t1
     * }</pre>
     */
    public Table quoteSchema(boolean always) {
        checkQuotingUnused("quoteSchema(" + always + ")");
        quoteSchema = always;
        return this;
    }

    /** The forced quoting of the schema name ({@link #quoteSchema(boolean)}), or null; once read, it no longer changes. */
    public Boolean quoteSchema() {
        quotingUsed = true;
        return quoteSchema;
    }

    /**
     * Makes the table a view defined by {@code query} (SQL text, written as given after
     * {@code CREATE VIEW name AS}); its columns are the view's, as declared. {@link CreateView}
     * creates it and {@code retort migrate diff} creates, replaces and drops views; {@code createAll}
     * and {@code dropAll} pass views by.
     *
     * <pre>{@code
     * Table active = new Table("active_users", metadata, Column.of("id", Types.INTEGER), Column.of("name", Types.string(50)))
     *         .viewDefinition("SELECT id, name FROM users WHERE active = 1");
     * }</pre>
     */
    public Table viewDefinition(String query) {
        if (query == null) {
            throw new dev.retort.exc.ArgumentException("View '" + name() + "' needs a query");
        }
        viewDefinition = query;
        return this;
    }

    /**
     * The defining query of a view: declared, reflected with {@code ReflectOptions.builder().views(true)},
     * or, for a view a {@link CreateView} declared from a query, that query in the default dialect
     * with its values inline; null for a table. A view declared by text is read-only:
     * {@code createAll} and {@code dropAll} pass it by.
     */
    public String viewDefinition() {
        String declared = viewDefinition;
        if (declared == null && creator instanceof CreateView cv && cv.query() != null) {
            return cv.query().compile(dev.retort.dialect.Dialects.defaultDialect(), dev.retort.sql.CompileOption.LITERAL_BINDS).string();
        }
        return declared;
    }

    /** Whether this is a view (declared by text, reflected, or declared by a {@link CreateView}). */
    public boolean isView() {
        return viewDefinition != null || creator instanceof CreateView;
    }

    /**
     * The {@link CreateView} or {@link CreateTableAs} that declared this table from a query (the
     * copy configured last), which {@code MetaData.createAll} runs to create it; null for a table
     * declared otherwise. SQLAlchemy's {@code Table._creator_ddl}.
     */
    public TableViaSelect<?> creator() {
        return creator;
    }

    void createdBy(TableViaSelect<?> statement) {
        creator = statement;
    }

    void markView(String definition) {
        viewDefinition = definition;
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

    /** How many primary key columns there are: what {@link Column#isAutoincrement} asks for each inserted row, counted without making a list. */
    int primaryKeyCount() {
        List<Column<?>> columns = columnList();
        int n = 0;
        for (int i = 0; i < columns.size(); i++) {
            n += columns.get(i).isPrimaryKey() ? 1 : 0;
        }
        return n;
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
