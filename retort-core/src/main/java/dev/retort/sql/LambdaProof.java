package dev.retort.sql;

import java.io.IOException;
import java.security.CodeSource;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which captured variables of a lambda its bytecode does not prove to be only bound values.
 * The probes of {@link LambdaRecord} find a branch on a value only when a stand-in or an edge
 * value takes the other way; a comparison with one particular value ({@code name.equals("admin")},
 * {@code n == 42}, a {@code switch}) is not found so. This proof reads the implementation
 * method once per lambda class ({@link ClassFiles}) and runs an abstract interpreter over its
 * operand stack and locals: each slot holds the set of captured variables its value derives
 * from (a bit mask), merged (united) where control flow meets, to a fixed point.
 *
 * <p>A captured value may be stored in and loaded from locals, moved on the stack, cast, widened
 * exactly ({@code int} to {@code long}), boxed ({@code Integer.valueOf(int)}) and unboxed
 * ({@code intValue()}), put into a collection by a factory ({@code List.of}, {@code Set.of},
 * {@code Map.of}, {@code Map.entry}, {@code Arrays.asList}) or an array, and passed to (or be
 * the receiver of) a method or constructor of Retort's ({@link #isRetort}); the results stay
 * derived from it, and a value returned is the statement. Any other use of a derived value
 * makes the variables it derives from unproven, and they key the statement by value: a branch
 * or comparison ({@code if}, {@code switch}, {@code instanceof}, a null check), arithmetic, a
 * narrowing or inexact conversion, string concatenation or any other invokedynamic, a method
 * called on it or given it that is not Retort's ({@code equals}, {@code hashCode},
 * {@code length}, {@code compareTo}, a helper of the lambda's own class), an array index or
 * size, a field store, a throw, a monitor, being on the operand stack inside a {@code try} block
 * (whether an instruction throws decides where control goes). Values read back from an array or field of an array
 * into which a derived value was stored derive from it too (arrays are not told apart).
 *
 * <p>Retort's own methods are trusted to use a value as a bound value or as structure; what
 * they do with it ({@code t.c(kind)}) is left to the probes. When the bytecode cannot be read
 * or holds what the interpreter does not model (no class file, {@code jsr}, an unknown
 * instruction, stacks that do not agree where control flow meets), every captured variable is
 * unproven.
 */
final class LambdaProof {
    private static final Logger LOG = LoggerFactory.getLogger(LambdaProof.class);
    /** Variables past this many share the last bit: they are proven or not together. */
    private static final int BITS = 63;

    private final byte[] code;
    private final int[] handlers;
    private final ClassFiles.Pool pool;
    private final int maxLocals;
    /** The class that holds the lambda's code: its own methods are not Retort's, whatever its package. */
    private final Class<?> self;
    /** Per class named by a call, whether it is Retort's. */
    private final Map<String, Boolean> retort = new HashMap<>();
    /** The state before each instruction reached so far, null where none reached. */
    private final Frame[] before;
    /** The variables found in a forbidden use. */
    private long unproven;
    /** The variables derived values stored into arrays derive from (arrays are not told apart). */
    private long heap;

    private LambdaProof(ClassFiles.Parsed parsed, ClassFiles.Body body, Class<?> self) {
        this.self = self;
        this.code = body.code();
        this.handlers = body.handlers();
        this.pool = parsed.pool();
        this.maxLocals = body.maxLocals();
        this.before = new Frame[code.length];
    }

    /**
     * The captured variables (indexes among the first {@code captured} parameters of method
     * {@code name} with {@code descriptor} of {@code owner}, the enclosing instance first for
     * an instance method) that the code does not prove to be only bound values; all of them
     * when it cannot be analysed.
     */
    static Set<Integer> unproven(Class<?> owner, String name, String descriptor, boolean isStatic, int captured) {
        Set<Integer> out = new TreeSet<>();
        long bits;
        try {
            ClassFiles.Parsed parsed = ClassFiles.parse(owner);
            ClassFiles.Body body = parsed.bodies().get(name + descriptor);
            if (body == null) {
                throw new IOException("No code for " + name + descriptor);
            }
            bits = analyse(parsed, body, owner, descriptor, isStatic, captured);
        } catch (IOException | RuntimeException e) {
            LOG.debug("The code of lambda {}.{} cannot be analysed; its captured values key its statements by value", owner.getName(), name, e);
            bits = -1L;
        }
        for (int i = 0; i < captured; i++) {
            if ((bits & bit(i)) != 0) {
                out.add(i);
            }
        }
        return out;
    }

