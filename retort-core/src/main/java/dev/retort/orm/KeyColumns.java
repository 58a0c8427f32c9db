package dev.retort.orm;

import dev.retort.schema.Column;
import java.util.ArrayList;
import java.util.List;

/**
 * The columns of a mapper's rows that other rows refer to, which a flush watches for a change of key
 * (see {@code UnitOfWork}): worked out once per mapper (again when the mappings change, as
 * {@link KeyedGet} is), where each flush asked every relationship of every related instance.
 *
 * @param mappings {@link Registry#mappings()} when this was made
 * @param ofCollections the properties of the columns its one-to-many collections' members refer to and, for
 *        a many-to-many with {@link Relationship#passiveUpdates passiveUpdates(false)}, its association rows
 *        (each property once, however many collections refer to it)
 * @param ofReferences the properties of the columns that passive many-to-one references of any class of the
 *        registry refer to (of this mapper, or of a class it inherits from): a change of one gives their loaded
 *        referrers its new value in memory (a UNIQUE column as well as the primary key)
 */
record KeyColumns(int mappings, List<ColumnProp> ofCollections, List<ColumnProp> ofReferences) {
    /** {@code m}'s key columns, made now when there are none or the mappings changed. */
    static KeyColumns of(Mapper<?> m) {
        KeyColumns k = m.keyColumns;
        // Read before working them out: a change meanwhile leaves ones made again next time.
        int now = Registry.mappings();
        if (k != null && k.mappings == now) {
            return k;
        }
        List<ColumnProp> ofCollections = new ArrayList<>(1);
        for (RelationshipProp r : m.relationships()) {
            if (r.collection && !r.isViewOnly()) {
                if (!r.isManyToMany()) {
                    addAll(m, r.localColumns(), ofCollections);
                } else if (!r.passiveUpdates) {
                    addAll(m, r.secondary.parentColumns, ofCollections);
                }
            }
        }
        List<ColumnProp> ofReferences = new ArrayList<>(1);
        for (Mapper<?> other : m.registry().mappers()) {
            for (RelationshipProp r : other.relationships()) {
                if (!r.collection && !r.isViewOnly() && r.passiveUpdates && inheritsFrom(m, r.target)) {
                    addAll(m, r.referenced, ofReferences);
                }
            }
        }
        k = new KeyColumns(now, List.copyOf(ofCollections), List.copyOf(ofReferences));
        m.keyColumns = k;
        return k;
    }

    private static void addAll(Mapper<?> m, List<Column<?>> columns, List<ColumnProp> out) {
        for (Column<?> c : columns) {
            ColumnProp p = m.columnProp(c);
            if (!out.contains(p)) {
                out.add(p);
            }
        }
    }

    private static boolean inheritsFrom(Mapper<?> m, Mapper<?> ancestor) {
        for (Mapper<?> x = m; x != null; x = x.inherits()) {
            if (x == ancestor) {
                return true;
            }
        }
        return false;
    }
}
