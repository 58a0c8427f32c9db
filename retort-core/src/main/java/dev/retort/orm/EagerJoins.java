package dev.retort.orm;

import dev.retort.sql.ColumnElement;
import dev.retort.sql.FromClause;
import dev.retort.sql.Join;
import dev.retort.sql.Select;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The FROM clause a query's joined eager loads make, as SQLAlchemy's joined loader makes it: the
 * loads in the order of the mapping's relationships, each before those under it; an INNER joined
 * load under an outer one nested in the right side of the outer join
 * ({@code users LEFT OUTER JOIN (orders AS orders_1 JOIN items AS items_1 ON ...) ON ...}), unless
 * it is {@code UNNESTED}, which joins outer after it.
 */
final class EagerJoins {
    /**
     * One joined load: {@code parent JOIN target ON on}, or for a many-to-many relationship
     * {@code parent JOIN assoc ON parentOn JOIN target ON on}.
     */
    record Step(FromClause parent, FromClause assoc, ColumnElement<Boolean> parentOn, FromClause target, ColumnElement<Boolean> on) {
        /** The right side of an outer join of this load. */
        FromClause right() {
            return assoc == null ? target : assoc.join(target, on);
        }

        /** The condition of an outer join of this load. */
        ColumnElement<Boolean> rightOn() {
            return assoc == null ? on : parentOn;
        }
    }

    private final List<QueryPlan.EagerJoin> eager;
    /** The loads under each load (its index) and under each query entity (-1 - its slot), in the mapping's order. */
    private final Map<Integer, List<Integer>> below = new HashMap<>();
    private final List<Integer> slotsWithJoins = new ArrayList<>();
    /** Whether an outer join is on the way from the query's entities to a load (SQLAlchemy's chained_from_outerjoin). */
    private final boolean[] underOuter;
    /** For an outer join: the load itself; for a nested inner join: the outer join it is nested in; else -1. */
    private final int[] group;
    /** The right side of each outer join, with the inner joins nested in it. */
    private final FromClause[] right;
    /** The joins nested inner joins make, which a later nested join may descend into (SQLAlchemy's _ORMJoin). */
    private final Set<FromClause> spliced = Collections.newSetFromMap(new IdentityHashMap<>());

    EagerJoins(List<QueryPlan.Slot> slots, List<QueryPlan.EagerJoin> eager) {
        this.eager = eager;
        this.underOuter = new boolean[eager.size()];
        this.group = new int[eager.size()];
        this.right = new FromClause[eager.size()];
        for (int i = 0; i < eager.size(); i++) {
            QueryPlan.EagerJoin e = eager.get(i);
            int up = e.parentSlot() >= 0 ? -1 - e.parentSlot() : e.parentJoin();
            below.computeIfAbsent(up, k -> new ArrayList<>()).add(i);
        }
        // a stable sort: loads of one relationship (a self-referential one's levels) keep their order
        below.values().forEach(l -> l.sort(Comparator.comparingInt(i -> order(eager.get(i).relationship()))));
        for (int k = 0; k < slots.size(); k++) {
            if (below.containsKey(-1 - k)) {
                slotsWithJoins.add(k);
            }
        }
    }

    /**
     * Where SQLAlchemy's mapper has {@code r} among its properties: those the mapping declares first,
     * in its order (before the table's columns), a backref's and one added after mapping after the columns.
     */
    private static int order(RelationshipProp r) {
        return r.mapper.relationships().indexOf(r) + (isBackref(r) || r.mapper.isLate(r) ? r.mapper.relationships().size() : 0);
    }

    static boolean isBackref(RelationshipProp r) {
        return r.mapper.declaredRelationship(r.key) == null;
    }

    /** The loads, each before those under it. */
    List<Integer> preorder() {
        List<Integer> out = new ArrayList<>();
        for (int k : slotsWithJoins) {
            below.get(-1 - k).forEach(i -> pre(i, out));
        }
        return out;
    }

