package dev.retort.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
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

    /**
     * A forged {@code HashSet} of {@code times} elements that are all {@code element}: written once, then referred back to
     * {@code times - 1} times (five bytes each). The set read back holds it once, but reading it hashes it {@code times}
     * times. No writer makes this (a set holds an element once); the stream is forged by writing distinct placeholders
     * and replacing each by {@code element}.
     */
    public static byte[] setRepeating(Object element, int times) {
        return hashSetOf(java.util.Collections.nCopies(times, element));
    }

    /**
     * A {@code HashSet} of {@code elements} as its writer would write it, forged without hashing them (a set of colliding
     * keys costs its writer what it costs its reader): placeholders are written, each replaced by its element.
     */
    public static byte[] hashSetOf(java.util.List<?> elements) {
        return forged(new HashSet<>(placeholders(elements.size())), elements);
    }

    /**
     * A list of {@code elements} and then a {@code HashSet} of them, the set's written as back-references to the list's
     * (as a writer of a list and a set sharing their objects writes them), forged without hashing them.
     */
    public static byte[] listThenHashSetOf(java.util.List<?> elements) {
        java.util.List<Object> placeholders = placeholders(elements.size());
        return forged(new java.util.ArrayList<>(java.util.List.of(placeholders, new HashSet<>(placeholders))), elements);
    }

    /** {@code shape} as its writer would write it, each of {@link #placeholders} in it written as that element of {@code elements}. */
    public static byte[] forged(Object shape, java.util.List<?> elements) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes) {
            {
                enableReplaceObject(true);
            }

            @Override
            protected Object replaceObject(Object obj) {
                return obj instanceof Placeholder p ? elements.get(p.i()) : obj;
            }
        }) {
            out.writeObject(shape);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** {@code n} distinct placeholders, which {@link #forged} writes as the elements of the same index. */
    public static java.util.List<Object> placeholders(int n) {
        java.util.List<Object> placeholders = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            placeholders.add(new Placeholder(i));
        }
        return placeholders;
    }

    private record Placeholder(int i) implements Serializable {
    }
}
