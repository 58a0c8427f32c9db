package dev.retort.orm;

import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.ForeignKey;
import dev.retort.schema.Table;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.FromClause;
import dev.retort.sql.SQL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A mapper's place in a mapped class hierarchy: its mapped superclass (null for a base), its
 * discriminator value, the mapped subclasses, and for joined-table inheritance the columns of
 * its own table's primary key that refer to the superclass's key. A mapper outside any
 * hierarchy has an empty one.
 */
final class Hierarchy {
    final Mapper<?> parent;
    final Object identity;
    /** The base's discriminator column (every mapper of the hierarchy maps it), or null. */
    final Column<?> discriminator;
    /** Joined-table inheritance: each own key column and the superclass's column it refers to. */
    final Map<Column<?>, Column<?>> inheritedKey;
    final List<Mapper<?>> subclasses = new CopyOnWriteArrayList<>();
    /** The selectable that loads every subclass's columns too (made on first use: subclasses map later). */
    volatile FromClause polymorphic;
    /** The class's own tables inner-joined (see {@link Mapper#rowsSelectable()}), made on first use. */
    volatile FromClause own;
    /** The subclasses the mapping names to load in full (null: all), and the FROM clause it gives for them (or null). */
    final List<Class<?>> withPolymorphic;
    final FromClause givenSelectable;

    private Hierarchy(Mapper<?> parent, Object identity, Column<?> discriminator, Map<Column<?>, Column<?>> inheritedKey, InheritanceSpec spec) {
        this.parent = parent;
        this.identity = identity;
        this.discriminator = discriminator;
        this.inheritedKey = inheritedKey;
        this.withPolymorphic = spec == null ? null : spec.withPolymorphicClasses();
        this.givenSelectable = spec == null ? null : spec.polymorphicSelectable();
    }

    /** The hierarchy of {@code type} mapped to {@code table} as {@code spec} says. */
    static Hierarchy of(Class<?> type, Table table, InheritanceSpec spec) {
        if (spec == null) {
            return new Hierarchy(null, null, null, Map.of(), null);
        }
        if (spec.parent() == null) {
            if (spec.polymorphicOn() != null && spec.polymorphicOn().table() != table) {
                throw new ArgumentException("The discriminator " + spec.polymorphicOn() + " of " + type.getName() + " must be a column of '" + table.key() + "'");
            }
            return new Hierarchy(null, spec.identityValue(), spec.polymorphicOn(), Map.of(), spec);
        }
        Mapper<?> parent = Registry.mapperFor(spec.parent());
        if (!parent.mappedClass().isAssignableFrom(type) || parent.mappedClass() == type) {
            throw new ArgumentException(type.getName() + " must extend " + parent.mappedClass().getName() + " to be mapped as its subclass");
        }
        Map<Column<?>, Column<?>> key = new LinkedHashMap<>();
        if (table != parent.table()) {
            List<Column<?>> parentKey = parent.table().primaryKeyColumns();
            for (ForeignKey fk : table.foreignKeyList()) {
                if (fk.parent().isPrimaryKey() && parentKey.contains(fk.column())) {
                    key.put(fk.parent(), fk.column());
                }
            }
            if (!key.values().containsAll(parentKey)) {
                throw new ArgumentException("Table '" + table.key() + "' of " + type.getName() + " needs a primary key that refers to the primary key of '"
                        + parent.table().key() + "' (joined-table inheritance), or map it to '" + parent.table().key() + "' (single-table)");
            }
        }
        return new Hierarchy(parent, spec.identityValue(), parent.hierarchy().discriminator, key, spec);
    }

    /** Joined-table inheritance: the mapper has a table of its own besides its superclass's. */
    boolean joined() {
        return !inheritedKey.isEmpty();
    }

    /**
     * {@code own.pk = parent.pk AND ...}, joining a joined subclass's table to its superclass's,
     * each table as {@code as} gives it (itself, or an alias).
     */
    ColumnElement<Boolean> joinCondition(java.util.function.Function<Table, FromClause> as) {
        List<ColumnElement<?>> parts = new ArrayList<>();
        inheritedKey.forEach((own, up) -> parts.add(as.apply(up.table()).correspondingColumn(up).eq(as.apply(own.table()).correspondingColumn(own))));
        return SQL.and(parts.toArray(new ColumnElement<?>[0]));
    }
}
