package dev.retort.orm;

import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.ForeignKey;
import dev.retort.schema.Table;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.FromClause;
import dev.retort.sql.SQL;
import java.util.ArrayList;
import java.util.List;

/**
 * The association table of a many-to-many relationship, seen from one side: its columns that
 * refer to the parent's table ({@link #parentKeys}, matching {@link #parentColumns}) and those
 * that refer to the target's. A row of it pairs one parent with one target. For a view-only
 * relationship a side's keys may go the other way, that side's table referring to the secondary
 * (grandparent -&lt; parent -&lt; child: the grandchildren through {@code parent}, whose rows child's
 * {@code parent_id} names), as SQLAlchemy reads a secondary's foreign keys in either direction.
 */
final class Secondary {
    final Table table;
    final List<Column<?>> parentColumns;
    final List<Column<?>> parentKeys;
    final List<Column<?>> targetColumns;
    final List<Column<?>> targetKeys;
    /** Whether the parent's (target's) table refers to the secondary, rather than the secondary to it. */
    private final boolean parentRefers;
    private final boolean targetRefers;

    private Secondary(Table table, List<Column<?>> parentColumns, List<Column<?>> parentKeys, List<Column<?>> targetColumns, List<Column<?>> targetKeys,
            boolean parentRefers, boolean targetRefers) {
        this.table = table;
        this.parentRefers = parentRefers;
        this.targetRefers = targetRefers;
        this.parentColumns = List.copyOf(parentColumns);
        this.parentKeys = List.copyOf(parentKeys);
        this.targetColumns = List.copyOf(targetColumns);
        this.targetKeys = List.copyOf(targetKeys);
    }

    /**
     * The association {@code table} between {@code parent} and {@code target}, read from its
     * foreign keys. From a table to itself (friends, say) both go to the same table:
     * {@code parentSide} names the association table's columns that refer to the collection's
     * owner, and the others refer to its members. A key may refer to a table a class inherits
     * (both subclasses' keys to the base's {@code parent.id}); one to a class's own table is
     * that class's, a key either class inherits needs {@code parentSide}. A {@code viewOnly} relationship's side
     * without such keys may be the other way: its table's foreign keys to {@code table}.
     */
    static Secondary between(String relationship, Table table, Mapper<?> parent, Mapper<?> target, List<Column<?>> parentSide, boolean viewOnly) {
        Table p = parent.table();
        Table t = target.table();
        List<Column<?>> pc = new ArrayList<>();
        List<Column<?>> pk = new ArrayList<>();
        List<Column<?>> tc = new ArrayList<>();
        List<Column<?>> tk = new ArrayList<>();
        for (ForeignKey fk : table.foreignKeyList()) {
            Table to = fk.column().table();
            boolean toParent = parent.tables().contains(to) && (parentSide.isEmpty() || parentSide.contains(fk.parent()));
            boolean toTarget = target.tables().contains(to) && !parentSide.contains(fk.parent());
            if (toParent && toTarget && (to == p) == (to == t)) {
                throw new ArgumentException("Relationship " + relationship + ": a many-to-many relationship from '" + p.key() + "' to '" + t.key()
                        + "' needs foreignKeys(...) naming the columns of '" + table.key() + "' that refer to the collection's owner");
            }
            if (toParent && (!toTarget || to == p)) {
                pc.add(fk.column());
                pk.add(fk.parent());
            } else if (toTarget) {
                tc.add(fk.column());
                tk.add(fk.parent());
            }
        }
        boolean parentRefers = pk.isEmpty() && referring(parent, table, pc, pk);
        boolean targetRefers = tk.isEmpty() && referring(target, table, tc, tk);
        if ((parentRefers || targetRefers) && !viewOnly) {
            throw new ArgumentException("Relationship " + relationship + ": '" + (parentRefers ? p : t).key() + "' refers to '" + table.key()
                    + "', which is so no association table a flush could write rows of; declare the relationship viewOnly()");
        }
        if (pk.isEmpty() || tk.isEmpty() || !pk.containsAll(parentSide)) {
            throw new ArgumentException("Relationship " + relationship + ": the association table '" + table.key() + "' needs foreign keys to both '"
                    + p.key() + "' and '" + t.key() + "'" + (parentSide.isEmpty() ? "" : ", the columns " + parentSide + " among those to '" + p.key() + "'"));
        }
        return new Secondary(table, pc, pk, tc, tk, parentRefers, targetRefers);
    }

    /** Adds the foreign keys of {@code side}'s tables to {@code table}: its columns to {@code columns}, those they name to {@code keys}. */
    private static boolean referring(Mapper<?> side, Table table, List<Column<?>> columns, List<Column<?>> keys) {
        for (Table own : side.tables()) {
            for (ForeignKey fk : own.foreignKeyList()) {
                if (fk.column().table() == table) {
                    columns.add(fk.parent());
                    keys.add(fk.column());
                }
            }
        }
        return !keys.isEmpty();
    }

    /** The same table seen from the target. */
    Secondary reversed() {
        return new Secondary(table, targetColumns, targetKeys, parentColumns, parentKeys, targetRefers, parentRefers);
    }

    /** {@code parent.id = assoc.parent_id AND ...} over the given selectables (the tables themselves, or aliases). */
    ColumnElement<Boolean> parentCondition(FromClause parentSelectable, Table parentTable, FromClause assoc) {
        return pairs(parentSelectable, parentTable, parentColumns, assoc, parentKeys, parentRefers);
    }

    /** {@code target.id = assoc.target_id AND ...}. */
    ColumnElement<Boolean> targetCondition(FromClause targetSelectable, Table targetTable, FromClause assoc) {
        return pairs(targetSelectable, targetTable, targetColumns, assoc, targetKeys, targetRefers);
    }

    /** Each pair with the referenced column first, as SQLAlchemy writes a foreign key's join ({@code parent.id = child.parent_id}). */
    private ColumnElement<Boolean> pairs(FromClause sel, Table t, List<Column<?>> cols, FromClause assoc, List<Column<?>> keys, boolean refers) {
        List<ColumnElement<?>> parts = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            ColumnElement<?> own = Selectables.adapt(sel, t, cols.get(i));
            ColumnElement<?> key = Selectables.adapt(assoc, table, keys.get(i));
            parts.add(refers ? key.eq(own) : own.eq(key));
        }
        return SQL.and(parts.toArray(new ColumnElement<?>[0]));
    }
}
