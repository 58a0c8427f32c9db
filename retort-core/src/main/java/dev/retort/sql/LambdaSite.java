package dev.retort.sql;

import dev.retort.exc.RetortException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One lambda call site: the class the JVM spins for a serializable lambda expression, and what
 * its {@link SerializedLambda} says (the implementation method, the captured variables). Every
 * evaluation of the expression gives an instance of the same class, so the site is found
 * through the class; the captured values are read from each instance: through its serialized
 * form on the first call, and from then on straight from its fields when the first call showed
 * that the fields hold the same values in the same order (the serialized form is a new object
 * with a copy of the values on every call, a visible share of a cached lambda statement).
 *
 * <p>The site also remembers which captured variables its analysis found not to be bound
 * values ({@link #demote}): those enter the cache key by value from then on. The proof from
 * the bytecode ({@link LambdaProof}) demotes its unproven variables before the first call is
 * keyed; the probes of {@link LambdaRecord} demote the others they find.
 */
final class LambdaSite {
    private static final Logger LOG = LoggerFactory.getLogger(LambdaSite.class);

    private static final ClassValue<LambdaSite> SITES = new ClassValue<>() {
        @Override
        protected LambdaSite computeValue(Class<?> type) {
            return new LambdaSite(type);
        }
    };

    private final Class<?> type;
    /** {@code writeReplace} as {@code (Object)Object}; null when the function is not a serializable lambda. */
    private final MethodHandle writeReplace;
    /**
     * Reads an instance's captured fields into a new array, {@code (Object)Object[]}, in the
     * order of the serialized form's captured arguments as the JDK's lambda classes name them
     * ({@code arg$1}, {@code arg$2}, ...); null when the class is not laid out so.
     */
    private final MethodHandle fieldReader;
    /** Whether the captured primitive fields are, for comparing the two ways of reading them. */
    private final boolean[] primitive;
    /** Whether {@link #fieldReader} is used: set once the first call found it reads what the serialized form says. */
    private volatile boolean fieldsVerified;
    private volatile Implementation implementation;
    private volatile boolean[] byValue = new boolean[0];
    /** The record this site's last call found, with what it was found for (see {@link LambdaRecord#of}); replaced whole. */
    volatile Last last;

    /** A record, and the parent record and key part of the call that found it. */
    record Last(LambdaRecord parent, java.util.List<Object> part, LambdaRecord record) {
    }

    private LambdaSite(Class<?> type) {
        this.type = type;
        this.writeReplace = writeReplace(type);
        Field[] fields = this.writeReplace == null ? null : capturedFields(type);
        this.fieldReader = fields == null ? null : fieldReader(fields);
        this.primitive = new boolean[fields == null ? 0 : fields.length];
        for (int i = 0; i < primitive.length; i++) {
            primitive[i] = fields[i].getType().isPrimitive();
        }
    }

    /**
     * The site found last: a call site usually runs call after call, and comparing its class is
     * cheaper than the {@link ClassValue} look-up. Replaced whole; any thread's is correct.
     */
    private static volatile LambdaSite lastSite;

    /** The site of a function object. */
    static LambdaSite of(Object fn) {
        Class<?> type = fn.getClass();
        LambdaSite last = lastSite;
        if (last != null && last.type == type) {
            return last;
        }
        LambdaSite site = SITES.get(type);
        lastSite = site;
        return site;
    }

    /**
     * Whether the site can be analysed: the function is a serializable lambda whose class
     * Retort may read (its module is open to Retort, as the class path always is).
     */
    boolean analysable() {
        return writeReplace != null;
    }

    /** The values {@code fn}, an instance of this site's class, captured. */
    Object[] captured(Object fn) {
        if (fieldsVerified) {
            return readFields(fn);
        }
        SerializedLambda lambda;
        try {
            lambda = (SerializedLambda) writeReplace.invokeExact(fn);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        if (implementation == null) {
            Implementation impl = new Implementation(type, lambda);
            if (!impl.unproven.isEmpty()) {
                // Keyed by value before any thread sees the implementation, so no call tracks them.
                demote(impl.unproven);
            }
            implementation = impl;
        }
        Object[] args = new Object[lambda.getCapturedArgCount()];
        for (int i = 0; i < args.length; i++) {
            args[i] = lambda.getCapturedArg(i);
        }
        if (fieldReader != null && sameValues(args, readFields(fn))) {
            fieldsVerified = true;
        }
        return args;
    }

    /** Whether the captured values are read from the fields now (for tests). */
    boolean readsFields() {
        return fieldsVerified;
    }

    private Object[] readFields(Object fn) {
        try {
            return (Object[]) fieldReader.invokeExact(fn);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Whether the fields read what the serialized form gave: the same objects, or equal boxes of primitive fields. */
    private boolean sameValues(Object[] serialized, Object[] fields) {
        if (serialized.length != fields.length) {
            return false;
        }
        for (int i = 0; i < fields.length; i++) {
            if (serialized[i] != fields[i] && !(primitive[i] && serialized[i].equals(fields[i]))) {
                return false;
            }
        }
        return true;
    }

    /** Where the lambda's code is, for messages: {@code com.example.Dao.lambda$find$0}. */
    String description() {
        return implementation.description;
    }

    /** The source name of captured variable {@code i} ({@code this} for the enclosing instance), or null. */
    String variableName(int i) {
        return implementation.names[i];
    }

    /** Whether the analysis found that captured variable {@code i} is not a bound value. */
    boolean byValue(int i) {
        boolean[] b = byValue;
        return i < b.length && b[i];
    }

    /** Marks captured variables as keyed by value from now on. */
    synchronized void demote(Set<Integer> variables) {
        boolean[] b = Arrays.copyOf(byValue, Math.max(byValue.length, variables.stream().mapToInt(i -> i + 1).max().orElse(0)));
        variables.forEach(i -> b[i] = true);
        byValue = b;
    }

    /** The mutable fields the lambda's code reads, which key its statements by value; null when it reads none. */
    LambdaFields fields() {
        return implementation.fields;
    }

    /** Whether {@link #invoke} can run the lambda's code with values other than the captured ones. */
    boolean invocable() {
        return implementation.method != null;
    }

    /** The declared type of captured variable {@code i}. */
    Class<?> declaredType(int i) {
        return implementation.parameterTypes[i];
    }

    /**
     * Runs the lambda's code with {@code captured} in place of the captured values, and
     * {@code input} as its argument when it takes one.
     */
    Object invoke(Object[] captured, Object input) {
        Implementation impl = implementation;
        Object[] all = input == null ? captured : Arrays.copyOf(captured, captured.length + 1);
        if (input != null) {
            all[captured.length] = input;
        }
        try {
            if (impl.isStatic) {
                return impl.method.invoke(null, all);
            }
            return impl.method.invoke(all[0], Arrays.copyOfRange(all, 1, all.length));
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new RetortException("The lambda " + impl.description + " failed: " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("The lambda " + impl.description + " was made accessible", e);
        }
    }

    private static MethodHandle writeReplace(Class<?> type) {
        try {
            Method m = type.getDeclaredMethod("writeReplace");
            m.setAccessible(true);
            return MethodHandles.lookup().unreflect(m).asType(MethodType.methodType(SerializedLambda.class, Object.class));
        } catch (NoSuchMethodException e) {
            return null;
        } catch (IllegalAccessException | RuntimeException e) {
            LOG.warn("Cannot read the captured variables of lambda class {} ({}); its lambda statements run without caching. "
                    + "Open its package to Retort's module to cache them.", type.getName(), e.toString());
            return null;
        }
    }

    /**
     * The instance fields of a JDK lambda class in the order of its captured arguments: named
     * {@code arg$1} to {@code arg$n}, as the JDK's lambda factory names them. Null for any other
     * layout, or when the fields cannot be made readable.
     */
    private static Field[] capturedFields(Class<?> type) {
        if (!type.isSynthetic()) {
            return null;
        }
        Field[] own = Arrays.stream(type.getDeclaredFields()).filter(f -> !Modifier.isStatic(f.getModifiers())).toArray(Field[]::new);
        Field[] ordered = new Field[own.length];
        for (Field f : own) {
            int i = argumentIndex(f.getName());
            if (i < 0 || i >= ordered.length || ordered[i] != null) {
                return null;
            }
            ordered[i] = f;
        }
        try {
            for (Field f : ordered) {
                f.setAccessible(true);
            }
        } catch (RuntimeException e) {
            return null;
        }
        return ordered;
    }

    /** {@code k - 1} for a field named {@code arg$k}, else -1. */
    private static int argumentIndex(String name) {
        if (!name.startsWith("arg$")) {
            return -1;
        }
        try {
            return Integer.parseInt(name.substring(4)) - 1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** One handle reading {@code fields} of an instance into a new {@code Object[]}: {@code (Object)Object[]}. */
    private static MethodHandle fieldReader(Field[] fields) {
        try {
            MethodHandle[] getters = new MethodHandle[fields.length];
            for (int i = 0; i < fields.length; i++) {
                getters[i] = MethodHandles.lookup().unreflectGetter(fields[i]).asType(MethodType.methodType(Object.class, Object.class));
            }
            MethodHandle collect = MethodHandles.identity(Object[].class).asCollector(Object[].class, fields.length);
            MethodHandle all = MethodHandles.filterArguments(collect, 0, getters);
            // Every getter reads the same instance: the one argument feeds them all.
            return MethodHandles.permuteArguments(all, MethodType.methodType(Object[].class, Object.class), new int[fields.length]);
        } catch (IllegalAccessException | RuntimeException e) {
            LOG.debug("Captured fields of {} are read through its serialized form", fields.length == 0 ? "a lambda" : fields[0].getDeclaringClass(), e);
            return null;
        }
    }

    /** What the serialized form says about the lambda's code, the same for every instance. */
    private static final class Implementation {
        final String description;
        final boolean isStatic;
        /** The implementation method, accessible; null when it cannot be called directly. */
        final Method method;
        /** The types of the captured variables, and of the argument after them. */
        final Class<?>[] parameterTypes;
        final String[] names;
        final LambdaFields fields;
        /** The captured variables the bytecode does not prove to be only bound values ({@link LambdaProof}): they key by value. */
        final Set<Integer> unproven;

        Implementation(Class<?> lambdaClass, SerializedLambda lambda) {
            String owner = lambda.getImplClass().replace('/', '.');
            this.description = owner + "." + lambda.getImplMethodName();
            this.isStatic = lambda.getImplMethodKind() == MethodHandleInfo.REF_invokeStatic;
            Class<?> implClass = null;
            Method m = null;
            Class<?>[] types = new Class<?>[0];
            try {
                implClass = Class.forName(owner, false, lambdaClass.getClassLoader());
                MethodType mt = MethodType.fromMethodDescriptorString(lambda.getImplMethodSignature(), lambdaClass.getClassLoader());
                int kind = lambda.getImplMethodKind();
                if (kind == MethodHandleInfo.REF_invokeStatic || kind == MethodHandleInfo.REF_invokeVirtual
                        || kind == MethodHandleInfo.REF_invokeSpecial || kind == MethodHandleInfo.REF_invokeInterface) {
                    m = implClass.getDeclaredMethod(lambda.getImplMethodName(), mt.parameterArray());
                    m.setAccessible(true);
                    types = isStatic ? mt.parameterArray() : mt.insertParameterTypes(0, implClass).parameterArray();
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.debug("Lambda {} cannot be called directly; its captured plain values will key its statements by value", description, e);
                m = null;
            }
            this.method = m;
            this.parameterTypes = types;
            this.names = names(implClass, lambda, types);
            this.fields = implClass == null ? null
                    : LambdaFields.of(implClass, lambda.getImplMethodName(), lambda.getImplMethodSignature(), !isStatic, description);
            this.unproven = implClass == null ? Set.of()
                    : LambdaProof.unproven(implClass, lambda.getImplMethodName(), lambda.getImplMethodSignature(), isStatic, lambda.getCapturedArgCount());
        }

        private String[] names(Class<?> implClass, SerializedLambda lambda, Class<?>[] types) {
            String[] out = new String[lambda.getCapturedArgCount()];
            if (implClass == null || method == null) {
                return out;
            }
            Map<Integer, String> bySlot = ParameterNames.ofSlots(implClass, lambda.getImplMethodName(), lambda.getImplMethodSignature());
            int slot = 0;
            for (int i = 0; i < out.length && i < types.length; i++) {
                out[i] = bySlot.get(slot);
                slot += types[i] == long.class || types[i] == double.class ? 2 : 1;
            }
            if (!isStatic && out.length > 0) {
                // slot 0 of an instance method, named or not: javac writes no local variable names without -g
                out[0] = "this";
            }
            return out;
        }
    }
}
