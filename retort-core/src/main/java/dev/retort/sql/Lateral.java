package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;

/**
 * A subquery that may refer to the FROM items before it, SQLAlchemy's {@code select.lateral()}:
 * {@code JOIN LATERAL (SELECT ... WHERE a.user_id = users.id LIMIT 1) AS first ON true}. The
 * tables of the enclosing SELECT that it refers to are correlated out of its own FROM list.
 * PostgreSQL and MySQL (8.0.14+) have it; SQLite and MariaDB refuse it with a CompileException.
 *
 * <pre>{@code
 * Lateral first = select(addresses.c("email")).where(addresses.c("user_id").eq(users.c("id")))
 *         .orderBy(addresses.c("id")).limit(1).lateral("first_address");
 * select(users.c("name"), first.c("email")).selectFrom(users.outerJoin(first, trueLiteral()));
 * }</pre>
 */
public final class Lateral extends Alias {
    static final Traversal<Lateral> TRAVERSAL = Traversal.of("lateral",
            a -> new Lateral((SelectBase) a[0], (String) a[1]),
            Attr.clause("element", Lateral::element),
            Attr.struct("name", Lateral::name));

    Lateral(SelectBase element, String name) {
        super(element, name);
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    /** The same LATERAL subquery under another name: {@code LATERAL (SELECT ...) AS name}. */
    @Override
    public Lateral alias(String name) {
        return new Lateral((SelectBase) element(), name);
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitLateral(this);
    }
}
