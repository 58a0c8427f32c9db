package dev.retort.testing;

import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Draws for seeded tests, which use {@link java.util.SplittableRandom}: {@link java.util.Random}'s first
 * {@code nextBoolean()} (and {@code nextInt} of a power of two) is the same for every small seed, so
 * consecutive seeds took the same branch. {@link Collections#shuffle(List, java.util.Random)} takes only a Random.
 */
public final class Draws {
    private Draws() {
    }

    /** {@code list} shuffled in place by {@code r} (Fisher-Yates, as {@link Collections#shuffle} does). */
    public static void shuffle(List<?> list, RandomGenerator r) {
        for (int i = list.size() - 1; i > 0; i--) {
            Collections.swap(list, i, r.nextInt(i + 1));
        }
    }

    /** A non-negative number of {@code bits} random bits, as {@code new BigInteger(bits, random)}. */
    public static java.math.BigInteger bigInteger(int bits, RandomGenerator r) {
        byte[] bytes = new byte[(bits + 7) / 8];
        r.nextBytes(bytes);
        if (bytes.length > 0) {
            bytes[0] &= (byte) (0xFF >>> (8 * bytes.length - bits));
        }
        return new java.math.BigInteger(1, bytes);
    }
}
