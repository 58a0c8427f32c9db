package dev.retort.orm;

import dev.retort.exc.ArgumentException;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Resolves {@code User::getName} to the mapped attribute it reads, through the method
 * reference's {@link SerializedLambda}: the method's name gives the attribute ({@code getName},
 * {@code isActive} and a record's {@code name} give {@code name}, {@code active}, {@code name}),
 * the receiver type the mapped class, looked up among mapped classes only. The reflection runs
 * once per method reference in the code; later calls find the result by the lambda's class.
 */
final class MethodReferences {
    /** What a method reference names. */
    private record Target(String className, String attribute) {
    }

    /** By the method reference's class; filled on first use, as reading it needs an instance. */
    private static final ClassValue<AtomicReference<Target>> RESOLVED = new ClassValue<>() {
        @Override
        protected AtomicReference<Target> computeValue(Class<?> lambdaClass) {
            return new AtomicReference<>();
        }
    };

    private MethodReferences() {
    }

    static <V> QueryableAttribute<V> attribute(Getter<?, ?> getter) {
        AtomicReference<Target> cached = RESOLVED.get(getter.getClass());
        Target t = cached.get();
        if (t == null) {
            t = resolve(getter);
            cached.set(t);
        }
        Mapper<?> m = Registry.mapperForClassName(t.className());
        if (m == null) {
            throw new ArgumentException(t.className() + " is not mapped; map it with Registry.mapImperatively(...)");
        }
        return m.attr(m.propNamed(t.attribute()).key);
    }

    private static Target resolve(Getter<?, ?> getter) {
        SerializedLambda sl;
        try {
            Method writeReplace = getter.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            sl = (SerializedLambda) writeReplace.invoke(getter);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ArgumentException("ORM.attr needs a method reference such as User::getName; " + getter.getClass().getName() + " cannot be read (" + e + ")", e);
        }
        int kind = sl.getImplMethodKind();
        if (kind != MethodHandleInfo.REF_invokeVirtual && kind != MethodHandleInfo.REF_invokeInterface || sl.getImplMethodName().startsWith("lambda$")) {
            throw new ArgumentException("ORM.attr needs a method reference to a getter, such as User::getName, not a lambda");
        }
        String type = sl.getInstantiatedMethodType();
        String receiver = type.substring(type.indexOf("(L") + 2, type.indexOf(';')).replace('/', '.');
        return new Target(receiver, attributeName(sl.getImplMethodName()));
    }

    static String attributeName(String method) {
        for (String prefix : new String[] {"get", "is"}) {
            if (method.length() > prefix.length() && method.startsWith(prefix) && Character.isUpperCase(method.charAt(prefix.length()))) {
                return Character.toLowerCase(method.charAt(prefix.length())) + method.substring(prefix.length() + 1);
            }
        }
        return method;
    }
}
