package dev.retort.orm;

import dev.retort.engine.Row;
import dev.retort.orm.QueryPlan.BundleSlot;
import dev.retort.orm.QueryPlan.ColumnSlot;
import dev.retort.orm.QueryPlan.EagerJoin;
import dev.retort.orm.QueryPlan.EntitySlot;
import dev.retort.orm.QueryPlan.Slot;
import dev.retort.schema.Column;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.LabelStyle;
import dev.retort.sql.SQL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the rows of one query into instances: one per identity in the session (an instance
 * already there is reused, and refreshed only if it expired), collections filled by joined
 * eager loads, then collections loaded "select in", then many-to-one references resolved: from
 * the identity map (an expired target is loaded again), else by {@code SELECT ... WHERE pk IN
 * (...)} per target class (all of a select-in many-to-one's targets when options follow it, which that statement takes) (a plain field cannot load on first access, so references load with
 * their instance). Every IN list is cut into chunks of {@value #CHUNK} values, as the seeds'
 * selectin loader does, which keeps each statement under every database's parameter limit.
 */
final class Loading {
    /** Values per IN list (the seeds' selectin loader uses 500 too). */
    static final int CHUNK = 500;
    private static final Object[] NO_CHILDREN = {};
    private static final InstanceState[] NO_PARENTS = {};
    private static final Collecting[] NO_COLLECTING = {};

    private final Session session;
    private final QueryPlan plan;
    /** {@code refresh()}: overwrite values even where the instance has changes not flushed. */
    private final boolean overwrite;
    /** States filled from rows in this load (new, or refreshed), in order; each is marked {@link InstanceState#populatedBy} this load. */
    private final ArrayList<InstanceState> populated = new ArrayList<>(0);
    /** Of those, the states given references to resolve, in order: the rest need no look at the end. */
    private final ArrayList<InstanceState> referring = new ArrayList<>();
    /**
     * The states the rows may fill, at most: what {@link #referring} is sized for at its first
     * when no eager join takes its states off it again (a select-in statement's members, each
     * referring to its parent, grew it a dozen times per statement).
     */
    private int expected;
    /**
     * Instances the rows gave that were in the session already, unchanged: a select-in load fills
     * their collections not loaded yet, as the seeds' do. Made for the first (most loads have none:
     * the two sets made for every load were a tenth of what a get() allocated).
     */
    private Set<InstanceState> present = Set.of();
    /**
     * From the first of {@link #present}: the states of {@link #populated} and {@code present} in the order the rows
     * gave them, the order of a select-in's IN list (SQLAlchemy's); null while there is none, as populated is that order.
     */
    private List<InstanceState> inRowOrder;
    /**
     * The parents whose collections joined eager loads fill, in the order first met; each holds
     * its first {@link Collecting} (linked to its next) in {@link InstanceState#collecting}, rather
     * than in a map entry per parent.
     */
    private final List<InstanceState> collectingParents = new ArrayList<>();
    /** Instances of a subclass whose own columns the rows lack (a with_polymorphic leaves its table out): refreshed at the end. */
    private Set<InstanceState> incomplete = Set.of();

    /**
     * By slot, then by eager join: the key value of the last row's instance, the instance and its
     * state. A joined load repeats a parent on consecutive rows; the repeats are answered from
     * here, without an identity key or a look-up in the session's maps per row.
     */
    private Object[] lastKey;
    private Object[] lastInstance;
    private InstanceState[] lastState;
    /** By eager join: the parent of the last row, and the collection it fills (null: none, it is loaded already). */
    private InstanceState[] lastParent;
    private Collecting[] lastCollecting;
    /**
     * By slot, then by eager join: the keys of the collections that eager joins fill from its
     * instances (null: none; the whole array null when the query has no eager join). An instance
     * filled from a row gets no unloaded list there, which the rows' list would replace at the end of the load.
     */
    private String[][] filledByJoins;
    /**
     * By slot, then by eager join: what its instances keep for their lazy loads, the query's
     * propagating criteria and loader option paths ({@link LazyLoadOptions}), one object shared by
     * them all (null where there are neither); null: the query has none (the usual case).
     */
    private InstanceState.LazyLoad[] lazyLoads;
    /** The results of a unique load that no state answers for (see {@link #isNewResult}): made for the first (a get() or a query of one entity makes none). */
    private Set<Object> seenResults;

    Loading(Session session, QueryPlan plan, boolean overwrite) {
        this.session = session;
        this.plan = plan;
        this.path = session.loadPath();
        this.overwrite = overwrite || plan.populateExisting();
    }

    /**
     * The results of {@code rows}: instances for a single-entity query, otherwise rows. The states
     * of the instances are added to {@code states} (for a single-entity query), if given.
     */
    List<Object> load(List<Object[]> rows, List<InstanceState> states) {
        List<Object> out = results(rows, states, false);
        if (plan.single()) {
            return out;
        }
        List<Slot> slots = plan.slots();
        List<String> labels = new ArrayList<>(slots.size());
        slots.forEach(s -> labels.add(s.label()));
        // Each row's values seen as a list only as Row.of reads them, which copies them: a list per row kept in the
        // results until then was a fortieth of what a select-in load (whose statements read rows of several) allocated.
        List<List<?>> tuples = new java.util.AbstractList<>() {
            @Override
            public List<?> get(int index) {
                return java.util.Arrays.asList((Object[]) out.get(index));
            }

            @Override
            public int size() {
                return out.size();
            }
        };
        return new ArrayList<>(Row.of(labels, tuples));
    }

    /**
     * The results of {@code rows} of a query of several columns or entities, each row's values as an array
     * by position, not a {@link Row}: for the loader's own statements, which read them by position (a row
     * made of each, a copy of its values, with the list Row.of reads them as, was a seventh of what a
     * select-in load allocated). Where the slots allow, a row's results are written over its own values
     * ({@link #inPlace}); the array may then hold more values than there are slots.
     */
    List<Object[]> values(List<Object[]> rows) {
        if (plan.single()) {
            throw new IllegalStateException("a query of one entity has instances, not rows of values");
        }
        @SuppressWarnings("unchecked")
        List<Object[]> out = (List<Object[]>) (List<?>) results(rows, null, plan.eagerJoins().isEmpty() && inPlace(plan.slots()));
        return out;
    }

    /**
     * Whether the result of each slot may be written over the row's value at its own position as the row is read: no later
     * slot reads that position, unless it is a column slot of that very position, whose result is that value. (An eager join's
     * child reads the row after the slots; a load with any is not written in place.) An array of results per row of a
     * select-in statement was a twentieth of what a select-in load allocated.
     */
    private static boolean inPlace(List<Slot> slots) {
        for (int i = 0; i < slots.size(); i++) {
            if (slots.get(i) instanceof ColumnSlot c && c.position() == i) {
                continue;
            }
            for (int j = i + 1; j < slots.size(); j++) {
                if (reads(slots.get(j), i)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether {@code slot} reads the row's value at {@code position}. */
    private static boolean reads(Slot slot, int position) {
        if (slot instanceof ColumnSlot c) {
            return c.position() == position;
        }
        if (slot instanceof BundleSlot b) {
            return contains(b.positions(), position);
        }
        EntitySlot e = (EntitySlot) slot;
        if (contains(e.positions(), position)) {
            return true;
        }
        for (int[] sub : e.subclasses().values()) {
            if (contains(sub, position)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(int[] positions, int position) {
        for (int p : positions) {
            if (p == position) {
                return true;
            }
        }
        return false;
    }

    /**
     * The instances of a single-entity query, else each row's values as an array (see {@link #load}), written over
     * the row's own values if {@code inPlace} (see {@link #values}).
     */
    private List<Object> results(List<Object[]> rows, List<InstanceState> states, boolean inPlace) {
        List<Slot> slots = plan.slots();
        List<Object> out = new ArrayList<>(rows.size());
        // Asked once, not per row.
        boolean unique = plan.unique();
        boolean single = plan.single();
        List<EagerJoin> eager = plan.eagerJoins();
        int n = slots.size();
        lastKey = new Object[n + eager.size()];
        lastInstance = new Object[lastKey.length];
        lastState = new InstanceState[lastKey.length];
        // Without eager joins (a get(), a plain query) none of their arrays is made.
        lastParent = eager.isEmpty() ? NO_PARENTS : new InstanceState[eager.size()];
        lastCollecting = eager.isEmpty() ? NO_COLLECTING : new Collecting[eager.size()];
        filledByJoins = eager.isEmpty() ? null : new String[lastKey.length][];
        for (EagerJoin e : eager) {
            if (e.relationship().collection) {
                int parent = e.parentSlot() >= 0 ? e.parentSlot() : n + e.parentJoin();
                String[] before = filledByJoins[parent];
                String[] keys = before == null ? new String[1] : java.util.Arrays.copyOf(before, before.length + 1);
                keys[keys.length - 1] = e.relationship().key;
                filledByJoins[parent] = keys;
            }
        }
        if (!plan.goingOn().isEmpty() || !plan.propagatingCriteria().isEmpty()) {
            lazyLoads = lazyLoads(plan);
        }
        session.expectLoaded(rows.size());
        // An instance per row at most for each entity slot and eager join: sized once rather than grown a dozen times for a
        // thousand rows (and to one for a get(), where a list made with the default size grows to ten). A joined load
        // repeating parents has fewer; the growth it saves copied three times the instances' count.
        int perRow = eager.size();
        for (int i = 0; i < n; i++) {
            if (slots.get(i) instanceof EntitySlot) {
                perRow++;
            }
        }
        expected = (int) Math.min((long) rows.size() * perRow, Integer.MAX_VALUE - 8);
        populated.ensureCapacity(expected);
        Object previous = null;
        // Arrays for one row at a time, made once: a single entity's result is its instance, and the
        // eager joins' children are passed on as the row is read (two arrays per row were 5% of what a joined load allocated).
        Object[] one = single ? new Object[n] : null;
        Object[] children = eager.isEmpty() ? NO_CHILDREN : new Object[eager.size()];
        for (Object[] row : rows) {
            Object[] values = single ? one : inPlace && row.length >= n ? row : new Object[n];
            for (int i = 0; i < n; i++) {
                Slot s = slots.get(i);
                values[i] = s instanceof EntitySlot es ? instance(es, row, i) : s instanceof ColumnSlot c ? row[c.position()] : ((BundleSlot) s).value(row);
            }
            for (int i = 0; i < children.length; i++) {
                EagerJoin e = eager.get(i);
                children[i] = instance(e.child(), row, n + i);
                // The parent's instance and state are the last of its slot or join: this row's.
                int parent = e.parentSlot() >= 0 ? e.parentSlot() : n + e.parentJoin();
                if (lastState[parent] != null) {
                    joined(i, e, lastInstance[parent], lastState[parent], children[i], lastState[n + i]);
                }
            }
            // A row of several: its values, made a row at the end (see below).
            Object result = single ? values[0] : values;
            // The result of the row before is in the results already: joined rows repeat a parent on consecutive rows.
            if (!unique || result != previous && isNewResult(result, single ? lastState[0] : null)) {
                out.add(result);
                if (states != null && single) {
                    states.add(lastState[0]);
                }
            }
            previous = result;
        }
        finish();
        return out;
    }

    /**
     * Whether {@code result} (of state {@code st}, for a single-entity query) is not among this
     * load's results yet; it counts as among them from now on. An instance's state answers in its
     * {@link InstanceState#collecting}: this load, or this load's first {@link Collecting} of it, which
     * notes it (a field of its own on every state made each 8 bytes bigger). Other results (rows, a
     * null, an instance another load still fills collections of) are kept in {@link #seenResults}.
     */
    private boolean isNewResult(Object result, InstanceState st) {
        Object mark = st == null ? null : st.collecting;
        if (mark == this) {
            return false;
        }
        if (mark instanceof Collecting first && first.load == this) {
            boolean added = !first.result;
            first.result = true;
            return added;
        }
        if (st != null && !(mark instanceof Collecting)) {
            st.collecting = this;
            return true;
        }
        if (seenResults == null) {
            seenResults = Collections.newSetFromMap(new IdentityHashMap<>());
        }
        return seenResults.add(result);
    }

    /**
     * Row by row, eager join {@code e} (number {@code i}) gives {@code parent} (of state {@code ps})
     * the {@code child} (of state {@code cs}; both null for an outer join's missing row).
     */
    private void joined(int i, EagerJoin e, Object parent, InstanceState ps, Object child, InstanceState cs) {
        RelationshipProp r = e.relationship();
        if (!r.mapper.mappedClass().isInstance(parent)) {
            return;     // a subclass's relationship joined from a with_polymorphic entity's rows: another class's row
        }
        if (!r.collection) {
            if (isPopulated(ps) && unresolve(ps, r)) {
                setReference(ps, r, child);
            }
            return;
        }
        Collecting c;
        if (lastParent[i] == ps) {
            // The parent of the row before (rows come grouped by parent): its collection, or none.
            c = lastCollecting[i];
        } else {
            c = collecting(ps, r);
            lastParent[i] = ps;
            lastCollecting[i] = c;
        }
        if (c == null || child == null) {
            return;
        }
        c.add(child);
        if (r.reverse != null && !r.isManyToMany() && isPopulated(cs)) {
            // The member's many-to-one back to the parent: the parent of its row, without a look-up
            // by key (the join matched the member's foreign key with the parent's key).
            Prop back = cs.mapper == r.reverse.mapper ? r.reverse : cs.mapper.prop(r.reverse.key);
            if (back instanceof RelationshipProp b && b.remoteIsPrimaryKey() && unresolve(cs, b)) {
                setReference(cs, b, parent);
                // Nothing left to resolve: off the list of those to look at in the end, where its row put it last.
                int last = referring.size() - 1;
                if (cs.unresolved == null && last >= 0 && referring.get(last) == cs) {
                    referring.remove(last);
                }
            }
        }
    }

    /** The collection {@code r} of {@code ps} the rows fill, made on first use; null when the rows leave it as it is (loaded already). */
    private Collecting collecting(InstanceState ps, RelationshipProp r) {
        Collecting first = ps.collecting instanceof Collecting f && f.load == this ? f : null;
        Collecting c = first;
        while (c != null && c.relationship != r) {
            c = c.next;
        }
        if (c == null) {
            if (!isPopulated(ps) && isLoaded(ps, r)) {
                return null;
            }
            c = new Collecting(this, r, first);
            // the first of them notes whether the parent is among the results (see isNewResult)
            c.result = first != null ? first.result : ps.collecting == this;
            if (first == null) {
                collectingParents.add(ps);
            }
            ps.collecting = c;
        }
        return c;
    }

    /**
     * Members in order, each once (a row repeats a member when the query joins more than one collection, or
     * the member's own collections): a list, and a set only for a long one. Maps and sets per parent were most of
     * what a joined load allocated.
     */
    private static class Members {
        /** Members up to this many are looked for in the list. */
        private static final int SCAN = 8;
        final ArrayList<Object> members = new ArrayList<>(4);
        private Set<Object> seen;

        void add(Object member) {
            if (seen != null) {
                if (seen.add(member)) {
                    members.add(member);
                }
                return;
            }
            if (!among(members, member)) {
                members.add(member);
                if (members.size() > SCAN) {
                    seen = identitySetOf(members);
                }
            }
        }
    }

    /** The members the rows gave one collection of one parent. */
    private static final class Collecting extends Members {
        /** The load filling it (a state's {@link InstanceState#collecting} left by another is not this load's). */
        final Loading load;
        final RelationshipProp relationship;
        final Collecting next;
        /** For the parent's first: whether it is among the load's results already (see {@link #isNewResult}). */
        boolean result;

        Collecting(Loading load, RelationshipProp relationship, Collecting next) {
            this.load = load;
            this.relationship = relationship;
            this.next = next;
        }
    }

    /** Whether {@code member} is in {@code members} (by identity), a short list: looked for from its end, where a repeat usually is. */
    private static boolean among(List<Object> members, Object member) {
        for (int i = members.size() - 1; i >= 0; i--) {
            if (members.get(i) == member) {
                return true;
            }
        }
        return false;
    }

    private static Set<Object> identitySetOf(List<Object> members) {
        Set<Object> out = Collections.newSetFromMap(new IdentityHashMap<>());
        out.addAll(members);
        return out;
    }

    /**
     * The parents of one key value of a select-in load, and the members its statements gave them: one object per
     * key, rather than an entry in a map of members by key beside the map of parents (a tenth of what a select-in
     * load allocated, with its table grown a dozen times for ten thousand parents).
     */
    private static final class SelectinParents extends Members {
        /** The parent (a state), or the parents (a list) in the rare case that several share the key. */
        Object states;
    }

    private static boolean isLoaded(InstanceState st, RelationshipProp r) {
        return !(r.get(st.instance, st) instanceof PersistentList<?> p) || p.isLoaded();
    }

    /**
     * The instance of the entity in {@code row}: the session's, refreshed if expired, or a new one;
     * null for an outer join's missing row. It and its state are noted as the last of slot (or
     * eager join) {@code memo}.
     */
    private Object instance(EntitySlot entitySlot, Object[] row, int memo) {
        EntitySlot slot = entitySlot.forRow(row);
        Mapper<?> m = slot.mapper();
        List<ColumnProp> pkProps = m.primaryKeyProps();
        // One key column, the usual case: its normalised value stands for the key, which is not made (see InstanceState#key).
        Object key;
        Object one = null;
        if (pkProps.size() == 1) {
            one = row[slot.positions()[pkProps.get(0).index]];
            if (one != null && one.equals(lastKey[memo])) {
                // The instance of the row before: whatever the session had, this load has dealt with it.
                return lastInstance[memo];
            }
            key = one == null ? null : IdentityKey.oneValue(m, one);
        } else {
            List<Object> pk = new ArrayList<>(pkProps.size());
            for (ColumnProp p : pkProps) {
                pk.add(row[slot.positions()[p.index]]);
            }
            key = IdentityKey.of(m, pk);
        }
        lastKey[memo] = one;
        if (key == null) {
            lastInstance[memo] = null;
            lastState[memo] = null;
            return null;
        }
        InstanceState st = key instanceof IdentityKey k ? session.identityState(k) : session.identityState(m.root(), key);
        if (st == null) {
            st = fresh(slot, row, key, null, memo);
        } else {
            if (isPopulated(st) || !(st.expired || overwrite)) {
                if (!plan.selectins().isEmpty() && !isPopulated(st)) {
                    if (present.isEmpty()) {
                        present = new LinkedHashSet<>();
                        inRowOrder = new ArrayList<>(populated);
                    }
                    if (present.add(st)) {
                        inRowOrder.add(st);
                    }
                }
            } else if (m.isReadOnly()) {
                st = fresh(slot, row, key, st, memo);
            } else {
                populate(st, slot, row, false, memo);
                st.expired = false;
            }
        }
        lastInstance[memo] = st.instance;
        lastState[memo] = st;
        return st.instance;
    }

    /**
     * The state of a new instance from the row (of slot or eager join {@code memo}), under {@code key} (as {@link Session#attachLoaded}
     * takes it); for a record, it takes the place of {@code replaced} (which may be null).
     */
    private InstanceState fresh(EntitySlot slot, Object[] row, Object key, InstanceState replaced, int memo) {
        Mapper<?> m = slot.mapper();
        // Only a record's constructor takes the values; a plain class gets them in populate.
        Object instance = m.instantiator().create(m.instantiator().isRecord() ? recordValues(m, slot, row) : null);
        InstanceState st = session.attachLoaded(instance, m, key, replaced);
        populate(st, slot, row, true, memo);
        return st;
    }

    /** The values of {@code row} for a record of {@code m}, indexed by property. */
    private static Object[] recordValues(Mapper<?> m, EntitySlot slot, Object[] row) {
        Object[] values = new Object[m.propertyCount()];
        int[] positions = slot.positions();
        for (ColumnProp p : m.columnProps()) {
            values[p.index] = positions[p.index] < 0 ? null : row[positions[p.index]];
        }
        for (ExpressionProp p : m.expressionProps()) {
            values[p.index] = positions[p.index] < 0 ? null : row[positions[p.index]];
        }
        return values;
    }

    /** Fills {@code st} from {@code row}, read as {@code slot} of slot or eager join {@code memo}. */
    /**
     * Whether the row lacks {@code p} at {@code position}: a subclass column a with_polymorphic left out
     * (the instance is completed after the load) or a deferred one (noted on its state).
     */
    private boolean notInRow(InstanceState st, Prop p, int position, boolean fresh) {
        if (position == QueryPlan.NOT_LOADED) {
            if (incomplete.isEmpty()) {
                incomplete = new LinkedHashSet<>();
            }
            incomplete.add(st);
            return true;
        }
        if (position == QueryPlan.NOT_GIVEN) {
            return true;    // a query expression the query gave nothing: it keeps what it holds (null when new), as in SQLAlchemy
        }
        if (position < 0) {
            DeferredLoads.leftOut(st, p, position, fresh);
            return true;
        }
        return false;
    }

    private void populate(InstanceState st, EntitySlot slot, Object[] row, boolean fresh, int memo) {
        Object inst = st.instance;
        st.unresolved = null;
        boolean writable = !st.mapper.isReadOnly();
        int[] positions = slot.positions();
        List<ColumnProp> columns = st.mapper.columnProps();
        for (int i = 0, n = columns.size(); i < n; i++) {
            ColumnProp p = columns.get(i);
            if (notInRow(st, p, positions[p.index], fresh)) {
                continue;
            }
            if (st.leftOut != null) {
                DeferredLoads.loaded(st, p);
            }
            Object v = row[positions[p.index]];
            if (!fresh && !overwrite && p.changed(st.flushed(p), p.get(inst, st))) {
                continue;
            }
            // What the field holds now (the value converted to the field's type), as set: not read back.
            Object now = writable || p.accessor.fieldName() == null ? p.set(inst, st, v) : v;
            st.setFlushed(p, p.snapshot(now));
        }
        for (ExpressionProp p : st.mapper.expressionProps()) {
            if (notInRow(st, p, positions[p.index], fresh)) {
                continue;
            }
            Object v = row[positions[p.index]];
            if (writable || p.accessor.fieldName() == null) {
                p.set(inst, st, v);
            }
            st.setFlushed(p, v);
        }
        List<RelationshipProp> relationships = st.mapper.relationships();
        for (int i = 0, n = relationships.size(); i < n; i++) {
            RelationshipProp r = relationships.get(i);
            Object current = r.get(inst, st);
            boolean untouched = fresh || overwrite || sameMembers(st.flushed(r), current, r);
            if (!untouched) {
                continue;
            }
            LoaderOption.Strategy not = plan.unloaded(r);
            if (not != null) {
                if (r.collection && not == LoaderOption.Strategy.NOLOAD) {
                    setCollection(st, r, List.of());
                } else if (r.collection) {
                    PersistentList<Object> raising = new PersistentList<>(st, r, null).raising();
                    r.set(inst, st, raising);
                    st.setSeen(r, raising);
                    st.setFlushed(r, InstanceState.NOT_LOADED);
                }
            } else if (r.collection) {
                if (!isFilledByJoin(memo, r) && !(current instanceof PersistentList<?> p && p.owner == st && !p.isLoaded())) {
                    // The list being loaded right now (this may be its own query) stays in place.
                    session.unloaded(st, r);
                }
            } else if (st.unresolved == null) {
                st.unresolved = r;
                if (referring.isEmpty() && lastParent.length == 0) {
                    referring.ensureCapacity(expected);
                }
                referring.add(st);
            } else {
                st.unresolved = oneMore(st.unresolved, r);
            }
        }
        if (st.populatedBy != this) {
            st.populatedBy = this;
            populated.add(st);
            if (inRowOrder != null) {
                inRowOrder.add(st);
            }
            st.lazyLoad(lazyLoads == null ? null : lazyLoads[memo]);
        }
    }

    /** By slot, then by eager join, of {@code plan}: the paths of its loader options that its instances keep. */
    @SuppressWarnings("unchecked")
    private static List<LoaderOption>[] goingOn(QueryPlan plan) {
        List<Slot> slots = plan.slots();
        List<EagerJoin> eager = plan.eagerJoins();
        int n = slots.size();
        List<LoaderOption>[] out = new List[n + eager.size()];
        for (int i = 0; i < n; i++) {
            out[i] = slots.get(i) instanceof EntitySlot es ? LazyLoadOptions.forEntity(es.entity(), plan.goingOn()) : List.of();
        }
        // a joined load's instances keep what follows its step in its parent's paths
        for (int j = 0; j < eager.size(); j++) {
            EagerJoin e = eager.get(j);
            List<LoaderOption> up = out[e.parentSlot() >= 0 ? e.parentSlot() : n + e.parentJoin()];
            out[n + j] = LazyLoadOptions.goingOn(LazyLoadOptions.below(up, e.relationship()));
        }
        return out;
    }

    /** By slot, then by eager join, of {@code plan}: what its instances keep for their lazy loads (null: nothing). */
    private static InstanceState.LazyLoad[] lazyLoads(QueryPlan plan) {
        List<LoaderCriteria> criteria = plan.propagatingCriteria();
        List<LoaderOption>[] paths = goingOn(plan);
        InstanceState.LazyLoad[] out = new InstanceState.LazyLoad[paths.length];
        for (int i = 0; i < paths.length; i++) {
            if (!criteria.isEmpty() || !paths[i].isEmpty()) {
                out[i] = new InstanceState.LazyLoad(criteria.isEmpty() ? null : criteria, paths[i].isEmpty() ? null : paths[i]);
            }
        }
        return out;
    }

    /** Whether an eager join fills collection {@code r} of the instances of slot or eager join {@code memo} from the rows. */
    private boolean isFilledByJoin(int memo, RelationshipProp r) {
        String[] keys = filledByJoins == null ? null : filledByJoins[memo];
        if (keys != null) {
            for (String k : keys) {
                if (k.equals(r.key)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * {@code before} (one value, or a list of them) and {@code more}, as a list: for what is one
     * value in the usual case (the references of an instance, the parents of a key value) and a
     * list only when there are more.
     */
    @SuppressWarnings("unchecked")
    private static Object oneMore(Object before, Object more) {
        List<Object> list;
        if (before instanceof List<?> l) {
            list = (List<Object>) l;
        } else {
            list = new ArrayList<>(2);
            list.add(before);
        }
        list.add(more);
        return list;
    }

    /** Takes {@code r} off the references of {@code st} still to resolve; whether it was there. */
    private static boolean unresolve(InstanceState st, RelationshipProp r) {
        Object rels = st.unresolved;
        if (rels == r) {
            st.unresolved = null;
            return true;
        }
        return rels instanceof List<?> list && list.remove(r);
    }

    /** Whether {@code st} was filled from a row of this load. */
    private boolean isPopulated(InstanceState st) {
        return st.populatedBy == this;
    }

    /** Whether {@code current} (a relationship's value) is what {@code snapshot} recorded. */
    static boolean sameMembers(Object snapshot, Object current, RelationshipProp r) {
        if (snapshot == InstanceState.NOT_LOADED) {
            // Never loaded: a collection is unchanged while it stays unloaded; a reference cannot tell.
            return !r.collection || current == null || current instanceof PersistentList<?> p && !p.isLoaded();
        }
        if (!r.collection) {
            return snapshot == current;
        }
        List<?> before = (List<?>) snapshot;
        List<?> now = current == null ? List.of() : (List<?>) current;
        if (before.size() != now.size()) {
            return false;
        }
        for (int i = 0; i < now.size(); i++) {
            if (before.get(i) != now.get(i)) {
                return false;
            }
        }
        return true;
    }

    private void finish() {
        if (!incomplete.isEmpty()) {
            completeSubclasses();
        }
        // By index: no iterator for a load without eager joins.
        for (int i = 0, n = collectingParents.size(); i < n; i++) {
            InstanceState st = collectingParents.get(i);
            Collecting first = (Collecting) st.collecting;
            // Let go of this load: the state outlives it.
            st.collecting = null;
            for (Collecting c = first; c != null; c = c.next) {
                handOverCollection(st, c.relationship, c.members);
            }
        }
        // By index, and no references to resolve: no method reference nor maps for each load (a get() has neither).
        List<QueryPlan.Selectin> selectins = plan.selectins();
        for (int i = 0, n = selectins.size(); i < n; i++) {
            QueryPlan.Selectin s = selectins.get(i);
            session.loadingBelow(path, s.joined(), s.relationship(), () -> selectin(s));
        }
        if (!referring.isEmpty()) {
            resolveReferences();
        }
        if (session.mayHaveElementOwners()) {
            // Without an instance of a class with element collections in the session, no walk over the states looking for one.
            loadElementCollections();
        }
        // One pass over the states (each its own read from memory): snapshots, and who hears of them.
        // Whether anyone listens is asked once per mapper (a joined load alternates parents and members).
        Mapper<?>[] asked = new Mapper<?>[4];
        boolean[] answers = new boolean[4];
        int known = 0;
        List<InstanceState> heard = null;
        for (InstanceState st : populated) {
            if (!st.insertedInTransaction && !st.updatedInTransaction) {
                st.commitSnapshot();
            }
            int k = 0;
            while (k < known && asked[k] != st.mapper) {
                k++;
            }
            if (k == known) {
                if (known == asked.length) {
                    asked = java.util.Arrays.copyOf(asked, known * 2);
                    answers = java.util.Arrays.copyOf(answers, known * 2);
                }
                asked[k] = st.mapper;
                answers[k] = session.listens(OrmEvents.InstanceEvent.AFTER_LOAD, st.mapper);
                known++;
            }
            if (answers[k]) {
                if (heard == null) {
                    heard = new ArrayList<>();
                }
                heard.add(st);
            }
        }
        // After every snapshot, as a listener may look at any instance of the load.
        if (heard != null) {
            heard.forEach(st -> session.fire(OrmEvents.InstanceEvent.AFTER_LOAD, st));
        }
    }

    /**
     * Loads the own columns of the instances whose subclass's table the rows lacked: for a class of the query's
     * {@link ORM#selectinPolymorphic}, those of all its instances with one statement (per {@value #CHUNK}); otherwise
     * (a with_polymorphic that leaves the table out, whose columns SQLAlchemy loads when first read, which a plain
     * field cannot) by refreshing each instance.
     */
    private void completeSubclasses() {
        Map<Mapper<?>, List<InstanceState>> byClass = new LinkedHashMap<>();
        for (InstanceState st : incomplete) {
            if (st.mapper.primaryKeyProps().size() == 1 && selectinPolymorphicOf(st.mapper) != null) {
                byClass.computeIfAbsent(st.mapper, k -> new ArrayList<>()).add(st);
            } else {
                session.refresh(st.instance);
            }
        }
        byClass.forEach(this::loadSubclassColumns);
    }

    /** The with_polymorphic entity of the query's selectinPolymorphic option that names {@code m}, or null. */
    private AliasedEntity<?> selectinPolymorphicOf(Mapper<?> m) {
        for (AliasedEntity<?> e : plan.selectinPolymorphic()) {
            if (e.polymorphicMappers().contains(m)) {
                return e;
            }
        }
        return null;
    }

    /**
     * The columns of {@code m}'s tables that the option's base lacks, for {@code states}, as SQLAlchemy's
     * selectin_polymorphic reads them: the key of each of its tables (its own first) and the discriminator, labelled
     * {@code table_column}, then those columns, FROM its tables joined WHERE the base's key IN the instances' keys.
     */
    private void loadSubclassColumns(Mapper<?> m, List<InstanceState> states) {
        Mapper<?> base = selectinPolymorphicOf(m).mapper();
        List<Column<?>> selected = new ArrayList<>();
        for (int i = m.tables().size() - 1; i >= 0; i--) {
            selected.addAll(m.keyColumns(m.tables().get(i)));
        }
        if (m.polymorphicOn() != null) {
            selected.add(m.polymorphicOn());
        }
        List<ColumnProp> own = new ArrayList<>();
        for (ColumnProp p : m.columnProps()) {
            if (!base.tables().contains(p.column.table()) && !selected.contains(p.column)) {
                own.add(p);
            }
        }
        int first = selected.size();
        own.forEach(p -> selected.add(p.column));
        ColumnProp key = m.primaryKeyProps().get(0);
        Column<?> baseKey = base.keyColumns(base.table()).get(0);
        int keyAt = selected.indexOf(baseKey);
        Map<Object, InstanceState> byKey = new HashMap<>();
        List<Object> keys = new ArrayList<>(states.size());
        for (InstanceState st : states) {
            Object v = IdentityKey.normalise(baseKey.type(), key.get(st.instance, st));
            byKey.put(v, st);
            keys.add(v);
        }
        boolean writable = !m.isReadOnly();
        for (List<Object> chunk : chunks(keys)) {
            Query<Row> q = Query.ofRows(session, selected.get(0), selected.subList(1, selected.size()).toArray())
                    .selectFrom(m.rowsSelectable()).filter(baseKey.in(chunk)).labelStyle(LabelStyle.TABLENAME_PLUS_COL);
            for (Object[] row : session.runLoadingValues(q)) {
                InstanceState st = byKey.get(IdentityKey.normalise(baseKey.type(), row[keyAt]));
                if (st == null) {
                    continue;
                }
                for (int i = 0; i < own.size(); i++) {
                    ColumnProp p = own.get(i);
                    Object v = row[first + i];
                    Object now = writable || p.accessor.fieldName() == null ? p.set(st.instance, st, v) : v;
                    st.setFlushed(p, p.snapshot(now));
                }
            }
        }
    }

    /** The element collections of the states filled from rows: each loads for all of them at once. */
    private void loadElementCollections() {
        Map<ElementCollectionProp, List<InstanceState>> owners = null;
        for (InstanceState st : populated) {
            for (ElementCollectionProp p : st.mapper.elementCollections()) {
                if (owners == null) {
                    owners = new LinkedHashMap<>();
                }
                owners.computeIfAbsent(p, k -> new ArrayList<>()).add(st);
            }
        }
        if (owners != null) {
            owners.forEach((p, states) -> p.load(session.conn(), states));
        }
    }

    private void setCollection(InstanceState st, RelationshipProp r, List<Object> members) {
        install(st, r, new PersistentList<>(st, r, members));
    }

    /** {@link #setCollection} with {@code members}, which no one else holds, as the list's own members. */
    private void handOverCollection(InstanceState st, RelationshipProp r, ArrayList<Object> members) {
        install(st, r, PersistentList.handedOver(st, r, members));
    }

    private static void install(InstanceState st, RelationshipProp r, PersistentList<Object> list) {
        r.set(st.instance, st, list);
        st.setSeen(r, list);
        // the list's members as loaded, shared with it until it first changes (PersistentList#loadedSnapshot)
        st.setFlushed(r, list.loadedSnapshot());
    }

    private void setReference(InstanceState st, RelationshipProp r, Object target) {
        r.set(st.instance, st, target);
        st.setSeen(r, target);
        st.setFlushed(r, target);
    }

    /** {@code values} in lists of at most {@link #CHUNK}. */
    static <V> List<List<V>> chunks(List<V> values) {
        List<List<V>> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i += CHUNK) {
            out.add(values.subList(i, Math.min(values.size(), i + CHUNK)));
        }
        return out;
    }

    /**
     * The instances of the rows (populated or already present) whose {@code r} is not loaded: of its class and
     * its subclasses (a subclass's relationship, on a query of the base: only its instances).
     */
    private List<InstanceState> candidatesOf(RelationshipProp r) {
        List<InstanceState> out = new ArrayList<>(populated.size() + present.size());
        addCandidates(inRowOrder == null ? populated : inRowOrder, r, out);
        return out;
    }

    /** Adds to {@code out} those of {@code states} that {@link #candidatesOf} takes: no set of classes, walked up from each state's class. */
    private static void addCandidates(java.util.Collection<InstanceState> states, RelationshipProp r, List<InstanceState> out) {
        Mapper<?> last = null;
        boolean lastHas = false;
        for (InstanceState st : states) {
            if (st.mapper != last) {
                // runs of one class are the usual case: asked once per run
                last = st.mapper;
                lastHas = false;
                for (Mapper<?> m = last; m != null && !lastHas; m = m.inherits()) {
                    lastHas = m == r.mapper;
                }
            }
            if (lastHas && !isLoaded(st, r)) {
                out.add(st);
            }
        }
    }

    /** Loads relationship {@code r} of the parents in the rows whose collection is not loaded, with one statement. */
    private void selectin(QueryPlan.Selectin s) {
        RelationshipProp r = s.relationship();
        if (!r.collection) {
            // a many-to-one with options after it: its targets' statement takes them (resolveReferences)
            return;
        }
        if (r.othersNameParent) {
            // Join conditions that name the parent's columns stay lazy; but a field
            // holding one target cannot load on access, so each parent's loads now, one statement each.
            if (r.scalar) {
                for (InstanceState st : candidatesOf(r)) {
                    setCollection(st, r, session.loadCollection(st, r, false));
                }
            }
            return;
        }
        List<ColumnProp> locals = new ArrayList<>(r.localColumns().size());
        r.localColumns().forEach(c -> locals.add(r.mapper.columnProp(c)));
        List<Column<?>> remoteColumns = r.remoteColumns();
        Map<Object, SelectinParents> parents = new LinkedHashMap<>(populated.size() + present.size());
        for (InstanceState st : candidatesOf(r)) {
            Object v = selectinKey(locals, remoteColumns, st.instance, st);
            if (v != null) {
                SelectinParents p = parents.computeIfAbsent(v, k -> new SelectinParents());
                p.states = p.states == null ? st : oneMore(p.states, st);
            }
        }
        if (parents.isEmpty()) {
            return;
        }
        if (r.isManyToMany()) {
            throughSecondary(s, parents);
        } else {
            byForeignKey(s, parents);
        }
        parents.forEach((v, p) -> {
            if (p.states instanceof InstanceState st) {
                // Made for this key alone: the parent's list takes it as it is.
                handOverCollection(st, r, p.members);
            } else {
                for (Object st : (List<?>) p.states) {
                    setCollection((InstanceState) st, r, p.members);
                }
            }
        });
    }

    /**
     * Gives each of {@code parents} the members of one-to-many {@code r} whose foreign key is its key, loaded
     * with the options {@code then} and, for a self-referential {@code r}, {@code depth - 1} more levels.
     */
    private void byForeignKey(QueryPlan.Selectin s, Map<Object, SelectinParents> parents) {
        RelationshipProp r = s.relationship();
        int depth = s.depth();
        List<LoaderOption> then = s.then();
        List<ColumnProp> remotes = new ArrayList<>(r.remoteColumns().size());
        r.remoteColumns().forEach(c -> remotes.add(r.target.columnProp(c)));
        Entity target = selectinTarget(s);
        dev.retort.sql.FromClause sel = target.selectable();
        // one column: its values IN a list; a composite key: the row value IN a list of rows (SQLAlchemy's tuple_().in_())
        ColumnElement<?> matched = remotes.size() == 1 ? onSelectinTarget(r, sel, remotes.get(0).column)
                : SQL.tuple(remotes.stream().map(p -> (Object) onSelectinTarget(r, sel, p.column)).toArray());
        // As SQLAlchemy's: the key columns first, then the target's (the key not again), so that rows tell whose they are.
        Object[] selected = new Object[remotes.size() + 1];
        for (int i = 0; i < remotes.size(); i++) {
            selected[i] = onSelectinTarget(r, sel, remotes.get(i).column);
        }
        selected[remotes.size()] = target;
        for (List<Object> chunk : chunks(new ArrayList<>(parents.keySet()))) {
            // unlabelled, as SQLAlchemy's select-in statements (LABEL_STYLE_NONE): the rows are read by position
            Query<Row> q = withCriteria(Query.<Row>of(session, selected).filter(matched.in(chunk)).labelStyle(LabelStyle.NONE), s.via(), sel);
            for (ColumnElement<Boolean> c : r.otherConditions(null)) {
                q = q.filter(c);
            }
            if (depth > 1) {
                // A self-referential collection: its members' own collections load with them, one level less deep.
                q = q.options(new LoaderOption(r.target.attr(r.key), LoaderOption.Strategy.SELECTIN, null, depth - 1));
            }
            q = q.options(then.toArray(new QueryOption[0]));
            if (!then.isEmpty() || r.target.hasDeferred()) {
                // the members keep their foreign key whatever the options defer (selected once, with the key columns)
                for (ColumnProp remote : remotes) {
                    q = q.options(ORM.undefer(target.attr(remote.key)));
                }
            }
            if (overwrite) {
                // As the seeds' selectin loader: the members already in the session are filled from their rows too.
                q = q.populateExisting();
            }
            for (ColumnElement<?> ob : r.orderBy) {
                q = q.orderBy(onSelectinTarget(r, sel, ob));
            }
            int n = remotes.size();
            // A member comes once per row of its joined eager loads: it joins its (one) parent's list once.
            for (Object[] row : session.runLoadingValues(q)) {
                SelectinParents p = parents.get(selectinKey(row, r.remoteColumns()));
                if (p != null) {
                    p.add(row[n]);
                }
            }
        }
    }

    /**
     * Gives each of {@code parents} the members of many-to-many {@code r} paired with its key: the targets joined with the
     * association table, with its key columns (a composite key: their row value IN a list of rows, as SQLAlchemy's).
     */
    private void throughSecondary(QueryPlan.Selectin s, Map<Object, SelectinParents> parents) {
        RelationshipProp r = s.relationship();
        List<LoaderOption> then = s.then();
        Secondary sec = r.secondary;
        List<Column<?>> keyColumns = sec.parentKeys;
        int n = keyColumns.size();
        ColumnElement<?> matched = n == 1 ? keyColumns.get(0) : SQL.tuple(keyColumns.toArray());
        Entity target = selectinTarget(s);
        dev.retort.sql.FromClause sel = target.selectable();
        Object[] more = new Object[n];
        for (int i = 1; i < n; i++) {
            more[i - 1] = keyColumns.get(i);
        }
        more[n - 1] = target;
        for (List<Object> chunk : chunks(new ArrayList<>(parents.keySet()))) {
            // As SQLAlchemy's: FROM the association table JOIN the targets, its key columns first.
            Query<Row> q = withCriteria(Query.ofRows(session, keyColumns.get(0), more)
                    .join(sel, sec.targetCondition(sel, r.target.table(), sec.table))
                    .filter(matched.in(chunk)).labelStyle(LabelStyle.NONE), s.via(), sel);
            q = q.options(then.toArray(new QueryOption[0]));
            if (overwrite) {
                q = q.populateExisting();
            }
            for (ColumnElement<?> ob : r.orderBy) {
                q = q.orderBy(Selectables.adapt(sel, r.target.table(), ob));
            }
            // A (parent, member) pair comes once per row of the member's joined eager loads: it counts once.
            for (Object[] row : session.runLoadingValues(q)) {
                SelectinParents p = parents.get(selectinKey(row, keyColumns));
                if (p != null) {
                    p.add(row[n]);
                }
            }
        }
    }

    /**
     * The value of {@code props} of {@code instance} that a select-in load matches parents and members by, as the
     * {@code columns}' types hold it: one column's value, or the list of a composite key's values; null when a value is null.
     */
    private static Object selectinKey(List<ColumnProp> props, List<Column<?>> columns, Object instance, InstanceState st) {
        if (props.size() == 1) {
            Object v = props.get(0).get(instance, st);
            return v == null ? null : IdentityKey.normalise(columns.get(0).type(), v);
        }
        List<Object> key = new ArrayList<>(props.size());
        for (int i = 0; i < props.size(); i++) {
            Object v = props.get(i).get(instance, st);
            if (v == null) {
                return null;
            }
            key.add(IdentityKey.normalise(columns.get(i).type(), v));
        }
        return key;
    }

    /** {@link #selectinKey(List, List, Object, InstanceState)} of a select-in row, whose first values are the key's. */
    private static Object selectinKey(Object[] row, List<Column<?>> columns) {
        if (columns.size() == 1) {
            Object v = row[0];
            return v == null ? null : IdentityKey.normalise(columns.get(0).type(), v);
        }
        List<Object> key = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            Object v = row[i];
            if (v == null) {
                return null;
            }
            key.add(IdentityKey.normalise(columns.get(i).type(), v));
        }
        return key;
    }

    /**
     * The entity a select-in load reads the targets as: the option's {@link QueryableAttribute#ofType} (a subclass:
     * the target with that subclass's tables joined, {@link ORM#withPolymorphic}), else the target class.
     */
    private static Entity selectinTarget(QueryPlan.Selectin s) {
        RelationshipProp r = s.relationship();
        Entity of = s.via() == null ? null : s.via().ofType();
        if (of == null || of == r.target) {
            return r.targetEntity();
        }
        return of instanceof AliasedEntity<?> ? of : ORM.withPolymorphic(r.target.mappedClass(), List.of(of.mapper().mappedClass()));
    }

    /** {@code e}, an expression of {@code r}'s target's tables, on {@code sel}, the FROM clause a select-in load reads. */
    private static <V> ColumnElement<V> onSelectinTarget(RelationshipProp r, dev.retort.sql.FromClause sel, ColumnElement<V> e) {
        return r.aliasedTarget != null ? r.onTarget(e) : Selectables.adapt(sel, r.target, e);
    }

    /**
     * {@code q}, a statement loading a relationship's targets, with the option's extra criteria
     * ({@code via}, may be null) for the targets in {@code target}, and the query's loader criteria that propagate.
     */
    private <X> Query<X> withCriteria(Query<X> q, QueryableAttribute<?> via, dev.retort.sql.FromClause target) {
        Query<X> out = q;
        if (via != null) {
            for (ColumnElement<Boolean> c : via.criteriaFor(target)) {
                out = out.filter(c);
            }
        }
        List<LoaderCriteria> criteria = plan.propagatingCriteria();
        return criteria.isEmpty() ? out : out.options(criteria.toArray(new QueryOption[0]));
    }

    /** The foreign key property of the last reference resolved: of relationship {@code localFor} in mapper {@code localOf}. */
    private Mapper<?> localOf;
    private RelationshipProp localFor;
    private ColumnProp local;
    /** The foreign key value of the last reference of {@code localFor} found loaded (null: none), and its target. */
    private Object resolvedValue;
    private Object resolvedTarget;

    /** The classes on the path of the select-in load this load is the statement of (see {@link Session#loadPath}); empty for a query's. */
    private final List<Mapper<?>> path;

    /** By many-to-one: its select-in option with the options after it, which the statement of its targets takes. */
    private Map<RelationshipProp, QueryPlan.Selectin> chained = Map.of();

    private void resolveReferences() {
        List<QueryPlan.Selectin> selectins = plan.selectins();
        for (int i = 0, n = selectins.size(); i < n; i++) {
            QueryPlan.Selectin s = selectins.get(i);
            if (!s.relationship().collection) {
                if (chained.isEmpty()) {
                    chained = new HashMap<>();
                }
                chained.put(s.relationship(), s);
            }
        }
        // By the mapper of the targets to load, or by the select-in whose options they load with.
        Map<Object, Set<IdentityKey>> missing = new LinkedHashMap<>();
        Map<InstanceState, Map<RelationshipProp, IdentityKey>> waiting = new LinkedHashMap<>();
        for (InstanceState st : referring) {
            Object rels = st.unresolved;
            // A state filled again by a load this one ran (select-in, populate existing) had its references resolved by that load.
            if (rels == null || !isPopulated(st)) {
                continue;
            }
            st.unresolved = null;
            if (rels instanceof RelationshipProp r) {
                resolveReference(st, r, missing, waiting);
            } else {
                for (Object r : (List<?>) rels) {
                    resolveReference(st, (RelationshipProp) r, missing, waiting);
                }
            }
        }
        // the keys a select-in with criteria (and()) did not return: no target, though the identity map may hold one (SQLAlchemy's)
        Set<IdentityKey> refused = new java.util.HashSet<>();
        missing.forEach((to, keys) -> {
            if (to instanceof QueryPlan.Selectin chain) {
                session.loadingBelow(path, chain.joined(), chain.relationship(), () -> fetchByKeys(to, keys, refused));
            } else {
                fetchByKeys(to, keys, refused);
            }
        });
        waiting.forEach((st, byRel) -> byRel.forEach((r, key) -> setReference(st, r, refused.contains(key) ? null : session.identity(key))));
    }

    /** Sets {@code st}'s reference {@code r} if its target is known, else notes it as {@code missing} and {@code waiting}. */
    private void resolveReference(InstanceState st, RelationshipProp r, Map<Object, Set<IdentityKey>> missing,
            Map<InstanceState, Map<RelationshipProp, IdentityKey>> waiting) {
        if (!r.declared.others().isEmpty()) {
            // a declared join condition's other conditions decide whether the target is there: not the identity map
            setReference(st, r, byRemoteColumns(r, localValues(st, r), st));
            return;
        }
        if (r.localColumns().size() == 1 && r.remoteIsPrimaryKey()) {
            // The usual many-to-one, one foreign key column to the target's key: no lists per instance.
            if (st.mapper != localOf || r != localFor) {
                // Found by a search of the mapper's properties: once per run of alike instances.
                localOf = st.mapper;
                localFor = r;
                local = st.mapper.columnProp(r.localColumns().get(0));
                resolvedValue = null;
            }
            Object v = local.get(st.instance, st);
            if (v == null) {
                setReference(st, r, null);
            } else if (v.equals(resolvedValue)) {
                // The target of the instance before (members of one parent come together): no key, no look-ups.
                setReference(st, r, resolvedTarget);
            } else {
                resolvedTarget = resolve(st, r, IdentityKey.ofOne(r.target, v), missing, waiting);
                resolvedValue = resolvedTarget == null ? null : v;
            }
            return;
        }
        List<Object> values = localValues(st, r);
        if (values.contains(null)) {
            setReference(st, r, null);
        } else if (r.remoteIsPrimaryKey()) {
            resolve(st, r, IdentityKey.of(r.target, primaryKeyOrder(r, values)), missing, waiting);
        } else {
            setReference(st, r, byRemoteColumns(r, values, st));
        }
    }

    private static List<Object> localValues(InstanceState st, RelationshipProp r) {
        List<Object> values = new ArrayList<>();
        for (var c : r.localColumns()) {
            values.add(st.mapper.columnProp(c).get(st.instance, st));
        }
        return values;
    }

    /**
     * Sets {@code st}'s reference {@code r} to the session's instance of {@code key} if it is
     * loaded, and returns it; else notes it as {@code missing} and returns null. A query that
     * populates existing instances loads again those it did not fill from its rows, as
     * SQLAlchemy's joined and select-in loads of a many-to-one do under populate_existing.
     */
    private Object resolve(InstanceState st, RelationshipProp r, IdentityKey key, Map<Object, Set<IdentityKey>> missing,
            Map<InstanceState, Map<RelationshipProp, IdentityKey>> waiting) {
        QueryPlan.Selectin selectin = chained.isEmpty() ? null : chained.get(r);
        // With options after the select-in, or criteria, every target is selected (those in the identity map too, as
        // SQLAlchemy's select-in many-to-one does), so that the statement's options load what they name for each of them.
        QueryPlan.Selectin chain = selectin != null && (!selectin.then().isEmpty() || selectin.via().hasCriteria()) ? selectin : null;
        if (chain == null) {
            InstanceState ts = session.identityState(key);
            Object target = ts == null ? null : ts.instance;
            // populating existing instances, a select-in load refreshes its targets; a lazy reference takes the identity map's
            if (target != null && (isPopulated(ts) || !ts.expired && (selectin == null || !plan.populateExisting()))) {
                setReference(st, r, target);
                return target;
            }
        }
        missing.computeIfAbsent(chain == null ? r.target : chain, k -> new LinkedHashSet<>()).add(key);
        waiting.computeIfAbsent(st, k -> new LinkedHashMap<>()).put(r, key);
        return null;
    }

    /**
     * {@code values} of the relationship's remote columns, rearranged into the order of the
     * target's primary key (the remote columns may be a joined subclass's table's key, which refers to it).
     */
    private static List<Object> primaryKeyOrder(RelationshipProp r, List<Object> values) {
        List<Object> out = new ArrayList<>();
        for (Column<?> c : r.target.keyColumns(r.remoteColumns().get(0).table())) {
            out.add(values.get(r.remoteColumns().indexOf(c)));
        }
        return out;
    }

    /**
     * Loads the instances with these keys of {@code to}, a mapper or a many-to-one's select-in whose options after it
     * the statement takes: one statement with IN for a one-column key.
     */
    private void fetchByKeys(Object to, Set<IdentityKey> keys, Set<IdentityKey> refused) {
        QueryPlan.Selectin chain = to instanceof QueryPlan.Selectin s ? s : null;
        Mapper<?> m = chain == null ? (Mapper<?>) to : chain.relationship().target;
        // the option's criteria (selectinLoad(rel.and(...))) filter the targets, as the collections' select-in loads do
        QueryableAttribute<?> via = chain == null ? null : chain.via();
        List<Object> found = new ArrayList<>();
        List<ColumnProp> pk = m.primaryKeyProps();
        if (pk.size() == 1) {
            List<Object> values = new ArrayList<>();
            keys.forEach(k -> values.add(k.first()));
            for (List<Object> chunk : chunks(values)) {
                found.addAll(session.runLoading(chained(chain, populating(withCriteria(Query.of(session, m).filter(pk.get(0).column.in(chunk)), via, m.selectable())))));
            }
        } else {
            for (IdentityKey k : keys) {
                found.addAll(session.runLoading(chained(chain, populating(withCriteria(Session.byKey(Query.of(session, m), k), via, m.selectable())))));
            }
        }
        if (via != null && via.hasCriteria()) {
            Set<Object> returned = Collections.newSetFromMap(new IdentityHashMap<>());
            returned.addAll(found);
            keys.stream().filter(k -> !returned.contains(session.identity(k))).forEach(refused::add);
        }
    }

    /**
     * {@code q}, a statement of a many-to-one's targets, with the options after its select-in {@code chain} (may be
     * null), unlabelled as SQLAlchemy's select-in statements (the options' joined columns keep their names).
     */
    private static <X> Query<X> chained(QueryPlan.Selectin chain, Query<X> q) {
        return chain == null ? q : q.options(chain.then().toArray(new QueryOption[0])).labelStyle(LabelStyle.NONE);
    }

    /** {@code q}, populating existing instances if this load's query does. */
    private <X> Query<X> populating(Query<X> q) {
        return plan.populateExisting() ? q.populateExisting() : q;
    }

    private Object byRemoteColumns(RelationshipProp r, List<Object> values, InstanceState owner) {
        if (values.contains(null)) {
            return null;
        }
        Query<Object> q = Query.of(session, r.targetEntity());
        for (int i = 0; i < values.size(); i++) {
            q = q.filter(r.onTarget(r.remoteColumns().get(i)).eq(values.get(i)));
        }
        for (ColumnElement<Boolean> c : r.otherConditions(owner)) {
            q = q.filter(c);
        }
        List<Object> found = session.runLoading(chained(chained.isEmpty() ? null : chained.get(r), q));
        return found.isEmpty() ? null : found.get(0);
    }
}
