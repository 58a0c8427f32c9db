package dev.retort.orm;

import dev.retort.exc.ArgumentException;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.SQL;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A {@link Composite} of a mapper, resolved: the attribute that holds the value object. Its
 * columns are column attributes of their own whose values live in the value object's fields
 * ({@link Part}), so loads and flushes handle them as any column; this property only names
 * them for queries ({@link #compare}).
 */
final class CompositeProp extends Prop {
    final List<ColumnProp> parts;
    final Composite<?> spec;

    CompositeProp(Mapper<?> mapper, String key, Composite<?> spec, List<ColumnProp> parts) {
        super(mapper, key, Accessor.of(mapper.mappedClass(), key), -1);
        if (accessor.fieldName() == null) {
            throw new ArgumentException(mapper.mappedClass().getName() + " has no field '" + key + "' for the composite " + spec.type().getSimpleName());
        }
        this.spec = spec;
        this.parts = List.copyOf(parts);
    }

    /**
     * {@code op} ({@code ColumnElement::eq}, {@code ::lt}, ...) column by column between the columns (as
     * {@code entity} selects them) and the fields of {@code value}, ANDed as the seeds do (for {@code !=} and
     * the orderings too); a null value compares each with NULL.
     */
    ColumnElement<Boolean> compare(Entity entity, Object value, BiFunction<ColumnElement<?>, Object, ColumnElement<Boolean>> op) {
        if (value != null && !spec.type().isInstance(value)) {
            throw new ArgumentException(this + " holds " + spec.type().getName() + " values, not " + value);
        }
        List<ColumnElement<Boolean>> out = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            ColumnElement<?> c = entity.attr(parts.get(i).key);
            Object v = value;
            for (Field f : spec.path(i)) {
                v = v == null ? null : read(f, v);
            }
            out.add(op.apply(c, v));
        }
        return SQL.and(out.toArray(ColumnElement[]::new));
    }

    /**
     * The value object of its columns' {@code values} (in order), as a load makes it: none when they are all NULL.
     * For a composite selected in a {@link Bundle}.
     */
    Object valueOf(Object[] values) {
        if (java.util.Arrays.stream(values).allMatch(java.util.Objects::isNull)) {
            return null;
        }
        Object whole = ((Part) parts.get(0).accessor).newValue();
        for (int i = 0; i < values.length; i++) {
            ((Part) parts.get(i).accessor).setIn(whole, values[i]);
        }
        return whole;
    }

    private static Object read(Field f, Object value) {
        try {
            f.setAccessible(true);
            return f.get(value);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ArgumentException("Cannot read " + f.getDeclaringClass().getName() + "." + f.getName() + ": open its package to dev.retort.orm", e);
        }
    }

    /**
     * Where the value of a composite's column lives: field {@code part} of the value object in
     * field {@code whole} of the instance. Setting a value makes the value object when there is
     * none; setting NULL then leaves it absent, so that a row whose columns are all NULL has none.
     */
    static final class Part extends Accessor {
        private final Accessor whole;
        private final Accessor part;
        private final Constructor<?> make;

        Part(Class<?> owner, String wholeKey, Composite<?> spec, int i) {
            this(Accessor.of(owner, wholeKey), spec.type(), inner(spec.type(), spec.path(i)));
        }

        /** {@code part} of the {@code type} value in {@code whole}. */
        private Part(Accessor whole, Class<?> type, Accessor part) {
            this.whole = whole;
            this.part = part;
            try {
                this.make = type.getDeclaredConstructor();
                make.setAccessible(true);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new ArgumentException("Composite " + type.getName() + " needs a no-argument constructor", e);
            }
        }

        /** The accessor of {@code path} in a {@code type} value: the field, or a part of the nested value it holds. */
        private static Accessor inner(Class<?> type, List<Field> path) {
            Accessor first = Accessor.of(type, path.get(0).getName());
            return path.size() == 1 ? first : new Part(first, path.get(0).getType(), inner(path.get(0).getType(), path.subList(1, path.size())));
        }

        /** Whether {@code value} is a value object of this composite. */
        boolean partOf(Object value) {
            return make.getDeclaringClass().isInstance(value);
        }

        /** A new, empty value object of the composite. */
        Object newValue() {
            try {
                return make.newInstance();
            } catch (ReflectiveOperationException e) {
                throw new ArgumentException("Cannot make a " + make.getDeclaringClass().getName() + ": " + e, e);
            }
        }

        /** Sets this column's value {@code v} in the value object {@code value} (making the nested value objects it passes). */
        void setIn(Object value, Object v) {
            part.set(value, null, v);
        }

        /** This column's value in the value object {@code value}. */
        Object valueIn(Object value) {
            return part.get(value, null);
        }

        @Override
        Object get(Object instance, InstanceState state) {
            Object w = whole.get(instance, state);
            return w == null ? null : part.get(w, null);
        }

        @Override
        Object set(Object instance, InstanceState state, Object value) {
            Object w = whole.get(instance, state);
            if (w == null) {
                if (value == null) {
                    return null;
                }
                w = newValue();
                whole.set(instance, state, w);
            }
            return part.set(w, null, value);
        }

        @Override
        java.lang.reflect.Type genericType() {
            return part.genericType();
        }

        /** {@code home.street}: no Java field name, so that no look-up by field name takes it for one of the instance's. */
        @Override
        String fieldName() {
            return whole.fieldName() + "." + part.fieldName();
        }
    }
}
