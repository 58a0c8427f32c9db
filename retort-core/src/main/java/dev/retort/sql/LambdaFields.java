package dev.retort.sql;

import dev.retort.exc.ArgumentException;
import dev.retort.types.TypeEngine;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mutable fields a lambda's code reads, which are not captured variables: a field of its
 * enclosing object ({@code this.min}) or a static field. The lambda reads their current value on
 * every run, so a cached statement built with the first value would keep sending it; they key
 * the statement by value instead, read on every call.
 *
 * <p>The fields are found once per lambda class by reading the implementation method's bytecode
 * ({@link ClassFiles}): its GETFIELD and GETSTATIC instructions, and those of the methods of its
 * own class it calls, to a bounded depth. Final fields are taken as fixed (an instance's through
 * the key's identity of the enclosing object, a static's for good). A non-final field holding
 * a plain value or a SQL element keys by that value (an inner class's lambda reading its outer
 * object's field reads it through {@code this$0}); one holding anything else, or a non-final
 * field of another object (whose owner cannot be told), is refused with an error naming it.
 *
 * <p>When the bytecode cannot be read or followed (no class file, a call to an inherited
 * method, deeper calls), the lambda's own class's non-final instance fields holding plain values
 * or elements key the statement instead, others are not checked, and static fields cannot be.
 */
final class LambdaFields {
    private static final Logger LOG = LoggerFactory.getLogger(LambdaFields.class);
    /** How deep calls to the lambda class's own methods are followed. */
    private static final int DEPTH = 4;
    /** A key part for a field whose value cannot key the statement, where it is not checked. */
    private static final String UNCHECKED = "unchecked field";
    /** Marks a found field read from the enclosing object's own enclosing instance ({@code this$0}: an inner class's outer object). */
    private static final String OUTER = "outer ";

    private final String lambda;
    /** Whether the implementation runs on its first captured value, the enclosing instance. */
    private final boolean instance;
    private final Field[] fields;
    /** Per field, {@code (Object)Object}: reads it from the enclosing instance, or ignores that for a static field. */
    private final MethodHandle[] getters;
    /** A refusal found by the analysis (a field that cannot be read or whose owner is unknown); null if none. */
    private final String refusal;
    /** Whether the fields were guessed (the bytecode could not be followed): a value that cannot key is then not refused. */
    private final boolean guessed;

    private LambdaFields(String lambda, boolean instance, List<Field> fields, List<MethodHandle> getters, String refusal, boolean guessed) {
        this.lambda = lambda;
        this.instance = instance;
        this.fields = fields.toArray(Field[]::new);
        this.getters = getters.toArray(MethodHandle[]::new);
        this.refusal = refusal;
        this.guessed = guessed;
    }

    /**
     * The fields read by method {@code name} with {@code descriptor} of {@code owner}, a lambda's
     * implementation ({@code instance}: it runs on a captured object); null when it reads none
     * that can change.
     */
    static LambdaFields of(Class<?> owner, String name, String descriptor, boolean instance, String lambda) {
        Map<String, Field> found = new LinkedHashMap<>();
        String refusal = null;
        boolean guessed = false;
        try {
            refusal = scan(owner, name + descriptor, instance, found);
        } catch (IOException | RuntimeException | LinkageError e) {
            LOG.debug("The bytecode of lambda {} cannot be followed; its class's plain fields key its statements", lambda, e);
            guessed = true;
            found.clear();
            refusal = null;
            guess(owner, instance, found);
        }
        List<Field> fields = new ArrayList<>();
        List<MethodHandle> getters = new ArrayList<>();
        for (Map.Entry<String, Field> read : found.entrySet()) {
            Field f = read.getValue();
            try {
                MethodHandle g = getter(f);
                if (read.getKey().startsWith(OUTER)) {
                    g = MethodHandles.filterArguments(g, 0, getter(outerLink(owner)));
                }
                getters.add(g);
                fields.add(f);
            } catch (IllegalAccessException | RuntimeException e) {
                if (!guessed && refusal == null) {
                    refusal = "it reads field " + name(f) + ", which Retort cannot read (" + e.getMessage() + "); open its package to Retort";
                }
            }
        }
        return fields.isEmpty() && refusal == null ? null : new LambdaFields(lambda, instance, fields, getters, refusal, guessed);
    }

    /** A getter {@code (Object)Object}: from the instance given, or ignoring it for a static field. */
    private static MethodHandle getter(Field f) throws IllegalAccessException {
        f.setAccessible(true);
        MethodHandle g = MethodHandles.lookup().unreflectGetter(f);
        return Modifier.isStatic(f.getModifiers())
                ? MethodHandles.dropArguments(g.asType(MethodType.methodType(Object.class)), 0, Object.class)
                : g.asType(MethodType.methodType(Object.class, Object.class));
    }

    /** An inner class's final link to its outer instance ({@code this$0}), or null. */
    private static Field outerLink(Class<?> type) {
        for (Field f : type.getDeclaredFields()) {
            if (f.isSynthetic() && f.getName().equals("this$0") && Modifier.isFinal(f.getModifiers())) {
                return f;
            }
        }
        return null;
    }

    /** Adds to {@code found} the non-final instance fields of {@code owner} and its superclasses; none when they cannot be listed. */
    private static void guess(Class<?> owner, boolean instance, Map<String, Field> found) {
        try {
            for (Class<?> c = owner; instance && c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isFinal(f.getModifiers()) && !f.isSynthetic()) {
                        found.putIfAbsent(c.getName() + "." + f.getName(), f);
                    }
                }
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("The fields of {} cannot be listed", owner, e);
            found.clear();
        }
    }

    /**
     * Adds to {@code found} the non-final fields the method reads, following calls to methods of
     * the same class; a refusal message for a read it cannot key, or null. Throws when the code
     * cannot be followed.
     */
    private static String scan(Class<?> owner, String method, boolean instance, Map<String, Field> found) throws IOException {
        ClassFiles.Parsed parsed = ClassFiles.parse(owner);
        String self = owner.getName().replace('.', '/');
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(method);
        seen.add(method);
        String[] refusal = {null};
        Field outer = instance ? outerLink(owner) : null;
        for (int depth = 0; !todo.isEmpty(); depth++) {
            if (depth > DEPTH) {
                throw new IOException("Calls deeper than " + DEPTH);
            }
            for (int n = todo.size(); n > 0; n--) {
                String m = todo.poll();
                byte[] code = parsed.code().get(m);
                if (code == null) {
                    // Abstract, native or inherited: its reads are unknown.
                    throw new IOException("No code for " + m);
                }
                ClassFiles.members(code, parsed, (op, member) -> {
                    if (op == ClassFiles.GETSTATIC || op == ClassFiles.GETFIELD) {
                        Field f = field(owner, member);
                        if (Modifier.isFinal(f.getModifiers())) {
                            return;
                        }
                        boolean ownField = op == ClassFiles.GETSTATIC || instance && f.getDeclaringClass().isAssignableFrom(owner);
                        if (ownField) {
                            found.putIfAbsent(f.getDeclaringClass().getName() + "." + f.getName(), f);
                        } else if (outer != null && f.getDeclaringClass().isAssignableFrom(outer.getType())) {
                            // An inner class's code reading its outer object's field (this$0.min).
                            found.putIfAbsent(OUTER + f.getDeclaringClass().getName() + "." + f.getName(), f);
                        } else if (refusal[0] == null) {
                            refusal[0] = "it reads field " + name(f) + " of an object other than its enclosing one, which cannot key the statement";
                        }
                    } else if (member.owner().equals(self) && seen.add(member.name() + member.descriptor())) {
                        todo.add(member.name() + member.descriptor());
                    }
                });
            }
        }
        return refusal[0];
    }

    /** The field a reference names, looked up from its owner through superclasses and interfaces, as the JVM resolves it. */
    private static Field field(Class<?> context, ClassFiles.Member member) throws IOException {
        Class<?> owner;
        try {
            owner = Class.forName(member.owner().replace('/', '.'), false, context.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IOException(e);
        }
        Field f = lookUp(owner, member.name());
        if (f == null) {
            throw new IOException("No field " + member);
        }
        return f;
    }

    private static Field lookUp(Class<?> type, String name) {
        for (Field f : type.getDeclaredFields()) {
            if (f.getName().equals(name)) {
                return f;
            }
        }
        for (Class<?> i : type.getInterfaces()) {
            Field f = lookUp(i, name);
            if (f != null) {
                return f;
            }
        }
        return type.getSuperclass() == null ? null : lookUp(type.getSuperclass(), name);
    }

    /**
     * The fields' current values as key parts, read from the enclosing instance among
     * {@code captured} (or none for a static lambda): plain values as they are (a list copied, bytes wrapped), SQL
     * elements and types as they are. With {@code check}, a field that cannot key the statement
     * is refused with an error naming it.
     */
    Object[] values(Object[] captured, boolean check) {
        Object self = instance && captured.length > 0 ? captured[0] : null;
        if (refusal != null && check) {
            throw refused(refusal);
        }
        Object[] out = new Object[getters.length];
        for (int i = 0; i < out.length; i++) {
            Object v;
            try {
                v = getters[i].invokeExact(self);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            if (v instanceof byte[] bytes) {
                out[i] = ByteBuffer.wrap(bytes.clone());
            } else if (LambdaLink.isPlain(v)) {
                out[i] = StatementLambdaElement.frozen(v);
            } else if (v instanceof ClauseElement || v instanceof TypeEngine<?>) {
                out[i] = v;
            } else if (check && !guessed) {
                throw refused("it reads field " + name(fields[i]) + ", which holds a " + v.getClass().getName()
                        + ", neither a plain value nor a SQL element");
            } else {
                out[i] = UNCHECKED;
            }
        }
        return out;
    }

    private static String name(Field f) {
        return "'" + f.getName() + "' of " + f.getDeclaringClass().getName();
    }

    private ArgumentException refused(String why) {
        return new ArgumentException("The lambda " + lambda + " cannot be cached: " + why + ". A non-final field the lambda reads keys "
                + "the statement by its value; read what the SQL needs into a local variable outside the lambda, make the field final "
                + "if it never changes, or call spoil() to run the lambda every time (trackClosureVariables(false) skips this check).");
    }
}
