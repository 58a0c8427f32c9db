package dev.retort.orm;

import dev.retort.exc.RetortException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Orders the rows of one flush: by their table's rank, and among rows of one rank (a table
 * that refers to itself, or one table shared by several classes) each row after the rows it
 * depends on, such as a child after the parent whose new key it takes, level by level. Rows that depend on each other in a cycle cannot be ordered:
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
                layered(group, dependsOn, out);
            }
            i = j;
        }
        return out;
    }

    /**
     * One rank's rows level by level, as SQLAlchemy's topological sort: first the rows that depend on none of the
     * others, then those that depend only on these, and so on, each level in the rows' order (a tree is inserted
     * root, children, grandchildren, and deleted leaves first). Rows left over depend on each other in a cycle,
     * which the depth-first {@link Visit} finds and names.
     */
    private static void layered(List<InstanceState> group, Function<InstanceState, Collection<InstanceState>> dependsOn, List<InstanceState> out) {
        int n = group.size();
        Map<InstanceState, Integer> index = new IdentityHashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            index.put(group.get(i), i);
        }
        int[] waiting = new int[n];
        List<List<Integer>> dependents = new ArrayList<>(Collections.nCopies(n, List.<Integer>of()));
        for (int i = 0; i < n; i++) {
            InstanceState st = group.get(i);
            for (InstanceState dep : dependsOn.apply(st)) {
                Integer j = dep == st ? null : index.get(dep);
                if (j != null) {
                    waiting[i]++;
                    if (dependents.get(j).isEmpty()) {
                        dependents.set(j, new ArrayList<>());
                    }
                    dependents.get(j).add(i);
                }
            }
        }
        List<Integer> level = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (waiting[i] == 0) {
                level.add(i);
            }
        }
        int emitted = 0;
        while (!level.isEmpty()) {
            List<Integer> next = new ArrayList<>();
            for (int i : level) {
                out.add(group.get(i));
                emitted++;
                for (int d : dependents.get(i)) {
                    if (--waiting[d] == 0) {
                        next.add(d);
                    }
                }
            }
            Collections.sort(next);
            level = next;
        }
        if (emitted < n) {
            List<InstanceState> left = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (waiting[i] > 0) {
                    left.add(group.get(i));
                }
            }
            new Visit(left, dependsOn, new ArrayList<>()).run();
        }
    }

    /**
     * Sorts the persistent states of each mapper in {@code states} by primary key, in place, each
     * mapper's states taking the positions its states had (pending states and other mappers' states
     * keep theirs). As SQLAlchemy: the UPDATEs and DELETEs of a table's existing rows then take one
     * lock order whatever the session's (hash) order, so concurrent flushes deadlock less. Keys that
     * are not {@link Comparable} keep their order. Already sorted (one class, or rows in key order),
     * it allocates nothing.
     */
    static void sortByKey(List<InstanceState> states) {
        int n = states.size();
        Mapper<?> only = null;
        InstanceState prev = null;
        boolean sorted = true;
        boolean single = true;
        for (int i = 0; i < n && single; i++) {
            InstanceState st = states.get(i);
            if (st.status != InstanceState.Status.PERSISTENT) {
                continue;
            }
            if (only == null) {
                only = st.mapper;
            }
            single = st.mapper == only;
            sorted &= prev == null || compareKeys(prev.key(), st.key()) <= 0;
            prev = st;
        }
        if (single && sorted) {
            return;
        }
        int first = 0;
        while (first < n && states.get(first).status != InstanceState.Status.PERSISTENT) {
            first++;
        }
        if (single && states.subList(first, n).stream().allMatch(st -> st.status == InstanceState.Status.PERSISTENT)) {
            // One class's existing rows after its pending ones (how a flush walks them): sorted where they are.
            states.subList(first, n).sort((a, b) -> compareKeys(a.key(), b.key()));
            return;
        }
        Map<Mapper<?>, List<Integer>> positions = new IdentityHashMap<>();
        for (int i = 0; i < n; i++) {
            InstanceState st = states.get(i);
            if (st.status == InstanceState.Status.PERSISTENT) {
                positions.computeIfAbsent(st.mapper, k -> new ArrayList<>()).add(i);
            }
        }
        for (List<Integer> at : positions.values()) {
            if (at.size() > 1) {
                List<InstanceState> rows = new ArrayList<>(at.size());
                at.forEach(i -> rows.add(states.get(i)));
                rows.sort((a, b) -> compareKeys(a.key(), b.key()));
                for (int i = 0; i < at.size(); i++) {
                    states.set(at.get(i), rows.get(i));
                }
            }
        }
    }

    /** Two keys of one mapper compared value by value; 0 (keep their order) where a value is not comparable with the other. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compareKeys(IdentityKey a, IdentityKey b) {
        for (int i = 0, n = a.size(); i < n; i++) {
            Object x = a.value(i);
            Object y = b.value(i);
            if (!(x instanceof Comparable c) || y == null || x.getClass() != y.getClass()) {
                return 0;
            }
            int r = c.compareTo(y);
            if (r != 0) {
                return r;
            }
        }
        return 0;
    }

    /** A depth-first walk of rows, emitting each row after its dependencies: what finds and names a cycle among them. */
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
