package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.Traversal;

/**
 * {@code CREATE VIEW name AS query} for a table that is a view ({@link Table#viewDefinition(String)}),
 * compiled per dialect like {@link CreateTable}; SQLAlchemy 2.1's {@code CreateView}. The query is
 * the view's text as given. A migration drops and creates a view to change it: SQLite has no
 * {@code CREATE OR REPLACE VIEW}, and PostgreSQL's cannot drop or rename columns.
 *
 * <pre>{@code
 * Table active = new Table("active_users", metadata, Column.of("id", Types.INTEGER), Column.of("name", Types.string(50)))
 *         .viewDefinition("SELECT id, name FROM users WHERE active = 1");
 * conn.execute(new CreateView(active));   // CREATE VIEW active_users AS SELECT id, name FROM users WHERE active = 1
 * }</pre>
 */
public final class CreateView extends SchemaChange {
    static final Traversal<CreateView> TRAVERSAL = Traversal.identity("create_view");

    private final Table view;

    public CreateView(Table view) {
        this.view = view(view, "CREATE VIEW");
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitCreateView(this);
    }

    /** The view. */
    @Override
    public Table table() {
        return view;
    }
}
