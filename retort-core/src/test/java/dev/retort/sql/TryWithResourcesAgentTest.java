package dev.retort.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.invoke.MethodType;

/**
 * {@link TryWithResources} reads the caller's class file, which is not the running code when an
 * agent (JaCoCo's, an APM's) rewrote the class: offsets move, and a normal close may land on the
 * offset where the file has the exceptional one. Before, that was answered "threw", and
 * {@code engine.begin()} rolled back a block that completed, without a word. Now the caller's line
 * must match the file's line at that offset.
 */
class TryWithResourcesAgentTest {
    private static StackWalker.StackFrame captured;

    private static final class Probe implements AutoCloseable {
        @Override
        public void close() {
            captured = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                    .walk(s -> s.dropWhile(f -> f.getDeclaringClass() == Probe.class).findFirst()).orElseThrow();
        }
    }

    /** One method with a try-with-resources block that completes or throws. */
    private static void block(boolean fail) {
        try (Probe p = new Probe()) {
            if (fail) {
                throw new IllegalStateException("fail");
            }
        }
    }

    /** A frame as the running code reports it: the class and method of {@code real}, another offset or line. */
    private record Frame(StackWalker.StackFrame real, int bci, int line) implements StackWalker.StackFrame {
        public String getClassName() {
            return real.getClassName();
        }

        public String getMethodName() {
            return real.getMethodName();
        }

        public Class<?> getDeclaringClass() {
            return real.getDeclaringClass();
        }

        public int getByteCodeIndex() {
            return bci;
        }

        public String getFileName() {
            return real.getFileName();
        }

        public int getLineNumber() {
            return line;
        }

        public boolean isNativeMethod() {
            return false;
        }

        public StackTraceElement toStackTraceElement() {
            return real.toStackTraceElement();
        }

        public MethodType getMethodType() {
            return real.getMethodType();
        }

        public String getDescriptor() {
            return real.getDescriptor();
        }
    }

    @org.junit.jupiter.api.Test
    void aCloseWhoseLineIsNotTheFilesAtItsOffsetIsNotTakenForTheExceptionalOne() {
        block(false);
        StackWalker.StackFrame normal = captured;
        assertThatThrownBy(() -> block(true)).hasMessage("fail");
        StackWalker.StackFrame exceptional = captured;
        assertThat(TryWithResources.closingAfterException(normal)).isFalse();
        assertThat(TryWithResources.closingAfterException(exceptional)).isTrue();
        assertThat(normal.getLineNumber()).isNotEqualTo(exceptional.getLineNumber());
        // The normal close of instrumented code, found at the file's offset of the exceptional one.
        assertThat(TryWithResources.closingAfterException(new Frame(exceptional, exceptional.getByteCodeIndex(), normal.getLineNumber()))).isFalse();
        // Without line numbers at run time (-1), the offset alone decides, as before.
        assertThat(TryWithResources.closingAfterException(new Frame(exceptional, exceptional.getByteCodeIndex(), -1))).isTrue();
    }
}
