package dev.retort.ext.serializer;

import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Engine;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.Select;
import dev.retort.testing.HostilePayloads;
import dev.retort.testing.Refusal;
import dev.retort.types.Types;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JavaStreamTest {
    final MetaData md = new MetaData();
    final Table users = new Table("users", md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.STRING));

    /** An application object holding a statement. */
    public static final class SavedSearch implements Serializable {
        private static final long serialVersionUID = 1L;
        final String title;
        final Select query;
        final List<String> tags;

        SavedSearch(String title, Select query, List<String> tags) {
            this.title = title;
            this.query = query;
            this.tags = tags;
        }
    }

    /** A class whose deserialization has a visible effect: it must never run. */
    public static final class Gadget implements Serializable {
        private static final long serialVersionUID = 1L;
        static final AtomicInteger RAN = new AtomicInteger();

        private void readObject(ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
            RAN.incrementAndGet();
            in.defaultReadObject();
        }
    }

    static byte[] write(Object o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Serializer out = new Serializer(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    @Test
    void statementsInsideAnObjectGraphAreReboundOnRead() throws Exception {
        Select q = select(users.c("name")).where(users.c("id").gt(3));
        byte[] data = write(new SavedSearch("big ids", q, new java.util.ArrayList<>(List.of("a", "b"))));
        Engine engine = Engine.create("jdbc:sqlite::memory:");
        // JDK classes too are admitted only when named.
        try (Deserializer in = new Deserializer(new ByteArrayInputStream(data), md, engine, SavedSearch.class.getName(), "java.util.ArrayList")) {
            SavedSearch back = (SavedSearch) in.readObject();
            assertThat(back.title).isEqualTo("big ids");
            assertThat(back.tags).containsExactly("a", "b");
            assertThat(back.query.compare(q)).isTrue();
            assertThat(back.query.columns().get(0)).isSameAs(users.c("name"));
            assertThat(in.getEngine()).isSameAs(engine);
        } finally {
            engine.dispose();
        }
        try (Deserializer in = new Deserializer(new ByteArrayInputStream(write(q)), md)) {
            assertThat(((Select) in.readObject()).compare(q)).isTrue();
        }
    }

    @Test
    void aForeignClassIsRejectedBeforeItRuns() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(List.of(new Gadget()));
        }
        int before = Gadget.RAN.get();
        try (Deserializer in = new Deserializer(new ByteArrayInputStream(bytes.toByteArray()), md)) {
            assertThatThrownBy(in::readObject).isInstanceOf(InvalidClassException.class).hasMessageContaining("REJECTED");
        }
        assertThat(Gadget.RAN.get()).isEqualTo(before);
        try (Deserializer in = new Deserializer(new ByteArrayInputStream(write(new SavedSearch("x", null, List.of()))), md)) {
            assertThatThrownBy(in::readObject).as("application classes need an explicit pattern").isInstanceOf(InvalidClassException.class);
        }
    }

    static byte[] plainJava(Object o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    static Object readWith(byte[] data, String... patterns) throws Exception {
        try (Deserializer in = new Deserializer(new ByteArrayInputStream(data), md(), null, null, patterns)) {
            return in.readObject();
        }
    }

    static MetaData md() {
        return new MetaData();
    }

    @Test
    void jdkCollectionsAreNotAdmittedUnlessTheCallerNamesThem() throws Exception {
        byte[] data = plainJava(new java.util.ArrayList<>(List.of(1, 2)));
        assertThatThrownBy(() -> readWith(data)).isInstanceOf(InvalidClassException.class).hasMessageContaining("REJECTED");
        assertThatThrownBy(() -> readWith(data, "java.util.ArrayList")).as("nor their elements").isInstanceOf(InvalidClassException.class);
        assertThat(readWith(data, "java.util.ArrayList", "java.lang.Integer", "java.lang.Number")).isEqualTo(List.of(1, 2));
        assertThatThrownBy(() -> readWith(plainJava(java.time.LocalDate.of(2024, 1, 2)))).isInstanceOf(InvalidClassException.class);
    }

    @Test
    void anArrayClaimingMoreMemoryThanTheByteLimitIsRefusedBeforeAllocation() throws Exception {
        byte[] data = plainJava(new long[0]);
        // The stream ends with the array's length (an int); claim 300 million longs (2.4 GB) in 35 bytes.
        java.nio.ByteBuffer.wrap(data, data.length - 4, 4).putInt(300_000_000);
        assertThat(data.length).isLessThan(40);
        // By the filter, told the array's length before the reader allocates it.
        assertThatThrownBy(() -> readWith(data, "maxdepth=5")).isInstanceOf(InvalidClassException.class).hasMessageContaining("REJECTED");
        assertThat((long[]) readWith(plainJava(new long[] {1, 2}))).containsExactly(1, 2);
    }

    /**
     * The classic serialization denial of service: sets nested and shared so that hashing the root visits 2^levels sets.
     * Refused by what it would cost, by the scan before a set is hashed, at every depth, also when HashSet is admitted and
     * the depth limit raised (before the expansion limit, 10 levels were read, and 19 took 0.5 s of CPU).
     */
    @Test
    void nestedSharedSetsAreRefusedInMillisecondsEvenWhenAdmitted() throws Exception {
        assertThat(readWith(plainJava(new java.util.HashSet<>(List.of("warm"))), "java.util.HashSet", "java.util.Map$Entry", "java.lang.String")).isNotNull();
        for (int levels : new int[] {10, 15, 19, 30, 100}) {
            byte[] data = plainJava(HostilePayloads.nestedSharedSets(levels));
            assertThat(data.length).isLessThan(10_000);
            for (String[] patterns : List.of(new String[0], new String[] {"java.util.HashSet", "java.util.Map$Entry", "java.lang.String", "maxdepth=250"})) {
                Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> readWith(data, patterns));
                assertThat(refused).as("%d levels", levels).isInstanceOf(java.io.ObjectStreamException.class)
                        .hasMessageMatching("(?s).*(REJECTED|java.util.HashSet expands to \\d+ nodes).*");
                if (refused.getMessage().contains("expands to")) {
                    // Counted as the sets complete: refused at most a doubling past the limit, not 2^levels.
                    assertThat(Refusal.figure(refused, "expands to (\\d+) nodes")).as("%d levels", levels).isLessThanOrEqualTo(
                            2 * (dev.retort.types.ExpansionFilter.NODES_PER_BYTE * Refusal.bytesRead(refused) + dev.retort.types.ExpansionFilter.SLACK) + 1);
                }
            }
        }
        assertThatThrownBy(() -> readWith(plainJava(HostilePayloads.nestedSharedSets(30)), "java.util.HashSet", "java.util.Map$Entry", "java.lang.String", "maxdepth=250"))
                .isInstanceOf(java.io.InvalidObjectException.class).hasMessageContaining("java.util.HashSet expands to");
    }

    /**
     * A forged set repeating one back-reference to a large list hashes the list once per reference while the set it builds
     * holds it once: refused by the hashing the stream counts, also when every class in it is admitted.
     */
    @Test
    void aSetRepeatingOneBackReferenceIsRefusedWhenAdmitted() throws Exception {
        List<Object> large = new java.util.ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            large.add(i);
        }
        String[] jdk = {"maxrefs=1000000", "java.util.*", "java.lang.Integer", "java.lang.Number"};
        assertThatThrownBy(() -> readWith(HostilePayloads.setRepeating(large, 20_000), jdk)).isInstanceOf(java.io.InvalidObjectException.class)
                .hasMessageContaining("java.util.HashSet hashing a java.util.ArrayList of 20001 nodes brings the hashing");
        assertThat(readWith(HostilePayloads.setRepeating(large, 1), jdk)).isEqualTo(java.util.Set.of(large));
    }

    /** What the expansion limit must keep: nested and shared collections, and a large flat set. */
    @Test
    void nestedSharedAndLargeCollectionsStillRead() throws Exception {
        String[] jdk = {"maxrefs=1000000", "java.util.*", "java.lang.String", "java.lang.Integer", "java.lang.Number"};
        java.util.Map<String, Object> nested = new java.util.HashMap<>();
        java.util.Map<String, Object> level = nested;
        for (int i = 0; i < 15; i++) {
            java.util.Map<String, Object> next = new java.util.HashMap<>();
            level.put("k" + i, next);
            level.put("set" + i, new java.util.HashSet<>(java.util.Set.of(List.of(i, "x"), java.util.Set.of("a" + i))));
            level = next;
        }
        List<String> sharedList = new java.util.ArrayList<>(List.of("a", "b", "c"));
        java.util.Map<String, Object> shared = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            shared.put("row" + i, java.util.Map.of("tags", sharedList, "id", i));
        }
        java.util.Set<String> large = new java.util.HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            large.add("s" + i);
        }
        for (Object value : List.of(nested, shared, large, List.of(large, java.util.Set.of(large)))) {
            assertThat(readWith(plainJava(value), jdk)).isEqualTo(value);
        }
    }
}