    private static long bit(int variable) {
        return 1L << Math.min(variable, BITS - 1);
    }

    private static long analyse(ClassFiles.Parsed parsed, ClassFiles.Body body, Class<?> self, String descriptor, boolean isStatic, int captured)
            throws IOException {
        Frame entry = new Frame(body.maxLocals());
        int slot = 0;
        int variable = 0;
        if (!isStatic) {
            entry.locals[slot++] = variable < captured ? bit(variable) : 0;
            variable++;
        }
        for (int p = 1; descriptor.charAt(p) != ')'; p = next(descriptor, p), variable++) {
            long taint = variable < captured ? bit(variable) : 0;
            int size = size(descriptor.charAt(p));
            for (int s = 0; s < size; s++) {
                entry.set(slot++, taint);
            }
        }
        long heapBefore;
        LambdaProof proof;
        long heapSeen = 0;
        do {
            // A value stored into an array may be read back anywhere: rerun until that set is stable.
            heapBefore = heapSeen;
            proof = new LambdaProof(parsed, body, self);
            proof.heap = heapSeen;
            proof.run(entry);
            heapSeen = proof.heap;
        } while (heapSeen != heapBefore);
        return proof.unproven;
    }

    /** Interprets from the method's entry to a fixed point. */
    private void run(Frame entry) throws IOException {
        Deque<Integer> work = new ArrayDeque<>();
        merge(0, entry, work);
        while (!work.isEmpty()) {
            int pc = work.poll();
            Frame f = before[pc].copy();
            for (int h = 0; h < handlers.length; h += 3) {
                if (pc >= handlers[h] && pc < handlers[h + 1]) {
                    // Whether the instruction throws, and so where control goes, may depend on
                    // any value it takes from the stack: all of them are used.
                    for (int i = 0; i < f.depth; i++) {
                        use(f.stack[i]);
                    }
                    Frame thrown = new Frame(maxLocals);
                    System.arraycopy(f.locals, 0, thrown.locals, 0, maxLocals);
                    thrown.push(0);
                    merge(handlers[h + 2], thrown, work);
                }
            }
            step(pc, f, work);
        }
    }

    /** Merges {@code f} into the state before {@code pc}; queues it when that state grew. */
    private void merge(int pc, Frame f, Deque<Integer> work) throws IOException {
        if (pc < 0 || pc >= code.length) {
            throw new IOException("Jump out of the code to " + pc);
        }
        Frame old = before[pc];
        if (old == null) {
            before[pc] = f.copy();
            work.add(pc);
        } else if (old.unite(f)) {
            work.add(pc);
        }
    }