    private void pre(int i, List<Integer> out) {
        out.add(i);
        below.getOrDefault(i, List.of()).forEach(c -> pre(c, out));
    }

    /**
     * The loads, each after those under it through relationships the mapping declares, before those through backrefs
     * and those through a single-table subclass's relationships (SQLAlchemy's subclass mapper lists the properties it
     * inherits, the columns among them, before its own).
     */
    List<Integer> postorder() {
        List<Integer> out = new ArrayList<>();
        for (int k : slotsWithJoins) {
            below.get(-1 - k).forEach(i -> post(i, out));
        }
        return out;
    }

    private void post(int i, List<Integer> out) {
        List<Integer> under = below.getOrDefault(i, List.of());
        under.stream().filter(c -> !afterColumns(eager.get(c).relationship())).forEach(c -> post(c, out));
        out.add(i);
        under.stream().filter(c -> afterColumns(eager.get(c).relationship())).forEach(c -> post(c, out));
    }

    /** Whether SQLAlchemy lists {@code r}'s columns after those of the entity it is loaded for. */
    private static boolean afterColumns(RelationshipProp r) {
        return isBackref(r) || r.mapper.isLate(r) || r.mapper.inherits() != null && r.mapper.table() == r.mapper.inherits().table();
    }

    /** Decides how load {@code i} joins; called in {@link #preorder()}. */
    void place(int i, Step step, LoaderOption.JoinKind kind) {
        QueryPlan.EagerJoin e = eager.get(i);
        boolean fromOuter = e.parentSlot() < 0 && underOuter[e.parentJoin()];
        underOuter[i] = fromOuter || !kind.inner;
        if (!fromOuter || !kind.inner || kind == LoaderOption.JoinKind.UNNESTED) {
            group[i] = underOuter[i] ? i : -1;
            right[i] = step.right();
            return;
        }
        int root = group[e.parentJoin()];
        group[i] = root;
        right[root] = splice(right[root], step);
    }

    /** {@code s} with load {@code i} joined, unless it is nested in an outer join; called in {@link #preorder()}. */
    Select attach(Select s, int i, Step step) {
        if (group[i] == i) {
            return s.outerJoin(right[i], step.rightOn());
        }
        if (group[i] >= 0) {
            return s;
        }
        return step.assoc() == null ? s.join(step.target(), step.on()) : s.join(step.assoc(), step.parentOn()).join(step.target(), step.on());
    }

    /**
     * {@code node} with {@code step} joined inner to its parent inside it: the parent's own FROM clause
     * (or the plain join that ends with it) becomes {@code (parent JOIN target)}, and {@code a JOIN b}
     * with {@code b JOIN c} inside becomes {@code a JOIN b JOIN c}; null where the parent is not in node.
     */
    private FromClause splice(FromClause node, Step step) {
        if (node == step.parent() || !spliced.contains(node) && node instanceof Join j && j.right() == step.parent()) {
            FromClause left = step.assoc() == null ? node : node.join(step.assoc(), step.parentOn());
            return nested(left.join(step.target(), step.on()));
        }
        if (!spliced.contains(node)) {
            return null;
        }
        Join j = (Join) node;
        FromClause r = splice(j.right(), step);
        if (r != null) {
            if (!j.isOuter() && r instanceof Join rj && !rj.isOuter()) {
                Join left = joined(j.left(), rj.left(), j);
                return joined(left, rj.right(), rj);
            }
            return joined(j.left(), r, j);
        }
        FromClause l = splice(j.left(), step);
        return l == null ? null : joined(l, j.right(), j);
    }

    @SuppressWarnings("unchecked")
    private Join joined(FromClause left, FromClause right, Join like) {
        ColumnElement<Boolean> on = (ColumnElement<Boolean>) like.onclause();
        return nested(like.isOuter() ? left.outerJoin(right, on) : left.join(right, on));
    }

    private Join nested(Join j) {
        spliced.add(j);
        return j;
    }
}
