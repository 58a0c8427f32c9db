package dev.retort.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.retort.exc.SerializationException;
import dev.retort.testing.HostilePayloads;
import dev.retort.testing.Refusal;
import java.io.InvalidClassException;
import java.io.InvalidObjectException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Hostile shapes of Java serialization, drawn at random sizes, through {@code Picklers.java}: each is refused with a
 * typed exception (an {@link InvalidObjectException} over a counted limit, an {@link InvalidClassException} from the
 * stream's limits) or loads as written; where the cost is known from the shape's sizes the counted limit decides which,
 * and forged collisions are refused within a few hundred keys of one hash (the work counted, not timed).
 */
class HostileJavaStreamPropertyTest {
    private static final int SEEDS = 60;

    record Holder(int id, List<Object> values) implements Serializable {
    }

    private final PickleType<Object> type = PickleType.builder().pickler(Picklers.java(Holder.class.getName())).build();

    @Test
    void hostileShapesAreRefusedTypedOrLoadWithinTheirLimits() {
        for (int seed = 0; seed < SEEDS; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            int shape = r.nextInt(10);
            String as = "seed " + seed + ", shape " + shape;
            switch (shape) {
                case 0 -> {
                    int levels = r.nextInt(3, 40);
                    // Its sets change after they are added (their hashes with them): not compared.
                    check(as + ", " + levels + " levels", Evil.serialized(HostilePayloads.nestedSharedSets(levels)), null, null);
                }
                case 1 -> {
                    List<Object> large = integers(r.nextInt(1, 20_000));
                    int times = r.nextInt(1, 20_000);
                    byte[] bytes = HostilePayloads.setRepeating(large, times);
                    // The counted cost: the list (its nodes and itself) hashed once per reference; the set expands to
                    // as many nodes and itself, under the stricter limit of nodes per byte.
                    long hashing = (long) times * (large.size() + 1);
                    check(as + ", " + large.size() + " elements x " + times, bytes, Set.of(large),
                            hashing > ExpansionFilter.HASHING_PER_BYTE * (long) bytes.length + ExpansionFilter.SLACK
                                    || hashing + 1 > ExpansionFilter.NODES_PER_BYTE * (long) bytes.length + ExpansionFilter.SLACK);
                }
                case 2 -> {
                    List<Object> shared = integers(r.nextInt(1, 5_000));
                    int count = r.nextInt(1, 5_000);
                    Set<Holder> holders = new HashSet<>();
                    for (int i = 0; i < count; i++) {
                        holders.add(new Holder(i, shared));
                    }
                    check(as + ", " + count + " records sharing " + shared.size(), Evil.serialized(holders), holders, null);
                }
                case 3 -> {
                    int depth = r.nextInt(1, 60);
                    List<Object> deep = new ArrayList<>();
                    for (int i = 0; i < depth; i++) {
                        deep = new ArrayList<>(List.of(deep));
                    }
                    check(as + ", " + depth + " deep", Evil.serialized(deep), deep, null);
                }
                case 4 -> {
                    byte[] bytes = Evil.serialized(new long[2]);
                    int claimed = r.nextInt(Integer.MAX_VALUE);
                    java.nio.ByteBuffer.wrap(bytes, bytes.length - 20, 4).putInt(claimed);
                    // Fewer than written reads that many and leaves the rest; more is refused before allocation.
                    check(as + ", claiming " + claimed, bytes, claimed > 2 ? null : new long[claimed], claimed > 2 ? Boolean.TRUE : null);
                }
                case 5 -> {
                    // Distinct lists of one hash (31 * (31 + a) + b), some of them in a row.
                    Set<Object> colliding = new HashSet<>();
                    int count = collidingCount(r, 8_000);
                    for (int i = 0; i < count; i++) {
                        colliding.add(new ArrayList<>(List.of(i, 1_000_000 - 31 * i)));
                    }
                    checkColliding(as + ", " + count + " lists of one hash", Evil.serialized(colliding), colliding, count);
                }
                case 6 -> {
                    // Distinct records of one hash (31 * id + 31 - 31 * id), whose hash the stream does not decide.
                    List<Object> records = new ArrayList<>();
                    int count = collidingCount(r, 12_000);
                    for (int i = 0; i < count; i++) {
                        records.add(new Holder(i, new ArrayList<>(List.of(-31 * i))));
                    }
                    checkColliding(as + ", " + count + " records of one hash", HostilePayloads.hashSetOf(records), null, count);
                }
                case 7 -> {
                    // Distinct lists of one BigDecimal of one hash (31 * unscaled + scale).
                    List<Object> lists = new ArrayList<>();
                    int count = collidingCount(r, 12_000);
                    for (int i = 0; i < count; i++) {
                        lists.add(new ArrayList<>(List.of(java.math.BigDecimal.valueOf(i, 100_000 - 31 * i))));
                    }
                    checkColliding(as + ", " + count + " BigDecimal lists of one hash", HostilePayloads.hashSetOf(lists), null, count);
                }
                case 8 -> {
                    // A long string or long block of data declaring more bytes than follow, up to 2^40: refused (past
                    // maxbytes before a byte of it is read, else at the stream's end), never read to its declared end.
                    long claimed = r.nextInt(3) == 0 ? r.nextLong(1L << 40) : r.nextLong(1, 1L << 26);
                    int following = r.nextInt(0, 4_096);
                    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                    java.io.DataOutputStream d = new java.io.DataOutputStream(out);
                    try {
                        d.writeShort(0xaced);
                        d.writeShort(5);
                        d.writeByte(r.nextBoolean() ? 0x7c : 0x7a);
                        if (out.toByteArray()[4] == 0x7c) {
                            d.writeLong(claimed + following);
                        } else {
                            d.writeInt((int) Math.min(Integer.MAX_VALUE, claimed + following));
                        }
                        d.write(new byte[following]);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    check(as + ", declaring " + (claimed + following) + " bytes, " + following + " there", out.toByteArray(), null, true);
                }
                default -> {
                    Object value = tree(r, 4);
                    check(as + ", a tree", Evil.serialized(value), value, false);
                }
            }
        }
    }

    /**
     * {@code count} keys of one hash (read as {@code expected}, null: anything): a hundred load; from a thousand, refused
     * by the comparisons counted (per byte scanned, or read where the stream does not decide the hash) within a few
     * hundred keys whatever the count.
     */
    private void checkColliding(String as, byte[] bytes, Object expected, int count) {
        SerializationException refused = check(as, bytes, expected, count >= 1_000 ? Boolean.TRUE : count <= 100 ? Boolean.FALSE : null);
        if (refused != null) {
            assertThat(Refusal.keysBefore(refused)).as(as + ": keys of its hash compared with before it was refused").isLessThan(500);
        }
    }

    /**
     * Reads {@code bytes}: refused with a typed exception (returned), or read as {@code expected} (null: anything);
     * {@code refused} says which when the shape's cost decides it (null: either).
     */
    private SerializationException check(String as, byte[] bytes, Object expected, Boolean refused) {
        try {
            Object loaded = type.loads(bytes);
            assertThat(refused).as(as + ": loaded").isNotEqualTo(Boolean.TRUE);
            if (expected != null) {
                assertThat(loaded).as(as).isEqualTo(expected);
            }
            return null;
        } catch (SerializationException e) {
            assertThat(refused).as(as + ": refused with " + e).isNotEqualTo(Boolean.FALSE);
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (!(cause instanceof InvalidObjectException || cause instanceof InvalidClassException || cause instanceof java.io.EOFException)) {
                fail(as + ": refused without a typed cause", e);
            }
            return e;
        }
    }

    /** How many keys of one hash: a quarter of the time few enough to load, else up to {@code max}. */
    private static int collidingCount(SplittableRandom r, int max) {
        return r.nextInt(4) == 0 ? r.nextInt(1, 101) : r.nextInt(1, max);
    }

    private static List<Object> integers(int n) {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(i);
        }
        return list;
    }

    /** A value of lists, sets and maps of numbers and strings, some parts shared. */
    private static Object tree(SplittableRandom r, int depth) {
        if (depth == 0 || r.nextInt(4) == 0) {
            return r.nextBoolean() ? (Object) r.nextInt(1000) : "s" + r.nextInt(1000);
        }
        int size = r.nextInt(0, 12);
        Object shared = tree(r, depth - 1);
        switch (r.nextInt(3)) {
            case 0 -> {
                List<Object> list = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    list.add(r.nextInt(3) == 0 ? shared : tree(r, depth - 1));
                }
                return list;
            }
            case 1 -> {
                Set<Object> set = new HashSet<>();
                for (int i = 0; i < size; i++) {
                    set.add(tree(r, depth - 1));
                }
                return set;
            }
            default -> {
                Map<Object, Object> map = r.nextBoolean() ? new HashMap<>() : new LinkedHashMap<>();
                for (int i = 0; i < size; i++) {
                    map.put("k" + i, r.nextInt(3) == 0 ? shared : tree(r, depth - 1));
                }
                return map;
            }
        }
    }
}
