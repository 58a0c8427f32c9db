package dev.retort.orm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.IntFunction;

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

    /** One operation, drawn by the random. */
    abstract void step();

    /** After the operations: what the sequence commits and checks last. */
    abstract void finish();

    /**
     * Runs {@code operations} steps, then {@link #finish()}, and closes the session; a failure names the seed and the
     * operations so far. Returns the steps run.
     */
    int go(int operations) {
        int n = 0;
        try {
            for (; n < operations; n++) {
                step();
            }
            finish();
            s.close();
            return n;
        } catch (RuntimeException | AssertionError e) {
            throw failure(e);
        }
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

    /** The instance of {@code type} with {@code id} in the session: the model says it exists. */
    <T> T get(Class<T> type, int id) {
        return Objects.requireNonNull(s.get(type, id), () -> type.getSimpleName() + " " + id);
    }

    /**
     * A one-to-many with a back-reference, as the sequences change it: the parent of an id (from the session), the parent's
     * list of children and the setter of a child's reference to its parent.
     */
    record ParentLink<P, C>(IntFunction<P> parent, Function<P, List<C>> children, BiConsumer<C, P> reference) {
        List<C> childrenOf(int parentId) {
            return children.apply(parent.apply(parentId));
        }
    }

    /**
     * Puts the new {@code child} into the session under the parent {@code parentId} (null: on its own), into the parent's
     * list or by the child's reference, as a draw says: both must write the same row.
     */
    <P, C> void addUnder(C child, Integer parentId, ParentLink<P, C> link) {
        if (parentId == null) {
            s.add(child);
        } else if (random.nextBoolean()) {
            link.childrenOf(parentId).add(child);
        } else {
            link.reference().accept(child, link.parent().apply(parentId));
            s.add(child);
        }
    }

    /**
     * Moves {@code child} from the parent {@code from} (null: none) to {@code to} one of four ways, as a draw says: into the
     * new list alone, out of the old list then into the new, into the new then out of the old, or by the child's reference
     * alone. Every way must write the same row. Logs {@code what} with the way; returns the way (3: by the reference).
     */
    <P, C> int move(C child, Integer from, int to, ParentLink<P, C> link, String what) {
        P b = link.parent().apply(to);
        int way = random.nextInt(4);
        log.add(what + " way " + way);
        switch (way) {
            case 0 -> link.children().apply(b).add(child);
            case 1 -> {
                if (from != null) {
                    link.childrenOf(from).remove(child);
                }
                link.children().apply(b).add(child);
            }
            case 2 -> {
                link.children().apply(b).add(child);
                if (from != null && from != to) {
                    link.childrenOf(from).remove(child);
                }
            }
            default -> link.reference().accept(child, b);
        }
        return way;
    }

    /**
     * Takes {@code child} from its parent {@code from} (null: none): out of the parent's list or by clearing its reference,
     * as a draw says. Logs {@code what} with the way; returns whether it went by the list.
     */
    <P, C> boolean takeOut(C child, Integer from, ParentLink<P, C> link, String what) {
        boolean byList = from != null && random.nextBoolean();
        log.add(what + (byList ? " by list" : " by reference"));
        if (byList) {
            link.childrenOf(from).remove(child);
        } else {
            link.reference().accept(child, null);
        }
        return byList;
    }
}
