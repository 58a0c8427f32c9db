package dev.retort.orm;

import java.util.Arrays;

/**
 * What a session knows of one instance: its status, identity, and two snapshots of its
 * properties by {@link Prop#index}: <em>flushed</em>, as the database has it in the current
 * transaction (what dirty checking compares with), and <em>committed</em>, as of the last load
 * or commit (what a rollback restores). Column values in snapshots are the column type's copies.
 */
final class InstanceState {
    enum Status {
        /** Added, not yet inserted. */
        PENDING,
        /** Has a row in the database (as far as this transaction knows). */
        PERSISTENT,
        /** Its row was deleted in this transaction. */
        DELETED
    }

    /** The snapshot of a relationship that was never loaded. */
    static final Object NOT_LOADED = new Object() {
        @Override
        public String toString() {
            return "NOT_LOADED";
        }
    };

    final Object instance;
    final Mapper<?> mapper;
    /** The session holding the instance; null once it left (expunged, or the session closed). */
    Session session;
    Status status;
    /**
     * Its identity (null: none yet): an {@link IdentityKey}, or, as a load leaves it, the normalised value of
     * its mapper's one-column key alone, the key made of it when first asked ({@link #key()}). An IdentityKey
     * per loaded instance was a sixteenth of what a load allocated, and most are never asked for.
     */
    private Object key;
    /** {@code session.delete()} was called; the DELETE comes with the next flush. */
    boolean markedForDelete;
    /** Committed or rolled back since it loaded: the next query meeting its row refreshes it. */
    boolean expired;
    /** Inserted in the current transaction: a rollback makes it transient again. */
    boolean insertedInTransaction;
    /** Updated in the current transaction: its committed snapshot is older than its row. */
    boolean updatedInTransaction;
    /**
     * The load that last filled it from a row (a {@code Loading}): what that load asks instead of a set of its own.
     * A pending instance, which no load fills, keeps its {@link #leftAsOrphan} relationship here instead.
     */
    Object populatedBy;
    /**
     * For that load, while it reads rows: the many-to-one relationships still to resolve, one
     * (the usual case) or a list; a map entry per loaded instance was a good part of what a load cost.
     */
    Object unresolved;
    /**
     * For the load that fills its collections from joined rows, while it reads them: the first
     * of those collections (a {@code Loading.Collecting}, naming the load, and noting whether the
     * instance is among its results); for a load returning each instance once whose results hold it
     * and that fills none of its collections, that load (a {@code Loading}: what it asks instead of a
     * set of its own, where a set of thousands of parents was a good part of a joined load); else null
     * or a load done with.
     */
    Object collecting;
    /**
     * The column and computed attributes a query left out (deferred) and nothing loaded since, two
     * bits by index: left out, and left out with raiseload; null: none (see {@link DeferredLoads}).
     */
    java.util.BitSet leftOut;
    /** The columns among {@link #leftOut} that {@code Session.expire(obj, names)} expired: they load together. */
    java.util.BitSet expiredColumns;
    /** The two snapshots may be the same array (after a load or commit), copied before the flushed one is written. */
    private Object[] flushed;
    private Object[] committed;
    /**
     * By relationship ({@link RelationshipProp#ordinal}): the many-to-one target both sides were last made to agree on, or the
     * collection list the session last put in the field; a field holding something else was
     * assigned by the application since (see {@link Backrefs}). Until a relationship other than the
     * first is seen, the first's value itself ({@link #SEEN_NULL} for null), not an array: most mappers have one
     * relationship, and an array of one per loaded instance was a tenth of what a joined load allocated.
     * Relationship values are instances of mapped classes or lists, never arrays; null: nothing seen.
     */
    private Object seen;
    /** A null in {@link #seen} held as the first relationship's value (a null field means nothing was seen). */
    private static final Object SEEN_NULL = new Object();
    /**
     * Values of columns without a field, as key, value, key, value...: a mapper has one or two such
     * columns (a foreign key the class reaches only through its relationship), and a HashMap per
     * loaded instance was one of the biggest allocations of a load. While the only value kept is that
     * of the mapper's {@link Mapper#firstKept} (the usual case: one such column), the value itself,
     * unless it is an array (which would read as the pairs): an array of two per loaded instance was a
     * twentieth of what a joined load allocated. Null: nothing kept (a null value is kept as nothing).
     */
    private Object kept;
    /**
     * What the query that last filled it passes on to its lazy loads ({@link #lazyLoad()}), and its
     * element collections' rows ({@link Rare#elements}): that {@link LazyLoad} (or null) while it has no
     * such rows, else a {@link Rare} holding both. One field for two that are mostly null: two made
     * every state 8 bytes bigger, a tenth of what each of the thousands of a load took.
     */
    private Object rare;

