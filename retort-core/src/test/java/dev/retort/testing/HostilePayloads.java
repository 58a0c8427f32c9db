package dev.retort.testing;

import java.util.HashSet;
import java.util.Set;

/** Values whose Java serialization is small but costly to read, for tests of the readers' limits. */
public final class HostilePayloads {
    private HostilePayloads() {
    }

    /**
     * The "SerialDOS" shape: sets nested {@code levels} deep, of which each level holds both sets of the next level (the
     * second set of each level holds them too, so the stream writes them once and refers back): about 55 bytes a level,
     * while hashing the root on reading visits 2<sup>levels</sup> sets.
     */
    public static Set<Object> nestedSharedSets(int levels) {
        Set<Object> root = new HashSet<>();
        Set<Object> s1 = root;
        Set<Object> s2 = new HashSet<>();
        for (int i = 0; i < levels; i++) {
            Set<Object> t1 = new HashSet<>();
            Set<Object> t2 = new HashSet<>();
            t1.add("foo");
            s1.add(t1);
            s1.add(t2);
            s2.add(t1);
            s2.add(t2);
            s1 = t1;
            s2 = t2;
        }
        return root;
    }
}
