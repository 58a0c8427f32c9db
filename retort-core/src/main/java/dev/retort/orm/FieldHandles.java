package dev.retort.orm;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;

/**
 * Reads and writes one field through its getter and setter method handles, made constants of a
 * small hidden class. A method handle kept in an object's field is no constant to the JIT
 * compiler: each {@code invokeExact} runs through a chain of shared adapter frames (type check,
 * {@code asType} conversion, the field access), which every loaded row and every flushed
 * instance pays for each mapped field. The hidden class holds the handles as its class data,
 * loaded with {@code ldc} of a dynamic constant ({@link MethodHandles#classDataAt}), which the
 * compiler treats as a constant and inlines into a plain field read or write, leaving one
 * virtual call. Hidden classes need no bytecode library: all of them share the few bytes of
 * {@link #CLASS_BYTES}, only their class data differs, and each is unloaded with its mapper.
 */
abstract class FieldHandles {
    /** The field of {@code instance}. */
    abstract Object get(Object instance);

    /** Sets the field of {@code instance} to {@code value}, of the field's (boxed) type. */
    abstract void set(Object instance, Object value);

    /**
     * The field behind {@code getter}, typed {@code (Object)Object}, and {@code setter}, typed
     * {@code (Object,Object)void} or null for a final field (whose {@link #set} then must not be called).
     */
    static FieldHandles of(MethodHandle getter, MethodHandle setter) {
        try {
            // Arrays.asList, not List.of: the setter may be null (the constant is then null, never invoked).
            MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClassWithClassData(CLASS_BYTES, Arrays.asList(getter, setter), true);
            return (FieldHandles) hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class)).invoke();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("Cannot define a field accessor class", t);
        }
    }

    /**
     * The class file of the hidden subclass: a constructor, and {@code get} and {@code set}, each
     * loading its handle (class data element 0 or 1) and invoking it exactly on the arguments.
     */
    private static final byte[] CLASS_BYTES = classBytes();

    private static byte[] classBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0xCAFEBABE);
            out.writeShort(0);
            out.writeShort(61); // Java 17, this project's release
            // The constant pool; the methods below refer to entries by these indexes.
            out.writeShort(36);
            utf8(out, "dev/retort/orm/FieldHandles$Constant"); // 1
            ref(out, 7, 1); // 2 this class
            utf8(out, "dev/retort/orm/FieldHandles"); // 3
            ref(out, 7, 3); // 4 super class
            utf8(out, "<init>"); // 5
            utf8(out, "()V"); // 6
            ref(out, 12, 5, 6); // 7
            ref(out, 10, 4, 7); // 8 super()
            utf8(out, "Code"); // 9
            utf8(out, "get"); // 10
            utf8(out, "(Ljava/lang/Object;)Ljava/lang/Object;"); // 11
            utf8(out, "set"); // 12
            utf8(out, "(Ljava/lang/Object;Ljava/lang/Object;)V"); // 13
            utf8(out, "java/lang/invoke/MethodHandle"); // 14
            ref(out, 7, 14); // 15
            utf8(out, "invokeExact"); // 16
            ref(out, 12, 16, 11); // 17
            ref(out, 10, 15, 17); // 18 getter.invokeExact(Object)Object
            ref(out, 12, 16, 13); // 19
            ref(out, 10, 15, 19); // 20 setter.invokeExact(Object,Object)void
            utf8(out, "java/lang/invoke/MethodHandles"); // 21
            ref(out, 7, 21); // 22
            utf8(out, "classDataAt"); // 23
            utf8(out, "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;I)Ljava/lang/Object;"); // 24
            ref(out, 12, 23, 24); // 25
            ref(out, 10, 22, 25); // 26
            out.writeByte(15); // 27 the bootstrap: REF_invokeStatic MethodHandles.classDataAt
            out.writeByte(6);
            out.writeShort(26);
            utf8(out, "_"); // 28 the name classDataAt requires
            utf8(out, "Ljava/lang/invoke/MethodHandle;"); // 29
            ref(out, 12, 28, 29); // 30
            out.writeByte(3); // 31 the int 0
            out.writeInt(0);
            out.writeByte(3); // 32 the int 1
            out.writeInt(1);
            ref(out, 17, 0, 30); // 33 the getter: dynamic constant of bootstrap 0
            ref(out, 17, 1, 30); // 34 the setter: dynamic constant of bootstrap 1
            utf8(out, "BootstrapMethods"); // 35
            out.writeShort(0x1030); // final, super, synthetic
            out.writeShort(2);
            out.writeShort(4);
            out.writeShort(0); // no interfaces
            out.writeShort(0); // no fields
            out.writeShort(3);
            // aload_0; invokespecial #8; return
            method(out, 5, 6, 1, 1, new byte[] {0x2a, (byte) 0xb7, 0, 8, (byte) 0xb1});
            // ldc_w #33; aload_1; invokevirtual #18; areturn
            method(out, 10, 11, 2, 2, new byte[] {0x13, 0, 33, 0x2b, (byte) 0xb6, 0, 18, (byte) 0xb0});
            // ldc_w #34; aload_1; aload_2; invokevirtual #20; return
            method(out, 12, 13, 3, 3, new byte[] {0x13, 0, 34, 0x2b, 0x2c, (byte) 0xb6, 0, 20, (byte) 0xb1});
            out.writeShort(1);
            out.writeShort(35);
            out.writeInt(14);
            out.writeShort(2);
            for (int index : new int[] {31, 32}) {
                out.writeShort(27);
                out.writeShort(1);
                out.writeShort(index);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void utf8(DataOutputStream out, String s) throws IOException {
        out.writeByte(1);
        out.writeUTF(s);
    }

    /** A constant pool entry of {@code tag} made of two-byte indexes. */
    private static void ref(DataOutputStream out, int tag, int... indexes) throws IOException {
        out.writeByte(tag);
        for (int i : indexes) {
            out.writeShort(i);
        }
    }

    /** A package-private method with a Code attribute, no exception table and no stack map (straight-line code needs none). */
    private static void method(DataOutputStream out, int name, int descriptor, int maxStack, int maxLocals, byte[] code) throws IOException {
        out.writeShort(0);
        out.writeShort(name);
        out.writeShort(descriptor);
        out.writeShort(1);
        out.writeShort(9);
        out.writeInt(12 + code.length);
        out.writeShort(maxStack);
        out.writeShort(maxLocals);
        out.writeInt(code.length);
        out.write(code);
        out.writeShort(0);
        out.writeShort(0);
    }
}
