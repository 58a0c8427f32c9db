package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.Traversal;

/**
 * {@code DROP SCHEMA [IF EXISTS] name [CASCADE]}: SQLAlchemy's {@code DropSchema}. PostgreSQL,
 * MySQL and MariaDB (which drop a schema's tables with it and take no CASCADE); SQLite has none
 * and raises a {@code CompileException}.
 *
 * <pre>{@code
 * conn.execute(new DropSchema("reports").ifExists().cascade());   // DROP SCHEMA IF EXISTS reports CASCADE
 * }</pre>
 */
public final class DropSchema extends SchemaStatement<DropSchema> {
    static final Traversal<DropSchema> TRAVERSAL = Traversal.identity("drop_schema");

    private final boolean cascade;

    public DropSchema(String name) {
        this(name, false, false);
    }

    private DropSchema(String name, boolean ifExists, boolean cascade) {
        super(name, "DROP SCHEMA", ifExists, TRAVERSAL, SqlCompiler::visitDropSchema);
        this.cascade = cascade;
    }

    /** {@code DROP SCHEMA IF EXISTS}: a copy that does nothing when the schema is gone. */
    public DropSchema ifExists() {
        return new DropSchema(name(), true, cascade);
    }

    /** {@code DROP SCHEMA ... CASCADE}: a copy that drops what the schema holds too (PostgreSQL). */
    public DropSchema cascade() {
        return new DropSchema(name(), guarded(), true);
    }

    public boolean isIfExists() {
        return guarded();
    }

    public boolean isCascade() {
        return cascade;
    }
}
