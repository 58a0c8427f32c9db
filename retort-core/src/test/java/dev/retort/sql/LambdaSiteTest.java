package dev.retort.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A site reads the captured values through the serialized form on its first call and from the
 * lambda's fields afterwards: both ways must give the same values, in the same order, for any
 * lambda (primitives of every width, objects, nulls, the enclosing instance).
 */
class LambdaSiteTest {
    interface Fn extends Serializable, Supplier<Object> {
    }

    private final String field = "enclosing";

    /** Lambdas capturing a mix of variables, one call site each, built from the given values. */
    private List<Fn> lambdas(int i, long l, double d, String s, List<Integer> list, char c, boolean b, LocalDate date, Object nothing, float f,
            short sh, byte by) {
        List<Fn> out = new ArrayList<>();
        out.add(() -> "none");
        out.add(() -> i);
        out.add(() -> l + i);
        out.add(() -> s + d + l + i);
        out.add(() -> List.of(i, l, d, s, list, c, b, date));
        out.add(() -> String.valueOf(nothing) + f + sh + by + c + i);
        out.add(() -> field + s + l);
        out.add(() -> List.of(l, d, l, d, i, i, s));
        return out;
    }

    @Test
    void fieldsReadTheSameValuesAsTheSerializedFormCallAfterCall() throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        for (int round = 0; round < 50; round++) {
            int i = random.nextInt();
            long l = random.nextLong();
            double d = random.nextDouble();
            String s = "s" + random.nextInt(1000);
            List<Integer> list = List.of(random.nextInt(), random.nextInt());
            char c = (char) ('a' + random.nextInt(26));
            boolean b = random.nextBoolean();
            LocalDate date = LocalDate.ofEpochDay(random.nextInt(30_000));
            Object nothing = round % 2 == 0 ? null : "x";
            for (Fn fn : lambdas(i, l, d, s, list, c, b, date, nothing, random.nextFloat(), (short) random.nextInt(), (byte) random.nextInt())) {
                LambdaSite site = LambdaSite.of(fn);
                assertThat(site.analysable()).isTrue();
                Object[] expected = serialized(fn);
                Object[] captured = site.captured(fn);
                assertThat(captured).hasSameSizeAs(expected);
                for (int k = 0; k < expected.length; k++) {
                    if (expected[k] instanceof Number || expected[k] instanceof Character || expected[k] instanceof Boolean) {
                        assertThat(captured[k]).as("captured value %d of %s", k, site.description()).isEqualTo(expected[k]);
                    } else {
                        assertThat(captured[k]).as("captured value %d of %s", k, site.description()).isSameAs(expected[k]);
                    }
                }
                assertThat(site.readsFields()).as("%s reads its fields after its first call", site.description()).isTrue();
            }
        }
    }

    private static Object[] serialized(Object fn) throws Exception {
        Method m = fn.getClass().getDeclaredMethod("writeReplace");
        m.setAccessible(true);
        SerializedLambda lambda = (SerializedLambda) m.invoke(fn);
        Object[] out = new Object[lambda.getCapturedArgCount()];
        for (int k = 0; k < out.length; k++) {
            out[k] = lambda.getCapturedArg(k);
        }
        return out;
    }
}
