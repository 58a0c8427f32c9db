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
            // a reflected column's own spelling (UNSIGNED, a collation, ...) is its variant: named by it, nothing lost
            return named(dialect.name(), dialect.typeDdl(type), type.kind());
        }
        if (type instanceof SqlType<?> s && s.kind() == TypeKind.STRING && s.length() != null) {
            return "Types.string(" + s.length() + ")";
        }
        if (type instanceof SqlType<?> s && s.kind() == TypeKind.NUMERIC && s.precision() != null) {
            return "Types.numeric(" + s.precision() + ", " + s.scale() + ")";
        }
        if (type instanceof EnumType<?> e && e.javaType() == String.class) {
            StringBuilder sb = new StringBuilder("Types.enumOf(").append(JavaNames.literal(e.name()));
            e.labels().forEach(l -> sb.append(", ").append(JavaNames.literal(l)));
            return sb.append(')').toString();
        }
        if (type instanceof ArrayType<?> a) {
            return "Types.array(" + expression(a.elementType(), dialect) + ")";
        }
        if (type instanceof DomainType<?> d) {
            return "Types.domain(" + JavaNames.literal(d.name()) + ", " + expression(d.baseType(), dialect) + ", "
                    + (d.constraints() == null ? "null" : JavaNames.literal(d.constraints())) + ")";
        }
        if (type instanceof NamedType<?> n) {
            return named(n.dialectName(), n.name(), n.kind());
        }
        return named(dialect.name(), dialect.typeDdl(type), type.kind());
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
