package dev.retort.sql;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells whether a {@code close()} call is the one javac writes for a try-with-resources block
 * that threw. Java does not tell {@link AutoCloseable#close()} whether its block completed, but
 * javac closes the resource in two places: after the block, and in a handler that catches what
 * the block threw, where the close call is itself guarded by a handler that adds the close's own
 * exception to the block's with {@link Throwable#addSuppressed}. The caller's bytecode shows which
 * of the two is running. This is how {@code Engine.begin()}'s connections roll back when the code
 * in their block throws, as SQLAlchemy's {@code with engine.begin()} does.
 *
 * <p>Code compiled otherwise (another compiler, a hand-written {@code finally}) is not recognised:
 * the answer is then false. Used by the engine; applications have no need for it.
 *
 * <pre>{@code
 * StackWalker.StackFrame caller = ...;   // the frame that called close()
 * boolean threw = TryWithResources.closingAfterException(caller);
 * }</pre>
 */
public final class TryWithResources {
    private static final int ASTORE = 0x3a;
    private static final int ALOAD = 0x19;
    /** Per class, each call site (method, descriptor, bytecode index) already read. */
    private static final ClassValue<Map<String, Boolean>> SITES = new ClassValue<>() {
        @Override
        protected Map<String, Boolean> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private TryWithResources() {
    }

    /**
     * Whether {@code caller} is calling {@code close()} in javac's handler for a try-with-resources
     * block that threw. False when the caller's class file cannot be read or does not match the
     * running code (its line at the caller's offset is not the caller's line), as when an agent
     * rewrote the class: the close then commits, as for code compiled otherwise.
     */
    public static boolean closingAfterException(StackWalker.StackFrame caller) {
        int bci = caller.getByteCodeIndex();
        if (bci < 0) {
            return false;
        }
        Class<?> type = caller.getDeclaringClass();
        String method = caller.getMethodName() + caller.getDescriptor();
        int line = caller.getLineNumber();
        return SITES.get(type).computeIfAbsent(method + "@" + bci + ":" + line, k -> read(type, method, bci, line));
    }

    private static boolean read(Class<?> type, String method, int bci, int line) {
        try {
            ClassFiles.Parsed parsed = ClassFiles.parse(type);
            ClassFiles.Body body = parsed.bodies().get(method);
            if (body == null) {
                return false;
            }
            int fileLine = body.lineAt(bci);
            if (line >= 0 && fileLine >= 0 && fileLine != line) {
                // The running code is not the class file's (an agent such as JaCoCo's instrumented it): its offsets
                // are not the file's, and the normal close may sit where the file has the exceptional one.
                return false;
            }
            int[] h = body.handlers();
            for (int i = 0; i < h.length; i += 3) {
                if (guardsOnlyTheCall(h[i], h[i + 1], bci) && suppressesInto(parsed.pool(), body.code(), h[i + 2])) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether the range {@code [start, end)} holds just the resource's load ({@code aload_n} or
     * {@code aload n}) and the close call at {@code bci} ({@code invokevirtual} or
     * {@code invokeinterface}), as javac guards its exceptional close: a wider range is the
     * application's own try, whose handler may call {@code addSuppressed} for its own reasons.
     */
    private static boolean guardsOnlyTheCall(int start, int end, int bci) {
        int load = bci - start;
        int call = end - bci;
        return (load == 1 || load == 2) && (call == 3 || call == 5);
    }

    /** Whether the handler at {@code pc} starts {@code astore x; aload y; aload x; invokevirtual Throwable.addSuppressed}. */
    private static boolean suppressesInto(ClassFiles.Pool pool, byte[] code, int pc) throws IOException {
        int op = code[pc] & 0xff;
        if (op != ASTORE && (op < 0x4b || op > 0x4e)) {
            return false;
        }
        pc += op == ASTORE ? 2 : 1;
        for (int load = 0; load < 2; load++) {
            op = code[pc] & 0xff;
            if (op != ALOAD && (op < 0x2a || op > 0x2d)) {
                return false;
            }
            pc += op == ALOAD ? 2 : 1;
        }
        if ((code[pc] & 0xff) != ClassFiles.INVOKEVIRTUAL) {
            return false;
        }
        ClassFiles.Member m = pool.member(ClassFiles.u2(code, pc + 1));
        return m.name().equals("addSuppressed") && m.owner().equals("java/lang/Throwable");
    }
}
