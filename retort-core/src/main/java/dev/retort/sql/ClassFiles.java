package dev.retort.sql;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Just enough of the class-file format (JVMS §4) to read a lambda's code: the constant pool,
 * the methods' bytecode, and the member references its instructions make. Retort takes no
 * bytecode library as a dependency; any malformed or unknown input is an {@link IOException}.
 */
final class ClassFiles {
    static final int GETSTATIC = 0xb2;
    static final int GETFIELD = 0xb4;
    static final int INVOKEVIRTUAL = 0xb6;
    static final int INVOKEINTERFACE = 0xb9;
    static final int INVOKEDYNAMIC = 0xba;

    /** Instruction lengths by opcode; 0 for a variable length (switches, wide) or an unknown opcode. */
    private static final byte[] LENGTHS = new byte[256];

    static {
        fill(0x00, 0x0f, 1);
        fill(0x10, 0x10, 2); // bipush
        fill(0x11, 0x11, 3); // sipush
        fill(0x12, 0x12, 2); // ldc
        fill(0x13, 0x14, 3); // ldc_w, ldc2_w
        fill(0x15, 0x19, 2); // loads with an index
        fill(0x1a, 0x35, 1); // loads of slots 0-3, array loads
        fill(0x36, 0x3a, 2); // stores with an index
        fill(0x3b, 0x83, 1); // stores of slots 0-3, array stores, stack, arithmetic
        fill(0x84, 0x84, 3); // iinc
        fill(0x85, 0x98, 1); // conversions, comparisons
        fill(0x99, 0xa8, 3); // branches, goto, jsr
        fill(0xa9, 0xa9, 2); // ret
        fill(0xac, 0xb1, 1); // returns
        fill(0xb2, 0xb8, 3); // field access, invokevirtual/special/static
        fill(0xb9, 0xba, 5); // invokeinterface, invokedynamic
        fill(0xbb, 0xbb, 3); // new
        fill(0xbc, 0xbc, 2); // newarray
        fill(0xbd, 0xbd, 3); // anewarray
        fill(0xbe, 0xbf, 1); // arraylength, athrow
        fill(0xc0, 0xc1, 3); // checkcast, instanceof
        fill(0xc2, 0xc3, 1); // monitors
        fill(0xc5, 0xc5, 4); // multianewarray
        fill(0xc6, 0xc7, 3); // ifnull, ifnonnull
        fill(0xc8, 0xc9, 5); // goto_w, jsr_w
    }

    private static void fill(int from, int to, int length) {
        for (int op = from; op <= to; op++) {
            LENGTHS[op] = (byte) length;
        }
    }

    private ClassFiles() {
    }

    /** A member reference of the constant pool: owner in internal form ({@code a/b/C}), name, descriptor. */
    record Member(String owner, String name, String descriptor) {
    }

    /** Receives each field or method instruction: its opcode and the member it names. */
    interface MemberVisitor {
        void visit(int opcode, Member member) throws IOException;
    }

    /** The constant pool: UTF-8 constants, and the one or two indexes of the reference constants. */
    static final class Pool {
        final String[] utf8;
        private final byte[] tags;
        private final int[] first;
        private final int[] second;

        private Pool(int count) {
            utf8 = new String[count];
            tags = new byte[count];
            first = new int[count];
            second = new int[count];
        }

        static Pool read(DataInputStream in) throws IOException {
            Pool p = new Pool(in.readUnsignedShort());
            for (int i = 1; i < p.utf8.length; i++) {
                int tag = in.readUnsignedByte();
                p.tags[i] = (byte) tag;
                switch (tag) {
                    case 1 -> p.utf8[i] = in.readUTF();
                    case 7, 8, 16, 19, 20 -> p.first[i] = in.readUnsignedShort();
                    case 9, 10, 11, 12, 17, 18 -> {
                        p.first[i] = in.readUnsignedShort();
                        p.second[i] = in.readUnsignedShort();
                    }
                    case 15 -> { // method handle: kind, reference
                        p.first[i] = in.readUnsignedByte();
                        p.second[i] = in.readUnsignedShort();
                    }
                    case 3, 4 -> in.skipBytes(4);
                    case 5, 6 -> {
                        in.skipBytes(8);
                        i++; // eight-byte constants take two entries
                    }
                    default -> throw new IOException("Unknown constant pool tag " + tag);
                }
            }
            return p;
        }