    /** Interprets the instruction at {@code pc} on {@code f}, merging the result into its successors. */
    private void step(int pc, Frame f, Deque<Integer> work) throws IOException {
        int op = code[pc] & 0xff;
        int length = ClassFiles.length(code, pc, op);
        if (length <= 0 || pc + length > code.length) {
            throw new IOException("Malformed instruction " + op + " at " + pc);
        }
        boolean falls = true;
        switch (op) {
            case 0x00 -> { // nop
            }
            case 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x0b, 0x0c, 0x0d, 0x10, 0x11, 0x12, 0x13 -> f.push(0);
            case 0x09, 0x0a, 0x0e, 0x0f, 0x14 -> f.push2(0);
            case 0x15, 0x17, 0x19 -> f.push(f.get(code[pc + 1] & 0xff));
            case 0x16, 0x18 -> load2(f, code[pc + 1] & 0xff);
            case 0x1a, 0x1b, 0x1c, 0x1d -> f.push(f.get(op - 0x1a));
            case 0x1e, 0x1f, 0x20, 0x21 -> load2(f, op - 0x1e);
            case 0x22, 0x23, 0x24, 0x25 -> f.push(f.get(op - 0x22));
            case 0x26, 0x27, 0x28, 0x29 -> load2(f, op - 0x26);
            case 0x2a, 0x2b, 0x2c, 0x2d -> f.push(f.get(op - 0x2a));
            case 0x2e, 0x30, 0x32, 0x33, 0x34, 0x35, 0x2f, 0x31 -> { // array loads: the index is used, the element derives from the array
                use(f.pop());
                long array = f.pop() | heap;
                if (op == 0x2f || op == 0x31) {
                    f.push2(array);
                } else {
                    f.push(array);
                }
            }
            case 0x36, 0x38, 0x3a -> f.set(code[pc + 1] & 0xff, f.pop());
            case 0x37, 0x39 -> store2(f, code[pc + 1] & 0xff);
            case 0x3b, 0x3c, 0x3d, 0x3e -> f.set(op - 0x3b, f.pop());
            case 0x3f, 0x40, 0x41, 0x42 -> store2(f, op - 0x3f);
            case 0x43, 0x44, 0x45, 0x46 -> f.set(op - 0x43, f.pop());
            case 0x47, 0x48, 0x49, 0x4a -> store2(f, op - 0x47);
            case 0x4b, 0x4c, 0x4d, 0x4e -> f.set(op - 0x4b, f.pop());
            case 0x4f, 0x51, 0x53, 0x54, 0x55, 0x56, 0x50, 0x52 -> { // array stores
                long value = op == 0x50 || op == 0x52 ? f.pop() | f.pop() : f.pop();
                use(f.pop()); // the index
                use(f.pop()); // the array: changing a captured one
                heap |= value;
            }
            case 0x57 -> f.pop();
            case 0x58 -> {
                f.pop();
                f.pop();
            }
            case 0x59 -> {
                long a = f.pop();
                f.push(a);
                f.push(a);
            }
            case 0x5a -> {
                long a = f.pop();
                long b = f.pop();
                f.push(a);
                f.push(b);
                f.push(a);
            }
            case 0x5b -> {
                long a = f.pop();
                long b = f.pop();
                long c = f.pop();
                f.push(a);
                f.push(c);
                f.push(b);
                f.push(a);
            }
            case 0x5c -> {
                long a = f.pop();
                long b = f.pop();
                f.push(b);
                f.push(a);
                f.push(b);
                f.push(a);
            }
            case 0x5d -> {
                long a = f.pop();
                long b = f.pop();
                long c = f.pop();
                f.push(b);
                f.push(a);
                f.push(c);
                f.push(b);
                f.push(a);
            }
            case 0x5e -> {
                long a = f.pop();
                long b = f.pop();
                long c = f.pop();
                long d = f.pop();
                f.push(b);
                f.push(a);
                f.push(d);
                f.push(c);
                f.push(b);
                f.push(a);
            }
            case 0x5f -> {
                long a = f.pop();
                long b = f.pop();
                f.push(a);
                f.push(b);
            }
            case 0x84 -> use(f.get(code[pc + 1] & 0xff)); // iinc
            case 0x85, 0x87 -> { // i2l, i2d: exact widening
                long a = f.pop();
                f.push2(a);
            }
            case 0x8d -> { // f2d: exact widening
                long a = f.pop();
                f.push2(a);
            }
            case 0xa7 -> { // goto
                merge(pc + s2(pc + 1), f, work);
                falls = false;
            }
            case 0xc8 -> { // goto_w
                merge(pc + ClassFiles.s4(code, pc + 1), f, work);
                falls = false;
            }
            case 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0xc6, 0xc7 -> {
                use(f.pop());
                merge(pc + s2(pc + 1), f, work);
            }
            case 0x9f, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6 -> {
                use(f.pop());
                use(f.pop());
                merge(pc + s2(pc + 1), f, work);
            }
            case 0xaa -> { // tableswitch
                use(f.pop());
                int p = (pc + 4) & ~3;
                merge(pc + ClassFiles.s4(code, p), f, work);
                int low = ClassFiles.s4(code, p + 4);
                int high = ClassFiles.s4(code, p + 8);
                for (long i = 0; i <= (long) high - low; i++) {
                    merge(pc + ClassFiles.s4(code, p + 12 + 4 * (int) i), f, work);
                }
                falls = false;
            }
            case 0xab -> { // lookupswitch
                use(f.pop());
                int p = (pc + 4) & ~3;
                merge(pc + ClassFiles.s4(code, p), f, work);
                int pairs = ClassFiles.s4(code, p + 4);
                for (int i = 0; i < pairs; i++) {
                    merge(pc + ClassFiles.s4(code, p + 12 + 8 * i), f, work);
                }
                falls = false;
            }
            case 0xac, 0xad, 0xae, 0xaf, 0xb0, 0xb1 -> falls = false; // returns: the statement
            case 0xb2 -> pushSized(f, type(pool.member(ClassFiles.u2(code, pc + 1)).descriptor(), 0), 0);
            case 0xb3 -> {
                ClassFiles.Member m = pool.member(ClassFiles.u2(code, pc + 1));
                use(popSized(f, size(m.descriptor().charAt(0))));
            }
            case 0xb4 -> { // a field of a value derives from it
                ClassFiles.Member m = pool.member(ClassFiles.u2(code, pc + 1));
                pushSized(f, size(m.descriptor().charAt(0)), f.pop());
            }
            case 0xb5 -> {
                ClassFiles.Member m = pool.member(ClassFiles.u2(code, pc + 1));
                use(popSized(f, size(m.descriptor().charAt(0))));
                use(f.pop());
            }
            case 0xb6, 0xb7, 0xb8, 0xb9 -> invoke(op, pool.member(ClassFiles.u2(code, pc + 1)), f);
            case 0xba -> { // invokedynamic: string concatenation, a nested lambda capturing it, ...
                String d = pool.dynamicDescriptor(ClassFiles.u2(code, pc + 1));
                use(popArguments(f, d));
                pushSized(f, returnSize(d), 0);
            }
            case 0xbb -> f.push(0);
            case 0xbc, 0xbd -> { // new array: the size is used
                use(f.pop());
                f.push(0);
            }
            case 0xc5 -> { // multianewarray
                for (int d = code[pc + 3] & 0xff; d > 0; d--) {
                    use(f.pop());
                }
                f.push(0);
            }
            case 0xbf -> { // athrow
                use(f.pop());
                falls = false;
            }
            case 0xc0 -> { // checkcast keeps the value
            }
            case 0xc4 -> wide(pc, f);
            case 0xa8, 0xa9, 0xc9 -> throw new IOException("jsr/ret at " + pc);
            default -> generic(op, f);
        }
        if (falls) {
            merge(pc + length, f, work);
        }
    }

