package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.Traversal;

/**
 * {@code DROP [MATERIALIZED] VIEW [IF EXISTS] name} for a view (declared by text or by a
 * {@link CreateView}, or reflected); SQLAlchemy 2.1's {@code DropView}. {@link CreateView#dropView()}
 * gives the one matching a {@code CreateView}.
 *
 * <pre>{@code
 * new DropView(reflected.table("active_users")).compile(Dialects.postgresql()).string();   // DROP VIEW active_users
 * conn.execute(new DropView(summary.table()).materialized().ifExists());                   // DROP MATERIALIZED VIEW IF EXISTS summary
 * }</pre>
 */
public final class DropView extends SchemaChange {
    static final Traversal<DropView> TRAVERSAL = Traversal.identity("drop_view");

    private final Table view;
    private final boolean ifExists;
    private final boolean materialized;

    public DropView(Table view) {
        this(view(view, "DROP VIEW"), false, false);
    }

    private DropView(Table view, boolean ifExists, boolean materialized) {
        this.view = view;
        this.ifExists = ifExists;
        this.materialized = materialized;
    }

    /** {@code DROP VIEW IF EXISTS}: a copy that does nothing when the view is gone. */
    public DropView ifExists() {
        return new DropView(view, true, materialized);
    }

    /** {@code DROP MATERIALIZED VIEW}: a copy for a materialized view (PostgreSQL). */
    public DropView materialized() {
        return new DropView(view, ifExists, true);
    }

    public boolean isIfExists() {
        return ifExists;
    }

    public boolean isMaterialized() {
        return materialized;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitDropView(this);
    }

    /** The view. */
    @Override
    public Table table() {
        return view;
    }
}
