package dev.retort.orm;

import dev.retort.engine.Row;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.RaiseloadException;
import dev.retort.exc.RetortException;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.SQL;
import dev.retort.sql.Select;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The column attributes a query left out of an instance's row ({@link ColumnLoads}): noted on
 * its state, and loaded on {@link Session#loadAttribute} by the statement SQLAlchemy issues on
 * first access, {@code SELECT users.bio, users.pic FROM users WHERE users.id = ?} (the attribute
 * and the other unloaded columns of its deferred group). An attribute left out holds null and
 * has a null snapshot, so that a value the application sets flushes as an UPDATE.
 */
final class DeferredLoads {
    private DeferredLoads() {
    }

    /** Notes that the row of {@code st} left out {@code p} ({@code code}: {@link ColumnLoads#DEFERRED} or {@link ColumnLoads#RAISING}). */
    static void leftOut(InstanceState st, Prop p, int code, boolean fresh) {
        if (!fresh && !isDeferred(st, p)) {
            return;     // loaded before: it keeps its value
        }
        if (st.leftOut == null) {
            st.leftOut = new BitSet();
        }
        st.leftOut.set(2 * p.index);
        st.leftOut.set(2 * p.index + 1, code == ColumnLoads.RAISING);
        if (fresh) {
            st.setFlushed(p, null);
        }
    }

    /** Notes that {@code p} of {@code st} is loaded. */
    static void loaded(InstanceState st, Prop p) {
        st.leftOut.clear(2 * p.index, 2 * p.index + 2);
        if (st.expiredColumns != null) {
            st.expiredColumns.clear(p.index);
        }
    }

    /**
     * Expires {@code p} of persistent {@code st} ({@code Session.expire(obj, names)}): left out as a query leaves it, so its
     * field holds null, a change not flushed is gone, and it loads with the other expired ones on access.
     */
    static void expire(InstanceState st, Prop p) {
        leftOut(st, p, ColumnLoads.DEFERRED, true);
        if (st.expiredColumns == null) {
            st.expiredColumns = new BitSet();
        }
        st.expiredColumns.set(p.index);
        if (!st.mapper.isReadOnly() || p.accessor.fieldName() == null) {
            p.set(st.instance, st, null);
        }
    }

    /** Whether {@code p} of {@code st} is expired by name and not loaded since. */
    private static boolean isExpired(InstanceState st, Prop p) {
        return st.expiredColumns != null && st.expiredColumns.get(p.index) && isDeferred(st, p);
    }

    /**
     * Loads the column and computed attributes of expired {@code st} (a {@code Session.expire(obj)} or a commit) with one
     * SELECT, as SQLAlchemy's first access of an expired attribute: {@code SELECT users.id, users.name FROM users WHERE
     * users.id = ?}. The ones a query left out stay so; a value the application set since is kept.
     */
    static void loadExpiredInstance(Session session, InstanceState st) {
        List<Prop> props = new ArrayList<>();
        for (ColumnProp p : st.mapper.columnProps()) {
            if (!p.writtenOnly && !isDeferred(st, p) && !modified(st, p)) {
                props.add(p);
            }
        }
        for (ExpressionProp p : st.mapper.expressionProps()) {
            if (!isDeferred(st, p)) {
                props.add(p);
            }
        }
        if (!props.isEmpty()) {
            reload(session, st, props, props.get(0).key);
        }
        st.expired = false;
    }

    /** Whether the application set left-out column {@code p} of {@code st} (a computed attribute is never set). */
    private static boolean modified(InstanceState st, Prop p) {
        return p instanceof ColumnProp c && c.changed(st.flushed(c), c.get(st.instance, st));
    }

    /** Whether {@code p} of {@code st} was left out by a query and not loaded since. */
    static boolean isDeferred(InstanceState st, Prop p) {
        return st.leftOut != null && st.leftOut.get(2 * p.index);
    }

    /** Whether {@code p} of {@code st} was left out with raiseload and not loaded since. */
    private static boolean isRaising(InstanceState st, Prop p) {
        return st.leftOut != null && st.leftOut.get(2 * p.index + 1);
    }

    /**
     * The value of attribute {@code key} of persistent {@code st}, loading it first when a query
     * left it out (with the unloaded columns of its group); raises {@link RaiseloadException} for
     * one left out with raiseload. A value the application set since is kept, not loaded over.
     */
    static Object load(Session session, InstanceState st, String key) {
        Prop p = st.mapper.prop(key);
        if (!isDeferred(st, p)) {
            return p.get(st.instance, st);
        }
        if (isRaising(st, p)) {
            throw new RaiseloadException(st.mapper.entityName(), p.key);
        }
        if (modified(st, p)) {
            return p.get(st.instance, st);
        }
        // the attribute and its group's other unloaded columns, in the mapper's order (as SQLAlchemy selects them)
        List<Prop> props = new ArrayList<>();
        String group = st.mapper.groupOf(p);
        List<Prop> all = new ArrayList<>(st.mapper.columnProps());
        all.addAll(st.mapper.expressionProps());
        for (Prop q : all) {
            if (q == p || (group != null && group.equals(st.mapper.groupOf(q)) || isExpired(st, p) && isExpired(st, q))
                    && isDeferred(st, q) && !modified(st, q) && !isRaising(st, q)) {
                props.add(q);
            }
        }
        reload(session, st, props, key);
        return p.get(st.instance, st);
    }

    /**
     * Loads {@code props} of persistent {@code st} with one SELECT, over what the instance holds (the values become
     * the snapshot a flush compares with); {@code key} names the attribute asked for, in errors.
     */
    static void reload(Session session, InstanceState st, List<Prop> props, String key) {
        Row row = select(session, st, props, key);
        boolean writable = !st.mapper.isReadOnly();
        for (int i = 0; i < props.size(); i++) {
            Prop q = props.get(i);
            Object v = row.get(i);
            Object now = writable || q.accessor.fieldName() == null ? q.set(st.instance, st, v) : v;
            st.setFlushed(q, q.snapshot(now));
            if (st.leftOut != null) {
                loaded(st, q);
            }
        }
    }

    /** The row of {@code st} with the values of {@code props}: {@code SELECT users.bio FROM users WHERE users.id = ?}. */
    private static Row select(Session session, InstanceState st, List<Prop> props, String key) {
        List<ColumnElement<?>> cols = new ArrayList<>();
        for (Prop q : props) {
            cols.add(q instanceof ColumnProp c ? c.column : ((ExpressionProp) q).expression.label(null));
        }
        Select s = SQL.select(cols.toArray());
        if (st.mapper.rowsSelectable() != null) {
            // a joined-table class's column and its key (the base table's) come from its tables joined, not a product of them
            s = s.selectFrom(st.mapper.rowsSelectable());
        }
        List<ColumnProp> pk = st.mapper.primaryKeyProps();
        for (ColumnProp k : pk) {
            s = s.where(k.column.eq(st.flushed(k)));
        }
        if (st.status != InstanceState.Status.PERSISTENT) {
            throw new ArgumentException("Instance " + st.instance + " is not persistent: its deferred attribute '" + key + "' cannot load");
        }
        Row row = session.conn().execute(s).oneOrNull();
        if (row == null) {
            throw new RetortException("Instance " + st.key() + " no longer exists in the database");
        }
        return row;
    }

    /**
     * Loads the old value of {@code p} of {@code st} when it has {@link Mapper#activeHistory}, a query left it
     * out and the application set its field since (SQLAlchemy loads it as the attribute is set): it becomes the
     * snapshot the flush and {@link Session#history} compare the field with; the field keeps the application's value.
     * One SELECT per attribute, as SQLAlchemy's sets issue them. An expired instance's set column loads its row
     * ({@link #loadExpired}).
     */
    static void loadOldValue(Session session, InstanceState st, ColumnProp p) {
        if (st.expired && p.activeHistory && !isDeferred(st, p) && modified(st, p)) {
            loadExpired(session, st);
        } else {
            loadLeftOut(session, st, p);
        }
    }

    /** {@link #loadOldValue} of a column a query left out. */
    private static void loadLeftOut(Session session, InstanceState st, ColumnProp p) {
        if (!p.activeHistory || !isDeferred(st, p) || isRaising(st, p) || !modified(st, p)) {
            return;
        }
        Object old = select(session, st, List.of(p), p.key).get(0);
        st.setFlushed(p, p.snapshot(old));
        loaded(st, p);
    }

    /** {@link #loadOldValue} for each column of {@code st}, before a flush compares them. */
    static void loadOldValues(Session session, InstanceState st) {
        if (st.expired) {
            loadExpired(session, st);
        }
        for (ColumnProp p : st.mapper.columnProps()) {
            loadLeftOut(session, st, p);
        }
    }

    /**
     * Expired {@code st} whose application set an active-history column since its last load (a value other than the
     * one it had): its row loads, as SQLAlchemy loads the expired attributes as such a column is set, so the flush and
     * {@link Session#history} compare with the row's value, not a stale one (another transaction's change kept, a
     * value the row has already written again). Columns the application did not set take the row's values; the
     * other set ones keep theirs and their snapshots. Nothing when no active-history column was set.
     */
    private static void loadExpired(Session session, InstanceState st) {
        List<Prop> props = new ArrayList<>();
        String key = null;
        for (ColumnProp p : st.mapper.columnProps()) {
            if (isDeferred(st, p)) {
                continue;
            }
            props.add(p);
            if (key == null && p.activeHistory && modified(st, p)) {
                key = p.key;
            }
        }
        if (key == null) {
            return;
        }
        Row row = select(session, st, props, key);
        boolean writable = !st.mapper.isReadOnly();
        for (int i = 0; i < props.size(); i++) {
            ColumnProp p = (ColumnProp) props.get(i);
            Object v = row.get(i);
            if (!modified(st, p)) {
                Object now = writable || p.accessor.fieldName() == null ? p.set(st.instance, st, v) : v;
                st.setFlushed(p, p.snapshot(now));
            } else if (p.activeHistory) {
                st.setFlushed(p, p.snapshot(v));
            }
        }
    }
}
