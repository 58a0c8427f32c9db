package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.exc.ArgumentException;
import dev.retort.sql.ClauseElement;
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
public final class CreateEnumType extends ClauseElement {
    static final Traversal<CreateEnumType> TRAVERSAL = Traversal.identity("create_enum_type");

    private final EnumType<?> type;

    public CreateEnumType(EnumType<?> type) {
        this.type = named(type, "CREATE TYPE");
    }

    /** An enum type with a name, which CREATE / DROP TYPE name. */
    static EnumType<?> named(EnumType<?> type, String what) {
        if (type == null || type.name() == null) {
            throw new ArgumentException(what + " needs an enum type with a name (Types.enumOf(name, labels...)), got " + type);
        }
        return type;
    }

    public EnumType<?> type() {
        return type;
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
