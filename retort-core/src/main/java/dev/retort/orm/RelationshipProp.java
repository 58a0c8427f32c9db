package dev.retort.orm;

import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.Constraint;
import dev.retort.schema.ForeignKey;
import dev.retort.schema.ForeignKeyConstraint;
import dev.retort.schema.Table;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.FromClause;
import dev.retort.sql.SQL;
import java.util.ArrayList;
import java.util.List;

/**
 * A relationship, resolved: its direction and the foreign key columns that carry it. The
 * foreign key's <em>referenced</em> columns are in the table of the "one" side, its
 * <em>referencing</em> columns in the table of the "many" side.
 */
final class RelationshipProp extends Prop {
    final Mapper<?> target;
    /** One-to-many (a collection of targets) rather than many-to-one (one target). */
    final boolean collection;
    final List<Column<?>> referenced;
    final List<Column<?>> referencing;
    final List<ColumnElement<?>> orderBy;
    final boolean cascadeDelete;
    final boolean deleteOrphan;
    /** The association table of a many-to-many relationship, seen from this side; null for a foreign key between the two tables. */
    final Secondary secondary;
    /** The foreign key is set by an UPDATE after the INSERTs (and cleared before the DELETEs): {@link Relationship#postUpdate()}. */
    final boolean postUpdate;
    /** A target belongs to one parent at a time through it ({@link Relationship#singleParent()}). */
    final boolean singleParent;
    /** The relationship the other way (the backref), or null. */
    RelationshipProp reverse;

    private RelationshipProp(Mapper<?> parent, String key, int index, Mapper<?> target, boolean collection,
            List<Column<?>> referenced, List<Column<?>> referencing, List<ColumnElement<?>> orderBy, boolean cascadeDelete, boolean deleteOrphan,
            Secondary secondary, boolean postUpdate, boolean singleParent) {
        super(parent, key, Accessor.of(parent.mappedClass(), key), index);
        this.singleParent = singleParent;
        this.secondary = secondary;
        this.postUpdate = postUpdate;
        this.target = target;
        this.collection = collection;
        this.referenced = List.copyOf(referenced);
        this.referencing = List.copyOf(referencing);
        this.orderBy = List.copyOf(orderBy);
        this.cascadeDelete = cascadeDelete;
        this.deleteOrphan = deleteOrphan;
        if (accessor.fieldName() == null) {
            throw new ArgumentException(parent.mappedClass().getName() + " has no field '" + key + "' for the relationship " + this);
        }
        Class<?> fieldType = rawType(accessor.genericType());
        boolean fits = collection ? fieldType.isAssignableFrom(List.class) : fieldType.isAssignableFrom(target.mappedClass());
        if (!fits) {
            throw new ArgumentException("Field '" + key + "' of " + parent.mappedClass().getName() + " is a " + fieldType.getName() + "; the "
                    + (collection ? "one-to-many relationship " + this + " needs a List" : "many-to-one relationship " + this + " needs a " + target.mappedClass().getName()));
        }
    }

