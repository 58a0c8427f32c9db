package dev.retort.schema;

import dev.retort.dialect.ConstructArguments;
import dev.retort.dialect.Dialect;
import dev.retort.dialect.JdbcBinder;
import dev.retort.dialect.SqlCompiler;

/**
 * A third-party dialect as a user would write one: registered in
 * {@code META-INF/services/dev.retort.dialect.Dialect}, declaring its own construct arguments and
 * honouring them in its DDL, including one that {@link DialectKwArgs#argumentFor} may add.
 */
public final class AcmeDialect extends Dialect {
    private static final ConstructArguments ARGUMENTS = ConstructArguments.builder()
            .on(Index.class).arg("fillfactor", 90)
            .on(Constraint.class).arg("deferrable", false)
            .on(Table.class).arg("compress", false)
            .build();
    private static final JdbcBinder BINDER = new JdbcBinder();

    @Override
    public String name() {
        return "acme";
    }

    @Override
    public SqlCompiler newCompiler() {
        return new AcmeCompiler(this);
    }

    @Override
    public JdbcBinder jdbcBinder() {
        return BINDER;
    }

    @Override
    public ConstructArguments constructArguments() {
        return ARGUMENTS;
    }

    /** Writes Acme's options; {@code acme_length} only once someone declared it. */
    static final class AcmeCompiler extends SqlCompiler {
        AcmeCompiler(Dialect d) {
            super(d);
        }

        @Override
        protected String indexOptions(Index ix) {
            Object length = option(ix, "length");
            return " FILLFACTOR " + option(ix, "fillfactor", Integer.class) + (length == null ? "" : " LENGTH " + length);
        }

        @Override
        protected String tableOptions(Table t) {
            return Boolean.TRUE.equals(option(t, "compress", Boolean.class)) ? " COMPRESSED" : "";
        }
    }
}
