package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;

/**
 * A VALUES list in FROM without a name, as SQLAlchemy writes an unnamed {@code values(...)}:
 * {@code FROM (VALUES (?, ?), (?, ?))}, its columns referred to by their bare names
 * ({@code column1}, as PostgreSQL names them). Made by {@link Values#unnamed()}. PostgreSQL
 * 16 and later and SQLite run it (PostgreSQL 15 and earlier reject it themselves); MySQL and
 * MariaDB, which need every derived table named, refuse it with a CompileException.
 *
 * <pre>{@code
 * UnnamedValues v = values(column("column1", Types.INTEGER), column("column2", Types.INTEGER))
 *         .data(List.of(List.of(1, 1), List.of(2, 1))).unnamed();
 * select(users.c("name"), v.c("column1")).selectFrom(users.join(v, v.c("column2").eq(users.c("id"))));
 * }</pre>
 */
public final class UnnamedValues extends Alias {
    static final Traversal<UnnamedValues> TRAVERSAL = Traversal.of("unnamed_values",
            a -> new UnnamedValues((Values) a[0]),
            Attr.<UnnamedValues>clause("values", UnnamedValues::values).since(10));

    UnnamedValues(Values values) {
        super(values, null);
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitUnnamedValues(this);
    }

    /** The VALUES list. */
    public Values values() {
        return (Values) element();
    }

    @Override
    protected String describe() {
        return "unnamed VALUES";
    }
}
