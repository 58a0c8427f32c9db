package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.Traversal;

/**
 * {@code CREATE SCHEMA [IF NOT EXISTS] name}: SQLAlchemy's {@code CreateSchema}. PostgreSQL,
 * MySQL and MariaDB (where a schema is a database); SQLite has none and raises a
 * {@code CompileException}.
 *
 * <pre>{@code
 * conn.execute(new CreateSchema("reports").ifNotExists());
 * }</pre>
 */
public final class CreateSchema extends SchemaStatement<CreateSchema> {
    static final Traversal<CreateSchema> TRAVERSAL = Traversal.identity("create_schema");

    public CreateSchema(String name) {
        this(name, false);
    }

    private CreateSchema(String name, boolean ifNotExists) {
        super(name, "CREATE SCHEMA", ifNotExists, TRAVERSAL, SqlCompiler::visitCreateSchema);
    }

    /** {@code CREATE SCHEMA IF NOT EXISTS}: a copy that does nothing when the schema exists. */
    public CreateSchema ifNotExists() {
        return new CreateSchema(name(), true);
    }

    public boolean isIfNotExists() {
        return guarded();
    }
}
