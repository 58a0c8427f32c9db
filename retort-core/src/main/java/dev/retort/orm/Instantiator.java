package dev.retort.orm;

import dev.retort.exc.ArgumentException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.List;

/**
 * Makes instances of a mapped class: a plain class through its no-argument constructor (the
 * loader then sets its fields), a record through its canonical constructor from all its values
 * at once (records are mapped read-only).
 */
final class Instantiator {
    private final Class<?> type;
    private final MethodHandle constructor;
    /**
     * For a plain class: the no-argument constructor as the getter of a {@link FieldHandles} (its argument
     * ignored), a constant there that the JIT compiler inlines; invoked from this object's field, the
     * handle ran through shared adapter frames for every instance a load made.
     */
    private final FieldHandles plain;
    /** For a record: the property behind each component, in order; null for a plain class. */
    private final Prop[] components;
    private final Class<?>[] componentTypes;

    private Instantiator(Class<?> type, MethodHandle constructor, Prop[] components, Class<?>[] componentTypes) {
        this.type = type;
        this.constructor = constructor;
        this.plain = components == null ? FieldHandles.of(MethodHandles.dropArguments(constructor, 0, Object.class), null) : null;
        this.components = components;
        this.componentTypes = componentTypes;
    }

    static Instantiator of(Class<?> type, List<? extends Prop> props) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
            if (!type.isRecord()) {
                MethodHandle ctor = lookup.findConstructor(type, MethodType.methodType(void.class)).asType(MethodType.methodType(Object.class));
                return new Instantiator(type, ctor, null, null);
            }
            RecordComponent[] rc = type.getRecordComponents();
            Class<?>[] types = new Class<?>[rc.length];
            Prop[] components = new Prop[rc.length];
            for (int i = 0; i < rc.length; i++) {
                types[i] = rc[i].getType();
                for (Prop p : props) {
                    if (rc[i].getName().equals(p.accessor.fieldName())) {
                        components[i] = p;
                    }
                }
                if (components[i] == null) {
                    throw new ArgumentException("Record " + type.getName() + " has a component '" + rc[i].getName()
                            + "' that no column or column property of its table maps to");
                }
            }
            MethodHandle ctor = lookup.findConstructor(type, MethodType.methodType(void.class, types))
                    .asSpreader(Object[].class, types.length).asType(MethodType.methodType(Object.class, Object[].class));
            return new Instantiator(type, ctor, components, types);
        } catch (NoSuchMethodException e) {
            throw new ArgumentException("Mapped class " + type.getName() + " needs a constructor without arguments", e);
        } catch (IllegalAccessException e) {
            throw new ArgumentException("Cannot construct " + type.getName() + ": open its package to dev.retort.orm (" + e.getMessage() + ")", e);
        }
    }

    /** Whether instances are records, built whole and never changed. */
    boolean isRecord() {
        return components != null;
    }

    /** A new instance; a record's components come from {@code values}, indexed by property (a plain class takes none: null will do). */
    Object create(Object[] values) {
        try {
            if (plain != null) {
                return plain.get(null);
            }
            Object[] args = new Object[components.length];
            for (int i = 0; i < args.length; i++) {
                Object v = values[components[i].index];
                if (v == null && componentTypes[i].isPrimitive()) {
                    throw new ArgumentException("Record " + type.getName() + ": " + components[i] + " is NULL, which its primitive component cannot hold");
                }
                args[i] = Accessor.convert(v, componentTypes[i], "component " + components[i].key);
            }
            return constructor.invokeExact(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new ArgumentException("Constructing " + type.getName() + " failed: " + t, t);
        }
    }
}
