package dev.retort.orm;

import dev.retort.engine.Result;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

/**
 * The loader's way to a result's rows as arrays of values, without a {@code Row} made of each: the engine's
 * {@code Result.values}, package-private so as to stay out of the public API, reached through a method handle
 * (the engine's package is in this module). A Row per row was a twentieth of what a select-in load allocated.
 */
final class ResultValues {
    private static final MethodHandle VALUES;

    static {
        try {
            VALUES = MethodHandles.privateLookupIn(Result.class, MethodHandles.lookup())
                    .findVirtual(Result.class, "values", MethodType.methodType(List.class, int[][].class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ResultValues() {
    }

    /**
     * The rows of {@code result} not yet read, each as its values: {@code result.all(repeating)} (with the columns
     * {@code repeating} groups read once, see {@link Result#all(int[][])}), or {@code result.all()} when it is null.
     */
    @SuppressWarnings("unchecked")
    static List<Object[]> of(Result result, int[][] repeating) {
        try {
            return (List<Object[]>) VALUES.invokeExact(result, repeating);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            // Result.values throws nothing checked.
            throw new IllegalStateException(t);
        }
    }
}
