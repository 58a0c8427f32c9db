package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.Traversal;
import dev.retort.types.EnumType;

/**
 * PostgreSQL's {@code DROP TYPE name} for a named enum type; SQLAlchemy's {@code postgresql.DropEnumType}.
 * See {@link CreateEnumType}.
 *
 * <pre>{@code
 * new DropEnumType(Types.enumOf("mood", "sad", "happy")).compile(Dialects.postgresql()).string();   // DROP TYPE mood
 * }</pre>
 */
public final class DropEnumType extends EnumTypeStatement {
    static final Traversal<DropEnumType> TRAVERSAL = Traversal.identity("drop_enum_type");

    public DropEnumType(EnumType<?> type) {
        super(type, "DROP TYPE");
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitDropEnumType(this);
    }
}
