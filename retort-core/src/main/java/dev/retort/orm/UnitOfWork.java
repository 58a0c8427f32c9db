package dev.retort.orm;

import static dev.retort.sql.SQL.bindparam;

import dev.retort.engine.Connection;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.RetortException;
import dev.retort.exc.StaleDataException;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.BindParameter;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.SQL;
import dev.retort.sql.Update;
import dev.retort.types.TypeEngine;
import dev.retort.engine.NestedTransaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One flush of a {@link Session}: finds what changed, orders the statements by the tables'
 * foreign keys, and runs them. On any failure it undoes the attribute values it set and the
 * instances it added, has the session undo its statements, and raises a {@link RetortException}.
 *
 * <p>Relationship changes become foreign key values: a member added to a collection gets its
 * parent's key, a member removed gets NULL (or is deleted, with {@code delete-orphan}), a
 * changed many-to-one reference gives its target's key; for one instance they apply in that
 * order, so a reference set explicitly wins. A member removed from a {@code delete-orphan}
 * collection is deleted only if no parent has it now (another collection gained it, or its
 * back-reference names another parent). Then, in table order, each instance's UPDATE of the changed
 * columns (compared through the column types), then the pending INSERTs (a row needing a new row's key
 * after it), batched while alike;
 * then the DELETEs, in reverse table order. A pending instance with the primary key of one being
 * deleted takes over its row: one UPDATE of every column instead of a DELETE and an INSERT (the
 * seeds' "row switch").
 */
final class UnitOfWork {
    /** When a foreign key change applies to an instance: removals, then additions, then references. */
    private enum Phase { REMOVED, ADDED, REFERENCE }

    /**
     * A foreign key to set on an instance: the referencing columns of {@code relationship}
     * take the referenced values of {@code source} (null: NULL). {@code owner} is the
     * collection's parent for {@link Phase#REMOVED} and {@link Phase#ADDED}.
     */
    private record Sync(Phase phase, RelationshipProp relationship, InstanceState source, InstanceState owner) {
    }

    private final Session session;
    private final List<Runnable> undo = new ArrayList<>();
    private final Map<InstanceState, List<Sync>> syncs = new LinkedHashMap<>();
    private final Set<InstanceState> deleting = new LinkedHashSet<>();
    /** Pending instances a delete cascade or delete-orphan reached: never inserted, they leave the session. */
    private final Set<InstanceState> discarded = new LinkedHashSet<>();
    /** Rows whose UPDATE wrote a SQL {@code Column.onUpdate} value: expired after the flush, to load it. */
    private final Set<InstanceState> expireAfter = new LinkedHashSet<>();
    private final Set<InstanceState> inserted = new LinkedHashSet<>();
    /**
     * The rows updated, once each, in order; at the same position of {@link #updatedSnapshots},
     * each one's new flushed snapshot as {@link #updateOf} made it while comparing the columns
     * (see {@link #finish}: read again there only when something may have changed the instance
     * since). Two lists rather than a map keyed by state: a thousand-row flush hashed every state
     * for nothing (a state is added once, when its first changed table made the snapshot).
     */
    private final ArrayList<InstanceState> updated = new ArrayList<>();
    private final ArrayList<Object[]> updatedSnapshots = new ArrayList<>();
    /** The mappers of {@link #updated}'s rows, each once per run of rows of that mapper: what {@link #listened} asks about them. */
    private final List<Mapper<?>> updatedMappers = new ArrayList<>();
    private final Set<InstanceState> touched = new LinkedHashSet<>();
    private final Map<Mapper<?>, Integer> ranks = new HashMap<>();
    /** Row switches: a pending instance taking over the row of one being deleted. */
    private final Map<InstanceState, InstanceState> switches = new LinkedHashMap<>();
    /** Foreign keys of post-update relationships, set once every row is inserted. */
    private final Map<InstanceState, List<Sync>> postUpdates = new LinkedHashMap<>();
    /** The versions the post-updates clearing their references gave rows about to be deleted: their DELETEs match these. */
    private final Map<InstanceState, Object> clearedVersions = new HashMap<>();
    /** By table: whether a column has a SQL on-update value (see {@code Batch.updateFromValues}); asked once per table and flush, not per batch. */
    private final Map<Table, Boolean> sqlOnUpdate = new IdentityHashMap<>();
    /** Statements gathered for one executemany, not run yet. */
    private Batch pendingBatch;
    /** How many rows a batch made now is sized for (see {@link #save}); 0: as a list grows. */
    private int batchRoom;
    private final RowBuilder rowBuilder = new RowBuilder();
    /** A statement ran; before the first, the session set {@link #savepoint} (if it needs one). */
    private boolean wrote;
    private NestedTransaction savepoint;
    /** The association rows of many-to-many relationships. */
    private final Associations associations = new Associations();

    UnitOfWork(Session session) {
        this.session = session;
    }

    void flush() {
        List<InstanceState> made = List.of();
        Runnable apply;
        try {
            made = session.cascadeSaves();
            relationshipChanges();
            deletions();
            rowSwitches();
            keysCascaded();
            save();
            referencesCascaded();
            associations.write(this::conn, deleting);
            elementCollections();
            delete();
            apply = finish();
        } catch (RuntimeException e) {
            undo(made, e);
            throw failure(e);
        } catch (Error e) {
            undo(made, e);
            throw e;
        }
        apply.run();
        session.flushSucceeded(savepoint, wrote);
    }

    private void undo(List<InstanceState> made, Throwable failure) {
        for (int i = undo.size() - 1; i >= 0; i--) {
            undo.get(i).run();
        }
        session.unmake(made);
        if (wrote) {
            session.flushFailed(savepoint, failure);
        }
    }

    /** {@code e} as a {@link RetortException}: itself, or wrapped, naming what failed. */
    static RetortException failure(RuntimeException e) {
        return e instanceof RetortException re ? re
                : new RetortException("flush() failed and changed nothing (" + e.getClass().getName() + ": " + e.getMessage() + ")", e);
    }

    /** The connection, for a statement of the flush: the first one sets the savepoint a failure rolls back to. */
    private Connection conn() {
        if (!wrote) {
            savepoint = session.flushStarted();
            wrote = true;
        }
        return session.conn();
    }

    // ---- what changed -----------------------------------------------------------------------

    /** A member removed from one collection, with the parent it was removed from (or, in {@link #singleParentGains}, gained by). */
    private record Removal(InstanceState owner, RelationshipProp relationship, Object member) {
    }

    /** Targets single-parent many-to-one references with delete-orphan left in this flush (the target, the relationship, the referrer). */
    private final List<Removal> leftTargets = new ArrayList<>();
    /** Members single-parent many-to-many collections gained in this flush. */
    private final List<Removal> singleParentGains = new ArrayList<>();

    private void relationshipChanges() {
        Map<RelationshipProp, Set<Object>> adopted = new HashMap<>();
        List<Removal> removals = new ArrayList<>();
        for (InstanceState st : session.relatedStateList()) {
            if (st.markedForDelete || st.status == InstanceState.Status.DELETED) {
                continue;
            }
            // By index: an iterator per state was most of what this walk allocated for instances without relationships.
            List<RelationshipProp> relationships = st.mapper.relationships();
            if (st.mapper != keysOf) {
                keysOf = st.mapper;
                keys = KeyColumns.of(st.mapper);
            }
            // Asked once per instance, of each column once: the collections' own questions below only when one changed.
            boolean collectionKeysChanged = anyChanged(st, keys.ofCollections());
            for (int i = 0, n = relationships.size(); i < n; i++) {
                RelationshipProp r = relationships.get(i);
                if (r.isViewOnly()) {
                    continue;
                }
                if (r.collection) {
                    if (collectionKeysChanged) {
                        collectionKeyChange(st, r);
                    }
                    collectionChanges(st, r, adopted, removals);
                } else if (!referenceChange(st, r, removals) && !r.passiveUpdates) {
                    referenceTakesNewKey(st, r);
                }
            }
        }
        writeOnlyChanges(adopted, removals);
        for (Removal rm : removals) {
            InstanceState cs = session.state(rm.member());
            if (cs == null || cs.status == InstanceState.Status.DELETED) {
                continue;
            }
            if (rm.relationship().deleteOrphan && isOrphan(rm, cs, adopted)) {
                markForDelete(cs);
                if (rm.relationship().isManyToMany()) {
                    associations.memberDeleted(rm.relationship(), cs);
                }
            } else if (!rm.relationship().isManyToMany()) {
                addSync(cs, new Sync(Phase.REMOVED, rm.relationship(), null, rm.owner()));
                Set<Object> gained = adopted.get(rm.relationship());
                if (rm.relationship().position != null && (gained == null || !gained.contains(rm.member()))) {
                    // In no list of the relationship any more: no position, as Hibernate leaves it.
                    write(cs, cs.mapper.columnProp(rm.relationship().position), null);
                }
            }
        }
        for (InstanceState p : new ArrayList<>(session.pending())) {
            RelationshipProp left = p.leftAsOrphan();
            if (left != null && !p.markedForDelete && !hasParent(left, p)) {
                markForDelete(p);   // a pending orphan: discarded, never inserted with no parent
            }
        }
        for (Removal left : leftTargets) {
            if (left.owner().status != InstanceState.Status.DELETED && !referredTo(left.relationship(), left.owner())) {
                markForDelete(left.owner());
            }
        }
        for (Removal gain : singleParentGains) {
            checkSingleParent(gain.owner(), gain.relationship(), session.state(gain.member()));
        }
    }

    /**
     * Whether a removed member has no parent now: no collection of the relationship gained it,
     * and its back-reference names no other parent (for many-to-many, its loaded collection of
     * parents holds none but the one it left; not loaded, no other loaded collection holds it).
     */
    private boolean isOrphan(Removal rm, InstanceState cs, Map<RelationshipProp, Set<Object>> adopted) {
        RelationshipProp r = rm.relationship();
        if (adopted.getOrDefault(r, Set.of()).contains(rm.member())) {
            return false;
        }
        Object parent = r.reverse == null ? null : r.reverse.get(cs.instance, cs);
        if (r.isManyToMany()) {
            if (parent instanceof PersistentList<?> p && !p.isLoaded()) {
                // Gained by another parent in an earlier flush (an autoflush between the add and the remove): held there.
                return !heldElsewhere(r, rm.owner(), cs.instance);
            }
            return parent == null || ((List<?>) parent).stream().allMatch(o -> o == rm.owner().instance);
        }
        return parent == null || parent == rm.owner().instance;
    }

    /** Whether pending {@code member}, removed from one-to-many {@code r} since it was added, has a parent there now. */
    private boolean hasParent(RelationshipProp r, InstanceState member) {
        if (r.reverse != null && !r.reverse.collection) {
            return r.reverse.get(member.instance, member) != null;
        }
        return heldElsewhere(r, null, member.instance);
    }

    /**
     * A member {@code owner} gained through single-parent many-to-many {@code r} must have no
     * other parent in the session: no other loaded collection of {@code r} holds it, and its
     * loaded back-reference names no parent whose collection is not loaded (the seeds' check, at flush).
     */
    private void checkSingleParent(InstanceState owner, RelationshipProp r, InstanceState member) {
        if (member == null || member.markedForDelete) {
            return;
        }
        for (InstanceState other : session.states()) {
            if (other == owner || other.markedForDelete || other.status == InstanceState.Status.DELETED
                    || !r.mapper.mappedClass().isInstance(other.instance)) {
                continue;
            }
            Object members = r.get(other.instance, other);
            boolean loaded = !(members instanceof PersistentList<?> p) || p.isLoaded();
            boolean holds = loaded ? members != null && holdsSame((List<?>) members, member.instance)
                    : r.reverse != null && r.reverse.get(member.instance, member) instanceof List<?> parents
                            && (!(parents instanceof PersistentList<?> pp) || pp.isLoaded()) && holdsSame(parents, other.instance);
            if (holds) {
                throw new RetortException("Instance " + member.instance + " is already associated with an instance of " + r.mapper.mappedClass().getName()
                        + " via its " + r + " attribute, and is only allowed a single parent (Relationship.singleParent())");
            }
        }
    }

    /** Whether a loaded collection {@code r} of an instance of the session other than {@code owner} (not being deleted) holds {@code member}. */
    private boolean heldElsewhere(RelationshipProp r, InstanceState owner, Object member) {
        for (InstanceState other : session.states()) {
            if (other == owner || other.markedForDelete || other.status == InstanceState.Status.DELETED
                    || !r.mapper.mappedClass().isInstance(other.instance)) {
                continue;
            }
            Object members = r.get(other.instance, other);
            if (members instanceof List<?> l && (!(l instanceof PersistentList<?> p) || p.isLoaded()) && holdsSame(l, member)) {
                return true;
            }
        }
        return false;
    }

    /** Whether an instance of the session (not being deleted) refers to {@code target} through many-to-one {@code r}. */
    private boolean referredTo(RelationshipProp r, InstanceState target) {
        for (InstanceState st : session.states()) {
            if (!st.markedForDelete && st.status != InstanceState.Status.DELETED && r.mapper.mappedClass().isInstance(st.instance)
                    && r.get(st.instance, st) == target.instance) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code list} holds {@code o} itself (instances compare by identity). */
    private static boolean holdsSame(List<?> list, Object o) {
        for (Object x : list) {
            if (x == o) {
                return true;
            }
        }
        return false;
    }

    private void collectionChanges(InstanceState st, RelationshipProp r, Map<RelationshipProp, Set<Object>> adopted, List<Removal> removals) {
        Object current = r.get(st.instance, st);
        if (current instanceof PersistentList<?> p && !p.isLoaded()) {
            return;
        }
        List<?> now = current == null ? List.of() : (List<?>) current;
        List<?> before;
        if (st.status == InstanceState.Status.PENDING || !st.hasSnapshot()) {
            before = List.of();
        } else {
            if (st.flushed(r) == InstanceState.NOT_LOADED) {
                // The field was replaced before the collection ever loaded: the database says what it held.
                session.loadCollection(st, r, false);
            }
            before = (List<?>) st.flushed(r);
        }
        collectionChanges(st, r, before, now, Backrefs.minus(now, before), Backrefs.minus(before, now), adopted, removals);
    }

    /**
     * The queued changes of the session's {@link WriteOnlyCollection}s and {@link DynamicCollection}s, as a list's: the queues are
     * taken (put back if the flush fails). Collections of parents being deleted are left alone.
     */
    private void writeOnlyChanges(Map<RelationshipProp, Set<Object>> adopted, List<Removal> removals) {
        List<InstanceState> owners = new ArrayList<>();
        session.forEachState(st -> {
            if (!st.mapper.writeOnlyRelationships().isEmpty() && !st.markedForDelete && st.status != InstanceState.Status.DELETED) {
                owners.add(st);
            }
        });
        for (InstanceState st : owners) {
            for (RelationshipProp r : st.mapper.writeOnlyRelationships()) {
                CollectionWriter<?> c = CollectionWriter.of(st, r);
                if (c.queuedAdds().isEmpty() && c.queuedRemoves().isEmpty()) {
                    continue;
                }
                List<Object> added = List.copyOf(c.queuedAdds());
                List<Object> removed = List.copyOf(c.queuedRemoves());
                for (Object m : added) {
                    if (session.state(m) == null) {
                        // a collection the application put in the field after its parent joined the session: nothing cascaded its members
                        throw new ArgumentException(m + ", queued in write-only " + r + " of " + st.instance + ", is not in the session: add it");
                    }
                }
                undo.add(c.drain());
                collectionChanges(st, r, removed, added, added, removed, adopted, removals);
            }
        }
    }

    /** A collection's changes from {@code before} to {@code now}: the foreign keys, association rows and orphans they make. */
    private void collectionChanges(InstanceState st, RelationshipProp r, List<?> before, List<?> now, List<Object> added, List<Object> removed,
            Map<RelationshipProp, Set<Object>> adopted, List<Removal> removals) {
        if (!added.isEmpty() || !removed.isEmpty()) {
            touched.add(st);
        }
        // A positioned list (orderingColumn) that changed at all, a move included, is renumbered 0..n-1.
        boolean relist = r.position != null && !sameSequence(before, now);
        if (relist) {
            touched.add(st);
        }
        if (r.isManyToMany()) {
            if (relist) {
                associations.relisted(session, r, st, now);
            } else {
                associations.changed(session, r, st, added, removed);
            }
            if (r.singleParent) {
                added.forEach(m -> singleParentGains.add(new Removal(st, r, m)));
            }
            if (r.reverse != null && r.reverse.deleteOrphan) {
                // Taken from its parents through this side, with their collections perhaps not loaded.
                removed.forEach(parent -> removals.add(new Removal(session.state(parent), r.reverse, st.instance)));
            }
            if (!r.deleteOrphan) {
                return;
            }
        }
        for (Object child : added) {
            InstanceState cs = session.state(child);
            if (cs != null && cs.status == InstanceState.Status.DELETED) {
                throw new ArgumentException(child + " was deleted by an earlier flush of this transaction, so it cannot be added to "
                        + r + " of " + st.instance + " (as SQLAlchemy's \"has been deleted\"): add a new instance, or roll back");
            }
            adopted.computeIfAbsent(r, k -> Collections.newSetFromMap(new IdentityHashMap<>())).add(child);
            if (!r.isManyToMany()) {
                addSync(session.state(child), new Sync(Phase.ADDED, r, st, st));
            }
        }
        for (Object child : removed) {
            removals.add(new Removal(st, r, child));
        }
        if (relist && !r.isManyToMany()) {
            for (int i = 0; i < now.size(); i++) {
                InstanceState cs = session.state(now.get(i));
                write(cs, cs.mapper.columnProp(r.position), i);
            }
        }
    }

    /** Collection {@code r} of {@code st}, one of whose collections' key columns changed: its members follow if their key did. */
    private void collectionKeyChange(InstanceState st, RelationshipProp r) {
        if (r.isManyToMany()) {
            if (!r.passiveUpdates && keyChanged(st, r.secondary.parentColumns)) {
                associationsTakeNewKey(st, r);
            }
        } else if (keyChanged(st, r.localColumns())) {
            if (r.passiveUpdates) {
                cascadedKeys.add(new KeyChange(st, r));
            } else {
                membersTakeNewKey(st, r);
            }
        }
    }

    /** The mapper {@link #keys} are of: the related instances of a flush come in runs of one class. */
    private Mapper<?> keysOf;
    private KeyColumns keys;

    /** Whether persistent {@code st}'s {@code props} (of columns rows refer to) changed since the last flush. */
    private static boolean anyChanged(InstanceState st, List<ColumnProp> props) {
        if (props.isEmpty() || st.status != InstanceState.Status.PERSISTENT || !st.hasSnapshot()) {
            return false;
        }
        for (int i = 0, n = props.size(); i < n; i++) {
            ColumnProp p = props.get(i);
            if (p.changed(st.flushed(p), p.get(st.instance, st))) {
                return true;
            }
        }
        return false;
    }

    /** Whether persistent {@code st}'s {@code columns} (that rows refer to) changed since the last flush. */
    private static boolean keyChanged(InstanceState st, List<Column<?>> columns) {
        if (st.status != InstanceState.Status.PERSISTENT || !st.hasSnapshot()) {
            return false;
        }
        for (Column<?> c : columns) {
            if (columnChanged(st, c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean columnChanged(InstanceState st, Column<?> c) {
        ColumnProp p = st.mapper.columnProp(c);
        return p.changed(st.flushed(p), p.get(st.instance, st));
    }

    /**
     * {@link Relationship#passiveUpdates passiveUpdates(false)}: the members of {@code st}'s collection
     * {@code r}, whose referenced columns changed, take the new values (and so are UPDATEd after its
     * row). A collection not loaded is loaded first, by the values its rows still refer to, as
     * SQLAlchemy loads it.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void membersTakeNewKey(InstanceState st, RelationshipProp r) {
        Object current = r.get(st.instance, st);
        List<?> members;
        if (current instanceof PersistentList<?> p && !p.isLoaded() || st.flushed(r) == InstanceState.NOT_LOADED) {
            List<Column<?>> local = r.localColumns();
            List<Column<?>> remote = r.remoteColumns();
            ColumnElement<?>[] parts = new ColumnElement<?>[local.size()];
            for (int i = 0; i < parts.length; i++) {
                Object was = st.flushed(st.mapper.columnProp(local.get(i)));
                parts[i] = SQL.literal(was, (TypeEngine) local.get(i).type()).eq(r.onTarget(remote.get(i)));
            }
            Query<Object> q = Query.of(session, r.targetEntity()).filter(SQL.and(parts));
            // A declared join's other conditions too, as SQLAlchemy loads the collection by the whole join.
            for (ColumnElement<Boolean> c : r.otherConditions(st)) {
                q = q.filter(c);
            }
            for (ColumnElement<?> ob : r.orderBy) {
                q = q.orderBy(r.onTarget(ob));
            }
            members = session.run(q);
        } else {
            members = current == null ? List.of() : (List<?>) current;
        }
        for (Object m : members) {
            InstanceState cs = session.state(m);
            if (cs != null && cs.status == InstanceState.Status.PERSISTENT && !cs.markedForDelete) {
                addSync(cs, new Sync(Phase.ADDED, r, st, st));
            }
        }
    }

    /** A parent whose columns its collection {@code relationship}'s members refer to changed in this flush. */
    private record KeyChange(InstanceState parent, RelationshipProp relationship) {
    }

    /** The key changes of {@code passiveUpdates} one-to-many relationships: see {@link #keysCascaded}. */
    private final List<KeyChange> cascadedKeys = new ArrayList<>();

    /**
     * By member: its foreign key columns whose new values the database's ON UPDATE CASCADE gives its row when its
     * parent's row is UPDATEd ({@link #keysCascaded}). Its own UPDATE, after the parent's, finds the row by those of
     * its primary key and does not set them (SQLAlchemy's "pk_cascaded"); see {@link #updateOf}.
     */
    private final Map<InstanceState, List<Column<?>>> cascadedKeyColumns = new IdentityHashMap<>();

    /**
     * The members of {@link #cascadedKeyColumns} whose parent's row is in their own table (self-referential): nothing
     * orders the parent's UPDATE before theirs, so theirs sets none of the cascaded columns, which the parent's row
     * may not hold yet (SQLAlchemy orders the rows and sets them; the database's ON UPDATE CASCADE gives them all the same).
     */
    private final Set<InstanceState> cascadedFromOwnTable = Collections.newSetFromMap(new IdentityHashMap<>());

    /**
     * Before the UPDATEs, the loaded members of each of {@link #cascadedKeys} take the new key in memory, as the
     * database's ON UPDATE CASCADE will give their rows when their parent's is UPDATEd: no UPDATE of theirs for it (a
     * member with changes of its own is UPDATEd after the parent's row, found by its new key where its primary key
     * holds the cascaded columns), and not dirty after the flush (SQLAlchemy's sync of the unchanged members,
     * test_naturalpks.py). A collection not loaded is left alone.
     */
    private void keysCascaded() {
        for (KeyChange c : cascadedKeys) {
            InstanceState st = c.parent();
            RelationshipProp r = c.relationship();
            if (!(r.get(st.instance, st) instanceof List<?> members) || members instanceof PersistentList<?> p && !p.isLoaded()) {
                continue;
            }
            Sync sync = new Sync(Phase.ADDED, r, st, st);
            for (Object m : members) {
                InstanceState cs = session.state(m);
                if (cs == null || cs.status != InstanceState.Status.PERSISTENT || deleting.contains(cs)) {
                    continue;
                }
                for (int i = 0; i < r.referencing.size(); i++) {
                    Column<?> fk = r.referencing.get(i);
                    ColumnProp p = cs.mapper.columnProp(fk);
                    // A member added in this flush refers to another row still: only the rows that referred to the old key move.
                    if (refersTo(cs, p, st, r.referenced.get(i))) {
                        cascadedKeyColumns.computeIfAbsent(cs, k -> new ArrayList<>(r.referencing.size())).add(fk);
                        if (fk.table() == r.referenced.get(i).table()) {
                            cascadedFromOwnTable.add(cs);
                        }
                    }
                    write(cs, p, syncValue(cs, sync, i));
                }
                // its snapshot is made again with the new values (see finish)
                touched.add(cs);
            }
        }
    }

    /** Whether member {@code cs}'s flushed {@code fk} held parent {@code st}'s flushed {@code referenced} value. */
    private static boolean refersTo(InstanceState cs, ColumnProp fk, InstanceState st, Column<?> referenced) {
        Object was = cs.flushed(fk);
        return was != InstanceState.NOT_LOADED && !fk.changed(was, st.flushed(st.mapper.columnProp(referenced)));
    }

    /**
     * The rows whose UPDATE changed a column passive many-to-one references refer to ({@link KeyColumns#ofReferences}),
     * as {@link #save} found them: see {@link #referencesCascaded}. Null while there are none.
     */
    private Set<Object> referencedChanged;

    /**
     * The loaded many-to-one references (passive updates) to the rows this flush gave new values of the columns they
     * refer to (a primary key or a UNIQUE column): their foreign keys take the new values in memory, as the
     * database's ON UPDATE CASCADE gave their rows (SQLAlchemy's DetectKeySwitch, after the UPDATEs as there). The
     * session is searched only when such a value changed.
     */
    private void referencesCascaded() {
        if (referencedChanged == null) {
            return;
        }
        for (InstanceState st : session.states()) {
            if (st.status != InstanceState.Status.PERSISTENT || deleting.contains(st)) {
                continue;
            }
            for (RelationshipProp r : st.mapper.relationships()) {
                if (r.collection || r.isViewOnly() || !r.passiveUpdates) {
                    continue;
                }
                Object ref = r.get(st.instance, st);
                if (ref != null && referencedChanged.contains(ref)) {
                    Sync sync = new Sync(Phase.REFERENCE, r, session.state(ref), null);
                    for (int i = 0; i < r.referencing.size(); i++) {
                        write(st, st.mapper.columnProp(r.referencing.get(i)), syncValue(st, sync, i));
                    }
                    touched.add(st);
                }
            }
        }
    }

    /**
     * {@link Relationship#passiveUpdates passiveUpdates(false)} on many-to-many {@code r}: {@code st}'s
     * referenced columns changed, so its association rows with the members it keeps are UPDATEd to
     * the new values (as SQLAlchemy's secondary UPDATE). A collection not loaded is loaded by the old key.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void associationsTakeNewKey(InstanceState st, RelationshipProp r) {
        Secondary sec = r.secondary;
        List<Object> was = new ArrayList<>(sec.parentColumns.size());
        for (Column<?> c : sec.parentColumns) {
            was.add(st.flushed(st.mapper.columnProp(c)));
        }
        Object current = r.get(st.instance, st);
        List<?> kept;
        if (current instanceof PersistentList<?> p && !p.isLoaded() || st.flushed(r) == InstanceState.NOT_LOADED) {
            List<ColumnElement<?>> parts = new ArrayList<>();
            for (int i = 0; i < was.size(); i++) {
                parts.add(SQL.literal(was.get(i), (TypeEngine) sec.parentKeys.get(i).type()).eq((ColumnElement) sec.parentKeys.get(i)));
            }
            for (int i = 0; i < sec.targetColumns.size(); i++) {
                parts.add(r.onTarget(sec.targetColumns.get(i)).eq((ColumnElement) sec.targetKeys.get(i)));
            }
            Query<Object> q = Query.of(session, r.targetEntity()).filter(SQL.and(parts.toArray(new ColumnElement<?>[0])));
            for (ColumnElement<?> ob : r.orderBy) {
                q = q.orderBy(r.onTarget(ob));
            }
            kept = session.run(q);
        } else {
            List<?> before = (List<?>) st.flushed(r);
            kept = current == null ? List.of() : ((List<?>) current).stream().filter(m -> holdsSame(before, m)).toList();
        }
        List<InstanceState> members = new ArrayList<>();
        for (Object m : kept) {
            InstanceState ms = session.state(m);
            if (ms != null && ms.status == InstanceState.Status.PERSISTENT && !ms.markedForDelete) {
                members.add(ms);
            }
        }
        associations.rekeyed(sec, st, was, members);
    }

    /** Whether {@code a} and {@code b} hold the same instances in the same order. */
    static boolean sameSequence(List<?> a, List<?> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** Queues the foreign key change of {@code st}'s many-to-one {@code r} if its reference changed; whether it did. */
    private boolean referenceChange(InstanceState st, RelationshipProp r, List<Removal> removals) {
        Object ref = r.get(st.instance, st);
        Object before = st.status == InstanceState.Status.PENDING ? null : st.flushed(r);
        boolean changed = before == InstanceState.NOT_LOADED ? ref != null : ref != before;
        if (changed) {
            addSync(st, new Sync(Phase.REFERENCE, r, ref == null ? null : session.state(ref), null));
            InstanceState old = before == null || before == InstanceState.NOT_LOADED ? null : session.state(before);
            if (ref == null && old != null && r.reverse != null && r.reverse.deleteOrphan) {
                // Taken from its parent through the reference, with the parent's collection perhaps not loaded.
                removals.add(new Removal(old, r.reverse, st.instance));
            }
            if (old != null && r.deleteOrphan) {
                // A single-parent many-to-one with delete-orphan: the target it no longer refers to may be an orphan now.
                leftTargets.add(new Removal(old, r, st.instance));
            }
        }
        return changed;
    }

    /**
     * {@link Relationship#passiveUpdates passiveUpdates(false)} on many-to-one {@code r}: persistent {@code st}
     * refers to the same instance, whose referenced columns changed, so its foreign key takes the new values
     * (an UPDATE after the target's). The reference not loaded, the target is the instance of the session
     * with the key {@code st}'s foreign key still holds, as SQLAlchemy's lazy load finds it in the identity map.
     */
    private void referenceTakesNewKey(InstanceState st, RelationshipProp r) {
        if (st.status != InstanceState.Status.PERSISTENT || !st.hasSnapshot()) {
            return;
        }
        Object ref = r.get(st.instance, st);
        InstanceState target;
        if (ref != null) {
            target = session.state(ref);
        } else if (st.flushed(r) == InstanceState.NOT_LOADED && r.referenced.equals(r.target.primaryKeyProps().stream().map(p -> p.column).toList())) {
            List<Object> was = new ArrayList<>(r.referencing.size());
            for (Column<?> c : r.referencing) {
                was.add(st.flushed(st.mapper.columnProp(c)));
            }
            IdentityKey key = was.contains(InstanceState.NOT_LOADED) ? null : IdentityKey.of(r.target, was);
            target = key == null ? null : session.identityState(key);
        } else {
            target = null;
        }
        if (target != null && keyChanged(target, r.referenced)) {
            addSync(st, new Sync(Phase.REFERENCE, r, target, null));
        }
    }

    private void addSync(InstanceState st, Sync s) {
        syncs.computeIfAbsent(st, k -> new ArrayList<>()).add(s);
        if (s.owner() != null) {
            touched.add(s.owner());
        }
    }

    private void markForDelete(InstanceState st) {
        if (!st.markedForDelete) {
            st.markedForDelete = true;
            undo.add(() -> st.markedForDelete = false);
        }
    }

    /** The instances to delete, with their cascades; members of their other collections are detached (foreign key NULL). */
    private void deletions() {
        List<InstanceState> work = new ArrayList<>();
        session.forEachState(st -> {
            if (st.markedForDelete) {
                work.add(st);
            }
        });
        while (!work.isEmpty()) {
            InstanceState st = work.remove(work.size() - 1);
            if (!(st.status == InstanceState.Status.PENDING ? discarded : deleting).add(st)) {
                continue;
            }
            for (RelationshipProp r : st.mapper.writeOnlyRelationships()) {
                // A write-only collection is not loaded to delete: its association rows go by the owner's key, the rows
                // that refer to it are the database's (ON DELETE), as SQLAlchemy's passive_deletes leaves them.
                if (r.isManyToMany()) {
                    associations.ownerDeleted(r, st);
                }
            }
            for (RelationshipProp r : st.mapper.relationships()) {
                if (!r.collection) {
                    // A many-to-one reference with a delete cascade takes its target (after this row: its foreign key refers to it).
                    Object ref = r.cascadeDelete ? r.get(st.instance, st) : null;
                    InstanceState target = ref == null ? null : session.state(ref);
                    if (target != null && target.status != InstanceState.Status.DELETED) {
                        markForDelete(target);
                        work.add(target);
                    }
                    continue;
                }
                if (r.isManyToMany()) {
                    associations.ownerDeleted(r, st);
                    if (!r.cascadeDelete) {
                        continue;
                    }
                }
                Object members = r.get(st.instance, st);
                // Iterating an unloaded collection loads it: its members' foreign keys must change.
                for (Object child : members == null ? List.of() : new ArrayList<>((List<?>) members)) {
                    InstanceState cs = session.state(child);
                    if (cs == null || cs.status == InstanceState.Status.DELETED) {
                        continue;   // an earlier flush deleted it; it stays in the list until the commit
                    }
                    if (r.cascadeDelete) {
                        markForDelete(cs);
                        work.add(cs);
                        if (r.isManyToMany()) {
                            associations.memberDeleted(r, cs);
                        }
                    } else {
                        addSync(cs, new Sync(Phase.REMOVED, r, null, st));
                    }
                }
            }
        }
    }

    /**
     * The rows of element collections ({@link ElementCollectionProp}), after the owners' INSERTs
     * (their keys exist) and before their DELETEs: a deleted owner's rows go; a collection whose
     * rows differ from those last loaded or flushed has its rows deleted and inserted again.
     */
    private void elementCollections() {
        for (InstanceState st : deleting) {
            for (ElementCollectionProp p : st.mapper.elementCollections()) {
                conn().execute(SQL.delete(p.spec.table()).where(p.ownerMatch(p.ownerKey(st))));
            }
        }
        // Allocates nothing for a session without element collections (the common case).
        for (InstanceState st : inserted) {
            elementOwner(st);
        }
        if (session.mayHaveElementOwners()) {
            session.forEachState(st -> {
                if (st.status == InstanceState.Status.PERSISTENT && !deleting.contains(st)) {
                    elementOwner(st);
                }
            });
        }
        if (elementOwners == null) {
            return;
        }
        for (InstanceState st : elementOwners) {
            boolean isNew = inserted.contains(st);
            for (ElementCollectionProp p : st.mapper.elementCollections()) {
                List<List<Object>> now = p.rows(p.get(st.instance, st));
                List<List<Object>> before = st.elements(p);
                if (before != null ? p.same(before, now) : isNew && now.isEmpty()) {
                    st.setElements(p, now);
                    continue;
                }
                List<Object> key = p.ownerKey(st);
                if (!isNew) {
                    conn().execute(SQL.delete(p.spec.table()).where(p.ownerMatch(key)));
                }
                if (!now.isEmpty()) {
                    conn().execute(SQL.insert(p.spec.table()), p.insertParams(key, now));
                }
                st.setElements(p, now);
                undo.add(() -> st.setElements(p, before));
            }
        }
    }

    /** The owners of element collections {@link #elementCollections} looks at; null: none yet. */
    private Set<InstanceState> elementOwners;

    private void elementOwner(InstanceState st) {
        if (!st.mapper.elementCollections().isEmpty()) {
            if (elementOwners == null) {
                elementOwners = new LinkedHashSet<>();
            }
            elementOwners.add(st);
        }
    }

    // ---- statements ---------------------------------------------------------------------------

    private int rank(Mapper<?> m) {
        // The rows of one class come in runs: the last rank is kept rather than looked up again for each of a thousand rows.
        if (m != lastRanked) {
            // A class hierarchy ranks by its base's table: an instance's rows in the other tables follow that one at once.
            // The foreign keys post-updates set do not order the tables: they are what breaks a cycle of tables (SQLAlchemy
            // leaves them out of its dependencies too), which sortedTables() would otherwise break where it was entered.
            lastRank = ranks.computeIfAbsent(m, k -> k.table().metadata().sortedTables(fk -> postUpdated(k.registry()).contains(fk.parent()))
                    .indexOf(k.root().table()));
            lastRanked = m;
        }
        return lastRank;
    }

    /** The columns that post-update relationships of {@code registry} set, found once per flush. */
    private Set<Column<?>> postUpdated(Registry registry) {
        if (postUpdated == null) {
            postUpdated = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Mapper<?> m : registry.mappers()) {
                for (RelationshipProp r : m.relationships()) {
                    if (r.postUpdate) {
                        postUpdated.addAll(r.referencing);
                    }
                }
            }
        }
        return postUpdated;
    }

    private Set<Column<?>> postUpdated;

    /** Whether a listener of {@code BEFORE_UPDATE} may run for the rows of the run {@link #save} is at. */
    private boolean updateListened;

    /** The mapper {@link #rank} was last asked about, and its rank. */
    private Mapper<?> lastRanked;
    private int lastRank;

    /** Pairs each pending instance whose primary key is that of an instance being deleted with it. */
    private void rowSwitches() {
        if (deleting.isEmpty()) {
            return;
        }
        Map<IdentityKey, InstanceState> byKey = new HashMap<>();
        deleting.forEach(st -> byKey.put(st.key(), st));
        for (InstanceState st : session.pending()) {
            IdentityKey key = deleting.contains(st) ? null : IdentityKey.of(st.mapper, primaryKey(st));
            InstanceState old = key == null ? null : byKey.remove(key);
            if (old != null) {
                switches.put(st, old);
            }
        }
    }

    private void save() {
        List<InstanceState> walked = new ArrayList<>(session.pending().size() + session.stateCount());
        session.forEachState(st -> {
            if (st.status == InstanceState.Status.PERSISTENT) {
                walked.add(st);
                oldValuesToLoad |= needsOldValues(st);
            }
        });
        // A table's UPDATEs before its INSERTs, as SQLAlchemy's save_obj: a replaced one-to-one member gives up its foreign
        // key (a UNIQUE one) before the new member takes it. A row that needs a new row's key still waits for it (below).
        walked.addAll(session.pending());
        List<InstanceState> order = walked;
        if (!deleting.isEmpty() || !discarded.isEmpty()) {
            order.removeIf(st -> deleting.contains(st) || discarded.contains(st));
        }
        // Pending rows are inserted in the order they were added (as SQLAlchemy), existing rows updated in key order.
        DependencySort.sortByKey(order);
        // Without foreign keys to set, no row waits for another's: the rows go in table order alone, and rows of one
        // class are in order already (ranking them sorted the tables of the metadata on every flush for nothing).
        if (!syncs.isEmpty() || !ofOneMapper(order)) {
            order = DependencySort.sort(order, st -> rank(st.mapper), syncs.isEmpty() ? null : this::writtenBefore);
        }
        // SQLAlchemy loads an active-history attribute's old value as it is set; a field write is not seen, so here,
        // before the first UPDATE: a parent's may cascade a new key into the row, which the SELECT finds by its old one.
        // In the save's order; no pass at all when the walk above found no such row (most flushes).
        for (int k = 0; oldValuesToLoad && k < order.size(); k++) {
            if (needsOldValues(order.get(k))) {
                DeferredLoads.loadOldValues(session, order.get(k));
            }
        }
        // Sized for every row to update: growing them row by row copied them a dozen times for a thousand rows.
        updated.ensureCapacity(order.size());
        updatedSnapshots.ensureCapacity(order.size());
        int runEnd = 0;
        for (int k = 0; k < order.size(); k++) {
            InstanceState st = order.get(k);
            // The first row of a run of one class: its batch is sized for the run (the rows of a run split into
            // several batches size the others as they grow, so a flush sizes for no more rows than it has).
            batchRoom = 0;
            if (k == runEnd) {
                while (runEnd < order.size() && order.get(runEnd).mapper == st.mapper) {
                    runEnd++;
                }
                batchRoom = runEnd - k;
                // Asked once per run: per row, the listener lists were walked a thousand times for a thousand rows.
                updateListened = session.listens(OrmEvents.InstanceEvent.BEFORE_UPDATE, st.mapper);
                referencedKeys = KeyColumns.of(st.mapper).ofReferences();
            }
            // Without syncs no row waits for another's keys: a thousand updated rows look nothing up.
            boolean synced = !syncs.isEmpty();
            if (pendingBatch != null && (pendingBatch.mapper != st.mapper || synced && pendingBatch.holdsAny(writtenBefore(st)))) {
                // The next row's foreign keys may need the keys this batch generates.
                runPendingBatch();
            }
            if (synced && needsPendingKeys(st)) {
                runPendingBatch();
            }
            if (synced) {
                applySyncs(st);
            }
            InstanceState switched = switches.isEmpty() ? null : switches.get(st);
            boolean pending = st.status == InstanceState.Status.PENDING;
            if (switched == null && pending) {
                fireBefore(OrmEvents.InstanceEvent.BEFORE_INSERT, st);
            } else if (switched == null) {
                if (updateListened && hasColumnChanges(st) && !onlyCascaded(st)) {
                    session.fire(OrmEvents.InstanceEvent.BEFORE_UPDATE, st);
                }
            }
            Object[] next = null;
            // By index: an iterator per row was a tenth of what the save allocated.
            List<Table> tables = st.mapper.tables();
            for (int ti = 0, tn = tables.size(); ti < tn; ti++) {
                Table t = tables.get(ti);
                if (pending && t != st.mapper.root().table()) {
                    // A joined subclass's row takes the key its base's row may have just generated.
                    runPendingBatch();
                }
                if (switched != null) {
                    rowSwitchOf(st, switched, t);
                } else if (pending) {
                    insertOf(st, t);
                } else {
                    next = updateOf(st, t, next);
                }
            }
            if (next != null) {
                // The snapshot is made with the first changed column, which queues an UPDATE: the row is updated.
                updated.add(st);
                updatedSnapshots.add(next);
                if (updatedMappers.isEmpty() || updatedMappers.get(updatedMappers.size() - 1) != st.mapper) {
                    updatedMappers.add(st.mapper);
                }
                if (!referencedKeys.isEmpty() && madeAnew(st, next, referencedKeys)) {
                    if (referencedChanged == null) {
                        referencedChanged = Collections.newSetFromMap(new IdentityHashMap<>());
                    }
                    referencedChanged.add(st.instance);
                }
            }
        }
        batchRoom = 0;
        runPendingBatch();
        postUpdates.forEach(this::postUpdate);
    }

    /** Whether {@link #save}'s walk found a row of {@link #needsOldValues}. */
    private boolean oldValuesToLoad;

    /** Whether persistent {@code st} may have active-history columns a query left out or expired, whose old values load before the UPDATEs. */
    private static boolean needsOldValues(InstanceState st) {
        return (st.leftOut != null || st.expired) && st.status == InstanceState.Status.PERSISTENT && st.mapper.hasActiveHistory();
    }

    /** The {@link KeyColumns#ofReferences} of the run of rows {@link #save} is at. */
    private List<ColumnProp> referencedKeys = List.of();

    /**
     * Whether {@link #updateOf}'s new snapshot {@code next} of {@code st} has a new entry of one of {@code props}: it
     * puts a changed column's new value there, an unchanged one keeps the very object of the flushed snapshot (so
     * no value is read, nor boxed, per updated row).
     */
    private static boolean madeAnew(InstanceState st, Object[] next, List<ColumnProp> props) {
        for (int i = 0, n = props.size(); i < n; i++) {
            ColumnProp p = props.get(i);
            if (st.at(next, p) != st.flushed(p)) {
                return true;
            }
        }
        return false;
    }

    /** Whether every state of {@code states} is of one mapper (they rank alike). */
    private static boolean ofOneMapper(List<InstanceState> states) {
        Mapper<?> first = states.isEmpty() ? null : states.get(0).mapper;
        for (int i = 1, n = states.size(); i < n; i++) {
            if (states.get(i).mapper != first) {
                return false;
            }
        }
        return true;
    }

    /**
     * The rows whose new keys {@code st}'s foreign keys take (not through a post-update): pending rows, and existing
     * rows whose referenced columns change, are written first. Rows of one table are otherwise in key order, which put
     * a row moved under (or, passive updates off, kept by) a renamed parent of its own table before the parent's rename.
     */
    private List<InstanceState> writtenBefore(InstanceState st) {
        List<Sync> list = syncs.get(st);
        if (list == null) {
            return List.of();
        }
        List<InstanceState> out = new ArrayList<>();
        for (Sync s : list) {
            InstanceState src = s.source();
            if (src != null && !s.relationship().postUpdate
                    && (src.status == InstanceState.Status.PENDING || keyChanged(src, s.relationship().referenced))) {
                out.add(src);
            }
        }
        return out;
    }

    /** The post-update of {@code st}: its deferred foreign keys set by an UPDATE of its row, once every row is inserted. */
    private void postUpdate(InstanceState st, List<Sync> deferred) {
        RowBuilder row = row();
        Table table = deferred.get(0).relationship().referencing.get(0).table();
        // the version the row has now: its INSERT or UPDATE of this flush, if it had one, wrote it on the instance
        Object matched = nextVersion(st, table, row, false);
        for (Sync s : deferred) {
            RelationshipProp r = s.relationship();
            for (int i = 0; i < r.referencing.size(); i++) {
                ColumnProp p = st.mapper.columnProp(r.referencing.get(i));
                write(st, p, syncValue(st, s, i));
                row.put(p.valueParam, p.get(st.instance, st));
            }
        }
        row.endSets();
        // Inserted by this flush: its key is the one it has now.
        if (st.status == InstanceState.Status.PENDING) {
            keyParams(primaryKey(st), row);
        } else {
            keyParams(st.key(), row);
        }
        if (matched != null) {
            row.put(VERSION_PARAM, matched);
        }
        touched.add(st);
        queue(Kind.UPDATE, st, table, List.of(), row);
        runPendingBatch();
    }

    private void delete() {
        List<InstanceState> order = new ArrayList<>(deleting);
        order.removeAll(switches.values());
        DependencySort.sortByKey(order);
        Map<InstanceState, List<InstanceState>> referrers = referrers(order);
        order = DependencySort.sort(order, st -> -rank(st.mapper), st -> referrers.getOrDefault(st, List.of()));
        Map<RelationshipProp, Set<List<Object>>> leaving = listsLeft(order);
        for (InstanceState st : order) {
            fireBefore(OrmEvents.InstanceEvent.BEFORE_DELETE, st);
            List<Table> tables = st.mapper.tables();
            for (int i = tables.size() - 1; i >= 0; i--) {
                deleteOf(st, tables.get(i));
            }
        }
        runPendingBatch();
        leaving.forEach((r, owners) -> Associations.renumber(this::conn, r.target.table(), r.remoteColumns(), r.position, owners));
    }

    /**
     * The positioned one-to-many lists ({@link Relationship#orderingColumn}) that the deleted instances leave, by
     * relationship: their owners' key values as the members' foreign keys hold them, renumbered once the rows go
     * (a many-to-many's are in {@link Associations}).
     */
    private static Map<RelationshipProp, Set<List<Object>>> listsLeft(List<InstanceState> deleted) {
        Map<RelationshipProp, Set<List<Object>>> out = new LinkedHashMap<>();
        if (deleted.isEmpty()) {
            return out;
        }
        for (Mapper<?> m : deleted.get(0).mapper.registry().mappers()) {
            for (RelationshipProp r : m.relationships()) {
                if (r.position == null || r.secondary != null || !r.collection || r.position.table() != r.target.table()) {
                    continue;
                }
                for (InstanceState st : deleted) {
                    if (st.status == InstanceState.Status.PENDING || !ColumnLoads.isAncestor(r.target, st.mapper) && r.target != st.mapper) {
                        continue;
                    }
                    List<Object> owner = new ArrayList<>();
                    for (Column<?> c : r.remoteColumns()) {
                        owner.add(st.mapper.columnProp(c).get(st.instance, st));
                    }
                    if (!owner.contains(null)) {
                        out.computeIfAbsent(r, k -> new LinkedHashSet<>()).add(owner);
                    }
                }
            }
        }
        return out;
    }

    /**
     * Adds {@code st}'s statement of {@code kind} on {@code t}, of {@code row} as it is now, to
     * the batch being gathered, or runs that batch and starts another (the usual row joins, and
     * is then no more than its array of values).
     */
    private void queue(Kind kind, InstanceState st, Table t, List<ColumnProp> generated, RowBuilder row) {
        Batch b = pendingBatch;
        if (b != null && b.takes(kind, st.mapper, t, generated, row)) {
            b.add(st, row.values());
            return;
        }
        runPendingBatch();
        pendingBatch = new Batch(kind, st.mapper, t, generated, st, row);
    }

    private void runPendingBatch() {
        if (pendingBatch != null) {
            Batch b = pendingBatch;
            pendingBatch = null;
            b.run();
        }
    }

    /** Whether {@code st} takes a foreign key from a row of the batch being gathered, whose generated keys are not read yet. */
    private boolean needsPendingKeys(InstanceState st) {
        List<Sync> list = syncs.get(st);
        if (pendingBatch == null || list == null || pendingBatch.generated.isEmpty()) {
            return false;
        }
        for (Sync s : list) {
            if (s.source() != null && pendingBatch.holds(s.source())) {
                return true;
            }
        }
        return false;
    }

    private void applySyncs(InstanceState st) {
        List<Sync> list = syncs.get(st);
        if (list == null) {
            return;
        }
        list.sort(Comparator.comparing(Sync::phase));
        for (Sync s : list) {
            RelationshipProp r = s.relationship();
            if (r.postUpdate) {
                postUpdates.computeIfAbsent(st, k -> new ArrayList<>()).add(s);
                continue;
            }
            for (int i = 0; i < r.referencing.size(); i++) {
                write(st, st.mapper.columnProp(r.referencing.get(i)), syncValue(st, s, i));
            }
        }
        touched.add(st);
    }

    /** Runs the before-listeners of {@code event} for {@code st}, if there are any. */
    private void fireBefore(OrmEvents.InstanceEvent event, InstanceState st) {
        if (session.listens(event, st.mapper)) {
            session.fire(event, st);
        }
    }

    private static boolean hasColumnChanges(InstanceState st) {
        for (ColumnProp p : st.mapper.columnProps()) {
            if (p.changed(st.flushed(p), p.get(st.instance, st))) {
                return true;
            }
        }
        return false;
    }

    /** The value {@code s} gives the {@code i}th referencing column of {@code st}: the source's referenced column, or null. */
    private Object syncValue(InstanceState st, Sync s, int i) {
        RelationshipProp r = s.relationship();
        // A parent being deleted cannot be referred to: its members end with no parent.
        if (s.source() == null || deleting.contains(s.source())) {
            return null;
        }
        InstanceState src = s.source();
        Object value = src.mapper.columnProp(r.referenced.get(i)).get(src.instance, src);
        if (value == null) {
            throw new RetortException("Cannot set " + r.referencing.get(i) + " of " + st + ": " + src + " has no " + r.referenced.get(i) + " yet");
        }
        return value;
    }

    /**
     * For each row being deleted, the rows being deleted that refer to it through a foreign key
     * of a relationship (deleted first). A post-update relationship's reference is cleared by an
     * UPDATE before the DELETEs instead, which breaks cycles.
     */
    private Map<InstanceState, List<InstanceState>> referrers(List<InstanceState> rows) {
        Map<List<Object>, InstanceState> byValues = new HashMap<>();
        Set<RelationshipProp> pairs = new LinkedHashSet<>();
        for (InstanceState st : rows) {
            for (RelationshipProp r : st.mapper.relationships()) {
                if (!r.isManyToMany() && !r.isViewOnly()) {
                    pairs.add(r.collection || r.reverse == null ? r : r.reverse);
                }
            }
        }
        for (RelationshipProp r : pairs) {
            Mapper<?> one = r.collection ? r.mapper : r.target;
            rows.stream().filter(st -> one.mappedClass().isInstance(st.instance)).forEach(st -> byValues.put(values(one, st, r.referenced), st));
        }
        Map<InstanceState, List<InstanceState>> out = new HashMap<>();
        List<InstanceState> cleared = new ArrayList<>();
        for (InstanceState st : rows) {
            for (RelationshipProp r : st.mapper.relationships()) {
                // A row referring to any row through a post-update many-to-one has the reference cleared before its
                // DELETE, the referred row deleted or not (SQLAlchemy's ManyToOneDP.process_deletes).
                if (r.postUpdate && !r.collection && !r.isViewOnly() && !r.deleteOrphan && refersToAny(st, r) && !cleared.contains(st)) {
                    cleared.add(st);
                    clearBeforeDelete(st, r);
                }
            }
        }
        for (RelationshipProp r : pairs) {
            Mapper<?> one = r.collection ? r.mapper : r.target;
            Mapper<?> many = r.collection ? r.target : r.mapper;
            for (InstanceState st : rows) {
                InstanceState referred = many.mappedClass().isInstance(st.instance) ? byValues.get(values(one, st, r.referencing)) : null;
                // a row referring to itself is deleted with its reference, except where the database checks each row
                // at once (MariaDB): a post-update clears that too, as SQLAlchemy's
                if (referred == null || referred == st && !r.postUpdate) {
                    continue;
                }
                if (r.postUpdate) {
                    if (!cleared.contains(st)) {
                        cleared.add(st);
                        clearBeforeDelete(st, r);
                    }
                } else {
                    out.computeIfAbsent(referred, k -> new ArrayList<>()).add(st);
                }
            }
        }
        runPendingBatch();
        return out;
    }

    /** Whether {@code st}'s row refers to a row through many-to-one {@code r}: a foreign key column it has is not NULL. */
    private static boolean refersToAny(InstanceState st, RelationshipProp r) {
        for (Column<?> c : r.referencing) {
            Object was = st.flushed(st.mapper.columnProp(c));
            if (was != null && was != InstanceState.NOT_LOADED) {
                return true;
            }
        }
        return false;
    }

    /** {@code mapper} and the values of {@code columns} of {@code st}, normalised, as a look-up key. */
    private static List<Object> values(Mapper<?> mapper, InstanceState st, List<Column<?>> columns) {
        List<Object> key = new ArrayList<>();
        key.add(mapper);
        for (Column<?> c : columns) {
            Object v = st.mapper.columnProp(c).get(st.instance, st);
            key.add(v == null ? null : IdentityKey.normalise(c.type(), v));
        }
        return key;
    }

    /** The post-update of a row about to be deleted: its foreign key of {@code r} set to NULL. */
    private void clearBeforeDelete(InstanceState st, RelationshipProp r) {
        RowBuilder row = row();
        Table table = r.referencing.get(0).table();
        Object matched = nextVersion(st, table, row, true);
        for (Column<?> c : r.referencing) {
            row.put("v_" + c.key(), null);
        }
        row.endSets();
        keyParams(st.key(), row);
        if (matched != null) {
            row.put(VERSION_PARAM, matched);
            clearedVersions.put(st, st.mapper.versionCounter().prop.get(st.instance, st));
        }
        queue(Kind.UPDATE, st, table, List.of(), row);
    }

    /**
     * For a post-update of versioned {@code st}'s row in {@code t}: sets its next version in
     * {@code row} and on the instance (the row changes, as SQLAlchemy's post-update bumps it too)
     * and returns the version it has now (its flushed snapshot's, or the instance's), which the
     * UPDATE matches; null when {@code t} has no version column.
     */
    private Object nextVersion(InstanceState st, Table t, RowBuilder row, boolean flushed) {
        VersionCounter vc = st.mapper.versionCounter();
        if (vc == null || vc.prop.column.table() != t) {
            return null;
        }
        Object now = flushed ? st.flushed(vc.prop) : vc.prop.get(st.instance, st);
        if (!vc.server) {
            Object version = vc.next(now);
            write(st, vc.prop, version);
            row.put(vc.prop.valueParam, version);
        }
        return now;
    }

    private void write(InstanceState st, Prop p, Object value) {
        Object old = p.get(st.instance, st);
        undo.add(() -> p.set(st.instance, st, old));
        p.set(st.instance, st, value);
    }

    /** The mapper and table {@link #sentDefaults} was last asked about, and its answer. */
    private Mapper<?> defaultsMapper;
    private Table defaultsTable;
    private List<ColumnProp> defaults;

    /**
     * {@code m}'s properties of {@code t}'s columns with a client-side default sent in the INSERT
     * ({@link InsertBatch#sentDefault}): worked out once per run of rows of one mapper and table,
     * rather than by a walk of the mapper's columns for every row inserted.
     */
    private List<ColumnProp> sentDefaults(Mapper<?> m, Table t) {
        if (m != defaultsMapper || t != defaultsTable) {
            List<ColumnProp> out = new ArrayList<>(2);
            for (ColumnProp p : m.columnProps()) {
                if (p.column.table() == t && InsertBatch.sentDefault(p.column)) {
                    out.add(p);
                }
            }
            defaults = out;
            defaultsMapper = m;
            defaultsTable = t;
        }
        return defaults;
    }

    /** The INSERT of {@code st}'s row in table {@code t} (of its hierarchy's, the base's first). */
    private void insertOf(InstanceState st, Table t) {
        Mapper<?> m = st.mapper;
        VersionCounter vc = m.versionCounter();
        if (vc != null && !vc.server && vc.prop.column.table() == t && vc.prop.get(st.instance, st) == null) {
            write(st, vc.prop, vc.initial());
        }
        if (m.polymorphicOn() != null && m.polymorphicIdentity() != null && m.polymorphicOn().table() == t) {
            ColumnProp d = m.columnProp(m.polymorphicOn());
            if (d.get(st.instance, st) == null) {
                write(st, d, m.polymorphicIdentity());
            }
        }
        for (ColumnProp p : sentDefaults(m, t)) {
            if (p.get(st.instance, st) == null) {
                write(st, p, p.column.defaultValue().value());
            }
        }
        RowBuilder row = row();
        List<Column<?>> keys = m.keyColumns(t);
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).table() == t && keys.get(i) != m.primaryKeyProps().get(i).column) {
                row.put(keys.get(i).key(), m.primaryKeyProps().get(i).get(st.instance, st));
            }
        }
        InsertBatch.putRow(m, t, st.instance, st, row::put);
        List<ColumnProp> generated = InsertBatch.generatedOf(m, t, st.instance, st);
        if (vc != null && vc.server && vc.prop.column.table() == t && !generated.contains(vc.prop)) {
            generated.add(vc.prop);     // a trigger's version, with no default that makes it generated: read back all the same
        }
        inserted.add(st);
        queue(Kind.INSERT, st, t, generated, row);
    }

    /**
     * Queues the UPDATE of {@code st}'s changed columns in {@code t}, if any changed. Returns
     * {@code next}, the new flushed snapshot begun by the instance's UPDATE of another table, with
     * this one's new values; made at the first change, else null.
     */
    private Object[] updateOf(InstanceState st, Table t, Object[] next) {
        VersionCounter vc = st.mapper.versionCounter();
        List<ColumnProp> props = st.mapper.columnProps();
        List<Column<?>> cascaded = cascadedKeyColumns.isEmpty() ? null : cascadedKeyColumns.get(st);
        // A row with no change but the foreign key the database cascades into it is not UPDATEd; one with changes of
        // its own sets the cascaded columns too (as SQLAlchemy), but for those of its primary key, by which it is found,
        // and for a parent in its own table, whose UPDATE may come after its own.
        boolean setsCascaded = cascaded != null && !cascadedFromOwnTable.contains(st) && changedBesides(st, t, cascaded);
        // Begun at the first changed column only: most instances a flush looks at have none.
        RowBuilder row = null;
        for (int i = 0; i < props.size(); i++) {
            ColumnProp p = props.get(i);
            // (a cascaded column not set has its snapshot made again, st being touched)
            if (p.column.table() != t || cascaded != null && cascaded.contains(p.column) && (!setsCascaded || p.column.isPrimaryKey())) {
                continue;
            }
            Object current = p.get(st.instance, st);
            if (p.changed(st.flushed(p), current)) {
                row = row == null ? row() : row;
                row.put(p.valueParam, current);
                // An unchanged column keeps its snapshot: equal to its value, it is the row's.
                next = next == null ? st.flushedCopy() : next;
                st.put(next, p, p.snapshot(current));
            }
        }
        if (row == null) {
            return next;
        }
        onUpdateOf(st, t, row, next);
        Object loaded = null;
        if (vc != null) {
            loaded = st.flushed(vc.prop);
        }
        if (vc != null && !vc.server) {
            Object version = vc.next(loaded);
            write(st, vc.prop, version);
            row.put(vc.prop.valueParam, version);
            st.put(next, vc.prop, vc.prop.snapshot(vc.prop.get(st.instance, st)));
        }
        row.endSets();
        if (cascaded == null) {
            keyParams(st.key(), row);
        } else {
            cascadedKeyParams(st, cascaded, row);
        }
        if (vc != null) {
            row.put(VERSION_PARAM, loaded);
        }
        queue(Kind.UPDATE, st, t, List.of(), row);
        return next;
    }

    /**
     * The {@code Column.onUpdate} values of {@code t}'s columns that {@code st}'s UPDATE does not
     * set: a constant's or supplier's value is set in {@code row}, on the instance and in its
     * snapshot {@code next}; a SQL one is written by the UPDATE itself, and the instance is
     * expired after the flush to load the value the database made (SQLAlchemy expires the attribute).
     */
    private void onUpdateOf(InstanceState st, Table t, RowBuilder row, Object[] next) {
        // By index: this runs for every updated row, and an iterator each was 4% of what a flush of a thousand UPDATEs allocated.
        List<ColumnProp> props = st.mapper.columnProps();
        for (int i = 0, n = props.size(); i < n; i++) {
            ColumnProp p = props.get(i);
            dev.retort.schema.ColumnDefault d = p.column.onUpdate();
            if (d == null || p.column.table() != t || row.has(p.valueParam)) {
                continue;
            }
            if (d.isExpression()) {
                VersionCounter vc = st.mapper.versionCounter();
                if (vc == null || !vc.server || vc.prop != p) {
                    expireAfter.add(st);    // a server version is read back instead (Batch.run)
                }
                continue;
            }
            Object v = d.value();
            write(st, p, v);
            row.put(p.valueParam, v);
            st.put(next, p, p.snapshot(v));
        }
    }

    /** The UPDATE by which pending {@code st} takes over {@code old}'s row: every column but the key, as the seeds do. */
    private void rowSwitchOf(InstanceState st, InstanceState old, Table t) {
        RowBuilder row = row();
        for (ColumnProp p : st.mapper.columnProps()) {
            if (!p.column.isPrimaryKey() && p.column.table() == t) {
                row.put(p.valueParam, p.get(st.instance, st));
            }
        }
        inserted.add(st);
        if (row.size == 0) {
            return;
        }
        row.endSets();
        keyParams(old.key(), row);
        queue(Kind.UPDATE, st, t, List.of(), row);
    }

    private void deleteOf(InstanceState st, Table t) {
        RowBuilder row = row();
        keyParams(st.key(), row);
        VersionCounter vc = st.mapper.versionCounter();
        if (vc != null && vc.prop.column.table() == t) {
            // after the post-update that cleared its reference, the version that gave it
            row.put(VERSION_PARAM, clearedVersions.containsKey(st) ? clearedVersions.get(st) : st.flushed(vc.prop));
        }
        queue(Kind.DELETE, st, t, List.of(), row);
    }

    /** The row's primary key {@code values} (as it was loaded: it may have changed since) as parameters {@code pk_0, pk_1, ...}. */
    private static void keyParams(List<Object> values, RowBuilder row) {
        for (int i = 0; i < values.size(); i++) {
            row.put(keyParam(i), values.get(i));
        }
    }

    /** Whether {@code st}'s only changes are the foreign keys the database cascades into it: no UPDATE, so no before-update event. */
    private boolean onlyCascaded(InstanceState st) {
        List<Column<?>> cascaded = cascadedKeyColumns.isEmpty() ? null : cascadedKeyColumns.get(st);
        return cascaded != null && !changedBesides(st, null, cascaded);
    }

    /** Whether a column of {@code st} in {@code t} (null: in any table) other than {@code cascaded} changed. */
    private static boolean changedBesides(InstanceState st, Table t, List<Column<?>> cascaded) {
        for (ColumnProp p : st.mapper.columnProps()) {
            if ((t == null || p.column.table() == t) && !cascaded.contains(p.column) && p.changed(st.flushed(p), p.get(st.instance, st))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The key parameters of a row whose parent's UPDATE, before its own, cascaded new values into its key columns
     * {@code cascaded}: the row has those now, and the other columns' loaded values.
     */
    private static void cascadedKeyParams(InstanceState st, List<Column<?>> cascaded, RowBuilder row) {
        List<ColumnProp> pk = st.mapper.primaryKeyProps();
        for (int i = 0; i < pk.size(); i++) {
            ColumnProp p = pk.get(i);
            row.put(keyParam(i), cascaded.contains(p.column) ? p.get(st.instance, st) : st.key().value(i));
        }
    }

    /** The parameters of {@code key}'s values (see above), read from the key: no list per updated row. */
    private static void keyParams(IdentityKey key, RowBuilder row) {
        for (int i = 0, n = key.size(); i < n; i++) {
            row.put(keyParam(i), key.value(i));
        }
    }

    /** The row being made, emptied: one builder serves the whole flush, as a statement's row is made at once. */
    private RowBuilder row() {
        rowBuilder.clear();
        return rowBuilder;
    }

    /**
     * One row's parameters, by name, as a map would hold them (a name given again replaces its
     * value in place), in arrays reused from row to row; the names of an UPDATE's SET clause come
     * first. It gives the row as an array in the order of its names; a row whose names are those
     * of the batch being gathered joins it as that array alone.
     */
    private final class RowBuilder {
        private String[] names = new String[8];
        private Object[] values = new Object[8];
        int size;
        /** How many of the names an UPDATE sets (the others are its WHERE clause's). */
        int sets;

        void clear() {
            size = 0;
            sets = 0;
        }

        void put(String name, Object value) {
            int at = indexOf(name);
            if (at >= 0) {
                values[at] = value;
                return;
            }
            if (size == names.length) {
                names = Arrays.copyOf(names, 2 * size);
                values = Arrays.copyOf(values, 2 * size);
            }
            names[size] = name;
            values[size++] = value;
        }


        /** The names so far are those an UPDATE sets. */
        void endSets() {
            sets = size;
        }

        Object[] values() {
            return Arrays.copyOf(values, size);
        }

        /** Whether the row has a value named {@code name}. */
        boolean has(String name) {
            return indexOf(name) >= 0;
        }

        private int indexOf(String name) {
            for (int i = 0; i < size; i++) {
                if (names[i].equals(name)) {
                    return i;
                }
            }
            return -1;
        }

        /** Whether the names are {@code b}'s, in order, with as many an UPDATE sets. */
        boolean sameNames(Batch b) {
            if (b.names.size() != size || b.sets != sets) {
                return false;
            }
            for (int i = 0; i < size; i++) {
                if (!b.names.get(i).equals(names[i])) {
                    return false;
                }
            }
            return true;
        }

        List<String> names() {
            return Arrays.asList(Arrays.copyOf(names, size));
        }
    }

    private enum Kind { INSERT, UPDATE, DELETE }

    /** The parameter names of the first key columns, made once rather than per row. */
    private static final String[] KEY_PARAMS = {"pk_0", "pk_1", "pk_2", "pk_3"};

    /** The parameter of the {@code i}th primary key column's loaded value. */
    private static String keyParam(int i) {
        return i < KEY_PARAMS.length ? KEY_PARAMS[i] : "pk_" + i;
    }

    /** The parameter of the version a versioned row must still have for an UPDATE or DELETE to match it. */
    private static final String VERSION_PARAM = "version_0";

    /**
     * Statements alike (same table, kind and parameter names) run as one executemany, each row's
     * values given by position in the order of {@link #names} (see {@code Connection.executeRows}).
     */
    private final class Batch {
        final Kind kind;
        final Mapper<?> mapper;
        final Table table;
        /** The parameters of every row, in the order of its values: an UPDATE's {@link #sets} SET columns first. */
        final List<String> names;
        final int sets;
        final List<ColumnProp> generated;
        final List<InstanceState> states = batchRoom > 0 ? new ArrayList<>(batchRoom) : new ArrayList<>();
        final List<Object[]> rows = batchRoom > 0 ? new ArrayList<>(batchRoom) : new ArrayList<>();
        /** {@link #states} as a set, made on the first look-up: a search of the list per row made a flush quadratic. */
        private Set<InstanceState> index;

        /** The batch of {@code st}'s row, made of {@code row} as it is now. */
        Batch(Kind kind, Mapper<?> mapper, Table table, List<ColumnProp> generated, InstanceState st, RowBuilder row) {
            this.kind = kind;
            this.mapper = mapper;
            this.table = table;
            this.names = row.names();
            this.sets = row.sets;
            this.generated = generated;
            states.add(st);
            rows.add(row.values());
        }

        /**
         * Whether a row of {@code kind} with these parameters can run in this executemany: rows
         * whose generated columns are the same join too, the INSERT returning those columns for
         * every row in order.
         */
        boolean takes(Kind kind, Mapper<?> mapper, Table table, List<ColumnProp> generated, RowBuilder row) {
            // A versioned row's statement runs alone, so that a stale row is known by name: a batch reports one sum of rows.
            // An UPDATE from VALUES returns the keys it updated instead.
            // A server's version is read back row by row.
            VersionCounter vc = mapper.versionCounter();
            boolean alone = kind != Kind.INSERT && vc != null && (vc.server || !(kind == Kind.UPDATE && fromValues()));
            return !alone && kind == this.kind && mapper == this.mapper && table == this.table && row.sameNames(this)
                    && generated.equals(this.generated);
        }

        void add(InstanceState st, Object[] row) {
            states.add(st);
            rows.add(row);
            if (index != null) {
                index.add(st);
            }
        }

        /** Whether {@code st} has a row in this batch. */
        boolean holds(InstanceState st) {
            if (index == null) {
                index = Collections.newSetFromMap(new IdentityHashMap<>());
                index.addAll(states);
            }
            return index.contains(st);
        }

        /** Whether any of {@code some} has a row in this batch. */
        boolean holdsAny(List<InstanceState> some) {
            for (InstanceState st : some) {
                if (holds(st)) {
                    return true;
                }
            }
            return false;
        }

        void run() {
            Table t = table;
            switch (kind) {
                case INSERT -> insert(t);
                case UPDATE -> {
                    if (states.size() > 1 && fromValues() && updateFromValues(t)) {
                        break;
                    }
                    Map<Object, Object> set = new LinkedHashMap<>();
                    for (String k : names.subList(0, sets)) {
                        Column<?> c = t.c(k.substring(2));
                        set.put(c, typedParam(k, c));
                    }
                    ClauseElement update = SQL.update(t).values(set).where(byKey());
                    VersionCounter vc = mapper.versionCounter();
                    if (vc != null && vc.server && vc.prop.column.table() == t) {
                        updateReadingVersion((Update) update, vc);
                    } else if (vc != null && states.size() > 1) {
                        // Versioned rows that joined for an UPDATE from VALUES it could not take: one statement each, as they would have run.
                        for (int i = 0; i < rows.size(); i++) {
                            int n = conn().executeRows(update, names, List.<Object[]>of(rows.get(i))).rowCount();
                            if (n >= 0 && n != 1) {
                                throw stale(i, "UPDATE");
                            }
                        }
                    } else {
                        check(conn().executeRows(update, names, rows).rowCount(), "UPDATE");
                    }
                }
                default -> check(conn().executeRows(SQL.delete(t).where(byKey()), names, rows).rowCount(), "DELETE");
            }
            OrmEvents.InstanceEvent after = kind == Kind.INSERT ? OrmEvents.InstanceEvent.AFTER_INSERT
                    : kind == Kind.UPDATE ? OrmEvents.InstanceEvent.AFTER_UPDATE : OrmEvents.InstanceEvent.AFTER_DELETE;
            if (session.listens(after, mapper)) {
                states.forEach(st -> session.fire(after, st));
            }
        }

        /**
         * The UPDATE of the batch's one row (see {@link #takes}) whose version the database sets:
         * the new version is read by its RETURNING, else by a SELECT after it, as SQLAlchemy's
         * {@code version_id_generator=False}, and written on the instance.
         */
        private void updateReadingVersion(Update update, VersionCounter vc) {
            InstanceState st = states.get(0);
            Object version;
            if (conn().dialect().supportsUpdateReturning()) {
                // execute, not executeRows: a batch does not return rows
                Map<String, Object> params = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    params.put(names.get(i), rows.get(0)[i]);
                }
                List<dev.retort.engine.Row> returned = conn().execute(update.returning(vc.prop.column), params).all();
                if (returned.size() != 1) {
                    throw stale(0, "UPDATE");
                }
                version = returned.get(0).get(0);
            } else {
                check(conn().executeRows(update, names, rows).rowCount(), "UPDATE");
                List<Column<?>> keys = mapper.keyColumns(table);
                List<ColumnProp> pk = mapper.primaryKeyProps();
                ClauseElement[] where = new ClauseElement[keys.size()];
                for (int i = 0; i < where.length; i++) {
                    // the key as the UPDATE left it: the instance's
                    where[i] = keys.get(i).eq(pk.get(i).get(st.instance, st));
                }
                version = conn().execute(SQL.select(vc.prop.column).where(where)).scalar();
            }
            write(st, vc.prop, version);
            touched.add(st);
        }

        /**
         * The batch as one UPDATE joining its rows as a VALUES list ({@code Connection.updateRows}),
         * unless it sets a key column or lacks a WHERE value (then false: it runs as a batch). A
         * versioned table's statement returns the keys it updated: the rows missing are stale.
         */
        private boolean updateFromValues(Table t) {
            if (sqlOnUpdate.computeIfAbsent(t, k -> k.columns().stream().anyMatch(c -> c.onUpdate() != null && c.onUpdate().isExpression()))) {
                return false;  // its SQL on-update values are the compiled UPDATE's (SqlCompiler), not the VALUES join's
            }
            List<Column<?>> set = new ArrayList<>(sets);
            for (String k : names.subList(0, sets)) {
                Column<?> c = t.c(k.substring(2));
                if (c.isPrimaryKey()) {
                    return false;
                }
                set.add(c);
            }
            List<Column<?>> keys = mapper.keyColumns(table);
            List<Column<?>> match = new ArrayList<>(keys);
            VersionCounter vc = mapper.versionCounter();
            boolean versioned = vc != null && vc.prop.column.table() == table;
            if (versioned) {
                match.add(vc.prop.column);
            }
            if (names.size() != sets + match.size()) {
                return false;
            }
            try (var r = conn().updateRows(t, set, match, rows, versioned ? keys : List.of())) {
                if (versioned && r.rowCount() != states.size()) {
                    throw staleAmong(r.all(), keys);
                }
                check(r.rowCount(), "UPDATE");
            }
            return true;
        }

        /** The stale row of a versioned UPDATE from VALUES: the first whose key is not among the keys it {@code returned}. */
        private StaleDataException staleAmong(List<dev.retort.engine.Row> returned, List<Column<?>> keys) {
            Set<List<Object>> updated = new java.util.HashSet<>();
            for (dev.retort.engine.Row r : returned) {
                List<Object> key = new ArrayList<>(keys.size());
                for (int i = 0; i < keys.size(); i++) {
                    key.add(IdentityKey.normalise(keys.get(i).type(), r.get(i)));
                }
                updated.add(key);
            }
            for (int s = 0; s < states.size(); s++) {
                List<Object> key = new ArrayList<>(keys.size());
                for (int i = 0; i < keys.size(); i++) {
                    key.add(IdentityKey.normalise(keys.get(i).type(), rows.get(s)[sets + i]));
                }
                if (!updated.contains(key)) {
                    return stale(s, "UPDATE");
                }
            }
            // Every key came back, yet not as many rows: the table's key columns do not identify a row.
            throw new RetortException("UPDATE of " + mapper.table().key() + " expected to match " + states.size() + " row(s) but matched " + returned.size());
        }

        /** One executemany for the batch's rows, writing the values the database generated into each instance. */
        private void insert(Table t) {
            List<Column<?>> columns = new ArrayList<>(generated.size());
            generated.forEach(p -> columns.add(p.column));
            List<Object[]> values = InsertBatch.run(conn(), t, names, rows, columns);
            for (int i = 0; i < values.size(); i++) {
                for (int j = 0; j < generated.size(); j++) {
                    write(states.get(i), generated.get(j), values.get(i)[j]);
                }
            }
        }

        /** {@code pk = :pk_0 AND ...}, the parameters of {@link #keyParams}, and the version's {@code AND version = :version_0}. */
        private ClauseElement[] byKey() {
            List<Column<?>> pk = mapper.keyColumns(table);
            VersionCounter vc = mapper.versionCounter();
            List<ClauseElement> where = new ArrayList<>();
            for (Column<?> c : pk) {
                where.add(c.eq(typedParam(keyParam(where.size()), c)));
            }
            if (vc != null && vc.prop.column.table() == table) {
                where.add(vc.prop.column.eq(typedParam(VERSION_PARAM, vc.prop.column)));
            }
            return where.toArray(new ClauseElement[0]);
        }

        /** A parameter bound through {@code column}'s type (a pickled map must be pickled, not bound as it is). */
        @SuppressWarnings({"unchecked", "rawtypes"})
        private BindParameter<?> typedParam(String key, Column<?> column) {
            return bindparam(key, null, (TypeEngine) column.type());
        }

        private void check(int rowCount, String what) {
            if (rowCount >= 0 && rowCount != states.size() && mapper.versionCounter() != null) {
                throw stale(0, what);
            }
            if (rowCount >= 0 && rowCount != states.size()) {
                throw new RetortException(what + " of " + mapper.table().key() + " expected to match " + states.size() + " row(s) but matched "
                        + rowCount + ": the rows changed or vanished since they were loaded");
            }
        }

        /** The statement of the versioned row {@code i} of the batch (run alone, see {@link #takes}, or found missing) matched nothing. */
        private StaleDataException stale(int i, String what) {
            InstanceState st = states.get(i);
            return new StaleDataException(mapper.entityName(), st.key().values(), what + " of " + mapper.entityName() + " " + st.key().values()
                    + " matched no row with version " + rows.get(i)[names.indexOf(VERSION_PARAM)] + ": another transaction changed or deleted it since it was loaded");
        }
    }

    /** Whether the session sends a batch of UPDATEs as one statement where the database can (see {@link SessionFactory#updateFromValues}). */
    private boolean fromValues() {
        // The session's connection: a sharded session's engines may differ in dialect. Asked only when a statement is about to run.
        return session.factory().updatesFromValues(session.conn().dialect());
    }

    // ---- afterwards ---------------------------------------------------------------------------

    /**
     * Prepares the session's new state after the statements ran, computing everything that can
     * fail (keys, the types' copies of values); the returned step applies it and cannot fail.
     */
    private Runnable finish() {
        Map<InstanceState, IdentityKey> keys = new HashMap<>();
        for (InstanceState st : inserted) {
            keys.put(st, IdentityKey.of(st.mapper, primaryKey(st)));
        }
        // After its UPDATE, only a listener (of any instance event: it may change any instance) or a write of the flush's own (a touched row) changes an instance.
        boolean listened = listened();
        // The updated rows' new keys (null: the same; no array while no key changed) and new snapshots, by position in
        // updated: they are neither inserted (pending rows are not updated) nor deleted (nor in the save), so they need no
        // map to be found once each. A new snapshot takes the place of the one updateOf made (null: made again below).
        int n = updated.size();
        IdentityKey[] rekeyedOrNull = null;
        ArrayList<Object[]> updatedNew = updatedSnapshots;
        for (int i = 0; i < n; i++) {
            InstanceState st = updated.get(i);
            // A touched row is made again below, with the others the flush wrote.
            boolean changedSince = listened || !touched.isEmpty() && touched.contains(st);
            Object[] made = changedSince ? null : updatedNew.get(i);
            // Nothing changed it since updateOf: its new snapshot says whether a key column was among the changed ones.
            if (made != null ? madeAnew(st, made, st.mapper.primaryKeyProps()) : !holdsItsKey(st)) {
                if (rekeyedOrNull == null) {
                    rekeyedOrNull = new IdentityKey[n];
                }
                rekeyedOrNull[i] = IdentityKey.of(st.mapper, primaryKey(st));
            }
            updatedNew.set(i, made == null ? null : snapshot(st, made));
        }
        IdentityKey[] rekeyed = rekeyedOrNull;
        // A row the flush wrote without an UPDATE of its own may have a new key too: one the database cascaded into it.
        Map<InstanceState, IdentityKey> moved = new IdentityHashMap<>(0);
        for (InstanceState st : touched) {
            if (st.status == InstanceState.Status.PERSISTENT && st.hasKey() && !deleting.contains(st) && !holdsItsKey(st)) {
                IdentityKey key = IdentityKey.of(st.mapper, primaryKey(st));
                if (!key.equals(st.key())) {
                    moved.put(st, key);
                }
            }
        }
        Map<InstanceState, Object[]> snapshots = new IdentityHashMap<>(2 * (inserted.size() + touched.size()) + (listened ? 2 * n : 0));
        for (InstanceState st : inserted) {
            snapshotOf(st, null, snapshots);
        }
        for (int i = 0; i < n; i++) {
            if (updatedNew.get(i) == null) {
                snapshotOf(updated.get(i), null, snapshots);
            }
        }
        for (InstanceState st : touched) {
            snapshotOf(st, null, snapshots);
        }
        return () -> {
            for (InstanceState st : inserted) {
                st.status = InstanceState.Status.PERSISTENT;
                st.insertedInTransaction = true;
                session.persisted(st, keys.get(st));
            }
            for (int i = 0; i < n; i++) {
                InstanceState st = updated.get(i);
                st.updatedInTransaction = true;
                // Not made for a row whose key attributes hold its identity key's very values.
                if (rekeyed != null && rekeyed[i] != null && !rekeyed[i].equals(st.key())) {
                    session.persisted(st, rekeyed[i]);
                }
            }
            moved.forEach((st, key) -> {
                if (!key.equals(st.key())) {
                    session.persisted(st, key);
                }
            });
            // a row a post-update changed (and no UPDATE of its own) too: a load in this transaction must not take its values for the committed ones
            for (InstanceState st : postUpdates.keySet()) {
                st.updatedInTransaction = true;
            }
            discarded.forEach(session::discard);
            for (InstanceState st : deleting) {
                st.status = InstanceState.Status.DELETED;
                st.markedForDelete = false;
                if (!switches.containsValue(st)) {
                    session.deleted(st);
                }
            }
            syncs.forEach((st, list) -> list.forEach(s -> detachFromDeleted(st, s)));
            snapshots.forEach(InstanceState::replaceFlushed);
            for (int i = 0; i < n; i++) {
                if (updatedNew.get(i) != null) {
                    updated.get(i).replaceFlushed(updatedNew.get(i));
                }
            }
            // Last: a row whose UPDATE wrote a SQL on-update value loads again, whatever snapshot it was given above.
            expireAfter.forEach(session::expire);
        };
    }

    /** Whether a listener of instance events may run for a row of this flush (its session's, or its class's registry's). */
    private boolean listened() {
        // The updated rows by their mappers: a walk of a thousand states read each one for its mapper.
        for (Mapper<?> m : updatedMappers) {
            if (session.listensToInstances(m)) {
                return true;
            }
        }
        Mapper<?> checked = null;
        for (Set<InstanceState> written : List.of(inserted, touched, deleting)) {
            for (InstanceState st : written) {
                if (st.mapper != checked) {
                    if (session.listensToInstances(st.mapper)) {
                        return true;
                    }
                    checked = st.mapper;
                }
            }
        }
        return false;
    }

    /** Adds the new flushed snapshot of a row the flush wrote (see {@link #snapshot}), unless it has one or the row is gone. */
    private void snapshotOf(InstanceState st, Object[] columnsMade, Map<InstanceState, Object[]> snapshots) {
        boolean gone = !deleting.isEmpty() && deleting.contains(st) || !discarded.isEmpty() && discarded.contains(st);
        if (!gone && !snapshots.containsKey(st)) {
            snapshots.put(st, snapshot(st, columnsMade));
        }
    }

    /**
     * Whether {@code st}'s primary key attribute holds the very object of its identity key, so
     * that the key cannot have changed (the usual case; otherwise the key is made and compared).
     */
    private static boolean holdsItsKey(InstanceState st) {
        List<ColumnProp> pk = st.mapper.primaryKeyProps();
        if (!st.hasKey() || pk.size() != 1) {
            return false;
        }
        return pk.get(0).get(st.instance, st) == st.keyFirst();
    }

    private static List<Object> primaryKey(InstanceState st) {
        List<Object> pk = new ArrayList<>();
        st.mapper.primaryKeyProps().forEach(p -> pk.add(p.get(st.instance, st)));
        return pk;
    }

    /** A member whose parent was deleted (without delete cascade) refers to no parent in memory either, as in the database. */
    private void detachFromDeleted(InstanceState st, Sync s) {
        RelationshipProp reverse = s.relationship().reverse;
        if (s.phase() == Phase.REMOVED && reverse != null && deleting.contains(s.owner()) && !deleting.contains(st)
                && reverse.get(st.instance, st) == s.owner().instance) {
            reverse.set(st.instance, st, null);
            st.setSeen(reverse, null);
            st.setFlushed(reverse, null);
        }
    }

    /**
     * The instance's new flushed snapshot, of its current values, for the apply step to install
     * (one array for the row, nothing else made per property). {@code columnsMade}, when not null,
     * is the snapshot {@link #updateOf} made, whose columns are current: only the relationships are added.
     */
    private static Object[] snapshot(InstanceState st, Object[] columnsMade) {
        Object[] values = columnsMade;
        if (values == null) {
            values = st.flushedCopy();
            List<ColumnProp> columns = st.mapper.columnProps();
            for (int i = 0; i < columns.size(); i++) {
                ColumnProp p = columns.get(i);
                st.put(values, p, p.snapshot(p.get(st.instance, st)));
            }
        }
        List<RelationshipProp> relationships = st.mapper.relationships();
        for (int i = 0; i < relationships.size(); i++) {
            RelationshipProp r = relationships.get(i);
            Object v = r.get(st.instance, st);
            if (!r.collection) {
                st.put(values, r, v);
            } else if (!(v instanceof PersistentList<?> p && !p.isLoaded())) {
                // A collection not loaded keeps the snapshot it has.
                st.put(values, r, Collections.unmodifiableList(new ArrayList<>(v == null ? List.of() : (List<?>) v)));
            }
        }
        return values;
    }
}
