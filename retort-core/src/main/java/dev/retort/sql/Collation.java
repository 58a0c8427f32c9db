package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.TypeEngine;
import dev.retort.types.Types;

/**
 * A collation named with its schema, the right side of
 * {@link ColumnElement#collate(String, String) x COLLATE schema.name} (PostgreSQL keeps
 * collations in schemas); both names are quoted where they need it, as identifiers are. It refers
 * to no table, so it adds nothing to a FROM clause.
 */
public final class Collation extends ColumnElement<Object> {
    static final Traversal<Collation> TRAVERSAL = Traversal.of("collation",
            a -> new Collation((String) a[0], (String) a[1]),
            Attr.<Collation>struct("name", Collation::name).since(10),
            Attr.<Collation>struct("schema", Collation::schema).since(10));

    private final String name;
    private final String schema;

    Collation(String name, String schema) {
        if (name == null || name.isEmpty() || schema == null || schema.isEmpty()) {
            throw new dev.retort.exc.ArgumentException("A schema-qualified collation needs a name and a schema");
        }
        this.name = Identifiers.check(name, "collation");
        this.schema = Identifiers.check(schema, "collation schema");
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitCollation(this);
    }

    /** The collation's name. */
    public String name() {
        return name;
    }

    /** The schema that holds it. */
    public String schema() {
        return schema;
    }

    @Override
    public TypeEngine<Object> type() {
        return Types.NULLTYPE;
    }
}
