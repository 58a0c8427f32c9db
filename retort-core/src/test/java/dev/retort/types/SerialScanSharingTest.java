package dev.retort.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.retort.exc.SerializationException;
import dev.retort.testing.HostilePayloads;
import dev.retort.testing.Refusal;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What {@link SerialScan} charges for keys the stream reaches by back-reference, and how it keeps the reader to the
 * grammar it measured: legitimate values sharing their objects between a list and a set load, forged ones are refused
 * in milliseconds with an {@link InvalidObjectException} naming what they are.
 */
class SerialScanSharingTest {
    record User(int id, String name) implements Serializable {
    }

    private final PickleType<Object> type = PickleType.builder().pickler(Picklers.java(User.class.getName(), Skipper.class.getName())).build();

    /**
     * A list and a set of the same user objects: the set reaches each by back-reference, whose hash the stream does not
     * decide. Charging each as colliding with every one before it refused 3,000 users (4 M nodes for 68 KB); their hashes,
     * taken when the reader reaches the reference, are distinct.
     */
    @Test
    void aListAndASetSharingTheirObjectsLoad() {
        for (int n : new int[] {3_000, 7_500, 20_000}) {
            List<Object> users = new ArrayList<>();
            List<Object> strings = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                users.add(new User(i, "u" + i));
                strings.add("s" + i);
            }
            Map<Object, Object> byUser = new LinkedHashMap<>();
            for (Object u : users) {
                byUser.put(u, strings.get(byUser.size()));
            }
            List<Object> value = new ArrayList<>(List.of(users, new HashSet<>(users), strings, new HashSet<>(strings), byUser, new HashSet<>(users)));
            assertThat(type.loads(Evil.serialized(value))).as("%d users", n).isEqualTo(value);
        }
    }

    /**
     * The same back-references, to keys of one hash: the set's bin compares each with all before it. Refused within a
     * thousand or so keys of one hash (the comparisons held to the bytes read, the list's included), not all 6,000.
     */
    @Test
    void backReferencedKeysOfOneHashAreStillChargedTheirCollisions() {
        List<Object> colliding = new ArrayList<>();
        for (int i = 0; i < 6_000; i++) {
            // 31 * id + (31 + -31 * id): one hash, which the stream does not decide.
            colliding.add(new PickleTypeTest.Holder(i, new ArrayList<>(List.of(-31 * i))));
        }
        PickleType<Object> holders = PickleType.builder().pickler(Picklers.java(PickleTypeTest.Holder.class.getName())).build();
        for (byte[] bytes : List.of(HostilePayloads.hashSetOf(colliding), HostilePayloads.listThenHashSetOf(colliding))) {
            Throwable refused = catchThrowable(() -> holders.loads(bytes));
            assertThat(refused).isInstanceOf(SerializationException.class)
                    .hasRootCauseInstanceOf(InvalidObjectException.class)
                    .hasMessageContaining("java.util.HashSet hashing a " + PickleTypeTest.Holder.class.getName())
                    .hasMessageContaining("keys of one hash once per key of that hash before them");
            assertThat(Refusal.keysBefore(refused)).as("keys of its hash compared with before it was refused").isLessThan(1_500);
        }
    }

    /**
     * Map values are not hashed by their map, but the sets among them hash their own keys: charged wherever they are,
     * keys the stream decides the hash of, keys it does not, and one key repeated by back-reference.
     */
    @Test
    void setsAmongMapValuesAreChargedTheirHashing() {
        List<Object> lists = new ArrayList<>();
        List<Object> records = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            lists.add(new ArrayList<>(List.of(i, 1_000_000 - 31 * i)));
            records.add(new PickleTypeTest.Holder(i, new ArrayList<>(List.of(-31 * i))));
        }
        List<Object> large = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            large.add(i);
        }
        PickleType<Object> holders = PickleType.builder().pickler(Picklers.java(PickleTypeTest.Holder.class.getName())).build();
        for (List<?> elements : List.of(lists, records, java.util.Collections.nCopies(20_000, large))) {
            Map<String, Object> values = new HashMap<>(Map.of("a", List.of(1), "b", new HashSet<>(HostilePayloads.placeholders(elements.size()))));
            byte[] bytes = HostilePayloads.forged(values, elements);
            Throwable refused = catchThrowable(() -> holders.loads(bytes));
            assertThat(refused).isInstanceOf(SerializationException.class)
                    .hasRootCauseInstanceOf(InvalidObjectException.class)
                    .hasMessageContaining("java.util.HashSet hashing a ");
            // Counted key by key: refused before the set's end.
            assertThat(Refusal.bytesRead(refused)).isLessThan(bytes.length);
        }
    }

    /**
     * An allowed class whose readObject skips its fields: the reader reads their bytes as objects the scan measured as
     * data. Here they forge the head of a HashSet whose elements are the large list and thousands of back-references to
     * it, which the scan measured as the class's custom data, hashed by nothing.
     */
    static final class Skipper implements Serializable {
        private static final long serialVersionUID = 1L;
        private int p0;
        private int p1;
        private int p2;
        private int p3;
        private int p4;
        private transient List<Object> custom;
        private transient Object read;

        Skipper(int size, List<Object> custom) {
            // TC_OBJECT TC_REFERENCE 0x7e0002 (the HashSet's descriptor) TC_BLOCKDATA 12: capacity, load factor, size.
            ByteBuffer head = ByteBuffer.allocate(20).put(new byte[] {0x73, 0x71, 0x00, 0x7e, 0x00, 0x02, 0x77, 0x0c})
                    .putInt(16).putFloat(0.75f).putInt(size).flip();
            p0 = head.getInt();
            p1 = head.getInt();
            p2 = head.getInt();
            p3 = head.getInt();
            p4 = head.getInt();
            this.custom = custom;
        }

        private void writeObject(ObjectOutputStream out) throws IOException {
            out.defaultWriteObject();
            for (Object o : custom) {
                out.writeObject(o);
            }
        }

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            read = in.readObject();
        }
    }

    @Test
    void aReadObjectSkippingItsFieldsIsRefusedBeforeItReadsOtherwiseThanMeasured() {
        List<Object> large = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            large.add("v" + i);
        }
        int times = 30_000;
        List<Object> custom = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            custom.add(large);
        }
        byte[] written = Evil.serialized(new ArrayList<>(List.of(new HashSet<>(), new Skipper(times, custom))));
        // The forged set ends at the first end marker after its elements, Skipper's: one more for the outer list.
        byte[] bytes = java.util.Arrays.copyOf(written, written.length + 1);
        bytes[written.length] = 0x78;
        // The writer's back-references to the large list (handle 6) mean handle 7 to the reader, which counts the forged set.
        for (int i = 0; i < times - 1; i++) {
            int at = bytes.length - 3 - 5 * (times - 1 - i);
            assertThat(bytes[at]).isEqualTo((byte) 0x71);
            bytes[at + 4] = 7;
        }
        // Read without a filter, it hashes the large list 30,000 times: 3.8 s of CPU for 470 KB.
        Throwable refused = catchThrowable(() -> type.loads(bytes));
        assertThat(refused).isInstanceOf(SerializationException.class)
                .hasRootCauseInstanceOf(InvalidObjectException.class)
                .hasMessageContaining(Skipper.class.getName());
        // Where the reader first strays: before the back-references it would hash the list by.
        assertThat(Refusal.figure(refused, "read at byte (\\d+)")).isLessThan(bytes.length - 5L * (times - 1));
    }

    /**
     * {@code PickleType.loads} has the bytes: the scan reads them where they are. Copying them as it scanned (in a buffer
     * doubled as it filled) allocated 2 to 3 times the data besides the value read; now the value and the reader's own
     * buffers alone.
     */
    @Test
    void bytesAreScannedWhereTheyAre() {
        PickleType<Object> plain = PickleType.builder().build();
        byte[] large = new byte[8 << 20];
        byte[] bytes = plain.dumps(large);
        plain.loads(bytes);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        Object loaded = plain.loads(bytes);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat((byte[]) loaded).hasSize(large.length);
        assertThat(allocated).as("bytes allocated to load %d", bytes.length).isLessThan(large.length + (1 << 20));
    }
}
