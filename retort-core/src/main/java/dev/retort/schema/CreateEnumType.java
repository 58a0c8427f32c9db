package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.Traversal;
import dev.retort.types.EnumType;

/**
 * PostgreSQL's {@code CREATE TYPE name AS ENUM ('a', 'b')} for a named enum type; SQLAlchemy's
 * {@code postgresql.CreateEnumType}. {@code MetaData.createAll} creates the enum types its tables
 * use before them (and {@code dropAll} drops them after), so this is for migrations and scripts.
 * Other dialects, which have no enum types of their own, refuse it with {@code CompileException}.
 *
 * <pre>{@code
 * conn.execute(new CreateEnumType(Types.enumOf("mood", "sad", "ok", "happy")));   // CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')
 * conn.execute(new DropEnumType(Types.enumOf(Mood.class)));                        // DROP TYPE mood
 * }</pre>
 */
public final class CreateEnumType extends EnumTypeStatement {
    static final Traversal<CreateEnumType> TRAVERSAL = Traversal.identity("create_enum_type");

    public CreateEnumType(EnumType<?> type) {
        super(type, "CREATE TYPE");
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitCreateEnumType(this);
    }
}