    /** {@link #rare} for a state with element collections. */
    private static final class Rare {
        LazyLoad lazyLoad;
        /**
         * By element collection ({@link ElementCollectionProp#position}), its rows: at {@code [0]} as last
         * loaded or flushed (null where not known, after a rollback or never flushed: a flush then rewrites
         * them all), at {@code [1]} as of the last load or commit (what a rollback restores).
         */
        final Object[][] elements = new Object[2][];
    }

    /**
     * What a query passes on to the lazy loads of the instances it filled: its loader criteria
     * (SQLAlchemy's {@code state.load_options}) and its loader option paths that go on below them
     * ({@link LazyLoadOptions}), each null when none. One object per query and slot, shared by its
     * instances: two fields on every state were mostly null.
     */
    record LazyLoad(java.util.List<LoaderCriteria> criteria, java.util.List<LoaderOption> options) {
    }

    /** Its identity, or null: none yet. */
    IdentityKey key() {
        Object k = key;
        if (k == null || k instanceof IdentityKey) {
            return (IdentityKey) k;
        }
        IdentityKey made = IdentityKey.ofNormalised(mapper.root(), k);
        key = made;
        return made;
    }

    void key(IdentityKey key) {
        this.key = key;
    }

    /** Identifies it by the value of its mapper's one-column key, normalised ({@link IdentityKey#normalise}), not null; see {@link #key}. */
    void keyValue(Object value) {
        this.key = value;
    }

    boolean hasKey() {
        return key != null;
    }

    /** {@code key().first()}, without making the key. */
    Object keyFirst() {
        Object k = key;
        return k instanceof IdentityKey ik ? ik.first() : k;
    }

    /** {@code key().hashCode()}, without making the key. */
    int keyHash() {
        Object k = key;
        return k instanceof IdentityKey ik ? ik.hashCode() : IdentityKey.hashOfOne(mapper.root(), k);
    }

    /** Whether its key equals {@code other} (not null), without making its key. */
    boolean hasKey(IdentityKey other) {
        Object k = key;
        return k == other || (k instanceof IdentityKey ik ? ik.equals(other) : other.isOne(mapper.root(), k));
    }

    /** Whether its key equals that of {@code other} (which has one), without making either key. */
    boolean hasKeyOf(InstanceState other) {
        Object k = other.key;
        return k instanceof IdentityKey ik ? hasKey(ik) : hasKey(other.mapper.root(), k);
    }

    /** Whether its key is root mapper {@code root}'s one-column key of normalised value {@code value}, without making its key. */
    boolean hasKey(Mapper<?> root, Object value) {
        Object k = key;
        return k instanceof IdentityKey ik ? ik.isOne(root, value) : root == mapper.root() && value.equals(k);
    }

    /** What the query that last filled it passes on to its lazy loads; null: nothing. */
    LazyLoad lazyLoad() {
        return rare instanceof Rare r ? r.lazyLoad : (LazyLoad) rare;
    }

    void lazyLoad(LazyLoad lazyLoad) {
        if (rare instanceof Rare r) {
            r.lazyLoad = lazyLoad;
        } else {
            rare = lazyLoad;
        }
    }

    /** The element collections' rows (see {@link Rare#elements}), or null: none recorded. */
    private Object[][] elements() {
        return rare instanceof Rare r ? r.elements : null;
    }

    InstanceState(Object instance, Mapper<?> mapper, Status status) {
        this.instance = instance;
        this.mapper = mapper;
        this.status = status;
    }

    /**
     * A persistent state for {@code instance} again, from what {@link #detach} kept. Back in the
     * session and transaction it left, it is exactly as it was; elsewhere its last known values
     * are both its flushed and its committed snapshot.
     */
    InstanceState(Object instance, Detached d, Object transaction) {
        this(instance, d.mapper(), Status.PERSISTENT);
        key = d.key();
        expired = d.expired();
        boolean same = d.transaction() == transaction;
        Object[] values = same || d.committed() == null ? d.flushed() : d.committed();
        flushed = values == null ? null : values.clone();
        Object[] base = same ? d.committed() : values;
        committed = base == null ? null : base.clone();
        insertedInTransaction = same && d.inserted();
        updatedInTransaction = same && d.updated();
        kept = copyKept(d.kept());
    }

    /**
     * What a detached instance keeps of its state (not the instance itself, so that it can be
     * collected): identity, snapshots, and the transaction it left, in which its last flushed
     * values are its row's.
     */
    record Detached(Mapper<?> mapper, IdentityKey key, boolean expired, Object[] committed, Object[] flushed, Object kept,
            Object transaction, boolean inserted, boolean updated) {
    }

