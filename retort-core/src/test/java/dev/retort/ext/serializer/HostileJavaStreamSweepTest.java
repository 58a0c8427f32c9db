package dev.retort.ext.serializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.retort.exc.SerializationException;
import dev.retort.schema.MetaData;
import dev.retort.types.PickleType;
import dev.retort.types.Picklers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hand-forged Java streams through both java.io readers ({@code Picklers.java} and {@link Deserializer}): each fails
 * in milliseconds with a typed exception (an {@link IOException}, wrapped in a {@link SerializationException} by the
 * pickler) whose messages name what was refused, in at most a few kilobytes.
 */
class HostileJavaStreamSweepTest {
    public enum Color {
        RED
    }

    public record Positive(int n) implements Serializable {
        public Positive {
            if (n < 0) {
                throw new IllegalArgumentException("negative " + n);
            }
        }
    }

    private static final String[] ALLOWED = {Color.class.getName(), Positive.class.getName()};

    @Test
    void forgedStreamsFailFastNamingWhatTheyAre() throws IOException {
        Map<String, byte[]> streams = new java.util.LinkedHashMap<>();
        Map<String, String> naming = new HashMap<>();
        // Arrays nested 200,000 deep (10 bytes a level): the depth limit, before the scan or the reader recurses.
        streams.put("deep arrays", stream(d -> {
            d.writeByte(0x75);
            classDesc(d, "[Ljava.lang.Object;", ObjectStreamClass.lookup(Object[].class).getSerialVersionUID());
            d.writeInt(1);
            for (int i = 0; i < 200_000; i++) {
                d.writeByte(0x75);
                d.writeByte(0x71);
                d.writeInt(0x7e0000);
                d.writeInt(1);
            }
            d.writeByte(0x70);
        }));
        naming.put("deep arrays", "nesting 21 deep");
        streams.put("unknown enum constant", replace(serialized(Color.RED), "RED", "BLU"));
        naming.put("unknown enum constant", "enum constant BLU does not exist in class " + Color.class.getName());
        byte[] record = serialized(new Positive(5));
        java.nio.ByteBuffer.wrap(record, record.length - 4, 4).putInt(-1);
        streams.put("record refused by its constructor", record);
        naming.put("record refused by its constructor", "negative -1");
        String longName = "a".repeat(60_000);
        streams.put("60,000-character class name", stream(d -> {
            d.writeByte(0x73);
            classDesc(d, longName, 1);
        }));
        naming.put("60,000-character class name", "(60000 characters)");
        streams.put("string claiming 2^40 characters", stream(d -> {
            d.writeByte(0x7c);
            d.writeLong(1L << 40);
            d.write(new byte[1000]);
        }));
        naming.put("string claiming 2^40 characters", "");
        streams.put("dynamic proxy", stream(d -> {
            d.writeByte(0x73);
            d.writeByte(0x7d);
            d.writeInt(1);
            d.writeUTF("java.lang.Runnable");
            d.writeByte(0x78);
            classDesc(d, "java.lang.reflect.Proxy", ObjectStreamClass.lookup(java.lang.reflect.Proxy.class).getSerialVersionUID());
        }));
        naming.put("dynamic proxy", "java.lang.Runnable");
        byte[] map = serialized(new HashMap<>(Map.of("k", 1)));
        // HashMap's block of data: capacity, size; claim 2^31-1 mappings.
        int block = new String(map, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("w\u0008");
        java.nio.ByteBuffer.wrap(map, block + 6, 4).putInt(Integer.MAX_VALUE);
        streams.put("map claiming 2^31-1 mappings", map);
        naming.put("map claiming 2^31-1 mappings", "java.util.Map$Entry");

        PickleType<Object> type = PickleType.builder().pickler(Picklers.java(ALLOWED)).build();
        for (Map.Entry<String, byte[]> e : streams.entrySet()) {
            String as = e.getKey();
            byte[] bytes = e.getValue();
            try {
                type.loads(bytes);
                fail(as + ": loaded by Picklers.java");
            } catch (SerializationException refused) {
                assertThat(refused.getCause()).as(as).hasRootCauseInstanceOf(Exception.class);
                assertThat(typed(refused.getCause().getCause())).as(as + ": " + refused).isTrue();
                assertThat(refused.getMessage()).as(as).contains(naming.get(as)).hasSizeLessThan(3_000);
            }
            try (Deserializer in = new Deserializer(new ByteArrayInputStream(bytes), new MetaData(), null, ALLOWED[0], ALLOWED[1], "java.util.*")) {
                in.readObject();
                fail(as + ": loaded by Deserializer");
            } catch (IOException | ClassNotFoundException refused) {
                assertThat(typed(refused)).as(as + ": " + refused).isTrue();
                assertThat(messages(refused)).as(as).contains(naming.get(as))
                        .hasSizeLessThan(3_000);
            }
        }
    }

    private static boolean typed(Throwable t) {
        return t instanceof IOException;
    }

    /** The messages of {@code t} and its causes. */
    private static String messages(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append(" / ");
        }
        return all.toString();
    }

