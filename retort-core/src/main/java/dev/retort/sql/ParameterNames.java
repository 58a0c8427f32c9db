package dev.retort.sql;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * The source names of a method's parameters, read from the debug information of its class
 * file ({@code LocalVariableTable}, which javac writes by default under Maven and Gradle).
 * Reflection cannot give them for a lambda's captured variables, even with {@code -parameters};
 * error messages about closure variables need them. Any failure gives no names.
 */
final class ParameterNames {
    private ParameterNames() {
    }

    /**
     * The names of the local-variable slots that hold the parameters on entry to method
     * {@code name} with {@code descriptor} of {@code owner}, by slot; empty when unknown.
     */
    static Map<Integer, String> ofSlots(Class<?> owner, String name, String descriptor) {
        try (InputStream raw = ClassFiles.open(owner)) {
            return raw == null ? Map.of() : read(new DataInputStream(raw), name, descriptor);
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }

    private static Map<Integer, String> read(DataInputStream in, String name, String descriptor) throws IOException {
        in.skipBytes(8); // magic, minor and major version
        String[] utf8 = ClassFiles.Pool.read(in).utf8;
        in.skipBytes(6); // access flags, this class, super class
        in.skipBytes(2 * in.readUnsignedShort()); // interfaces
        ClassFiles.skipMembers(in); // fields
        int methods = in.readUnsignedShort();
        for (int m = 0; m < methods; m++) {
            in.skipBytes(2);
            boolean wanted = name.equals(utf8[in.readUnsignedShort()]) & descriptor.equals(utf8[in.readUnsignedShort()]);
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attribute = utf8[in.readUnsignedShort()];
                int length = in.readInt();
                if (wanted && attribute.equals("Code")) {
                    return codeNames(in, utf8);
                }
                in.skipBytes(length);
            }
        }
        return Map.of();
    }

    /** Reads a Code attribute's body up to its LocalVariableTable: the variables live from the first instruction. */
    private static Map<Integer, String> codeNames(DataInputStream in, String[] utf8) throws IOException {
        in.skipBytes(4); // max stack, max locals
        in.skipBytes(in.readInt()); // the code
        in.skipBytes(8 * in.readUnsignedShort()); // exception table
        int attributes = in.readUnsignedShort();
        Map<Integer, String> names = new HashMap<>();
        for (int a = 0; a < attributes; a++) {
            String attribute = utf8[in.readUnsignedShort()];
            int length = in.readInt();
            if (!attribute.equals("LocalVariableTable")) {
                in.skipBytes(length);
                continue;
            }
            int entries = in.readUnsignedShort();
            for (int e = 0; e < entries; e++) {
                int start = in.readUnsignedShort();
                in.skipBytes(2);
                String variable = utf8[in.readUnsignedShort()];
                in.skipBytes(2);
                int slot = in.readUnsignedShort();
                if (start == 0) {
                    names.put(slot, variable);
                }
            }
        }
        return names;
    }
}
