package dev.retort.codegen;

import dev.retort.dialect.Dialect;
import dev.retort.types.ArrayType;
import dev.retort.types.DomainType;
import dev.retort.types.EnumType;
import dev.retort.types.NamedType;
import dev.retort.types.SqlType;
import dev.retort.types.TypeEngine;
import dev.retort.types.TypeKind;
import dev.retort.types.Types;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A reflected type as Java source: the expression that builds it ({@code Types.string(50)}) and
 * the Java type of its values ({@code String}), for {@code Column<String> NAME = Column.of("name", Types.string(50))}.
 */
final class TypeSource {
    /** The {@code Types} constants by value, found once: a new constant needs no change here. */
    private static final Map<TypeEngine<?>, String> CONSTANTS = constants();

    /** The {@code Types} factories of a float, time or timestamp with a precision, by kind. */
    private static final Map<TypeKind, String> PRECISE = Map.of(TypeKind.FLOAT, "floatType", TypeKind.TIME, "time",
            TypeKind.DATETIME, "datetime", TypeKind.TIMESTAMP, "timestamp");

    private TypeSource() {
    }

    private static Map<TypeEngine<?>, String> constants() {
        Map<TypeEngine<?>, String> out = new LinkedHashMap<>();
        for (Field f : Types.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && TypeEngine.class.isAssignableFrom(f.getType())) {
                try {
                    out.putIfAbsent((TypeEngine<?>) f.get(null), "Types." + f.getName());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }

    /** The expression that builds {@code type}; a type Retort cannot rebuild from source is named by its DDL in {@code dialect}. */
    static String expression(TypeEngine<?> type, Dialect dialect) {
        String constant = CONSTANTS.get(type);
        if (constant != null) {
            return constant;
        }
        if (!type.variants().isEmpty()) {
            // a reflected column's own spelling (UNSIGNED, a collation, ...) is its variant: nothing may be lost
            String typed = withVariants(type, dialect);
            return typed != null ? typed : named(dialect.name(), dialect.typeDdl(type), type.kind());
        }
        if (type instanceof SqlType<?> s && s.kind() == TypeKind.STRING && s.length() != null) {
            return "Types.string(" + s.length() + ")";
        }
        if (type instanceof SqlType<?> s && s.kind() == TypeKind.NUMERIC && s.precision() != null) {
            return "Types.numeric(" + s.precision() + ", " + s.scale() + ")";
        }
        if (type instanceof SqlType<?> s && s.precision() != null && PRECISE.containsKey(s.kind())) {
            return "Types." + PRECISE.get(s.kind()) + "(" + s.precision() + ")";
        }
        if (type instanceof EnumType<?> e && e.javaType() == String.class) {
            StringBuilder sb = new StringBuilder("Types.enumOf(").append(e.name() == null ? "(String) null" : JavaNames.literal(e.name()));
            e.labels().forEach(l -> sb.append(", ").append(JavaNames.literal(l)));
            sb.append(')');
            if (e.schema() != null) {
                sb.append(".schema(").append(JavaNames.literal(e.schema())).append(')');
            }
            sb.append(e.isCreateType() ? "" : ".createType(false)").append(e.isNativeEnum() ? "" : ".nativeEnum(false)");
            // a length given (even the longest label's) compares apart from the default one
            sb.append(e.length() == null ? ".length(null)" : e.equals(e.length(e.length())) ? ".length(" + e.length() + ")" : "");
            return sb.append(e.isCreateConstraint() ? ".createConstraint(true)" : "").toString();
        }
        if (type instanceof ArrayType<?> a) {
            return "Types.array(" + expression(a.elementType(), dialect) + ")" + (a.dimensions() == null ? "" : ".dimensions(" + a.dimensions() + ")")
                    + (a.isZeroIndexes() ? ".zeroIndexes(true)" : "");
        }
        if (type instanceof DomainType<?> d) {
            return domain(d, dialect);
        }
        if (type instanceof NamedType<?> n) {
            return named(n.dialectName(), n.name(), n.kind());
        }
        return named(dialect.name(), dialect.typeDdl(type), type.kind());
    }

    /**
     * {@code Types.BIGINT.withVariant(Types.named("mysql", "int(10) unsigned", Types.BIGINT), "mysql")}: the generic
     * type, so the column keeps its Java type and other databases their type, with each variant
     * named by its DDL; null when a variant is no named type of the generic type's values.
     */
    private static String withVariants(TypeEngine<?> type, Dialect dialect) {
        TypeEngine<?> generic = type.asGeneric();
        String base = expression(generic, dialect);
        if (base.startsWith("Types.named(")) {
            return null;   // its values are TypeEngine<?>: a variant of them cannot be written with their type
        }
        StringBuilder sb = new StringBuilder(base);
        for (Map.Entry<String, ? extends TypeEngine<?>> v : new java.util.TreeMap<>(type.variants()).entrySet()) {
            if (!(v.getValue() instanceof NamedType<?> n) || n.kind() != generic.kind() || !v.getValue().variants().isEmpty()) {
                return null;
            }
            sb.append(".withVariant(Types.named(").append(JavaNames.literal(n.dialectName())).append(", ").append(JavaNames.literal(n.name()))
                    .append(", ").append(base).append("), ").append(JavaNames.literal(v.getKey())).append(')');
        }
        return sb.toString();
    }

    /** {@code Types.domain(name, base, constraints)} and each option the domain has, in the order its DDL writes them. */
    private static String domain(DomainType<?> d, Dialect dialect) {
        StringBuilder sb = new StringBuilder("Types.domain(").append(JavaNames.literal(d.name())).append(", ").append(expression(d.baseType(), dialect))
                .append(", ").append(d.constraints() == null ? "null" : JavaNames.literal(d.constraints())).append(')');
        option(sb, "schema", d.schema());
        if (d.collation() != null) {
            sb.append(".collation(").append(d.collationSchema() == null ? "" : JavaNames.literal(d.collationSchema()) + ", ")
                    .append(JavaNames.literal(d.collation())).append(')');
        }
        if (d.defaultSql() != null) {
            sb.append(".defaultValue(dev.retort.sql.SQL.text(").append(JavaNames.literal(d.defaultSql())).append("))");
        }
        option(sb, "constraintName", d.constraintName());
        sb.append(d.isNotNull() ? ".notNull(true)" : "");
        option(sb, "check", d.check());
        return sb.append(d.isCreateType() ? "" : ".createType(false)").toString();
    }

    /** {@code .name("value")} when the value is set. */
    private static void option(StringBuilder sb, String name, String value) {
        if (value != null) {
            sb.append('.').append(name).append('(').append(JavaNames.literal(value)).append(')');
        }
    }

    private static String named(String dialectName, String ddl, TypeKind kind) {
        String args = "Types.named(" + JavaNames.literal(dialectName) + ", " + JavaNames.literal(ddl);
        return kind == TypeKind.OTHER ? args + ")" : args + ", dev.retort.types.TypeKind." + kind.name() + ")";
    }

    /** The Java type of the values, as a type argument: {@code String}, {@code java.math.BigDecimal}, {@code java.util.List<Integer>}. */
    static String javaType(TypeEngine<?> type, Dialect dialect) {
        if (type instanceof ArrayType<?> a) {
            return "java.util.List<" + javaType(a.elementType(), dialect) + ">";
        }
        String expression = expression(type, dialect);
        if (expression.startsWith("Types.named(")) {
            // Types.named(dialect, ddl) holds text; with a kind it is a TypeEngine<?>.
            return expression.contains("TypeKind.") ? "?" : "String";
        }
        String name = type.javaType().getCanonicalName();
        return name.startsWith("java.lang.") && name.indexOf('.', 10) < 0 ? name.substring(10) : name;
    }
}
