package dev.retort.types;

import dev.retort.dialect.Dialect;
import java.util.List;

/**
 * A PostgreSQL domain: a named base type with constraints ({@code CREATE DOMAIN year AS integer
 * CHECK (...)}). Values are the base type's; on PostgreSQL DDL names the domain, which
 * {@code MetaData.createAll} creates first when it does not exist, and elsewhere the base type.
 * Reflection returns domains as this type.
 *
 * <pre>{@code
 * Column.of("release_year", Types.domain("year", Types.INTEGER, "CHECK (VALUE >= 1901 AND VALUE <= 2155)"));
 * }</pre>
 *
 * @param <T> the base type's values
 */
public final class DomainType<T> extends TypeEngine<T> {
    private final String name;
    private final TypeEngine<T> baseType;
    private final String constraints;

    DomainType(String name, TypeEngine<T> baseType, String constraints) {
        if (name == null || name.isEmpty() || baseType == null) {
            throw new dev.retort.exc.ArgumentException("A domain needs a name and a base type");
        }
        this.name = name;
        this.baseType = baseType;
        this.constraints = constraints == null || constraints.isBlank() ? null : constraints.trim();
    }

    /** The domain's name. */
    public String name() {
        return name;
    }

    /** The type the domain constrains. */
    public TypeEngine<T> baseType() {
        return baseType;
    }

    /** The constraints as SQL ({@code NOT NULL CHECK (...)}), or null. */
    public String constraints() {
        return constraints;
    }

    @Override
    public Class<T> javaType() {
        return baseType.javaType();
    }

    @Override
    public String visitName() {
        return "DOMAIN";
    }

    @Override
    public List<Object> typeArguments() {
        return constraints == null ? List.of(name, baseType) : List.of(name, baseType, constraints);
    }

    @Override
    public TypeKind kind() {
        return baseType.kind();
    }

    @Override
    public boolean cacheOk() {
        return Boolean.TRUE.equals(baseType.cacheOkDeclared());
    }

    @Override
    protected T coerce(Object value) {
        return baseType.coerce(value);
    }

    @Override
    protected Object bindValue(T value, Dialect dialect) {
        return baseType.toJdbc(value, dialect);
    }

    @Override
    protected T resultValue(Object value, Dialect dialect) {
        return baseType.fromJdbc(value, dialect);
    }
}
