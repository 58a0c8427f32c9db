package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.Traversal;

/**
 * {@code DROP VIEW name} for a view (a table with a {@link Table#viewDefinition() view definition},
 * declared or reflected); SQLAlchemy 2.1's {@code DropView}.
 *
 * <pre>{@code
 * new DropView(reflected.table("active_users")).compile(Dialects.postgresql()).string();   // DROP VIEW active_users
 * }</pre>
 */
public final class DropView extends SchemaChange {
    static final Traversal<DropView> TRAVERSAL = Traversal.identity("drop_view");

    private final Table view;

    public DropView(Table view) {
        this.view = view(view, "DROP VIEW");
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