    /**
     * What a detached instance keeps. {@code transaction} is the token of the transaction it
     * leaves while that goes on (expunge), or null when it ended (the session closed): then only
     * the committed values are the row's.
     */
    Detached detach(Object transaction) {
        Object[] f = transaction == null ? committed : flushed;
        return new Detached(mapper, key(), expired, committed == null ? null : committed.clone(), f == null ? null : f.clone(),
                copyKept(kept), transaction, insertedInTransaction, updatedInTransaction);
    }

    /**
     * {@link #detach(Object) detach(null)} for a state its session drops as it closes: without
     * copies, since nothing changes them any more (the committed snapshot is only ever replaced,
     * never written into, and the state leaves its session for good).
     */
    Detached detachClosing() {
        return new Detached(mapper, key(), expired, committed, committed, kept, null, insertedInTransaction, updatedInTransaction);
    }

    /**
     * {@code p}, or for a property of a mapped superclass (the back-reference of a relationship
     * to the superclass), this instance's own property of that key: a subclass numbers its
     * properties its own way.
     */
    private Prop own(Prop p) {
        return p.mapper == mapper ? p : mapper.prop(p.key);
    }

    /** What {@link Backrefs} last saw in relationship {@code r}; {@link #NOT_LOADED} when nothing. */
    Object seen(RelationshipProp relationship) {
        int i = ((RelationshipProp) own(relationship)).ordinal;
        Object s = seen;
        if (s instanceof Object[] byOrdinal) {
            return i >= byOrdinal.length ? NOT_LOADED : byOrdinal[i];
        }
        return s == null || i != 0 ? NOT_LOADED : s == SEEN_NULL ? null : s;
    }

    void setSeen(RelationshipProp relationship, Object value) {
        int i = ((RelationshipProp) own(relationship)).ordinal;
        Object s = seen;
        if (i == 0 && !(s instanceof Object[])) {
            seen = value == null ? SEEN_NULL : value;
            return;
        }
        Object[] byOrdinal;
        if (s instanceof Object[] a && i < a.length) {
            byOrdinal = a;
        } else {
            // the first's value alone becomes an array; relationships added to the mapper since (a backref configured later) make one longer
            int n = s instanceof Object[] a ? a.length : 0;
            byOrdinal = n == 0 ? new Object[Math.max(i + 1, mapper.relationshipCount())] : Arrays.copyOf((Object[]) s, Math.max(i + 1, mapper.relationshipCount()));
            Arrays.fill(byOrdinal, n, byOrdinal.length, NOT_LOADED);
            if (n == 0 && s != null) {
                byOrdinal[0] = s == SEEN_NULL ? null : s;
            }
            seen = byOrdinal;
        }
        byOrdinal[i] = value;
    }

    Object kept(String key) {
        Object k = kept;
        if (k instanceof Object[] pairs) {
            for (int i = 0; i < pairs.length; i += 2) {
                if (key.equals(pairs[i])) {
                    return pairs[i + 1];
                }
            }
            return null;
        }
        return k != null && key.equals(mapper.firstKept()) ? k : null;
    }

    void keep(String key, Object value) {
        Object k = kept;
        if (!(k instanceof Object[] pairs)) {
            boolean first = key.equals(mapper.firstKept());
            if (first && !(value instanceof Object[])) {
                kept = value;
                return;
            }
            if (k == null) {
                kept = new Object[] {key, value};
            } else if (first) {
                kept = new Object[] {key, value};     // the first's value, an array, replaces the first's value
            } else {
                kept = new Object[] {mapper.firstKept(), k, key, value};
            }
            return;
        }
        for (int i = 0; i < pairs.length; i += 2) {
            if (key.equals(pairs[i])) {
                pairs[i + 1] = value;
                return;
            }
        }
        int n = pairs.length;
        Object[] more = Arrays.copyOf(pairs, n + 2);
        more[n] = key;
        more[n + 1] = value;
        kept = more;
    }

    /** {@link #kept} to keep elsewhere: the pairs copied, since {@link #keep} writes into them. */
    private static Object copyKept(Object kept) {
        return kept instanceof Object[] pairs ? pairs.clone() : kept;
    }

    /**
     * The delete-orphan one-to-many this pending instance was last removed from, or null: if it has no
     * parent there at the flush, it is an orphan that was never inserted, and leaves the session
     * (SQLAlchemy expunges it). Kept in {@link #populatedBy}, which a pending instance does not use:
     * a field of its own made every state 8 bytes bigger.
     */
    RelationshipProp leftAsOrphan() {
        return status == Status.PENDING && populatedBy instanceof RelationshipProp r ? r : null;
    }

    /** Records {@link #leftAsOrphan()} of this pending instance. */
    void leftAsOrphan(RelationshipProp r) {
        populatedBy = r;
    }

    /** Whether the flushed snapshot exists (the instance has been loaded or inserted). */
    boolean hasSnapshot() {
        return flushed != null;
    }