    /** The instructions whose inputs are all used and whose result is not derived: arithmetic, comparisons, inexact conversions, instanceof, monitors. */
    private void generic(int op, Frame f) throws IOException {
        int[] effect = effect(op);
        if (effect == null) {
            throw new IOException("Unmodelled instruction " + op);
        }
        for (int i = 0; i < effect[0]; i++) {
            use(f.pop());
        }
        for (int i = 0; i < effect[1]; i++) {
            f.push(0);
        }
    }

    /** Slots popped and pushed by the instructions {@link #generic} covers; null for others. */
    private static int[] effect(int op) {
        if (op >= 0x60 && op <= 0x73) { // add, sub, mul, div, rem: int, long, float, double
            return (op - 0x60) % 2 == 0 ? new int[] {2, 1} : new int[] {4, 2};
        }
        return switch (op) {
            case 0x74, 0x76 -> new int[] {1, 1}; // ineg, fneg
            case 0x75, 0x77 -> new int[] {2, 2}; // lneg, dneg
            case 0x78, 0x7a, 0x7c, 0x7e, 0x80, 0x82 -> new int[] {2, 1}; // int shifts and logic
            case 0x79, 0x7b, 0x7d -> new int[] {3, 2}; // long shifts
            case 0x7f, 0x81, 0x83 -> new int[] {4, 2}; // long logic
            case 0x86, 0x8b, 0x91, 0x92, 0x93 -> new int[] {1, 1}; // i2f, f2i, i2b, i2c, i2s
            case 0x88, 0x89, 0x8e, 0x90 -> new int[] {2, 1}; // l2i, l2f, d2i, d2f
            case 0x8a, 0x8f -> new int[] {2, 2}; // l2d, d2l
            case 0x8c -> new int[] {1, 2}; // f2l
            case 0x94, 0x97, 0x98 -> new int[] {4, 1}; // lcmp, dcmpl, dcmpg
            case 0x95, 0x96 -> new int[] {2, 1}; // fcmpl, fcmpg
            case 0xbe -> new int[] {1, 1}; // arraylength
            case 0xc1 -> new int[] {1, 1}; // instanceof
            case 0xc2, 0xc3 -> new int[] {1, 0}; // monitors
            default -> null;
        };
    }

