package dev.retort.orm;

import java.util.Arrays;

/**
 * A session's persistent states by identity: each under its own {@link InstanceState#key()}, in an
 * open-addressed table of the states themselves (linear probing). A {@code HashMap} made an entry
 * object per state, an eighth of what a load allocated; the key, which the state holds anyway, is
 * read from the state (without making it, see {@link InstanceState#key()}). Keys compare with {@link IdentityKey#equals}, as a {@code HashMap} of them does.
 *
 * <p>A state's key must not change while it is in the map: {@link Session} removes it first.
 */
final class IdentityMap {
    /** Free slots are null; the length is a power of two (or zero before the first put). */
    private InstanceState[] table = EMPTY;
    private int size;
    private static final InstanceState[] EMPTY = new InstanceState[0];

    IdentityMap() {
    }

    /** A map for {@code expected} states without growing. */
    IdentityMap(int expected) {
        table = new InstanceState[capacityFor(expected)];
    }

    /** The smallest power of two holding {@code n} states at most three quarters full. */
    private static int capacityFor(int n) {
        int needed = (int) Math.min(1L << 30, Math.max(2L, (long) n * 4 / 3 + 1));
        return Integer.highestOneBit(needed - 1) << 1;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The slot to look in first for a key of hash {@code h} (a Fibonacci hash: a key's own hash may vary in its low bits only). */
    private static int slot(int h, int mask) {
        return (h * 0x9E3779B9 >>> 16 ^ h * 0x9E3779B9) & mask;
    }

    /** The state under {@code key}, or null (also for a null key). */
    InstanceState get(IdentityKey key) {
        if (key == null || size == 0) {
            return null;
        }
        InstanceState[] t = table;
        int mask = t.length - 1;
        for (int i = slot(key.hashCode(), mask); ; i = i + 1 & mask) {
            InstanceState st = t[i];
            if (st == null) {
                return null;
            }
            if (st.hasKey(key)) {
                return st;
            }
        }
    }

    /** {@link #get(IdentityKey) get(IdentityKey.ofNormalised(root, value))}, without making the key (a load looks up each row's). */
    InstanceState get(Mapper<?> root, Object value) {
        if (size == 0) {
            return null;
        }
        InstanceState[] t = table;
        int mask = t.length - 1;
        for (int i = slot(IdentityKey.hashOfOne(root, value), mask); ; i = i + 1 & mask) {
            InstanceState st = t[i];
            if (st == null) {
                return null;
            }
            if (st.hasKey(root, value)) {
                return st;
            }
        }
    }

    /** Puts {@code st} under its key, in place of the state under an equal key, if any. */
    void put(InstanceState st) {
        int h = st.keyHash();
        if (size + 1 > table.length * 3 / 4) {
            resize(table.length == 0 ? capacityFor(1) : table.length * 2);
        }
        InstanceState[] t = table;
        int mask = t.length - 1;
        for (int i = slot(h, mask); ; i = i + 1 & mask) {
            InstanceState at = t[i];
            if (at == null) {
                t[i] = st;
                size++;
                return;
            }
            if (at == st || at.hasKeyOf(st)) {
                t[i] = st;
                return;
            }
        }
    }

    /** Removes the state under {@code key}, if any. */
    void remove(IdentityKey key) {
        if (key == null || size == 0) {
            return;
        }
        InstanceState[] t = table;
        int mask = t.length - 1;
        int i = slot(key.hashCode(), mask);
        while (true) {
            InstanceState st = t[i];
            if (st == null) {
                return;
            }
            if (st.hasKey(key)) {
                break;
            }
            i = i + 1 & mask;
        }
        // Moves back each later state of the run that its first slot lets move into the gap (no tombstones: a
        // session that loads, expunges and loads again does not fill its table with them).
        int gap = i;
        for (int j = gap + 1 & mask; t[j] != null; j = j + 1 & mask) {
            int home = slot(t[j].keyHash(), mask);
            // t[j] may fill the gap unless its first slot lies cyclically in (gap, j]
            if ((j - home & mask) >= (j - gap & mask)) {
                t[gap] = t[j];
                gap = j;
            }
        }
        t[gap] = null;
        size--;
    }

    void clear() {
        if (size > 0) {
            Arrays.fill(table, null);
            size = 0;
        }
    }

    /** Makes room for {@code more} states beyond those held, at once rather than by doubling as they come. */
    void ensureRoomFor(int more) {
        int capacity = capacityFor(size + more);
        if (capacity > table.length) {
            resize(capacity);
        }
    }

    private void resize(int capacity) {
        InstanceState[] old = table;
        InstanceState[] t = new InstanceState[capacity];
        int mask = capacity - 1;
        for (InstanceState st : old) {
            if (st != null) {
                int i = slot(st.keyHash(), mask);
                while (t[i] != null) {
                    i = i + 1 & mask;
                }
                t[i] = st;
            }
        }
        table = t;
    }
}