    private interface Body {
        void write(DataOutputStream d) throws IOException;
    }

    private static byte[] stream(Body body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(bytes);
        d.writeShort(0xaced);
        d.writeShort(5);
        body.write(d);
        return bytes.toByteArray();
    }

    /** A serializable class's descriptor without fields, annotation or superclass. */
    private static void classDesc(DataOutputStream d, String name, long suid) throws IOException {
        d.writeByte(0x72);
        d.writeUTF(name);
        d.writeLong(suid);
        d.writeByte(2);
        d.writeShort(0);
        d.writeByte(0x78);
        d.writeByte(0x70);
    }

    private static byte[] serialized(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    private static byte[] replace(byte[] bytes, String from, String to) {
        String s = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        return s.replace(from, to).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** An allowed class whose hash is its list's, which may hold it. */
    public static final class SelfHashing implements Serializable {
        private static final long serialVersionUID = 1L;
        final java.util.List<Object> list = new java.util.ArrayList<>();

        @Override
        public int hashCode() {
            return list.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o == this;
        }
    }

    /**
     * A set holding an allowed object whose list holds it: hashing it never ends. Refused with a typed exception naming
     * the class by both readers; before, the filter's hashing of the key overflowed the stack (a StackOverflowError).
     */
    @Test
    void aKeyWhoseHashRecursesThroughItselfIsRefusedTyped() {
        SelfHashing cycle = new SelfHashing();
        cycle.list.add(cycle);
        byte[] bytes = dev.retort.testing.HostilePayloads.hashSetOf(java.util.List.of(cycle));
        PickleType<Object> type = PickleType.builder().pickler(Picklers.java(SelfHashing.class.getName())).build();
        try {
            type.loads(bytes);
            fail("loaded by Picklers.java");
        } catch (SerializationException refused) {
            assertThat(messages(refused)).contains(SelfHashing.class.getName()).contains("recurses without end").hasSizeLessThan(3_000);
        }
        try (Deserializer in = new Deserializer(new ByteArrayInputStream(bytes), new MetaData(), null, SelfHashing.class.getName(),
                "java.util.*")) {
            in.readObject();
            fail("loaded by Deserializer");
        } catch (IOException | ClassNotFoundException refused) {
            assertThat(refused).isInstanceOf(java.io.InvalidObjectException.class).hasMessageContaining("recurses without end");
        }
    }

    /**
     * A stream whose declared lengths (a long string, a long block of data, strings in an array) reach past the
     * policy's {@code maxbytes} is refused as soon as the length is read, before the bytes are buffered: the scan serves
     * each top-level object once it has all of it, and used to read on to the end of a declared 2^40 bytes (or of the
     * stream), holding everything it read. Each source here would serve 256 MiB; at most a few kilobytes are taken.
     */
    @Test
    void declaredLengthsPastMaxbytesAreRefusedBeforeTheyAreBuffered() throws IOException {
        Map<String, byte[]> heads = new java.util.LinkedHashMap<>();
        Map<String, byte[]> units = new HashMap<>();
        heads.put("long string of 2^40 bytes", stream(d -> {
            d.writeByte(0x7c);
            d.writeLong(1L << 40);
        }));
        heads.put("long block of data of 2^31-1 bytes", stream(d -> {
            d.writeByte(0x7a);
            d.writeInt(Integer.MAX_VALUE);
        }));
        heads.put("array of 60,000-byte strings", stream(d -> {
            d.writeByte(0x75);
            classDesc(d, "[Ljava.lang.Object;", ObjectStreamClass.lookup(Object[].class).getSerialVersionUID());
            d.writeInt(1_000_000);
        }));
        ByteArrayOutputStream string = new ByteArrayOutputStream();
        new DataOutputStream(string).writeUTF("s".repeat(60_000));
        units.put("array of 60,000-byte strings", java.nio.ByteBuffer.allocate(1 + string.size()).put((byte) 0x74).put(string.toByteArray()).array());
        for (Map.Entry<String, byte[]> e : heads.entrySet()) {
            Endless source = new Endless(e.getValue(), units.getOrDefault(e.getKey(), new byte[1]), 256L << 20);
            try (Deserializer in = new Deserializer(source, new MetaData(), null, "maxbytes=1000000")) {
                in.readObject();
                fail(e.getKey() + ": loaded");
            } catch (IOException | ClassNotFoundException refused) {
                assertThat(typed(refused)).as(e.getKey() + ": " + refused).isTrue();
                assertThat(messages(refused)).as(e.getKey()).contains("maxbytes").hasSizeLessThan(3_000);
            }
            assertThat(source.served).as(e.getKey() + ": bytes taken from the source").isLessThan(1_000_000 + 70_000);
        }
    }

    /** {@code head}, then {@code unit} repeated, up to {@code length} bytes in all, counting what it serves. */
    private static final class Endless extends java.io.InputStream {
        private final byte[] head;
        private final byte[] unit;
        private final long length;
        long served;

        Endless(byte[] head, byte[] unit, long length) {
            this.head = head;
            this.unit = unit;
            this.length = length;
        }

        @Override
        public int read() {
            if (served >= length) {
                return -1;
            }
            int b = served < head.length ? head[(int) served] : unit[(int) ((served - head.length) % unit.length)];
            served++;
            return b & 0xff;
        }
    }

    /**
     * A depth limit raised far past the default lets nesting reach the thread's stack: refused with a typed exception
     * naming the depth, not a StackOverflowError.
     */
    @Test
    void nestingPastTheStackUnderARaisedLimitIsRefusedTyped() throws IOException {
        byte[] deep = stream(d -> {
            d.writeByte(0x75);
            classDesc(d, "[Ljava.lang.Object;", ObjectStreamClass.lookup(Object[].class).getSerialVersionUID());
            d.writeInt(1);
            for (int i = 0; i < 1_000_000; i++) {
                d.writeByte(0x75);
                d.writeByte(0x71);
                d.writeInt(0x7e0000);
                d.writeInt(1);
            }
            d.writeByte(0x70);
        });
        PickleType<Object> type = PickleType.builder().pickler(Picklers.java("maxdepth=10000000", "maxrefs=10000000")).build();
        try {
            type.loads(deep);
            fail("loaded");
        } catch (SerializationException refused) {
            assertThat(messages(refused)).contains("deeper than this thread's stack").hasSizeLessThan(3_000);
        }
        try (Deserializer in = new Deserializer(new ByteArrayInputStream(deep), new MetaData(), null, "maxdepth=10000000", "maxrefs=10000000",
                "maxbytes=100000000")) {
            in.readObject();
            fail("loaded");
        } catch (IOException | ClassNotFoundException refused) {
            assertThat(refused).isInstanceOf(java.io.InvalidObjectException.class).hasMessageContaining("deeper than this thread's stack");
        }
    }
}
