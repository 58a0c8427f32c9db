package dev.retort.orm;

import static dev.retort.sql.SQL.bindparam;

import dev.retort.engine.Connection;
import dev.retort.exc.RetortException;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.ClauseElement;
import dev.retort.types.TypeEngine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The association rows one flush writes for many-to-many relationships: a pair added to a
 * collection is an INSERT into the association table, a pair removed a DELETE of that row, and
 * a deleted instance takes all its association rows with it (the positioned lists it leaves renumbered). Both sides of a relationship with
 * a backref see the same change; a pair is written once. They run after the flush's INSERTs
 * and UPDATEs (the pairs' keys exist then) and before its DELETEs (no row refers to a deleted one).
 */
final class Associations {
    /** One pair, oriented the same way whichever side saw it. */
    private record Link(Table table, InstanceState first, InstanceState second) {
    }

    /** An association table seen from one side: its columns referring to that side's table, and the columns they refer to. */
    private record Side(Table table, List<Column<?>> keys, List<Column<?>> columns) {
    }

    private final Map<Link, Secondary> added = new LinkedHashMap<>();
    private final Map<Link, Secondary> removed = new LinkedHashMap<>();
    /** A positioned list whose rows are rewritten. */
    private record Relisted(RelationshipProp r, InstanceState owner, List<InstanceState> members) {
    }

    private final List<Relisted> relisted = new ArrayList<>();
    /** An owner whose key changed ({@code was}: its old values), and the members whose rows with it take the new key. */
    private record Rekeyed(Secondary sec, InstanceState owner, List<Object> was, List<InstanceState> members) {
    }

    private final List<Rekeyed> rekeyed = new ArrayList<>();

    /** {@code owner}'s key changed from {@code was}: its rows with {@code members} in {@code sec}'s table are UPDATEd first in {@link #write}. */
    void rekeyed(Secondary sec, InstanceState owner, List<Object> was, List<InstanceState> members) {
        rekeyed.add(new Rekeyed(sec, owner, was, members));
    }
    /** Deleted instances whose rows in an association table go with them. */
    private final Map<Side, Set<InstanceState>> owners = new LinkedHashMap<>();
    /** By positioned list (a relationship with an ordering column): deleted members, whose lists are renumbered once their rows go. */
    private final Map<RelationshipProp, Set<InstanceState>> leaving = new LinkedHashMap<>();

    /** The changes of {@code owner}'s many-to-many collection {@code r}. */
    void changed(Session session, RelationshipProp r, InstanceState owner, List<Object> gained, List<Object> lost) {
        for (Object m : gained) {
            record(added, removed, r.secondary, owner, session.state(m));
        }
        for (Object m : lost) {
            record(removed, added, r.secondary, owner, session.state(m));
        }
    }

    /**
     * A list of {@code owner} through {@code r}, which keeps positions ({@link RelationshipProp#position}),
     * changed: its association rows are all rewritten, {@code members} at positions 0 to n-1.
     */
    void relisted(Session session, RelationshipProp r, InstanceState owner, List<?> members) {
        relisted.add(new Relisted(r, owner, members.stream().map(session::state).toList()));
    }

    /** {@code owner} is being deleted: its rows in {@code r}'s association table go first. */
    void ownerDeleted(RelationshipProp r, InstanceState owner) {
        rowsGo(r.secondary.table, r.secondary.parentKeys, r.secondary.parentColumns, owner);
        if (r.reverse != null && r.reverse.position != null) {
            // the other side's positioned lists lose it: they are renumbered
            leaves(r.reverse, owner);
        }
    }

    /**
     * {@code member} of {@code r} is being deleted (an orphan, or by a delete cascade): its rows
     * in the association table go first, also where no relationship of its own names them.
     */
    void memberDeleted(RelationshipProp r, InstanceState member) {
        rowsGo(r.secondary.table, r.secondary.targetKeys, r.secondary.targetColumns, member);
        if (r.position != null) {
            leaves(r, member);
        }
    }

    private void leaves(RelationshipProp list, InstanceState member) {
        if (member.status != InstanceState.Status.PENDING) {
            leaving.computeIfAbsent(list, k -> new LinkedHashSet<>()).add(member);
        }
    }

    /** The key values of the owners of positioned lists that hold a member being deleted: read before their rows go. */
    private Map<RelationshipProp, Set<List<Object>>> listsLosing(Supplier<Connection> conn, Set<InstanceState> deleting) {
        Map<RelationshipProp, Set<List<Object>>> out = new LinkedHashMap<>();
        leaving.forEach((r, members) -> {
            Secondary sec = r.secondary;
            for (InstanceState m : members) {
                if (deleting.contains(m)) {
                    Object[] keys = sec.parentKeys.toArray();
                    for (var row : conn.get().execute(dev.retort.sql.SQL.select(keys).distinct().where(where(sec.targetKeys, "b_")),
                            values(sec.targetColumns, m, "b_")).all()) {
                        out.computeIfAbsent(r, k -> new LinkedHashSet<>()).add(row.toList());
                    }
                }
            }
        });
        return out;
    }

    /** Renumbers the rows left in each of these lists 0 to n-1 ({@link #renumber(Supplier, Table, List, Column, Set)}). */
    private static void renumber(Supplier<Connection> conn, Map<RelationshipProp, Set<List<Object>>> lists) {
        lists.forEach((r, owners) -> renumber(conn, r.secondary.table, r.secondary.parentKeys, r.position, owners));
    }

    /**
     * Renumbers the rows of {@code table} left in each list (the rows whose {@code keys} hold one of {@code owners}' values)
     * 0 to n-1, in the order of {@code position}: a deleted member leaves no gap, as the list's positions promise
     * ({@link Relationship#orderingColumn}). Positions only go down, in ascending order, so that no row takes a position
     * another still holds.
     */
    static void renumber(Supplier<Connection> conn, Table table, List<Column<?>> keys, Column<?> position, Set<List<Object>> owners) {
        TypeEngine type = (TypeEngine) position.type();
        ClauseElement update = dev.retort.sql.SQL.update(table).where(where(keys, "a_"))
                .where(position.eq(bindparam("p_old", null, type))).values(Map.of(position, bindparam("p_new", null, type)));
        for (List<Object> owner : owners) {
            Map<String, Object> key = new LinkedHashMap<>();
            for (int i = 0; i < owner.size(); i++) {
                key.put("a_" + i, owner.get(i));
            }
            List<Object> positions = conn.get().execute(dev.retort.sql.SQL.select(position).where(where(keys, "a_")).orderBy(position), key)
                    .all().stream().map(row -> row.get(0)).toList();
            for (int i = 0; i < positions.size(); i++) {
                if (positions.get(i) != null && ((Number) positions.get(i)).intValue() != i) {
                    Map<String, Object> move = new LinkedHashMap<>(key);
                    move.put("p_old", positions.get(i));
                    move.put("p_new", i);
                    // one at a time, in ascending order: a batch may run its rows in any order
                    conn.get().execute(update, move);
                }
            }
        }
    }

    private void rowsGo(Table table, List<Column<?>> keys, List<Column<?>> columns, InstanceState st) {
        if (st.status != InstanceState.Status.PENDING) {
            owners.computeIfAbsent(new Side(table, keys, columns), k -> new LinkedHashSet<>()).add(st);
        }
    }

    /** Records a pair in {@code into}, or cancels it against the opposite change. */
    private static void record(Map<Link, Secondary> into, Map<Link, Secondary> opposite, Secondary sec, InstanceState owner, InstanceState member) {
        if (member == null) {
            return;
        }
        boolean ownerFirst = sec.parentKeys.get(0).key().compareTo(sec.targetKeys.get(0).key()) < 0;
        Link link = ownerFirst ? new Link(sec.table, owner, member) : new Link(sec.table, member, owner);
        if (opposite.remove(link) == null) {
            into.putIfAbsent(link, ownerFirst ? sec : sec.reversed());
        }
    }

    /** Runs the DELETEs of association rows, then the INSERTs; {@code deleting}: the instances the flush deletes. */
    void write(Supplier<Connection> conn, Set<InstanceState> deleting) {
        for (Rekeyed k : rekeyed) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (InstanceState m : k.members) {
                if (!deleting.contains(m)) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    put(row, k.sec.parentKeys, k.sec.parentColumns, k.owner);
                    put(row, k.sec.targetKeys, k.sec.targetColumns, m);
                    for (int i = 0; i < k.was.size(); i++) {
                        row.put("a_" + i, k.was.get(i));
                    }
                    row.putAll(values(k.sec.targetColumns, m, "b_"));
                    rows.add(row);
                }
            }
            if (!rows.isEmpty()) {
                List<ClauseElement> w = new ArrayList<>(List.of(where(k.sec.parentKeys, "a_")));
                w.addAll(List.of(where(k.sec.targetKeys, "b_")));
                conn.get().execute(dev.retort.sql.SQL.update(k.sec.table).where(w.toArray(new ClauseElement[0])), rows);
            }
        }
        // A pair removed with one end being deleted: all that end's rows in the table go (before either side's DELETE), also
        // where only the other side maps the table (a one-way many-to-many), so no relationship of the deleted one named them.
        removed.forEach((link, sec) -> {
            if (deleting.contains(link.first)) {
                rowsGo(link.table, sec.parentKeys, sec.parentColumns, link.first);
            }
            if (deleting.contains(link.second)) {
                rowsGo(link.table, sec.targetKeys, sec.targetColumns, link.second);
            }
        });
        Map<RelationshipProp, Set<List<Object>>> losing = listsLosing(conn, deleting);
        owners.forEach((side, states) -> {
            List<Map<String, Object>> rows = new ArrayList<>();
            states.stream().filter(deleting::contains).forEach(st -> rows.add(held(side.columns, st)));
            if (!rows.isEmpty()) {
                conn.get().execute(dev.retort.sql.SQL.delete(side.table).where(where(side.keys, "a_")), rows);
            }
        });
        renumber(conn, losing);
        Map<Table, List<Map<String, Object>>> deletes = new LinkedHashMap<>();
        Map<Table, Secondary> sides = new LinkedHashMap<>();
        removed.forEach((link, sec) -> {
            if (!gone(link, deleting) && !relistedHas(link, sec)) {
                deletes.computeIfAbsent(link.table, k -> new ArrayList<>()).add(pair(sec, link));
                sides.put(link.table, sec);
            }
        });
        deletes.forEach((table, rows) -> {
            Secondary sec = sides.get(table);
            List<ClauseElement> w = new ArrayList<>(List.of(where(sec.parentKeys, "a_")));
            w.addAll(List.of(where(sec.targetKeys, "b_")));
            int n = conn.get().execute(dev.retort.sql.SQL.delete(table).where(w.toArray(new ClauseElement[0])), rows).rowCount();
            if (n >= 0 && n != rows.size()) {
                throw new RetortException("DELETE of " + table.key() + " expected to match " + rows.size() + " row(s) but matched " + n
                        + ": the association rows changed since they were loaded");
            }
        });
        Map<Table, List<Map<String, Object>>> inserts = new LinkedHashMap<>();
        for (Relisted rl : relisted) {
            if (!deleting.contains(rl.owner) && !rl.owner.markedForDelete) {
                Secondary sec = rl.r.secondary;
                if (rl.owner.status != InstanceState.Status.PENDING) {
                    conn.get().execute(dev.retort.sql.SQL.delete(sec.table).where(where(sec.parentKeys, "a_")), List.of(values(sec.parentColumns, rl.owner, "a_")));
                }
                int position = 0;
                for (InstanceState m : rl.members) {
                    if (m != null && !deleting.contains(m) && !m.markedForDelete) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        put(row, sec.parentKeys, sec.parentColumns, rl.owner);
                        put(row, sec.targetKeys, sec.targetColumns, m);
                        row.put(rl.r.position.key(), position++);
                        inserts.computeIfAbsent(sec.table, k -> new ArrayList<>()).add(row);
                    }
                }
            }
        }
        added.forEach((link, sec) -> {
            if (!gone(link, deleting) && !relistedHas(link, sec)) {
                Map<String, Object> row = new LinkedHashMap<>();
                put(row, sec.parentKeys, sec.parentColumns, link.first);
                put(row, sec.targetKeys, sec.targetColumns, link.second);
                inserts.computeIfAbsent(link.table, k -> new ArrayList<>()).add(row);
            }
        });
        inserts.forEach((table, rows) -> conn.get().execute(dev.retort.sql.SQL.insert(table), rows));
    }

    /** Whether the pair's row is rewritten with its positioned list's rows (which side owns the list, {@code sec} says). */
    private boolean relistedHas(Link link, Secondary sec) {
        for (Relisted rl : relisted) {
            if (rl.r.secondary.table == link.table && (sec.parentKeys.equals(rl.r.secondary.parentKeys) ? link.first : link.second) == rl.owner) {
                return true;
            }
        }
        return false;
    }

    private static boolean gone(Link link, Set<InstanceState> deleting) {
        return deleting.contains(link.first) || deleting.contains(link.second) || link.first.markedForDelete || link.second.markedForDelete;
    }

    private static Map<String, Object> pair(Secondary sec, Link link) {
        Map<String, Object> p = values(sec.parentColumns, link.first, "a_");
        p.putAll(values(sec.targetColumns, link.second, "b_"));
        return p;
    }

    private static Map<String, Object> values(List<Column<?>> columns, InstanceState st, String prefix) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            out.put(prefix + i, value(st, columns.get(i)));
        }
        return out;
    }

    /**
     * The values a deleted owner's rows hold: its flushed key, not one it was renamed to since (no UPDATE moves its rows, as
     * SQLAlchemy's ManyToManyDP deletes them by the committed state).
     */
    private static Map<String, Object> held(List<Column<?>> columns, InstanceState st) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            Object v = st.flushed(st.mapper.columnProp(columns.get(i)));
            out.put("a_" + i, v == InstanceState.NOT_LOADED ? value(st, columns.get(i)) : v);
        }
        return out;
    }

    private static void put(Map<String, Object> row, List<Column<?>> keys, List<Column<?>> columns, InstanceState st) {
        for (int i = 0; i < keys.size(); i++) {
            row.put(keys.get(i).key(), value(st, columns.get(i)));
        }
    }

    private static Object value(InstanceState st, Column<?> column) {
        Object v = st.mapper.columnProp(column).get(st.instance, st);
        if (v == null) {
            throw new RetortException("Cannot write the association row of " + st + ": it has no " + column + " yet");
        }
        return v;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ClauseElement[] where(List<Column<?>> keys, String prefix) {
        ClauseElement[] out = new ClauseElement[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            out[i] = keys.get(i).eq(bindparam(prefix + i, null, (TypeEngine) keys.get(i).type()));
        }
        return out;
    }
}