        /** The field, method or interface-method reference at {@code index}. */
        Member member(int index) throws IOException {
            int nameAndType = second[index];
            String owner = utf8[first[first[index]]];
            String name = utf8[first[nameAndType]];
            String descriptor = utf8[second[nameAndType]];
            if (owner == null || name == null || descriptor == null) {
                throw new IOException("Constant " + index + " is not a member reference");
            }
            return new Member(owner, name, descriptor);
        }

        /** The descriptor of the call site an invokedynamic names at {@code index}. */
        String dynamicDescriptor(int index) throws IOException {
            String descriptor = tags[index] == 18 ? utf8[second[second[index]]] : null;
            if (descriptor == null) {
                throw new IOException("Constant " + index + " is not a dynamic call site");
            }
            return descriptor;
        }
    }

    /**
     * A parsed class: its constant pool, each method's bytecode by name and descriptor
     * ({@code name + descriptor}) and its body, and the arguments (constant indexes) of its
     * bootstrap methods.
     */
    record Parsed(Pool pool, Map<String, byte[]> code, Map<String, Body> bodies, int[][] bootstrapArguments) {
    }

    /**
     * A method's code attribute: the size of its locals, its bytecode, its exception table
     * as {@code start, end, handler} triples (the caught type left out), and its line numbers as
     * {@code start, line} pairs (empty when compiled without them).
     */
    record Body(int maxLocals, byte[] code, int[] handlers, int[] lines) {
        /** The source line of the instruction at {@code pc}, or -1 when the class has no line numbers. */
        int lineAt(int pc) {
            int line = -1;
            int start = -1;
            for (int i = 0; i < lines.length; i += 2) {
                if (lines[i] <= pc && lines[i] >= start) {
                    start = lines[i];
                    line = lines[i + 1];
                }
            }
            return line;
        }
    }

    /** The class file of {@code type}, or null when its loader does not give it. */
    static InputStream open(Class<?> type) {
        return type.getResourceAsStream(type.getName().substring(type.getName().lastIndexOf('.') + 1) + ".class");
    }

    static Parsed parse(Class<?> type) throws IOException {
        try (InputStream raw = open(type)) {
            if (raw == null) {
                throw new IOException("No class file for " + type.getName());
            }
            return parse(raw.readAllBytes());
        }
    }

