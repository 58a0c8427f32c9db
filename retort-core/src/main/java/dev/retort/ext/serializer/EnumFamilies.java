package dev.retort.ext.serializer;

import dev.retort.sql.CompoundSelect;
import dev.retort.sql.Operator;
import dev.retort.sql.Over;
import java.util.Map;

/** The enums of the expression language, by the short family name the formats write. */
final class EnumFamilies {
    private static final Map<String, Class<? extends Enum<?>>> BY_NAME = Map.of(
            "operator", Operator.class,
            "frame_unit", Over.FrameUnit.class,
            "frame_bound", Over.BoundKind.class,
            "compound", CompoundSelect.Kind.class);
    private static final Map<Class<?>, String> BY_CLASS = Map.of(
            Operator.class, "operator",
            Over.FrameUnit.class, "frame_unit",
            Over.BoundKind.class, "frame_bound",
            CompoundSelect.Kind.class, "compound");

    private EnumFamilies() {
    }

    static String familyOf(Enum<?> e) {
        return BY_CLASS.get(e.getDeclaringClass());
    }

    /** The constant, or null when the family or the constant is unknown. */
    static Object constant(String family, String name) {
        Class<? extends Enum<?>> type = BY_NAME.get(family);
        if (type == null) {
            return null;
        }
        for (Enum<?> c : type.getEnumConstants()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }
}
