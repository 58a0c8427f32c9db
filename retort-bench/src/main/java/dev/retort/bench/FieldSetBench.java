package dev.retort.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How the ORM's loader sets an entity's fields: four fields of 1,000 instances through one
 * accessor object per field, the handle in an instance field (not a constant the JIT folds), as
 * in {@code dev.retort.orm.Accessor}. A method handle, {@link Field#set}, and a {@link VarHandle}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class FieldSetBench {
    static class Target {
        Integer id;
        String name;
        Integer qty;
        BigDecimal price;
    }

    abstract static class Setter {
        abstract void set(Object instance, Object value);
    }

    static final class ByHandle extends Setter {
        private final MethodHandle setter;

        ByHandle(MethodHandle setter) {
            this.setter = setter;
        }

        @Override
        void set(Object instance, Object value) {
            try {
                setter.invokeExact(instance, value);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }

    static final class ByField extends Setter {
        private final Field field;

        ByField(Field field) {
            this.field = field;
        }

        @Override
        void set(Object instance, Object value) {
            try {
                field.set(instance, value);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static final class ByVarHandle extends Setter {
        private final VarHandle handle;

        ByVarHandle(VarHandle handle) {
            this.handle = handle;
        }

        @Override
        void set(Object instance, Object value) {
            handle.set(instance, value);
        }
    }

    private static final String[] NAMES = {"id", "name", "qty", "price"};
    private final Object[] values = {1, "x", 2, BigDecimal.ONE};
    private final Target[] targets = new Target[1000];
    private Setter[] byHandle;
    private Setter[] byField;
    private Setter[] byVarHandle;

    @Setup
    public void setUp() throws ReflectiveOperationException {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        byHandle = new Setter[NAMES.length];
        byField = new Setter[NAMES.length];
        byVarHandle = new Setter[NAMES.length];
        for (int i = 0; i < NAMES.length; i++) {
            Field f = Target.class.getDeclaredField(NAMES[i]);
            f.setAccessible(true);
            byHandle[i] = new ByHandle(lookup.unreflectSetter(f).asType(MethodType.methodType(void.class, Object.class, Object.class)));
            byField[i] = new ByField(f);
            byVarHandle[i] = new ByVarHandle(lookup.unreflectVarHandle(f));
        }
        for (int i = 0; i < targets.length; i++) {
            targets[i] = new Target();
        }
    }

    private Object run(Setter[] setters) {
        for (Target t : targets) {
            for (int i = 0; i < setters.length; i++) {
                setters[i].set(t, values[i]);
            }
        }
        return targets;
    }

    @Benchmark
    public Object methodHandle() {
        return run(byHandle);
    }

    @Benchmark
    public Object field() {
        return run(byField);
    }

    @Benchmark
    public Object varHandle() {
        return run(byVarHandle);
    }
}