    private void wide(int pc, Frame f) throws IOException {
        if (pc + 3 >= code.length) {
            throw new IOException("Malformed wide at " + pc);
        }
        int op = code[pc + 1] & 0xff;
        int index = ClassFiles.u2(code, pc + 2);
        switch (op) {
            case 0x15, 0x17, 0x19 -> f.push(f.get(index));
            case 0x16, 0x18 -> load2(f, index);
            case 0x36, 0x38, 0x3a -> f.set(index, f.pop());
            case 0x37, 0x39 -> store2(f, index);
            case 0x84 -> use(f.get(index));
            default -> throw new IOException("Unmodelled wide instruction " + op);
        }
    }

    /** A method call: Retort's, boxing, unboxing and collection factories carry the value; any other uses it. */
    private void invoke(int op, ClassFiles.Member m, Frame f) throws IOException {
        long args = popArguments(f, m.descriptor());
        long receiver = op == 0xb8 ? 0 : f.pop();
        long all = args | receiver;
        int result = returnSize(m.descriptor());
        if (retort.computeIfAbsent(m.owner(), this::isRetort)) {
            if (op == 0xb7 && m.name().equals("<init>") && all != 0) {
                // The new object's other references (dup'ed before the call) cannot be told apart: all derive from it.
                f.deriveAll(all);
            }
            pushSized(f, result, all);
        } else if (carries(op, m)) {
            pushSized(f, result, all);
        } else {
            use(all);
            pushSized(f, result, 0);
        }
    }

    /**
     * Whether a class named by a call ({@code a/b/C}) is Retort's: in a {@code dev.retort}
     * package, and not the lambda's own class nor (when the lambda's code and Retort come from
     * different places, as Retort's own tests and Retort do) a class from where the lambda's code comes.
     */
    private boolean isRetort(String name) {
        if (!name.startsWith("dev/retort/")) {
            return false;
        }
        String own = self.getName().replace('.', '/');
        if (name.equals(own) || name.startsWith(own + "$")) {
            return false;
        }
        try {
            Class<?> type = Class.forName(name.replace('/', '.'), false, self.getClassLoader());
            String retortSource = source(LambdaProof.class);
            String lambdaSource = source(self);
            return lambdaSource == null || lambdaSource.equals(retortSource) || !lambdaSource.equals(source(type));
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            return false;
        }
    }

    /** Where a class was loaded from, or null when unknown. */
    private static String source(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null ? null : source.getLocation().toString();
    }

    /** Boxing, unboxing and the collection factories: their result is the value, or holds it. */
    private static boolean carries(int op, ClassFiles.Member m) {
        String owner = m.owner();
        String name = m.name();
        String d = m.descriptor();
        boolean box = owner.startsWith("java/lang/") && switch (owner.substring(10)) {
            case "Integer", "Long", "Short", "Byte", "Float", "Double", "Character", "Boolean", "Number" -> true;
            default -> false;
        };
        if (box && op == 0xb8 && name.equals("valueOf")) {
            // valueOf(int) boxes; valueOf(String) parses, which is not carrying the value.
            return d.length() == 5 + owner.length() && d.endsWith("L" + owner + ";") && "IJSBFDCZ".indexOf(d.charAt(1)) >= 0;
        }
        if (box && op == 0xb6 && d.startsWith("()") && d.length() == 3 && name.endsWith("Value")) {
            return true;
        }
        if (op != 0xb8) {
            return false;
        }
        return switch (owner) {
            case "java/util/List", "java/util/Set" -> name.equals("of");
            case "java/util/Map" -> name.equals("of") || name.equals("entry");
            case "java/util/Arrays" -> name.equals("asList");
            default -> false;
        };
    }