    /** The flushed snapshot of {@code p}; {@link #NOT_LOADED} when it has none. */
    Object flushed(Prop prop) {
        Prop p = own(prop);
        return flushed == null || p.index >= flushed.length ? NOT_LOADED : flushed[p.index];
    }

    /** Records the flushed snapshot of {@code p} (a value already copied by {@link Prop#snapshot}). */
    void setFlushed(Prop prop, Object snapshot) {
        Prop p = own(prop);
        if (flushed == null) {
            flushed = new Object[mapper.propertyCount()];
            Arrays.fill(flushed, NOT_LOADED);
        } else if (flushed == committed && p.index < flushed.length) {
            flushed = flushed.clone();
        } else if (p.index >= flushed.length) {
            int n = flushed.length;
            flushed = Arrays.copyOf(flushed, mapper.propertyCount());
            Arrays.fill(flushed, n, flushed.length, NOT_LOADED);
        }
        flushed[p.index] = snapshot;
    }

    /**
     * A new flushed snapshot to fill with {@link #put} and install with {@link #replaceFlushed}:
     * the current one copied, sized for every property ({@link #NOT_LOADED} where it has none).
     * One array for a row a flush wrote, rather than a copy made by the first of its writes.
     */
    Object[] flushedCopy() {
        int n = mapper.propertyCount();
        int have = flushed == null ? 0 : flushed.length;
        Object[] out = flushed == null ? new Object[n] : Arrays.copyOf(flushed, Math.max(n, have));
        Arrays.fill(out, have, out.length, NOT_LOADED);
        return out;
    }

    /** Sets {@code p}'s entry of a snapshot from {@link #flushedCopy}. */
    void put(Object[] snapshot, Prop p, Object value) {
        snapshot[own(p).index] = value;
    }

    /** {@code p}'s entry of a snapshot from {@link #flushedCopy}. */
    Object at(Object[] snapshot, Prop p) {
        return snapshot[own(p).index];
    }

    /** Makes a snapshot from {@link #flushedCopy} the flushed one (the committed one, if they were shared, stays as it was). */
    void replaceFlushed(Object[] snapshot) {
        flushed = snapshot;
    }

    /** The committed snapshot of {@code p}; {@link #NOT_LOADED} when it has none. */
    Object committed(Prop prop) {
        Prop p = own(prop);
        return committed == null || p.index >= committed.length ? NOT_LOADED : committed[p.index];
    }

    /** The flushed snapshot becomes the committed one (after a load or a commit). */
    void commitSnapshot() {
        // Shared until the flushed snapshot is next written (see setFlushed): most loaded instances never are.
        committed = flushed;
        Object[][] elements = elements();
        if (elements != null) {
            elements[1] = elements[0] == null ? null : elements[0].clone();
        }
    }

    /** The committed snapshot becomes the flushed one again (after a rollback). */
    void restoreSnapshot() {
        flushed = committed == null ? null : committed.clone();
        Object[][] elements = elements();
        if (elements != null) {
            elements[0] = elements[1] == null ? null : elements[1].clone();
        }
    }

    /** The rows of element collection {@code p} as last loaded or committed, or null: what a rollback restores. */
    @SuppressWarnings("unchecked")
    java.util.List<java.util.List<Object>> committedElements(ElementCollectionProp p) {
        Object[][] elements = elements();
        return elements == null || elements[1] == null ? null : (java.util.List<java.util.List<Object>>) elements[1][p.position];
    }

    /** The rows of element collection {@code p} as last loaded or flushed, or null (see {@link #elements}). */
    @SuppressWarnings("unchecked")
    java.util.List<java.util.List<Object>> elements(ElementCollectionProp p) {
        Object[][] elements = elements();
        return elements == null || elements[0] == null ? null : (java.util.List<java.util.List<Object>>) elements[0][p.position];
    }

    void setElements(ElementCollectionProp p, java.util.List<java.util.List<Object>> rows) {
        if (!(rare instanceof Rare)) {
            Rare r = new Rare();
            r.lazyLoad = (LazyLoad) rare;
            rare = r;
        }
        Object[][] elements = ((Rare) rare).elements;
        if (elements[0] == null) {
            elements[0] = new Object[mapper.elementCollections().size()];
        }
        elements[0][p.position] = rows;
    }

    /**
     * The instance's identity hash: states are keys of the loaders' and the unit of work's maps, and
     * the instance's hash is made already (it is the key of the session's states), where a hash of
     * the state's own would be made anew for each of the thousands of states a load makes.
     */
    @Override
    public int hashCode() {
        return System.identityHashCode(instance);
    }

    /** Identity, as {@link Object#equals}: a state is one instance's, once. */
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public String toString() {
        return status + " " + (key != null ? key() : mapper.entityName() + "@" + Integer.toHexString(System.identityHashCode(instance)));
    }
}
