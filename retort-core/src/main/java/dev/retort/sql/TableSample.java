package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;

/**
 * A table read by sampling, SQLAlchemy's {@code tablesample()}:
 * {@code people AS p TABLESAMPLE bernoulli(?) REPEATABLE (random())}. A sampling that is not a
 * function call is the percentage of {@code system(...)}, as SQLAlchemy takes it. PostgreSQL (and
 * the default dialect) write it; MySQL, MariaDB and SQLite have no TABLESAMPLE and refuse it with a
 * CompileException (SQLAlchemy writes it there and leaves the database to refuse it).
 *
 * <pre>{@code
 * TableSample p = people.tablesample(func("bernoulli", 10), "p", func("random"));
 * select(p.c("name")).selectFrom(p);
 * // SELECT p.name FROM people AS p TABLESAMPLE bernoulli(?) REPEATABLE (random())
 * }</pre>
 */
public final class TableSample extends Alias {
    static final Traversal<TableSample> TRAVERSAL = Traversal.of("tablesample",
            TableSample::loaded,
            Attr.<TableSample>clause("element", TableSample::element).since(19),
            Attr.<TableSample>struct("name", TableSample::name).since(19),
            Attr.<TableSample>clause("sampling", TableSample::sampling).since(19),
            Attr.<TableSample>optionalClause("seed", TableSample::seed).since(19));

    private final FunctionCall<?> sampling;
    private final ColumnElement<?> seed;

    TableSample(FromClause element, String name, FunctionCall<?> sampling, ColumnElement<?> seed) {
        super(element, name);
        if (sampling == null) {
            throw new dev.retort.exc.ArgumentException("TABLESAMPLE needs a sampling method or percentage");
        }
        this.sampling = sampling;
        this.seed = seed;
    }

    /** A TABLESAMPLE a document describes, each attribute checked: a document may put anything in any of them. */
    private static TableSample loaded(Object[] a) {
        String[] is = {"a FROM clause", "a string", "a function call", "a column or expression"};
        Class<?>[] types = {FromClause.class, String.class, FunctionCall.class, ColumnElement.class};
        String[] names = {"element", "name", "sampling", "seed"};
        for (int i = 0; i < names.length; i++) {
            if (a[i] != null && !types[i].isInstance(a[i])) {
                throw new dev.retort.exc.ArgumentException("tablesample's '" + names[i] + "' is " + is[i] + ", not " + a[i]);
            }
        }
        return new TableSample((FromClause) a[0], (String) a[1], (FunctionCall<?>) a[2], (ColumnElement<?>) a[3]);
    }

    /** {@code sampling} as the sampling method: a function call as given, another value as {@code system(value)}. */
    static FunctionCall<?> method(Object sampling) {
        return sampling instanceof FunctionCall<?> f ? f : sampling == null ? null : FunctionCall.of("system", sampling);
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    /** The sampling method: {@code system(10)}, {@code bernoulli(10)}. */
    public FunctionCall<?> sampling() {
        return sampling;
    }

    /** The REPEATABLE seed, or null. */
    public ColumnElement<?> seed() {
        return seed;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitTableSample(this);
    }
}
