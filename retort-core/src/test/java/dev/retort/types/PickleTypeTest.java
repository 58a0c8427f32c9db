package dev.retort.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import dev.retort.dialect.Dialects;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.SerializationException;
import dev.retort.testing.HostilePayloads;
import dev.retort.testing.Refusal;
import java.io.InvalidClassException;
import java.io.InvalidObjectException;
import java.io.ObjectInputFilter;
import java.io.Serializable;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** PickleType and the picklers, without a database: formats, the allow-list, limits, settings. */
class PickleTypeTest {
    record Prefs(String theme, int size, List<String> tags, Map<String, Integer> counts) implements Serializable {
    }

    /** A map of JDK values, every one of which the default pickler admits. */
    static Map<String, Object> jdkValues() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("string", "héllo ✓");
        m.put("int", 42);
        m.put("long", Long.MIN_VALUE);
        m.put("short", (short) 7);
        m.put("byte", (byte) -1);
        m.put("char", 'x');
        m.put("float", 1.5f);
        m.put("double", Math.PI);
        m.put("bool", true);
        m.put("decimal", new BigDecimal("12345678901234567890.0001"));
        m.put("bigint", BigInteger.TWO.pow(100));
        m.put("date", LocalDate.of(2024, 2, 29));
        m.put("datetime", LocalDateTime.of(2024, 2, 29, 13, 45, 30, 123_456_789));
        m.put("offset", OffsetDateTime.parse("2024-02-29T13:45:30+05:30"));
        m.put("zoned", ZonedDateTime.of(2024, 2, 29, 13, 45, 0, 0, ZoneId.of("Europe/Paris")));
        m.put("instant", Instant.ofEpochSecond(1_700_000_000L, 5));
        m.put("duration", Duration.ofMinutes(90));
        m.put("enum", DayOfWeek.FRIDAY);
        m.put("uuid", UUID.fromString("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"));
        m.put("locale", Locale.CANADA_FRENCH);
        m.put("currency", Currency.getInstance("EUR"));
        m.put("null", null);
        m.put("list", new ArrayList<>(List.of(1, "two", 3.0)));
        m.put("immutableList", List.of("a", "b"));
        m.put("immutableMap", Map.of("k", 1));
        m.put("set", new HashSet<>(Set.of("x", "y")));
        m.put("sorted", new TreeMap<>(Map.of("b", 2, "a", 1)));
        m.put("unmodifiable", Collections.unmodifiableList(new ArrayList<>(List.of(1))));
        m.put("asList", Arrays.asList("p", "q"));
        m.put("nested", new HashMap<>(Map.of("deeper", new HashMap<>(Map.of("deepest", List.of(1, 2))))));
        m.put("objects", Arrays.asList(1, "x"));
        return m;
    }

    private static <T> T roundTrip(PickleType<T> type, T value) {
        return type.loads(type.dumps(value));
    }

    @Test
    void theDefaultPicklerRoundTripsJdkValues() {
        PickleType<Map<String, Object>> type = PickleType.builder().build();
        assertThat(type.pickler()).isEqualTo(Picklers.java());
        assertThat(type.protocol()).isEqualTo(2);
        Map<String, Object> value = jdkValues();
        assertThat(roundTrip(type, value)).isEqualTo(value);
        byte[] bytes = {0, 1, (byte) 255};
        assertThat(roundTrip(PickleType.<byte[]>builder().build(), bytes)).isEqualTo(bytes);
        assertThat(roundTrip(PickleType.<long[][]>builder().build(), new long[][] {{1}, {2, 3}})).isEqualTo(new long[][] {{1}, {2, 3}});
    }

    @Test
    void aClassOutsideTheAllowListIsNeverInstantiated() {
        PickleType<Object> type = PickleType.builder().build();
        for (Object planted : List.of(new Evil(), new HashMap<>(Map.of("inside", new Evil())), List.of(List.of(new Evil())))) {
            byte[] bytes = Evil.serialized(planted);
            assertThatThrownBy(() -> type.loads(bytes))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("PickleType(BLOB, Picklers.java())")
                    .hasMessageContaining("cannot unpickle " + bytes.length + " bytes")
                    .hasMessageContaining(Evil.class.getName())
                    .hasRootCauseInstanceOf(InvalidClassException.class);
            assertThat(Evil.ran()).as("no constructor and no readObject of Evil ran").isFalse();
        }
    }

    @Test
    void patternsAdmitMoreClasses() {
        PickleType<Object> type = PickleType.builder().pickler(Picklers.java(Evil.class.getName(), "dev.retort.types.PickleTypeTest$*")).build();
        byte[] bytes = Evil.serialized(new Evil());
        assertThat(type.loads(bytes)).isInstanceOf(Evil.class);
        assertThat(Evil.ran()).isTrue();
        Prefs prefs = new Prefs("dark", 3, List.of("a"), Map.of("x", 1));
        assertThat(roundTrip(type, prefs)).isEqualTo(prefs);
        assertThat(Picklers.java("dev.retort.**")).isEqualTo(Picklers.java("dev.retort.**")).isNotEqualTo(Picklers.java());
    }

    @Test
    void aPatternMayForbidAJdkClass() {
        PickleType<Object> type = PickleType.builder().pickler(Picklers.java("!java.util.TreeMap")).build();
        byte[] bytes = Evil.serialized(new TreeMap<>(Map.of("a", 1)));
        assertThatThrownBy(() -> type.loads(bytes)).isInstanceOf(SerializationException.class).hasMessageContaining("java.util.TreeMap");
        assertThatThrownBy(() -> Picklers.java("a;b")).isInstanceOf(ArgumentException.class);
        assertThatThrownBy(() -> Picklers.java(" ")).isInstanceOf(ArgumentException.class);
    }

    @Test
    void aValueThatCouldNotBeReadBackIsRefusedWhenWritten() {
        PickleType<Object> type = PickleType.builder().build();
        assertThatThrownBy(() -> type.dumps(new HashMap<>(Map.of("p", new Prefs("x", 1, List.of(), Map.of())))))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot pickle a java.util.HashMap")
                .hasMessageContaining(Prefs.class.getName() + " is not in the allow-list")
                .hasMessageContaining("Picklers.java(...)");
        assertThatThrownBy(() -> type.dumps(new Object())).isInstanceOf(SerializationException.class).hasMessageContaining("java.lang.Object");
    }

    @Test
    void nestingIsLimitedAndTheLimitCanBeRaised() {
        List<Object> deep = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            deep = new ArrayList<>(List.of(deep));
        }
        byte[] bytes = Evil.serialized(deep);
        assertThatThrownBy(() -> PickleType.builder().build().loads(bytes)).isInstanceOf(SerializationException.class).hasMessageContaining("REJECTED");
        assertThat(PickleType.builder().pickler(Picklers.java("maxdepth=100")).build().loads(bytes)).isEqualTo(deep);
    }

    /**
     * The "SerialDOS" shape (sets nested and shared so that hashing the root visits 2^levels sets) is refused by what it
     * would cost, not by depth: by the scan, before a set is hashed, at every depth, including within a raised depth limit. Before the
     * expansion limit, 19 levels were read (0.5 s of CPU cold) and 10 levels were read at all.
     */
    @Test
    void nestedSharedSetsAreRefusedInMillisecondsAtEveryDepth() {
        PickleType<Object> deep = PickleType.builder().pickler(Picklers.java("maxdepth=250")).build();
        assertThat(deep.loads(deep.dumps(Set.of(Set.of("warm"))))).isEqualTo(Set.of(Set.of("warm")));
        for (int levels : new int[] {10, 15, 19, 23, 30, 100}) {
            byte[] bytes = Evil.serialized(dev.retort.testing.HostilePayloads.nestedSharedSets(levels));
            for (PickleType<Object> type : List.of(PickleType.builder().build(), deep)) {
                assertThatThrownBy(() -> type.loads(bytes)).as("%d levels, %d bytes", levels, bytes.length)
                        .isInstanceOf(SerializationException.class).hasMessageMatching("(?s).*(REJECTED|java.util.HashSet expands to \\d+ nodes).*");
            }
            // Within the raised depth limit, by the scan's count, before the reader hashes a set: at most a doubling past the limit.
            Throwable refused = catchThrowable(() -> deep.loads(bytes));
            if (refused.getMessage().contains("expands to")) {
                assertThat(Refusal.figure(refused, "expands to (\\d+) nodes")).as("%d levels", levels)
                        .isLessThanOrEqualTo(2 * (ExpansionFilter.NODES_PER_BYTE * Refusal.bytesRead(refused) + ExpansionFilter.SLACK) + 1);
            }
        }
        assertThatThrownBy(() -> deep.loads(Evil.serialized(dev.retort.testing.HostilePayloads.nestedSharedSets(30))))
                .hasMessageContaining("java.util.HashSet expands to").hasMessageContaining("limit of 2 per byte read plus 256");
    }

    /**
     * Many distinct lists that each hold the same large list, in one set: each list expands within the limit, but the
     * set hashes the large list once per list. Counted as each list is completed, so refused before the set hashes on
     * (it took 0.3 s of CPU at 4,000 lists when only the set's own hashing was counted, once it was complete).
     */
    @Test
    void aSetOfListsSharingOneLargeListIsRefusedBeforeItHashesThemAll() {
        List<Object> large = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            large.add("v" + i);
        }
        Set<Object> lists = new HashSet<>();
        for (int i = 0; i < 8_000; i++) {
            lists.add(new ArrayList<>(List.of(i, large)));
        }
        byte[] bytes = Evil.serialized(List.of(large, lists));
        PickleType<Object> type = PickleType.builder().build();
        Throwable refused = catchThrowable(() -> type.loads(bytes));
        assertThat(refused).isInstanceOf(SerializationException.class)
                .hasMessageContaining("java.util.HashSet hashing a java.util.ArrayList of 20003 nodes brings the hashing of the stream's sets and maps to");
        // By the scan, before the reader hashes any of them, and as the lists are counted: before the set's end.
        assertThat(Refusal.bytesRead(refused)).isLessThan(bytes.length);
    }

    /**
     * A forged set repeating one back-reference to a large list: the set read back holds the list once, but reading it
     * hashed the list once per reference (20,000 x 20,000 nodes for 300 KB: 1.4 s of CPU, 16 s at 900 KB, when only
     * the objects built were measured). Refused by the hashing the stream counts, before it is read.
     */
    @Test
    void aSetRepeatingOneBackReferenceIsRefusedByTheHashingItWouldCost() {
        List<Object> large = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            large.add(i);
        }
        byte[] forged = dev.retort.testing.HostilePayloads.setRepeating(large, 20_000);
        PickleType<Object> type = PickleType.builder().build();
        assertThatThrownBy(() -> type.loads(forged)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("java.util.HashSet hashing a java.util.ArrayList of 20001 nodes brings the hashing")
                .hasMessageContaining("more than the limit of 64 per byte read plus 256");
        // As large, a set as long, each element hashed once: read.
        Set<Object> pairs = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            pairs.add(List.of(i, i + 1));
        }
        List<Object> legitimate = List.of(large, pairs, large);
        assertThat(Evil.serialized(legitimate).length).isGreaterThan(forged.length);
        assertThat(type.loads(Evil.serialized(legitimate))).isEqualTo(legitimate);
    }

    /**
     * Distinct lists of one hash in a set: the set's bin compares each new list with all before it (lists are not
     * Comparable, so a tree bin searches both subtrees): 20,000 of them (740 KB) took 46 s of CPU. The stream decides
     * the lists' hashes, so the comparisons are counted and refuse it.
     */
    @Test
    void keysOfOneHashAreChargedTheComparisonsTheyCost() {
        Set<Object> colliding = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            colliding.add(new ArrayList<>(List.of(i, 1_000_000 - 31 * i)));
        }
        assertThat(colliding.stream().map(Object::hashCode).distinct().count()).isOne();
        PickleType<Object> type = PickleType.builder().build();
        assertThatThrownBy(() -> type.loads(Evil.serialized(colliding))).isInstanceOf(SerializationException.class)
                .hasMessageContaining("java.util.HashSet hashing a java.util.ArrayList of 3 nodes brings the comparisons of keys of one hash")
                .hasMessageContaining("keys of one hash once per key of that hash before them");
        Map<Object, Object> fewCollisions = new HashMap<>();
        for (int i = 0; i < 5_000; i++) {
            fewCollisions.put(List.of(i, i % 7 == 0 ? 0 : i, "k" + i), new AbstractMap.SimpleImmutableEntry<>("v", i));
            fewCollisions.put(new AbstractMap.SimpleEntry<>("Aa" + i, 1L * i), Set.of(i));
            fewCollisions.put(new AbstractMap.SimpleEntry<>("BB" + i, 1L * i), Set.of(i));
        }
        assertThat(type.loads(Evil.serialized(fewCollisions))).isEqualTo(fewCollisions);
    }

    record Holder(int id, List<Object> values) implements Serializable {
    }

    /** A record's hashCode hashes its components: distinct records sharing one large list cost what the list costs, each. */
    @Test
    void recordsInASetAreMeasuredWithTheirComponents() {
        List<Object> large = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            large.add(i);
        }
        Set<Holder> holders = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            holders.add(new Holder(i, large));
        }
        PickleType<Object> type = PickleType.builder().pickler(Picklers.java(Holder.class.getName())).build();
        assertThatThrownBy(() -> type.loads(Evil.serialized(holders))).isInstanceOf(SerializationException.class)
                .hasMessageContaining("java.util.HashSet hashing a " + Holder.class.getName() + " of 5002 nodes brings the hashing");
        Set<Holder> small = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            small.add(new Holder(i, List.of(i)));
        }
        assertThat(type.loads(Evil.serialized(small))).isEqualTo(small);
    }

    /**
     * Keys whose hash the stream does not decide (records, lists holding a BigDecimal) are hashed as they are resolved,
     * before their set hashes them, and charged the comparisons keys of one hash cost, held to the bytes the reader has
     * read: forged collisions are refused within a few hundred keys (when held to the bytes the scan had read ahead, the
     * whole set, some 4,000 keys were compared first, 0.4 s of CPU, 1 s in CI), distinct records still load.
     */
    @Test
    void keysOfUnknownHashAreHashedBeforeTheirSetAndChargedTheirCollisions() {
        PickleType<Object> type = PickleType.builder().pickler(Picklers.java(Holder.class.getName())).build();
        // 31 * id + (31 + -31 * id): one hash. Lists, since sets of them cost their writer what they cost the reader.
        List<Object> records = new ArrayList<>();
        List<Object> decimals = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            records.add(new Holder(i, new ArrayList<>(List.of(-31 * i))));
            // 31 * unscaled + scale, in a list: one hash.
            decimals.add(new ArrayList<>(List.of(BigDecimal.valueOf(i, 100_000 - 31 * i))));
        }
        assertThat(records.stream().map(Object::hashCode).distinct().count()).isOne();
        assertThat(decimals.stream().map(Object::hashCode).distinct().count()).isOne();
        for (Object colliding : List.of(records, decimals)) {
            byte[] bytes = HostilePayloads.hashSetOf((List<?>) colliding);
            Throwable refused = catchThrowable(() -> type.loads(bytes));
            assertThat(refused).isInstanceOf(SerializationException.class)
                    .hasRootCauseInstanceOf(InvalidObjectException.class)
                    .hasMessageContaining("java.util.HashSet hashing a ")
                    .hasMessageContaining("keys of one hash once per key of that hash before them");
            assertThat(Refusal.keysBefore(refused)).as("keys of its hash compared with before it was refused").isLessThan(500);
        }
        Set<Holder> distinct = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            distinct.add(new Holder(i, new ArrayList<>(List.of("v" + i, BigDecimal.valueOf(i, 2)))));
        }
        assertThat(type.loads(Evil.serialized(distinct))).isEqualTo(distinct);
        // A few keys of one hash, as real data has them, are charged and load.
        Map<Object, Object> grid = new HashMap<>();
        for (int x = 0; x < 100; x++) {
            for (int y = 0; y < 100; y++) {
                grid.put(new Holder(x, new ArrayList<>(List.of(y))), x * y);
            }
        }
        assertThat(type.loads(Evil.serialized(grid))).isEqualTo(grid);
    }

    /** An allowed class with its own readObject, reading its fields first as {@code Picklers.java} requires. */
    static final class Custom implements Serializable {
        private final int id;
        private final int other;

        Custom(int id, int other) {
            this.id = id;
            this.other = other;
        }

        private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
            in.defaultReadObject();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Custom c && c.id == id && c.other == other;
        }

        @Override
        public int hashCode() {
            return 31 * id + other;
        }
    }

    /** A class with a readObject is measured as its descriptor declares: keys of one hash of it are refused too. */
    @Test
    void classesWithTheirOwnReadObjectAreMeasured() {
        PickleType<Object> type = PickleType.builder().pickler(Picklers.java(Custom.class.getName())).build();
        List<Object> colliding = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            colliding.add(new Custom(i, -31 * i));
        }
        byte[] bytes = HostilePayloads.hashSetOf(colliding);
        Throwable refused = catchThrowable(() -> type.loads(bytes));
        assertThat(refused).isInstanceOf(SerializationException.class)
                .hasRootCauseInstanceOf(InvalidObjectException.class)
                .hasMessageContaining("java.util.HashSet hashing a " + Custom.class.getName());
        assertThat(Refusal.keysBefore(refused)).as("keys of its hash compared with before it was refused").isLessThan(500);
        Set<Custom> distinct = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            distinct.add(new Custom(i, i));
        }
        assertThat(type.loads(Evil.serialized(distinct))).isEqualTo(distinct);
    }

    /**
     * Protocol 1 writes Externalizable data without block data, whose length only its class knows: the JDK's java.time
     * values (measured by their documented serialized form) still round-trip, every form of each; another class is refused.
     */
    @Test
    void protocolOneReadsJavaTimeValuesAndRefusesOtherUnmeasurableData() {
        PickleType<Object> v1 = PickleType.builder().protocol(1).build();
        List<Object> times = new ArrayList<>();
        for (java.time.LocalTime t : List.of(java.time.LocalTime.of(7, 0), java.time.LocalTime.of(7, 5), java.time.LocalTime.of(7, 5, 9),
                java.time.LocalTime.of(7, 5, 9, 1), java.time.LocalTime.MIDNIGHT)) {
            times.add(t);
            times.add(java.time.OffsetTime.of(t, java.time.ZoneOffset.ofHoursMinutesSeconds(5, 17, 3)));
            times.add(LocalDateTime.of(LocalDate.of(-5, 12, 31), t));
        }
        times.addAll(List.of(Duration.ofSeconds(-3, 7), Instant.ofEpochSecond(1, 2), LocalDate.of(2024, 2, 29),
                ZonedDateTime.of(2024, 2, 29, 13, 45, 0, 0, ZoneId.of("Europe/Paris")),
                ZonedDateTime.of(2024, 2, 29, 13, 45, 0, 0, java.time.ZoneOffset.ofHours(-2)), ZoneId.of("America/New_York"),
                java.time.ZoneOffset.ofHoursMinutes(5, 30), OffsetDateTime.parse("2024-02-29T13:45:30+05:30"), java.time.Year.of(2024),
                java.time.YearMonth.of(2024, 2), java.time.MonthDay.of(2, 29), java.time.Period.of(1, -2, 3), "after them"));
        assertThat(roundTrip(v1, (Object) times)).isEqualTo(times);
        assertThat(roundTrip(v1, (Object) jdkValues())).isEqualTo(jdkValues());
        PickleType<Object> externals = PickleType.builder().pickler(Picklers.java(External.class.getName())).protocol(1).build();
        assertThatThrownBy(() -> roundTrip(externals, new External())).isInstanceOf(SerializationException.class)
                .hasMessageContaining(External.class.getName() + " is Externalizable data written without block data (protocol 1)");
        PickleType<Object> externalsV2 = PickleType.builder().pickler(Picklers.java(External.class.getName())).build();
        assertThat(roundTrip(externalsV2, new External())).isInstanceOf(External.class);
    }

    public static final class External implements java.io.Externalizable {
        public External() {
        }

        @Override
        public void writeExternal(java.io.ObjectOutput out) throws java.io.IOException {
            out.writeInt(42);
        }

        @Override
        public void readExternal(java.io.ObjectInput in) throws java.io.IOException {
            in.readInt();
        }
    }

    /** What the expansion limit must keep: nested and shared values, and large flat collections. */
    @Test
    void nestedSharedAndLargeValuesStillRoundTrip() {
        PickleType<Object> type = PickleType.builder().build();
        Map<String, Object> nested = new HashMap<>();
        Map<String, Object> level = nested;
        for (int i = 0; i < 15; i++) {
            Map<String, Object> next = new HashMap<>();
            level.put("k" + i, next);
            level.put("set" + i, new HashSet<>(Set.of(List.of(i, "x"), Set.of("a" + i), Map.of("m", List.of(i)))));
            level = next;
        }
        List<String> sharedList = new ArrayList<>(List.of("a", "b", "c"));
        Map<String, Object> shared = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            shared.put("row" + i, Map.of("tags", sharedList, "id", i, "name", "same"));
        }
        Set<String> large = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            large.add("s" + i);
        }
        Map<Integer, List<Integer>> big = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            big.put(i, List.of(i, i + 1));
        }
        for (Object value : List.of(nested, shared, large, big, List.of(large, Set.of(large)))) {
            assertThat(type.loads(type.dumps(value))).isEqualTo(value);
        }
    }

    /** A collection holding one still being read (a cycle) would hash forever (StackOverflowError): refused, named. */
    @Test
    void aCollectionContainingItselfIsRefused() {
        Set<Object> set = new HashSet<>();
        List<Object> list = new ArrayList<>();
        list.add(set);
        set.add(list);
        byte[] bytes = Evil.serialized(set);
        assertThatThrownBy(() -> PickleType.builder().build().loads(bytes)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("java.util.ArrayList contains a java.util.HashSet that is still being read");
    }

    @Test
    void aForgedArrayLengthIsRefusedBeforeAllocation() {
        byte[] bytes = Evil.serialized(new byte[4]);
        // The array's length is the int before its 4 bytes of data: claim 2 GB.
        int at = bytes.length - 8;
        bytes[at] = 0x7f;
        bytes[at + 1] = (byte) 0xff;
        bytes[at + 2] = (byte) 0xff;
        bytes[at + 3] = (byte) 0xf0;
        assertThatThrownBy(() -> PickleType.builder().build().loads(bytes)).isInstanceOf(SerializationException.class).hasMessageContaining("REJECTED");
    }

    interface Greeter {
        String greet();
    }

    @Test
    void dynamicProxiesAreNeverAllowed() {
        Object proxy = Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Greeter.class, Serializable.class},
                (java.lang.reflect.InvocationHandler & Serializable) (p, m, a) -> "hi");
        byte[] bytes = Evil.serialized(proxy);
        assertThatThrownBy(() -> PickleType.builder().pickler(Picklers.java("*")).build().loads(bytes))
                .isInstanceOf(SerializationException.class).hasMessageContaining("dynamic proxies are never allowed");
    }

    @Test
    void corruptAndTruncatedBytesRaiseSerializationException() {
        PickleType<Object> type = PickleType.builder().build();
        assertThatThrownBy(() -> type.loads(new byte[] {1, 2, 3})).isInstanceOf(SerializationException.class).hasMessageContaining("cannot unpickle 3 bytes");
        byte[] good = type.dumps(jdkValues());
        byte[] truncated = Arrays.copyOf(good, good.length / 2);
        assertThatThrownBy(() -> type.loads(truncated)).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> type.loads(new byte[0])).isInstanceOf(SerializationException.class);
    }

    @Test
    void aFilterOfOnesOwnDecidesFirstAndTheDefaultPolicyTheRest() {
        ObjectInputFilter allowEvil = info -> info.serialClass() == Evil.class ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.UNDECIDED;
        PickleType<Object> type = PickleType.builder().pickler(Picklers.java(allowEvil)).build();
        assertThat(type.loads(Evil.serialized(new HashMap<>(Map.of("e", new Evil()))))).isInstanceOf(HashMap.class);
        ObjectInputFilter rejectMaps = info -> info.serialClass() == HashMap.class ? ObjectInputFilter.Status.REJECTED : ObjectInputFilter.Status.UNDECIDED;
        byte[] map = Evil.serialized(new HashMap<>(Map.of("a", 1)));
        assertThatThrownBy(() -> PickleType.builder().pickler(Picklers.java(rejectMaps)).build().loads(map)).isInstanceOf(SerializationException.class);
        byte[] foreign = Evil.serialized(new Evil());
        assertThatThrownBy(() -> PickleType.builder().pickler(Picklers.java(rejectMaps)).build().loads(foreign)).isInstanceOf(SerializationException.class);
        assertThat(Evil.ran()).isFalse();
    }

    @Test
    void protocolsAreThePicklersVersions() {
        PickleType<Object> v1 = PickleType.builder().protocol(1).build();
        assertThat(v1.protocol()).isEqualTo(1);
        assertThat(roundTrip(v1, (Object) List.of("a"))).isEqualTo(List.of("a"));
        assertThatThrownBy(() -> PickleType.builder().protocol(5).build()).isInstanceOf(ArgumentException.class).hasMessageContaining("writes protocols [1, 2], not 5");
        assertThatThrownBy(() -> PickleType.builder().pickler(Picklers.json()).protocol(1).build())
                .isInstanceOf(ArgumentException.class).hasMessageContaining("has no protocol versions");
        assertThat(PickleType.builder().pickler(Picklers.json()).build().protocol()).isZero();
    }

    @Test
    void jsonPicklersReadRecordsGenericTypesAndUntypedValues() {
        PickleType<Prefs> prefs = PickleType.builder().pickler(Picklers.json(Prefs.class)).build();
        Prefs p = new Prefs("dark", 3, List.of("a", "b"), Map.of("x", 1));
        assertThat(new String(prefs.dumps(p), StandardCharsets.UTF_8)).isEqualTo("{\"theme\":\"dark\",\"size\":3,\"tags\":[\"a\",\"b\"],\"counts\":{\"x\":1}}");
        assertThat(roundTrip(prefs, p)).isEqualTo(p);

        PickleType<List<Prefs>> list = PickleType.builder().pickler(Picklers.json(new TypeReference<List<Prefs>>() {})).build();
        assertThat(roundTrip(list, List.of(p, p))).containsExactly(p, p);

        PickleType<Map<String, Object>> untyped = PickleType.builder()
                .pickler(Picklers.json())
                .comparator(Objects::equals)
                .impl(Types.LARGE_BINARY)
                .build();
        Map<String, Object> m = Map.of("a", List.of(1, 2.5, "x", true), "b", Map.of("c", Long.MAX_VALUE));
        assertThat(roundTrip(untyped, m)).isEqualTo(m);
        assertThat(Picklers.json(Prefs.class)).isEqualTo(Picklers.json(Prefs.class)).isNotEqualTo(Picklers.json());
        assertThat(Picklers.json(Prefs.class)).hasToString("Picklers.json(" + Prefs.class.getName() + ")");
    }

    @Test
    void jsonThatDoesNotFitRaisesSerializationException() {
        PickleType<Prefs> prefs = PickleType.builder().pickler(Picklers.json(Prefs.class)).build();
        for (String bad : List.of("{\"theme\": ", "[1, 2]", "{\"theme\":\"x\"} trailing", "{\"nope\": 1}", "\u00ff\u00fe")) {
            assertThatThrownBy(() -> prefs.loads(bad.getBytes(StandardCharsets.ISO_8859_1)))
                    .as(bad).isInstanceOf(SerializationException.class).hasMessageContaining("cannot unpickle");
        }
    }

    @Test
    void aMapperWithDefaultTypingIsRefused() {
        ObjectMapper typing = JsonMapper.builder()
                .activateDefaultTyping(BasicPolymorphicTypeValidator.builder().allowIfBaseType(Object.class).build())
                .build();
        assertThatThrownBy(() -> Picklers.json(typing, Object.class)).isInstanceOf(ArgumentException.class).hasMessageContaining("default typing");
        assertThatThrownBy(() -> Picklers.json(null, Prefs.class)).isInstanceOf(ArgumentException.class);
        ObjectMapper own = new ObjectMapper();
        assertThat(roundTrip(PickleType.builder().pickler(Picklers.json(own, new TypeReference<Map<String, Integer>>() {})).build(), Map.of("a", 1)))
                .isEqualTo(Map.of("a", 1));
    }

    @Test
    void anyPicklerWillDo() {
        ObjectPickler<String> utf8 = ObjectPickler.of(s -> s.getBytes(StandardCharsets.UTF_8), b -> new String(b, StandardCharsets.UTF_8));
        PickleType<String> type = PickleType.builder().pickler(utf8).build();
        assertThat(type.bindProcessor(Dialects.sqlite()).apply("é")).isEqualTo("é".getBytes(StandardCharsets.UTF_8));
        assertThat(type.resultProcessor(Dialects.sqlite()).apply("é".getBytes(StandardCharsets.UTF_8))).isEqualTo("é");
        ObjectPickler<String> failing = ObjectPickler.of(s -> {
            throw new IllegalStateException("boom");
        }, b -> "");
        assertThatThrownBy(() -> PickleType.builder().pickler(failing).build().dumps("x"))
                .isInstanceOf(SerializationException.class).hasMessageContaining("cannot pickle a java.lang.String").hasMessageContaining("boom");
    }

    @Test
    void theComparatorDecidesEqualityAndCopiesAreDeep() {
        PickleType<Map<String, List<Integer>>> type = PickleType.builder().build();
        Map<String, List<Integer>> v = new HashMap<>(Map.of("a", new ArrayList<>(List.of(1))));
        Map<String, List<Integer>> copy = type.copyValue(v);
        assertThat(copy).isEqualTo(v).isNotSameAs(v);
        v.get("a").add(2);
        assertThat(type.compareValues(copy, v)).as("the copy did not follow the change").isFalse();
        assertThat(type.compareValues(null, null)).isTrue();
        assertThat(type.compareValues(v, null)).isFalse();
        assertThat(type.copyValue(null)).isNull();

        PickleType<String> caseless = PickleType.builder().pickler(Picklers.<String>java()).comparator(String::equalsIgnoreCase).build();
        assertThat(caseless.compareValues("A", "a")).isTrue();
        assertThat(PickleType.builder().build().compareValues(new byte[] {1}, new byte[] {1})).as("arrays by content").isTrue();
    }

    @Test
    void settingsAreCheckedAndEnterTheCacheKey() {
        @SuppressWarnings("unchecked")
        TypeEngine<byte[]> text = (TypeEngine<byte[]>) (TypeEngine<?>) Types.TEXT;
        assertThatThrownBy(() -> PickleType.builder().impl(text)).isInstanceOf(ArgumentException.class).hasMessageContaining("binary");
        assertThatThrownBy(() -> PickleType.builder().impl(null)).isInstanceOf(ArgumentException.class);
        assertThatThrownBy(() -> PickleType.builder().pickler(null)).isInstanceOf(ArgumentException.class);
        assertThatThrownBy(() -> PickleType.builder().comparator(null)).isInstanceOf(ArgumentException.class);

        assertThat(PickleType.builder().build()).isEqualTo(PickleType.builder().build()).hasSameHashCodeAs(PickleType.builder().build());
        assertThat(PickleType.builder().build()).isNotEqualTo(PickleType.builder().protocol(1).build())
                .isNotEqualTo(PickleType.builder().pickler(Picklers.java("com.acme.*")).build())
                .isNotEqualTo(PickleType.builder().pickler(Picklers.json()).build());
        assertThat(PickleType.builder().build().cacheKeyState()).hasSize(3);
        assertThat(PickleType.builder().build().cacheOk()).isTrue();
    }
}