    private void use(long taint) {
        unproven |= taint;
    }

    private static void load2(Frame f, int index) throws IOException {
        f.push(f.get(index));
        f.push(f.get(index + 1));
    }

    private static void store2(Frame f, int index) throws IOException {
        long hi = f.pop();
        long lo = f.pop();
        f.set(index, lo | hi);
        f.set(index + 1, lo | hi);
    }

    private static void pushSized(Frame f, int size, long taint) {
        for (int i = 0; i < size; i++) {
            f.push(taint);
        }
    }

    private static long popSized(Frame f, int size) throws IOException {
        long out = 0;
        for (int i = 0; i < size; i++) {
            out |= f.pop();
        }
        return out;
    }

    /** Pops a call's arguments; what they derive from. */
    private static long popArguments(Frame f, String descriptor) throws IOException {
        int slots = 0;
        if (descriptor.isEmpty() || descriptor.charAt(0) != '(') {
            throw new IOException("Malformed descriptor " + descriptor);
        }
        for (int p = 1; descriptor.charAt(p) != ')'; p = next(descriptor, p)) {
            slots += size(descriptor.charAt(p));
        }
        return popSized(f, slots);
    }

    private static int returnSize(String descriptor) throws IOException {
        int close = descriptor.indexOf(')');
        if (close < 0 || close + 1 >= descriptor.length()) {
            throw new IOException("Malformed descriptor " + descriptor);
        }
        return type(descriptor, close + 1);
    }

    private static int type(String descriptor, int at) {
        char c = descriptor.charAt(at);
        return c == 'V' ? 0 : size(c);
    }

    private static int size(char type) {
        return type == 'J' || type == 'D' ? 2 : 1;
    }

    /** The position after the type at {@code p} of a descriptor. */
    private static int next(String descriptor, int p) throws IOException {
        while (descriptor.charAt(p) == '[') {
            p++;
        }
        if (descriptor.charAt(p) == 'L') {
            int end = descriptor.indexOf(';', p);
            if (end < 0) {
                throw new IOException("Malformed descriptor " + descriptor);
            }
            return end + 1;
        }
        return p + 1;
    }

    private int s2(int at) {
        return (short) ClassFiles.u2(code, at);
    }

    /** Locals and operand stack, each slot the variables its value derives from; a long or double takes two slots. */
    private static final class Frame {
        final long[] locals;
        long[] stack = new long[8];
        int depth;

        Frame(int maxLocals) {
            locals = new long[maxLocals];
        }

        Frame copy() {
            Frame f = new Frame(locals.length);
            System.arraycopy(locals, 0, f.locals, 0, locals.length);
            f.stack = stack.clone();
            f.depth = depth;
            return f;
        }

        /** Unites {@code other} into this frame; whether anything grew. */
        boolean unite(Frame other) throws IOException {
            if (other.depth != depth) {
                throw new IOException("Stacks of " + depth + " and " + other.depth + " slots meet");
            }
            boolean grew = false;
            for (int i = 0; i < locals.length; i++) {
                grew |= (other.locals[i] & ~locals[i]) != 0;
                locals[i] |= other.locals[i];
            }
            for (int i = 0; i < depth; i++) {
                grew |= (other.stack[i] & ~stack[i]) != 0;
                stack[i] |= other.stack[i];
            }
            return grew;
        }

        long get(int index) throws IOException {
            if (index >= locals.length) {
                throw new IOException("Local " + index + " out of range");
            }
            return locals[index];
        }

        void set(int index, long taint) throws IOException {
            if (index >= locals.length) {
                throw new IOException("Local " + index + " out of range");
            }
            locals[index] = taint;
        }

        void push(long taint) {
            if (depth == stack.length) {
                stack = Arrays.copyOf(stack, depth * 2);
            }
            stack[depth++] = taint;
        }

        void push2(long taint) {
            push(taint);
            push(taint);
        }

        long pop() throws IOException {
            if (depth == 0) {
                throw new IOException("Stack underflow");
            }
            return stack[--depth];
        }

        void deriveAll(long taint) {
            for (int i = 0; i < depth; i++) {
                stack[i] |= taint;
            }
        }
    }
}