    static Parsed parse(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("Not a class file");
        }
        in.skipBytes(4); // minor and major version
        Pool pool = Pool.read(in);
        in.skipBytes(6); // access flags, this class, super class
        in.skipBytes(2 * in.readUnsignedShort()); // interfaces
        skipMembers(in); // fields
        Map<String, byte[]> code = new HashMap<>();
        Map<String, Body> bodies = new HashMap<>();
        int methods = in.readUnsignedShort();
        for (int m = 0; m < methods; m++) {
            in.skipBytes(2);
            String method = pool.utf8[in.readUnsignedShort()] + pool.utf8[in.readUnsignedShort()];
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attribute = pool.utf8[in.readUnsignedShort()];
                int length = in.readInt();
                if ("Code".equals(attribute)) {
                    in.skipBytes(2); // max stack
                    int maxLocals = in.readUnsignedShort();
                    byte[] c = new byte[in.readInt()];
                    in.readFully(c);
                    int[] handlers = new int[3 * in.readUnsignedShort()];
                    for (int h = 0; h < handlers.length; h += 3) {
                        handlers[h] = in.readUnsignedShort();
                        handlers[h + 1] = in.readUnsignedShort();
                        handlers[h + 2] = in.readUnsignedShort();
                        in.skipBytes(2); // the caught type
                    }
                    int[] lines = new int[0];
                    int codeAttributes = in.readUnsignedShort();
                    for (int ca = 0; ca < codeAttributes; ca++) {
                        String name = pool.utf8[in.readUnsignedShort()];
                        int size = in.readInt();
                        if ("LineNumberTable".equals(name)) {
                            int[] more = new int[2 * in.readUnsignedShort()];
                            for (int l = 0; l < more.length; l++) {
                                more[l] = in.readUnsignedShort();
                            }
                            int[] both = java.util.Arrays.copyOf(lines, lines.length + more.length);
                            System.arraycopy(more, 0, both, lines.length, more.length);
                            lines = both;
                        } else {
                            in.skipBytes(size);
                        }
                    }
                    code.put(method, c);
                    bodies.put(method, new Body(maxLocals, c, handlers, lines));
                } else {
                    in.skipBytes(length);
                }
            }
        }
        int[][] bootstrap = new int[0][];
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            String attribute = pool.utf8[in.readUnsignedShort()];
            int length = in.readInt();
            if ("BootstrapMethods".equals(attribute)) {
                bootstrap = new int[in.readUnsignedShort()][];
                for (int b = 0; b < bootstrap.length; b++) {
                    in.skipBytes(2); // the bootstrap method: its arguments name the code it links
                    bootstrap[b] = new int[in.readUnsignedShort()];
                    for (int k = 0; k < bootstrap[b].length; k++) {
                        bootstrap[b][k] = in.readUnsignedShort();
                    }
                }
            } else {
                in.skipBytes(length);
            }
        }
        return new Parsed(pool, code, bodies, bootstrap);
    }

    /** Skips a fields or methods table. */
    static void skipMembers(DataInputStream in) throws IOException {
        int count = in.readUnsignedShort();
        for (int i = 0; i < count; i++) {
            in.skipBytes(6);
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                in.skipBytes(2);
                in.skipBytes(in.readInt());
            }
        }
    }

    /**
     * Walks {@code code} instruction by instruction, giving {@code visitor} each field access and
     * method call, and for an invokedynamic each method its bootstrap arguments name (a nested
     * lambda's implementation, say).
     */
    static void members(byte[] code, Parsed parsed, MemberVisitor visitor) throws IOException {
        Pool pool = parsed.pool();
        int pc = 0;
        while (pc < code.length) {
            int op = code[pc] & 0xff;
            int length = length(code, pc, op);
            if (length <= 0 || pc + length > code.length) {
                throw new IOException("Malformed instruction " + op + " at " + pc);
            }
            if (op >= GETSTATIC && op <= INVOKEINTERFACE) {
                visitor.visit(op, pool.member(u2(code, pc + 1)));
            } else if (op == INVOKEDYNAMIC) {
                for (int argument : parsed.bootstrapArguments()[pool.first[u2(code, pc + 1)]]) {
                    // Method handles of kinds 5-9 name methods (1-4 name fields, which Java code does not link).
                    if (pool.tags[argument] == 15 && pool.first[argument] >= 5) {
                        visitor.visit(op, pool.member(pool.second[argument]));
                    }
                }
            }
            pc += length;
        }
    }

    static int length(byte[] code, int pc, int op) throws IOException {
        switch (op) {
            case 0xaa -> { // tableswitch: padding to a multiple of 4 from the code's start, default, low, high, offsets
                int p = (pc + 4) & ~3;
                long offsets = (long) s4(code, p + 8) - s4(code, p + 4) + 1;
                return checked(p + 12 + 4 * offsets - pc);
            }
            case 0xab -> { // lookupswitch: padding, default, count, pairs
                int p = (pc + 4) & ~3;
                return checked(p + 8 + 8L * s4(code, p + 4) - pc);
            }
            case 0xc4 -> { // wide: iinc takes two more bytes
                return pc + 1 < code.length && (code[pc + 1] & 0xff) == 0x84 ? 6 : 4;
            }
            default -> {
                return LENGTHS[op];
            }
        }
    }

    private static int checked(long length) throws IOException {
        if (length <= 0 || length > Integer.MAX_VALUE) {
            throw new IOException("Malformed switch");
        }
        return (int) length;
    }

    static int u2(byte[] code, int at) {
        return (code[at] & 0xff) << 8 | code[at + 1] & 0xff;
    }

    static int s4(byte[] code, int at) throws IOException {
        if (at < 0 || at + 4 > code.length) {
            throw new IOException("Malformed switch");
        }
        return code[at] << 24 | (code[at + 1] & 0xff) << 16 | (code[at + 2] & 0xff) << 8 | code[at + 3] & 0xff;
    }
}
