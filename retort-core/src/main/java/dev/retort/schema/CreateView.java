package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.SelectBase;
import dev.retort.sql.Traversal;

/**
 * {@code CREATE [OR REPLACE] [TEMPORARY] [MATERIALIZED] VIEW name AS query}, compiled per dialect
 * like {@link CreateTable}; SQLAlchemy 2.1's {@code CreateView}.
 *
 * <p>Made from a query, it declares the view as a {@link Table} ({@link #table()}: columns named
 * and typed as the query's) that statements select from, and that {@code MetaData.createAll}
 * creates after the tables it reads and {@code dropAll} drops before them. The query is written
 * with its values inline. Made from a table declared by text ({@link Table#viewDefinition(String)})
 * it writes that text. Options a database lacks raise {@code CompileException} naming it:
 * {@code OR REPLACE} on SQLite, {@code TEMPORARY} on MySQL and MariaDB, {@code MATERIALIZED}
 * but on PostgreSQL. Dialect options: {@code postgresql_with} ({@code WITH (security_barrier = true)}),
 * {@code sqlite_if_not_exists}.
 *
 * <pre>{@code
 * CreateView active = new CreateView(select(users.c("id"), users.c("name")).where(users.c("active").eq(true)),
 *         "active_users", metadata).orReplace();
 * conn.execute(active);   // CREATE OR REPLACE VIEW active_users AS SELECT users.id, users.name FROM users WHERE users.active = true
 * conn.execute(select(active.table())).all();
 * metadata.createAll(engine);                     // or: tables first, then the view
 *
 * Table legacy = new Table("legacy_users", metadata, Column.of("id", Types.INTEGER))
 *         .viewDefinition("SELECT id FROM users WHERE id < 100");
 * conn.execute(new CreateView(legacy));           // CREATE VIEW legacy_users AS SELECT id FROM users WHERE id < 100
 * }</pre>
 */
public final class CreateView extends TableViaSelect<CreateView> {
    static final Traversal<CreateView> TRAVERSAL = Traversal.identity("create_view");

    private final boolean orReplace;
    private final boolean materialized;

    /** A view named {@code name} of {@code query}, declared in a metadata of its own. */
    public CreateView(SelectBase query, String name) {
        this(query, name, null, null);
    }

    /** A view named {@code name} of {@code query}, declared in {@code metadata}. */
    public CreateView(SelectBase query, String name, MetaData metadata) {
        this(query, name, null, metadata);
    }

    /** A view {@code schema.name} of {@code query} (schema null or "": none), declared in {@code metadata} (null: its own). */
    public CreateView(SelectBase query, String name, String schema, MetaData metadata) {
        super(query, name, schema, metadata);
        this.orReplace = false;
        this.materialized = false;
    }

    /** CREATE VIEW for a view declared by text or by another {@code CreateView}. */
    public CreateView(Table view) {
        super(view(view, "CREATE VIEW"));
        this.orReplace = false;
        this.materialized = false;
    }

    private CreateView(CreateView of, boolean temporary, boolean orReplace, boolean materialized) {
        super(of, temporary, false);
        this.orReplace = orReplace;
        this.materialized = materialized;
    }

    /** {@code CREATE TEMPORARY VIEW}: a copy that makes a view of the session only. */
    public CreateView temporary() {
        return new CreateView(this, true, orReplace, materialized);
    }

    /** {@code CREATE OR REPLACE VIEW}: a copy that replaces a view of the name (PostgreSQL, MySQL, MariaDB). */
    public CreateView orReplace() {
        return new CreateView(this, isTemporary(), true, materialized);
    }

    /** {@code CREATE MATERIALIZED VIEW}: a copy that stores the query's rows (PostgreSQL). */
    public CreateView materialized() {
        return new CreateView(this, isTemporary(), orReplace, true);
    }

    public boolean isOrReplace() {
        return orReplace;
    }

    public boolean isMaterialized() {
        return materialized;
    }

    /** The DROP VIEW that undoes this statement ({@code DROP MATERIALIZED VIEW} for a materialized one). */
    public DropView dropView() {
        DropView drop = new DropView(table());
        return materialized ? drop.materialized() : drop;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitCreateView(this);
    }
}