    private static Class<?> rawType(java.lang.reflect.Type t) {
        return t instanceof java.lang.reflect.ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) t;
    }

    /**
     * The relationship {@code spec} declares from {@code parent}: through its association table,
     * or with its direction read from the foreign keys between the tables (from a table to
     * itself: one-to-many unless the spec names the remote side).
     */
    static RelationshipProp infer(Mapper<?> parent, String key, int index, Mapper<?> target, Relationship<?> spec) {
        Table p = parent.table();
        Table t = target.table();
        String name = parent.entityName() + "." + key;
        if (spec.secondaryTable() != null) {
            Secondary sec = Secondary.between(name, spec.secondaryTable(), p, t, spec.foreignKeyColumns());
            return new RelationshipProp(parent, key, index, target, true, sec.parentColumns, sec.parentKeys, spec.orderByClauses(),
                    spec.cascades("delete"), spec.cascades("delete-orphan"), sec, false, spec.isSingleParent()).checkCascades();
        }
        boolean collection;
        List<ForeignKey> fks;
        if (p == t) {
            fks = keysBetween(p, p, spec.foreignKeyColumns());
            if (fks.isEmpty()) {
                throw new ArgumentException("Relationship " + name + ": table '" + p.key() + "' has no foreign key to itself");
            }
            collection = spec.remoteSideColumns().isEmpty();
            if (!collection && !fks.stream().map(ForeignKey::column).toList().containsAll(spec.remoteSideColumns())) {
                throw new ArgumentException("Relationship " + name + ": remoteSide " + spec.remoteSideColumns() + " must be the columns the foreign key refers to");
            }
        } else {
            List<ForeignKey> toParent = keysBetween(t, p, spec.foreignKeyColumns());
            List<ForeignKey> toTarget = keysBetween(p, t, spec.foreignKeyColumns());
            if (toParent.isEmpty() && toTarget.isEmpty()) {
                // A class of a joined-table hierarchy: the foreign key may be in a superclass's table
                // (Department to Manager through employees.department_id).
                for (Table up : target.tables()) {
                    toParent.addAll(up == t ? List.of() : keysBetween(up, p, spec.foreignKeyColumns()));
                }
                for (Table up : parent.tables()) {
                    toTarget.addAll(up == p ? List.of() : keysBetween(up, t, spec.foreignKeyColumns()));
                }
            }
            if (!toParent.isEmpty() && !toTarget.isEmpty()) {
                throw new ArgumentException("Relationship " + name + " is ambiguous: '" + p.key() + "' and '" + t.key()
                        + "' have foreign keys to each other; name the one meant with foreignKeys(...)");
            }
            if (toParent.isEmpty() && toTarget.isEmpty()) {
                throw new ArgumentException("Relationship " + name + ": no foreign key links '" + p.key() + "' and '" + t.key() + "'");
            }
            collection = !toParent.isEmpty();
            fks = collection ? toParent : toTarget;
        }
        List<Column<?>> referenced = new ArrayList<>();
        List<Column<?>> referencing = new ArrayList<>();
        for (ForeignKey fk : fks) {
            referenced.add(fk.column());
            referencing.add(fk.parent());
        }
        return new RelationshipProp(parent, key, index, target, collection, referenced, referencing, spec.orderByClauses(),
                spec.cascades("delete"), spec.cascades("delete-orphan"), null, spec.isPostUpdate(), spec.isSingleParent()).checkCascades();
    }

    /**
     * The seeds' rule: {@code delete-orphan} belongs on the "one" side of a one-to-many
     * relationship; on a many-to-many or many-to-one one, a target could have other parents
     * and be deleted under them, unless it may have only one ({@link Relationship#singleParent()}).
     */
    private RelationshipProp checkCascades() {
        if (deleteOrphan && !singleParent && (secondary != null || !collection)) {
            String other = target.mappedClass().getSimpleName();
            throw new ArgumentException("For " + (secondary != null ? "many-to-many" : "many-to-one") + " relationship " + this
                    + ", delete-orphan cascade is normally configured only on the \"one\" side of a one-to-many relationship, and not on the \"many\" side"
                    + " of a many-to-one or many-to-many relationship. To force this relationship to allow a particular \"" + other
                    + "\" object to be referenced by only a single \"" + mapper.mappedClass().getSimpleName() + "\" object at a time via the " + this
                    + " relationship, which would allow delete-orphan cascade to take place in this direction, set singleParent()");
        }
        return this;
    }

    /** The backref of {@code forward}: the same foreign key seen from the target, named {@code key}. */
    static RelationshipProp reverseOf(RelationshipProp forward, String key, int index) {
        RelationshipProp r;
        if (forward.secondary != null) {
            Secondary sec = forward.secondary.reversed();
            r = new RelationshipProp(forward.target, key, index, forward.mapper, true, sec.parentColumns, sec.parentKeys, List.of(), false, false, sec, false, false);
        } else {
            r = new RelationshipProp(forward.target, key, index, forward.mapper, !forward.collection,
                    forward.referenced, forward.referencing, List.of(), false, false, null, forward.postUpdate, false);
        }
        pair(forward, r);
        return r;
    }

    /**
     * Relationship {@code up} of a mapped superclass, for its subclass {@code sub}: the same
     * columns and target; its reverse is {@code up}'s (which keeps {@code up} as its own reverse).
     */
    static RelationshipProp inherited(RelationshipProp up, Mapper<?> sub, int index) {
        RelationshipProp r = new RelationshipProp(sub, up.key, index, up.target, up.collection, up.referenced, up.referencing, up.orderBy,
                up.cascadeDelete, up.deleteOrphan, up.secondary, up.postUpdate, up.singleParent);
        r.reverse = up.reverse;
        return r;
    }

    /** Makes {@code a} and {@code b} each other's reverse (a backref, or two relationships declared with back-populates). */
    static void pair(RelationshipProp a, RelationshipProp b) {
        if (a.target != b.mapper || b.target != a.mapper || (a.secondary == null) != (b.secondary == null)
                || a.secondary == null && (a.collection == b.collection || !a.referencing.equals(b.referencing))
                || a.secondary != null && a.secondary.table != b.secondary.table) {
            throw new ArgumentException("Relationships " + a + " and " + b + " do not mirror each other, so they cannot back-populate each other");
        }
        a.reverse = b;
        b.reverse = a;
    }

    /** Whether this relationship pairs instances through an association table. */
    boolean isManyToMany() {
        return secondary != null;
    }

    /**
     * The foreign key from {@code from} to {@code to}: one column's key, or the columns of one
     * composite constraint. Several unrelated keys make the relationship ambiguous, unless
     * {@code only} (when not empty) names the referencing columns meant.
     */
    private static List<ForeignKey> keysBetween(Table from, Table to, List<Column<?>> only) {
        List<ForeignKey> out = new ArrayList<>();
        for (ForeignKey fk : from.foreignKeyList()) {
            if (fk.targetTableKey().equals(to.key()) && !out.contains(fk) && (only.isEmpty() || only.contains(fk.parent()))) {
                out.add(fk);
            }
        }
        if (out.size() > 1) {
            for (Constraint c : from.constraints()) {
                if (c instanceof ForeignKeyConstraint fkc && fkc.elements().containsAll(out)) {
                    return out;
                }
            }
            throw new ArgumentException("Table '" + from.key() + "' has " + out.size() + " foreign keys to '" + to.key()
                    + "'; relationships between them are ambiguous: name the columns with foreignKeys(...)");
        }
        return out;
    }

    /** The columns of the parent's table that the relationship reads (for many-to-many, those the association table refers to). */
    List<Column<?>> localColumns() {
        return collection ? referenced : referencing;
    }

    /** The columns of the target's table they are matched with (for many-to-many, the association table's columns). */
    List<Column<?>> remoteColumns() {
        return collection ? referencing : referenced;
    }

    /** Whether a target is found by its primary key (so, for many-to-one, in the identity map). */
    boolean remoteIsPrimaryKey() {
        // Asked for every instance loaded with a reference: worked out once (a table's key does not change).
        if (remoteIsPrimaryKey == null) {
            List<Column<?>> pk = target.table().primaryKeyColumns();
            remoteIsPrimaryKey = pk.size() == remoteColumns().size() && pk.containsAll(remoteColumns());
        }
        return remoteIsPrimaryKey;
    }

    private Boolean remoteIsPrimaryKey;

    /**
     * The join condition between the parent's table (or an alias of it) and the target's, as
     * referenced column = referencing column, the order in which the seeds render it.
     */
    ColumnElement<Boolean> condition(FromClause parentSelectable, FromClause targetSelectable) {
        if (secondary != null) {
            // Through the association table itself, as the seeds render any() and lazy loads.
            return SQL.and(secondary.parentCondition(parentSelectable, mapper.table(), secondary.table),
                    secondary.targetCondition(targetSelectable, target.table(), secondary.table));
        }
        FromClause one = collection ? parentSelectable : targetSelectable;
        FromClause many = collection ? targetSelectable : parentSelectable;
        Table oneTable = collection ? mapper.table() : target.table();
        Table manyTable = collection ? target.table() : mapper.table();
        List<ColumnElement<?>> parts = new ArrayList<>();
        for (int i = 0; i < referenced.size(); i++) {
            parts.add(Selectables.adapt(one, oneTable, referenced.get(i)).eq(Selectables.adapt(many, manyTable, referencing.get(i))));
        }
        return SQL.and(parts.toArray(new ColumnElement<?>[0]));
    }

    @Override
    public String toString() {
        String kind = secondary != null ? "many-to-many" : collection ? "one-to-many" : "many-to-one";
        return mapper.entityName() + "." + key + " (" + kind + " to " + target.entityName() + ")";
    }
}
