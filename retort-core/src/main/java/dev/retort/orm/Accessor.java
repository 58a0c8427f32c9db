package dev.retort.orm;

import dev.retort.exc.ArgumentException;
import dev.retort.types.TypeKind;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.function.Supplier;

/**
 * Reads and writes one mapped property of instances: a field of the class, read and written
 * directly (getters and setters are optional, and never called), or, when the class has no
 * field for a column, a value the session keeps for the instance.
 */
abstract class Accessor {
    /** The value of the property of {@code instance}; {@code state} is null for an instance no session knows. */
    abstract Object get(Object instance, InstanceState state);

    /**
     * Sets the property; values of a neighbouring Java type are converted to the field's type.
     * Returns what the property holds now (the converted value), which a load snapshots without reading the field back.
     */
    abstract Object set(Object instance, InstanceState state, Object value);

    /** The field's generic type, or null when the session keeps the value. */
    abstract java.lang.reflect.Type genericType();

    /** The field's name, or null when the session keeps the value. */
    abstract String fieldName();

    /**
     * The accessor of property {@code key} of {@code type}: the field named {@code key}, else the
     * field named as its camel case ({@code user_id} gives {@code userId}), else a value kept by
     * the session.
     */
    static Accessor of(Class<?> type, String key) {
        Field f = field(type, key);
        return f == null ? new Kept(key) : new FieldAccess(f);
    }

    /** The field of {@code type} behind property {@code key} (see {@link #of}), or null. */
    static Field field(Class<?> type, String key) {
        Field f = findField(type, key);
        return f == null ? findField(type, camelCase(key)) : f;
    }

    static String camelCase(String key) {
        StringBuilder out = new StringBuilder(key.length());
        boolean upper = false;
        for (char ch : key.toCharArray()) {
            if (ch == '_') {
                upper = out.length() > 0;
            } else {
                out.append(upper ? Character.toUpperCase(ch) : ch);
                upper = false;
            }
        }
        return out.toString();
    }

    private static Field findField(Class<?> type, String name) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getName().equals(name) && !Modifier.isStatic(f.getModifiers())) {
                    return f;
                }
            }
        }
        return null;
    }

    /** {@code value} as an instance of {@code target} (boxed), converting neighbouring types. */
    static Object convert(Object value, Class<?> target, String what) {
        return convert(value, target, boxed(target), () -> what);
    }

    /** {@link #convert(Object, Class, String)} with the boxed target worked out once; {@code what} is only needed for the error. */
    static Object convert(Object value, Class<?> target, Class<?> boxed, Supplier<String> what) {
        if (value == null || boxed.isInstance(value)) {
            return value;
        }
        TypeKind kind = TypeKind.forJavaType(boxed);
        if (kind == null) {
            throw new ArgumentException("Cannot assign a " + value.getClass().getName() + " (" + value + ") to " + what.get() + " of type " + target.getName());
        }
        return kind.coerce(value);
    }

    static Class<?> boxed(Class<?> type) {
        return MethodType.methodType(type).wrap().returnType();
    }

    /** A field, through method handles made once, called through {@link FieldHandles} (made once per mapped field). */
    private static final class FieldAccess extends Accessor {
        private final Field field;
        private final FieldHandles handles;
        /** Whether the field can be set: final fields (records) are set only through the constructor. */
        private final boolean settable;
        /** The field's type boxed: worked out once, as every loaded row sets the field. */
        private final Class<?> boxed;

        FieldAccess(Field field) {
            this.field = field;
            this.boxed = boxed(field.getType());
            this.settable = !Modifier.isFinal(field.getModifiers());
            try {
                MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(field.getDeclaringClass(), MethodHandles.lookup());
                MethodHandle getter = lookup.unreflectGetter(field).asType(MethodType.methodType(Object.class, Object.class));
                MethodHandle setter = settable ? lookup.unreflectSetter(field).asType(MethodType.methodType(void.class, Object.class, Object.class)) : null;
                handles = FieldHandles.of(getter, setter);
            } catch (IllegalAccessException e) {
                throw new ArgumentException("Cannot access field " + describe(field) + ": open its package to dev.retort.orm (" + e.getMessage() + ")", e);
            }
        }

        private static String describe(Field f) {
            return f.getDeclaringClass().getName() + "." + f.getName();
        }

        @Override
        Object get(Object instance, InstanceState state) {
            return handles.get(instance);
        }

        @Override
        Object set(Object instance, InstanceState state, Object value) {
            if (!settable) {
                throw new ArgumentException("Field " + describe(field) + " is final: the instance is mapped read-only");
            }
            if (value == null && field.getType().isPrimitive()) {
                // A primitive cannot hold NULL; it keeps its default.
                return get(instance, state);
            }
            // A value of the field's type (a loaded row's, nearly always) is set as it is, without the call that converts others.
            Object v = boxed.isInstance(value) ? value : convert(value, field.getType(), boxed, () -> "field " + describe(field));
            handles.set(instance, v);
            return v;
        }

        @Override
        java.lang.reflect.Type genericType() {
            return field.getGenericType();
        }

        @Override
        String fieldName() {
            return field.getName();
        }
    }

    /** A column the class has no field for: the session keeps its value with the instance's state. */
    private static final class Kept extends Accessor {
        private final String key;

        Kept(String key) {
            this.key = key;
        }

        @Override
        Object get(Object instance, InstanceState state) {
            return state == null ? null : state.kept(key);
        }

        @Override
        Object set(Object instance, InstanceState state, Object value) {
            state.keep(key, value);
            return value;
        }

        @Override
        java.lang.reflect.Type genericType() {
            return null;
        }

        @Override
        String fieldName() {
            return null;
        }
    }
}
