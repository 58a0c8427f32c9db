package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.SelectBase;
import dev.retort.sql.Traversal;

/**
 * {@code CREATE [TEMPORARY] TABLE [IF NOT EXISTS] name AS query}: a table made from a query's
 * columns and rows, which then no longer follows the query; SQLAlchemy 2.1's {@code CreateTableAs},
 * also {@code SelectBase.into(name)}. It declares the table ({@link #table()}) for statements to
 * use; {@code MetaData.createAll} creates it after the tables its query reads, and {@code dropAll}
 * drops it with {@code DROP TABLE}. The query is written with its values inline.
 *
 * <pre>{@code
 * CreateTableAs snapshot = select(users.c("id"), users.c("name")).where(users.c("id").gt(100)).into("recent_users");
 * conn.execute(snapshot);          // CREATE TABLE recent_users AS SELECT users.id, users.name FROM users WHERE users.id > 100
 * conn.execute(new CreateTableAs(select(users), "scratch", "work", metadata).temporary().ifNotExists());
 * }</pre>
 */
public final class CreateTableAs extends TableViaSelect<CreateTableAs> {
    static final Traversal<CreateTableAs> TRAVERSAL = Traversal.identity("create_table_as");

    /** A table named {@code name} from {@code query}, declared in a metadata of its own. */
    public CreateTableAs(SelectBase query, String name) {
        this(query, name, null, null);
    }

    /** A table named {@code name} from {@code query}, declared in {@code metadata}. */
    public CreateTableAs(SelectBase query, String name, MetaData metadata) {
        this(query, name, null, metadata);
    }

    /** A table {@code schema.name} from {@code query} (schema null or "": none), declared in {@code metadata} (null: its own). */
    public CreateTableAs(SelectBase query, String name, String schema, MetaData metadata) {
        super(query, name, schema, metadata);
    }

    private CreateTableAs(CreateTableAs of, boolean temporary, boolean ifNotExists) {
        super(of, temporary, ifNotExists);
    }

    /** {@code CREATE TEMPORARY TABLE ... AS}: a copy that makes a table of the session only. */
    public CreateTableAs temporary() {
        return new CreateTableAs(this, true, isIfNotExists());
    }

    /** {@code CREATE TABLE IF NOT EXISTS ... AS}: a copy that does nothing when the table exists. */
    public CreateTableAs ifNotExists() {
        return new CreateTableAs(this, isTemporary(), true);
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitCreateTableAs(this);
    }
}
