package dev.retort.orm;

import dev.retort.exc.RetortException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Orders the rows of one flush: by their table's rank, and among rows of one rank (a table
 * that refers to itself, or one table shared by several classes) each row after the rows it
 * depends on, such as a child after the parent whose new key it takes. Rows without such a
 * dependency keep their order. Rows that depend on each other in a cycle cannot be ordered:
 * that raises an error naming them, as the cycle has to be broken with
 * {@link Relationship#postUpdate()}.
 */
final class DependencySort {
    private DependencySort() {
    }

    /**
     * {@code states}, sorted by {@code rank}, and within a rank put after what
     * {@code dependsOn} gives for them (states not in the list are ignored); a null
     * {@code dependsOn} says no state depends on another. The result may be {@code states}
     * itself (already in order, nothing depending on another), which the caller owns.
     */
    static List<InstanceState> sort(List<InstanceState> states, ToIntFunction<InstanceState> rank, Function<InstanceState, Collection<InstanceState>> dependsOn) {
        // Each state's rank once: a flush of thousands of rows asked for it twice per comparison.
        int n = states.size();
        int[] ranks = new int[n];
        boolean ordered = true;
        for (int i = 0; i < n; i++) {
            ranks[i] = rank.applyAsInt(states.get(i));
            ordered &= i == 0 || ranks[i - 1] <= ranks[i];
        }
        List<InstanceState> byRank = states;
        if (!ordered) {
            Integer[] at = new Integer[n];
            for (int i = 0; i < n; i++) {
                at[i] = i;
            }
            Arrays.sort(at, Comparator.comparingInt(i -> ranks[i]));
            byRank = new ArrayList<>(n);
            int[] sorted = new int[n];
            for (int i = 0; i < n; i++) {
                byRank.add(states.get(at[i]));
                sorted[i] = ranks[at[i]];
            }
            System.arraycopy(sorted, 0, ranks, 0, n);
        }
        if (dependsOn == null) {
            // Not copied: a flush of a thousand rows of one class copied its list of rows for nothing.
            return byRank;
        }
        List<InstanceState> out = new ArrayList<>(n);
        int i = 0;
        while (i < n) {
            int j = i;
            while (j < n && ranks[j] == ranks[i]) {
                j++;
            }
            List<InstanceState> group = byRank.subList(i, j);
            if (group.size() == 1) {
                out.add(group.get(0));
            } else {
                new Visit(group, dependsOn, out).run();
            }
            i = j;
        }
        return out;
    }

    /** A depth-first walk of one rank's rows, emitting each row after its dependencies. */
    private static final class Visit {
        private final List<InstanceState> group;
        private final Set<InstanceState> members = Collections.newSetFromMap(new IdentityHashMap<>());
        private final Set<InstanceState> done = Collections.newSetFromMap(new IdentityHashMap<>());
        private final List<InstanceState> path = new ArrayList<>();
        private final Function<InstanceState, Collection<InstanceState>> dependsOn;
        private final List<InstanceState> out;

        Visit(List<InstanceState> group, Function<InstanceState, Collection<InstanceState>> dependsOn, List<InstanceState> out) {
            this.group = group;
            this.members.addAll(group);
            this.dependsOn = dependsOn;
            this.out = out;
        }

        void run() {
            group.forEach(this::visit);
        }

        private void visit(InstanceState st) {
            if (done.contains(st)) {
                return;
            }
            if (path.contains(st)) {
                List<InstanceState> cycle = path.subList(path.indexOf(st), path.size());
                throw new RetortException("Cannot order the rows " + cycle + ": they depend on each other in a cycle; declare one of their"
                        + " relationships with postUpdate() to set its foreign key by a later UPDATE");
            }
            path.add(st);
            for (InstanceState dep : dependsOn.apply(st)) {
                if (dep != st && members.contains(dep)) {
                    visit(dep);
                }
            }
            path.remove(path.size() - 1);
            done.add(st);
            out.add(st);
        }
    }
}
