package dev.retort.types;

import dev.retort.dialect.Dialect;
import java.util.List;

/**
 * A PostgreSQL domain: a named base type with constraints ({@code CREATE DOMAIN year AS integer
 * CHECK (...)}); SQLAlchemy's {@code postgresql.DOMAIN}. Values are the base type's; on PostgreSQL
 * DDL names the domain, which {@code MetaData.createAll} creates first when it does not exist
 * (unless {@link #createType(boolean) createType(false)}), and elsewhere the base type.
 * {@code CreateDomainType} / {@code DropDomainType} write its DDL on their own. Reflection returns
 * domains as this type, their constraints as one text. Immutable: each option returns a copy.
 *
 * <pre>{@code
 * Column.of("release_year", Types.domain("year", Types.INTEGER, "CHECK (VALUE >= 1901 AND VALUE <= 2155)"));
 * Types.domain("code", Types.TEXT).schema("app").collation("C").defaultValue("x").constraintName("ck_code").notNull(true)
 *         .check("VALUE <> ''");
 * // CREATE DOMAIN app.code AS TEXT COLLATE "C" DEFAULT 'x' CONSTRAINT ck_code NOT NULL CHECK (VALUE <> '')
 * }</pre>
 *
 * @param <T> the base type's values
 */
public final class DomainType<T> extends TypeEngine<T> {
    private final String name;
    private final TypeEngine<T> baseType;
    private final String constraints;
    private final Options options;

    /**
     * The options SQLAlchemy's DOMAIN takes, each null when not set: written in this order after
     * {@code AS type}, then {@link #constraints()}.
     */
    private record Options(String schema, String collationSchema, String collation, String defaultSql, String constraintName,
            boolean notNull, String check, boolean createType) {
        static final Options NONE = new Options(null, null, null, null, null, false, null, true);
    }

    DomainType(String name, TypeEngine<T> baseType, String constraints) {
        this(name, baseType, constraints, Options.NONE);
    }

    private DomainType(String name, TypeEngine<T> baseType, String constraints, Options options) {
        if (name == null || name.isEmpty() || baseType == null) {
            throw new dev.retort.exc.ArgumentException("A domain needs a name and a base type");
        }
        this.name = name;
        this.baseType = baseType;
        this.constraints = constraints == null || constraints.isBlank() ? null : constraints.trim();
        this.options = options;
    }

    private DomainType<T> with(Options o) {
        return new DomainType<>(name, baseType, constraints, o);
    }

    /** The domain's name. */
    public String name() {
        return name;
    }

    /** The type the domain constrains. */
    public TypeEngine<T> baseType() {
        return baseType;
    }

    /** Constraints given as SQL ({@code NOT NULL CHECK (...)}, as reflection reads them), or null. */
    public String constraints() {
        return constraints;
    }

    /** The domain in {@code schema} ({@code CREATE DOMAIN schema.name}). */
    public DomainType<T> schema(String value) {
        Options o = options;
        return with(new Options(value, o.collationSchema, o.collation, o.defaultSql, o.constraintName, o.notNull, o.check, o.createType));
    }

    /** The schema, or null for the connection's. */
    public String schema() {
        return options.schema;
    }

    /** {@code COLLATE name}. */
    public DomainType<T> collation(String value) {
        return collation(null, value);
    }

    /** {@code COLLATE schema.name}. */
    public DomainType<T> collation(String schema, String value) {
        if (schema != null && value == null) {
            throw new dev.retort.exc.ArgumentException("A domain's collation schema needs a collation");
        }
        Options o = options;
        return with(new Options(o.schema, schema, value, o.defaultSql, o.constraintName, o.notNull, o.check, o.createType));
    }

    /** The collation's schema, or null. */
    public String collationSchema() {
        return options.collationSchema;
    }

    /** The collation, or null. */
    public String collation() {
        return options.collation;
    }

    /**
     * {@code DEFAULT value}: a String (a string literal), a number or boolean, or SQL as
     * {@code text("11")}, as SQLAlchemy's {@code default=}.
     */
    public DomainType<T> defaultValue(Object value) {
        String sql;
        if (value instanceof dev.retort.sql.TextClause t) {
            sql = t.text();
        } else if (value instanceof String s) {
            // E'...' where there is a backslash: one literal whether standard_conforming_strings is on or off
            String quoted = "'" + s.replace("'", "''") + "'";
            sql = s.indexOf('\\') < 0 ? quoted : "E" + quoted.replace("\\", "\\\\");
        } else if (value instanceof Number || value instanceof Boolean) {
            sql = value.toString();
        } else {
            throw new dev.retort.exc.ArgumentException("A domain's default is a String, a number, a boolean or text(), got " + value);
        }
        Options o = options;
        return with(new Options(o.schema, o.collationSchema, o.collation, sql, o.constraintName, o.notNull, o.check, o.createType));
    }

    /** The default as SQL, or null. */
    public String defaultSql() {
        return options.defaultSql;
    }

    /** {@code CONSTRAINT name}: the name of the NOT NULL and CHECK that follow. */
    public DomainType<T> constraintName(String value) {
        Options o = options;
        return with(new Options(o.schema, o.collationSchema, o.collation, o.defaultSql, value, o.notNull, o.check, o.createType));
    }

    /** The constraint's name, or null. */
    public String constraintName() {
        return options.constraintName;
    }

    /** {@code NOT NULL} (true). */
    public DomainType<T> notNull(boolean value) {
        Options o = options;
        return with(new Options(o.schema, o.collationSchema, o.collation, o.defaultSql, o.constraintName, value, o.check, o.createType));
    }

    /** Whether the domain is NOT NULL by an option. */
    public boolean isNotNull() {
        return options.notNull;
    }

    /** {@code CHECK (condition)}, the condition SQL over {@code VALUE}. */
    public DomainType<T> check(String condition) {
        Options o = options;
        return with(new Options(o.schema, o.collationSchema, o.collation, o.defaultSql, o.constraintName, o.notNull, condition, o.createType));
    }

    /** The CHECK's condition, or null. */
    public String check() {
        return options.check;
    }

    /**
     * Whether {@code MetaData.createAll} / {@code dropAll} create and drop the domain with the
     * tables (default true); false for one managed elsewhere, as SQLAlchemy's {@code create_type=False}.
     */
    public DomainType<T> createType(boolean value) {
        Options o = options;
        return with(new Options(o.schema, o.collationSchema, o.collation, o.defaultSql, o.constraintName, o.notNull, o.check, value));
    }

    /** Whether {@code createAll} / {@code dropAll} create and drop the domain. */
    public boolean isCreateType() {
        return options.createType;
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
        List<Object> args = new java.util.ArrayList<>(constraints == null ? List.of(name, baseType) : List.of(name, baseType, constraints));
        if (!options.equals(Options.NONE)) {
            args.add(options.toString());
        }
        return args;
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
