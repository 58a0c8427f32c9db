package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.Traversal;
import dev.retort.types.DomainType;

/**
 * PostgreSQL's {@code CREATE DOMAIN} for a domain type; SQLAlchemy's {@code postgresql.CreateDomainType}.
 * {@code MetaData.createAll} creates the domains its tables use before them (and {@code dropAll}
 * drops them after), so this is for migrations and scripts. Other dialects, which have no
 * domains, refuse it with {@code CompileException}.
 *
 * <pre>{@code
 * conn.execute(new CreateDomainType(Types.domain("positive", Types.INTEGER).notNull(true).check("VALUE > 0")));
 * // CREATE DOMAIN positive AS INTEGER NOT NULL CHECK (VALUE > 0)
 * conn.execute(new DropDomainType(Types.domain("positive", Types.INTEGER)));   // DROP DOMAIN positive
 * }</pre>
 */
public final class CreateDomainType extends DomainTypeStatement {
    static final Traversal<CreateDomainType> TRAVERSAL = Traversal.identity("create_domain_type");

    public CreateDomainType(DomainType<?> type) {
        super(type, "CREATE DOMAIN");
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitCreateDomainType(this);
    }
}
