package dev.retort.orm;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.Set;

/**
 * One sequence of a unit-of-work property test: its seed, the random operations the seed starts,
 * its session, the operations so far (named when it fails) and the next id of its own rows (from
 * {@code 1000 * (seed + 1)}, so that the sequences' rows never meet).
 */
abstract class PropertyRun {
    final int seed;
    final SplittableRandom random;
    final Session s;
    final List<String> log = new ArrayList<>();
    int nextId;

    PropertyRun(int seed, Session s) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.nextId = 1000 * (seed + 1);
        this.s = s;
    }

    /** {@code e} as this sequence's failure, naming its seed and the operations so far. */
    AssertionError failure(Throwable e) {
        return new AssertionError("seed " + seed + " after " + log, e);
    }

    <T> T pick(Set<T> from) {
        List<T> l = new ArrayList<>(from);
        return l.get(random.nextInt(l.size()));
    }

    String name() {
        return "n" + random.nextInt(1000);
    }
}
