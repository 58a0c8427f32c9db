package dev.retort.orm;

import dev.retort.engine.Row;
import java.lang.reflect.Constructor;
import java.util.List;

/**
 * Makes the {@link Row}s of multi-entity queries. {@code Row} has no public constructor yet;
 * until the engine offers a factory ({@code Row.of(keys, values)}), its package-private one is
 * used reflectively, here only.
 */
final class Rows {
    private static final Constructor<?> KEYS;
    private static final Constructor<Row> ROW;

    static {
        try {
            Class<?> keys = Class.forName("dev.retort.engine.RowKeys");
            KEYS = keys.getDeclaredConstructor(List.class);
            KEYS.setAccessible(true);
            ROW = Row.class.getDeclaredConstructor(keys, Object[].class);
            ROW.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Rows() {
    }

    /** The keys of a query's rows, shared by all of them. */
    static Object keys(List<String> names) {
        try {
            return KEYS.newInstance(names);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static Row of(Object keys, Object[] values) {
        try {
            return ROW.newInstance(keys, values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
