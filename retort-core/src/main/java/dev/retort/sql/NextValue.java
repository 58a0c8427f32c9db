package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.TypeEngine;
import dev.retort.types.Types;

/**
 * A sequence's next value: SQLAlchemy's {@code next_value()} function, made by
 * {@code Sequence.nextValue()}. PostgreSQL writes {@code nextval('schema.name')}, MariaDB
 * {@code nextval(schema.name)}; SQLite and MySQL, which have no sequences, raise
 * {@code CompileException}. It carries the sequence's name, schema and type, so two next values
 * of one sequence are equal and key alike.
 *
 * <pre>{@code
 * select(new Sequence("s").nextValue());   // PostgreSQL: SELECT nextval('s') AS next_value_1
 * }</pre>
 *
 * @param <T> the Java type of the values
 */
public final class NextValue<T> extends ColumnElement<T> {
    static final Traversal<NextValue<?>> TRAVERSAL = Traversal.of("next_value",
            a -> new NextValue<>((String) a[0], (String) a[1], (TypeEngine<?>) a[2]),
            Attr.<NextValue<?>>struct("name", NextValue::sequenceName).since(12),
            Attr.<NextValue<?>>struct("schema", NextValue::sequenceSchema).since(12),
            Attr.<NextValue<?>>struct("type", NextValue::type).since(12));

    private final String name;
    private final String schema;
    private final TypeEngine<T> type;

    /** The next value of the sequence {@code schema.name}; {@code type} null is INTEGER. */
    @SuppressWarnings("unchecked")
    public NextValue(String name, String schema, TypeEngine<?> type) {
        if (name == null || name.isEmpty()) {
            throw new dev.retort.exc.ArgumentException("A sequence's next value needs the sequence's name");
        }
        this.name = name;
        this.schema = schema;
        this.type = (TypeEngine<T>) (type == null ? Types.INTEGER : type);
    }

    /** The sequence's name. */
    public String sequenceName() {
        return name;
    }

    /** The sequence's schema, or null. */
    public String sequenceSchema() {
        return schema;
    }

    @Override
    public TypeEngine<T> type() {
        return type;
    }

    @Override
    public String anonPrefix() {
        return "next_value";
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitNextValue(this);
    }
}
