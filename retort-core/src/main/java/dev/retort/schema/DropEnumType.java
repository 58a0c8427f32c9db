package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.ClauseElement;
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
public final class DropEnumType extends ClauseElement {
    static final Traversal<DropEnumType> TRAVERSAL = Traversal.identity("drop_enum_type");

    private final EnumType<?> type;

    public DropEnumType(EnumType<?> type) {
        this.type = CreateEnumType.named(type, "DROP TYPE");
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
        return compiler.visitDropEnumType(this);
    }
}
