package dev.retort.schema;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.JdbcBinder;
import dev.retort.dialect.SqlCompiler;

/** A registered third-party dialect that declares no construct arguments, so accepts any unchecked. */
public final class LooseDialect extends Dialect {
    @Override
    public String name() {
        return "loose";
    }

    @Override
    public SqlCompiler newCompiler() {
        throw new UnsupportedOperationException("only its name and declarations are used");
    }

    @Override
    public JdbcBinder jdbcBinder() {
        throw new UnsupportedOperationException("only its name and declarations are used");
    }
}
