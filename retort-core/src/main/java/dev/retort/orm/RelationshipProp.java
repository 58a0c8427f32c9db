package dev.retort.orm;

import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.Constraint;
import dev.retort.schema.ForeignKey;
import dev.retort.schema.ForeignKeyConstraint;
import dev.retort.schema.Table;
import dev.retort.sql.BinaryExpression;
import dev.retort.sql.BooleanClauseList;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.Operator;
import dev.retort.types.TypeEngine;
import dev.retort.sql.FromClause;
import dev.retort.sql.SQL;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A relationship, resolved: its direction and the foreign key columns that carry it. The
 * foreign key's <em>referenced</em> columns are in the table of the "one" side, its
 * <em>referencing</em> columns in the table of the "many" side.
 */
final class RelationshipProp extends Prop {
    final Mapper<?> target;
    /** One-to-many (a collection of targets) rather than many-to-one (one target). */
    final boolean collection;
    /**
     * A one-to-many whose field holds its one target, not a list ({@link Relationship#uselist}):
     * the ORM handles it as a collection of at most one, which {@link #get}/{@link #set} show as the field's value.
     */
    final boolean scalar;
    final List<Column<?>> referenced;
    final List<Column<?>> referencing;
    /** The collection's order, ORM attributes replaced by their columns ({@link Selectables#core}). */
    final List<ColumnElement<?>> orderBy;
    final boolean cascadeDelete;
    final boolean deleteOrphan;
    /** The association table of a many-to-many relationship, seen from this side; null for a foreign key between the two tables. */
    final Secondary secondary;
    /** The foreign key is set by an UPDATE after the INSERTs (and cleared before the DELETEs): {@link Relationship#postUpdate()}. */
    final boolean postUpdate;
    /** A target belongs to one parent at a time through it ({@link Relationship#singleParent()}). */
    final boolean singleParent;
    /** Whether the database updates the referring rows when the parent's key changes (false: the flush does, {@link Relationship#passiveUpdates}). Set once, as it is made. */
    boolean passiveUpdates = true;
    /** Whether {@link Session#merge} merges the targets too (the {@code merge} cascade; a backref's is on, as SQLAlchemy's). Set once, as it is made. */
    boolean cascadeMerge = true;
    /**
     * The column a flush writes each member's position in the list to ({@link Relationship#orderingColumn}):
     * the target's for one-to-many, the association table's for many-to-many; or null. Set once, as it is configured.
     */
    Column<?> position;
    /**
     * Its place among its mapper's relationships (set as it is added): what a session's per-instance
     * relationship array is indexed by, sized for the relationships rather than all the properties.
     */
    int ordinal;
    /** The relationship the other way (the backref), or null. */
    RelationshipProp reverse;
    /** The join condition declared with {@link Relationship#primaryJoin}, taken apart; {@link Declared#NONE} when the foreign keys give it. */
    final Declared declared;

    /** The aliased class the targets load through ({@link ORM#relationship(AliasedEntity)}), or null for the target's own tables. */
    final AliasedEntity<?> aliasedTarget;

    /** Whether a condition of {@link Declared#others} names a column of the parent's side (so a select-in load cannot use it). */
    final boolean othersNameParent;

    /**
     * Its field is a {@link WriteOnlyCollection} or a {@link DynamicCollection}, which never loads: the mapper keeps it apart
     * from the loaded relationships ({@link Mapper#writeOnlyRelationships}).
     */
    final boolean writeOnly;

    /** Its field is a {@link DynamicCollection} (a {@link #writeOnly} one read by queries). */
    final boolean dynamic;

    /**
     * A declared join condition: as written ({@code join}, null when the foreign keys give it), its
     * conditions other than the key pairs ({@code others}), and whether flushes ignore the
     * relationship ({@link Relationship#viewOnly()}).
     */
    record Declared(ColumnElement<Boolean> join, List<ColumnElement<Boolean>> others, boolean viewOnly) {
        static final Declared NONE = new Declared(null, List.of(), false);

        Declared reversed() {
            return new Declared(join, others, false);
        }
    }

    private RelationshipProp(Mapper<?> parent, String key, int index, Mapper<?> target, boolean collection,
            List<Column<?>> referenced, List<Column<?>> referencing, List<ColumnElement<?>> orderBy, boolean cascadeDelete, boolean deleteOrphan,
            Secondary secondary, boolean postUpdate, boolean singleParent, Declared declared, AliasedEntity<?> aliasedTarget, boolean scalar) {
        super(parent, key, Accessor.of(parent.mappedClass(), key), index);
        this.aliasedTarget = aliasedTarget;
        this.scalar = scalar && collection;
        this.declared = declared;
        this.singleParent = singleParent;
        this.secondary = secondary;
        this.postUpdate = postUpdate;
        this.target = target;
        this.collection = collection;
        this.referenced = List.copyOf(referenced);
        this.referencing = List.copyOf(referencing);
        // in Core terms: the loaders move the target's table columns onto their aliases, which an ORM attribute
        // (orderBy(ORM.attr(Player.class, "name"))) would hide from them
        this.orderBy = orderBy.stream().<ColumnElement<?>>map(Selectables::core).toList();
        this.cascadeDelete = cascadeDelete;
        this.deleteOrphan = deleteOrphan;
        if (accessor.fieldName() == null) {
            throw new ArgumentException(parent.mappedClass().getName() + " has no field '" + key + "' for the relationship " + this);
        }
        Class<?> fieldType = rawType(accessor.genericType());
        this.writeOnly = (fieldType == WriteOnlyCollection.class || fieldType == DynamicCollection.class) && this.collection && !this.scalar;
        this.dynamic = this.writeOnly && fieldType == DynamicCollection.class;
        boolean fits = this.writeOnly || (this.collection && !this.scalar ? fieldType.isAssignableFrom(List.class) : fieldType.isAssignableFrom(target.mappedClass()));
        if (!fits) {
            throw new ArgumentException("Field '" + key + "' of " + parent.mappedClass().getName() + " is a " + fieldType.getName() + "; the "
                    + (this.collection && !this.scalar ? "one-to-many relationship " + this + " needs a List (or a WriteOnlyCollection or DynamicCollection)"
                    : (this.scalar ? "relationship " + this + ", one-to-many with uselist(false), needs a " : "many-to-one relationship " + this + " needs a ")
                            + target.mappedClass().getName()));
        }
        boolean[] parentSide = {false};
        for (ColumnElement<Boolean> c : declared.others) {
            bySide(c, (col, remote) -> {
                parentSide[0] |= !remote;
                return col;
            });
        }
        this.othersNameParent = parentSide[0];
    }

    /**
     * The value as the ORM handles it. For a {@link #scalar} relationship, a list of the field's
     * target (none when null): the list last put there ({@link InstanceState#seen}) while the
     * field still holds what it held, else an unmodifiable list of what the application assigned.
     */
    @Override
    Object get(Object instance, InstanceState state) {
        Object v = super.get(instance, state);
        if (!scalar) {
            return v;
        }
        if (state != null && state.seen(this) instanceof PersistentList<?> p && p.owner == state
                && (p.isLoaded() ? p.size() == (v == null ? 0 : 1) && (v == null || p.get(0) == v) : v == null)) {
            return p;
        }
        return v == null ? List.of() : List.of(v);
    }

    /** Sets the value; a {@link #scalar} relationship's field gets the list's (last) member, or null for none or not loaded. */
    @Override
    Object set(Object instance, InstanceState state, Object value) {
        if (!scalar) {
            return super.set(instance, state, value);
        }
        super.set(instance, state, scalarOf(value));
        return value;
    }

    /** What the field of a {@link #scalar} relationship holds for the list {@code value}. */
    Object scalarOf(Object value) {
        List<?> l = (List<?>) value;
        return l == null || l instanceof PersistentList<?> p && !p.isLoaded() || l.isEmpty() ? null : l.get(l.size() - 1);
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
        if (spec.isViewOnly() && (spec.backrefName() != null || spec.cascades("delete") || spec.cascades("delete-orphan"))) {
            throw new ArgumentException("Relationship " + name + " is view-only: it takes no backref and no delete cascade");
        }
        Declared viewOnly = spec.isViewOnly() ? new Declared(null, List.of(), true) : Declared.NONE;
        if (spec.aliasedTarget() != null && spec.secondaryTable() != null) {
            throw new ArgumentException("Relationship " + name + ": a relationship through an association table cannot target an aliased class");
        }
        if (spec.secondaryTable() != null) {
            Secondary sec = Secondary.between(name, spec.secondaryTable(), parent, target, secondaryParentSide(name, spec), spec.isViewOnly());
            return new RelationshipProp(parent, key, index, target, true, sec.parentColumns, sec.parentKeys, spec.orderByClauses(),
                    spec.cascades("delete"), spec.cascades("delete-orphan"), sec, false, spec.isSingleParent(), viewOnly, spec.aliasedTarget(),
                    spec.isScalar()).configuredBy(spec);
        }
        if (spec.secondaryJoinCondition() != null) {
            throw new ArgumentException("Relationship " + name + ": secondaryJoin(...) applies to a relationship through an association table (secondary(...))");
        }
        if (spec.primaryJoinCondition() != null) {
            return declared(parent, key, index, target, spec, name);
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
                spec.cascades("delete"), spec.cascades("delete-orphan"), null, spec.isPostUpdate(), spec.isSingleParent(), viewOnly, spec.aliasedTarget(),
                spec.isScalar()).configuredBy(spec);
    }

    /**
     * The relationship of a declared join condition: its {@code =} pairs of a column and the
     * column its foreign key refers to (or, with {@link Relationship#foreignKeys}, of a named
     * column and another) carry it; its direction is where the referencing columns are.
     */
    private static RelationshipProp declared(Mapper<?> parent, String key, int index, Mapper<?> target, Relationship<?> spec, String name) {
        ColumnElement<Boolean> join = spec.primaryJoinCondition();
        List<Column<?>> referenced = new ArrayList<>();
        List<Column<?>> referencing = new ArrayList<>();
        List<ColumnElement<Boolean>> others = new ArrayList<>();
        for (ColumnElement<Boolean> c : conjuncts(join)) {
            Column<?>[] pair = keyPair(c, spec.foreignKeyColumns());
            boolean links = pair != null && (parent.tables().contains(pair[0].table()) && target.tables().contains(pair[1].table())
                    || target.tables().contains(pair[0].table()) && parent.tables().contains(pair[1].table()));
            if (links && (referencing.isEmpty() || referencing.get(0).table() == pair[0].table())) {
                referencing.add(pair[0]);
                referenced.add(pair[1]);
            } else {
                others.add(c);
            }
        }
        if (referencing.isEmpty()) {
            return unpaired(parent, key, index, target, spec, name, join);
        }
        Table rt = referencing.get(0).table();
        boolean collection;
        if (parent.table() == target.table()) {
            collection = spec.remoteSideColumns().isEmpty();
            if (!collection && !referenced.containsAll(spec.remoteSideColumns())) {
                throw new ArgumentException("Relationship " + name + ": remoteSide " + spec.remoteSideColumns() + " must be the columns the foreign key refers to");
            }
        } else {
            collection = rt != parent.table() && target.tables().contains(rt);
        }
        return new RelationshipProp(parent, key, index, target, collection, referenced, referencing, spec.orderByClauses(),
                spec.cascades("delete"), spec.cascades("delete-orphan"), null, spec.isPostUpdate(), spec.isSingleParent(),
                new Declared(join, List.copyOf(others), spec.isViewOnly()), spec.aliasedTarget(), spec.isScalar()).configuredBy(spec);
    }

    /**
     * The relationship of a declared join condition without an {@code =} pair ({@code a.foo < b.foo},
     * {@code b.path LIKE a.path || '/%'}), as SQLAlchemy takes one whose foreign columns are named: its
     * direction is where those are, loads bind the parent's columns in the condition as written, and,
     * as no key can be copied from one side to the other, it must be {@link Relationship#viewOnly()}.
     */
    private static RelationshipProp unpaired(Mapper<?> parent, String key, int index, Mapper<?> target, Relationship<?> spec, String name,
            ColumnElement<Boolean> join) {
        String between = " between '" + parent.table().key() + "' and '" + target.table().key() + "'";
        List<Column<?>> foreign = spec.foreignKeyColumns();
        if (foreign.isEmpty()) {
            throw new ArgumentException("Relationship " + name + ": its primaryJoin " + join + " pairs no column with one its foreign key refers to"
                    + between + "; name the referencing columns with foreignKeys(...)");
        }
        if (!spec.isViewOnly()) {
            throw new ArgumentException("Relationship " + name + ": its primaryJoin " + join + " has no = pair of a foreign column and another"
                    + between + ", so a flush could not set the foreign columns; declare it viewOnly()");
        }
        boolean marked = hasRemoteMark(join);
        if (!marked && parent.tables().stream().anyMatch(target.tables()::contains)) {
            throw new ArgumentException("Relationship " + name + ": a primaryJoin with no = pair" + between
                    + " tells which side a column is on by its table; from a table to itself, mark the target's side with ORM.remote(column)");
        }
        // marked from a table to itself: the foreign columns are the marked ones, so a collection (SQLAlchemy's one-to-many)
        boolean collection = marked || foreign.stream().allMatch(c -> target.tables().contains(c.table()));
        if (!collection && !foreign.stream().allMatch(c -> parent.tables().contains(c.table()))) {
            throw new ArgumentException("Relationship " + name + ": its foreignKeys " + foreign + " must all be on one side" + between);
        }
        return new RelationshipProp(parent, key, index, target, collection, List.of(), List.of(), spec.orderByClauses(),
                spec.cascades("delete"), spec.cascades("delete-orphan"), null, spec.isPostUpdate(), spec.isSingleParent(),
                new Declared(join, conjuncts(join), true), spec.aliasedTarget(), spec.isScalar()).configuredBy(spec);
    }

    /** Whether {@code e} marks a column with {@link ORM#remote}. */
    private static boolean hasRemoteMark(ClauseElement e) {
        boolean[] found = {false};
        e.replace(n -> {
            found[0] |= n instanceof RemoteColumn;
            return null;
        });
        return found[0];
    }

    /** The columns {@code e} names. */
    private static List<Column<?>> columnsOf(ClauseElement e) {
        List<Column<?>> out = new ArrayList<>();
        e.replace(n -> {
            if (n instanceof Column<?> c) {
                out.add(c);
                return c;
            }
            return null;
        });
        return out;
    }

    /** The criteria {@code a AND b AND ...} is made of ({@code e} itself when it is no AND). */
    @SuppressWarnings("unchecked")
    private static List<ColumnElement<Boolean>> conjuncts(ColumnElement<Boolean> e) {
        if (e instanceof BooleanClauseList l && l.operator() == Operator.AND) {
            List<ColumnElement<Boolean>> out = new ArrayList<>();
            for (ClauseElement c : l.clauses()) {
                out.addAll(conjuncts((ColumnElement<Boolean>) c));
            }
            return out;
        }
        return List.of(e);
    }

    /**
     * For {@code a = b} between two table columns: {referencing, referenced}, the column that
     * {@code foreignKeys} names (when given) or whose foreign key refers to the other; else null.
     */
    private static Column<?>[] keyPair(ColumnElement<Boolean> c, List<Column<?>> foreignKeys) {
        if (!(c instanceof BinaryExpression b && b.operator() == Operator.EQ && b.left() instanceof Column<?> l && b.right() instanceof Column<?> r)) {
            return null;
        }
        if (!foreignKeys.isEmpty()) {
            return foreignKeys.contains(l) ? new Column<?>[] {l, r} : foreignKeys.contains(r) ? new Column<?>[] {r, l} : null;
        }
        if (l.foreignKeys().stream().anyMatch(fk -> fk.column() == r)) {
            return new Column<?>[] {l, r};
        }
        return r.foreignKeys().stream().anyMatch(fk -> fk.column() == l) ? new Column<?>[] {r, l} : null;
    }

    /**
     * For a many-to-many relationship: the association table's columns that refer to the
     * collection's owner, from {@link Relationship#foreignKeys} or else the association table's
     * columns its declared primary join names (which, with a secondary join, may only pair columns).
     */
    private static List<Column<?>> secondaryParentSide(String name, Relationship<?> spec) {
        ColumnElement<Boolean> join = spec.primaryJoinCondition();
        if (join == null || !spec.foreignKeyColumns().isEmpty()) {
            return spec.foreignKeyColumns();
        }
        List<Column<?>> out = new ArrayList<>();
        for (ColumnElement<Boolean> c : spec.secondaryJoinCondition() == null ? conjuncts(join) : concat(conjuncts(join), conjuncts(spec.secondaryJoinCondition()))) {
            if (!(c instanceof BinaryExpression b && b.operator() == Operator.EQ && b.left() instanceof Column<?> && b.right() instanceof Column<?>)) {
                throw new ArgumentException("Relationship " + name + ": through an association table, primaryJoin and secondaryJoin may only pair columns"
                        + " with =; " + c + " does not");
            }
        }
        for (ColumnElement<Boolean> c : conjuncts(join)) {
            for (Column<?> col : columnsOf(c)) {
                if (col.table() == spec.secondaryTable()) {
                    out.add(col);
                }
            }
        }
        return out;
    }

    private static List<ColumnElement<Boolean>> concat(List<ColumnElement<Boolean>> a, List<ColumnElement<Boolean>> b) {
        List<ColumnElement<Boolean>> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** What the spec says besides the join: passive updates, the merge cascade; then {@link #checkCascades}. */
    private RelationshipProp configuredBy(Relationship<?> spec) {
        passiveUpdates = spec.isPassiveUpdates();
        cascadeMerge = spec.cascades("merge");
        return checkCascades();
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
            r = new RelationshipProp(forward.target, key, index, forward.mapper, true, sec.parentColumns, sec.parentKeys, List.of(), false, false, sec,
                    false, false, Declared.NONE, null, false);
        } else {
            r = new RelationshipProp(forward.target, key, index, forward.mapper, !forward.collection,
                    forward.referenced, forward.referencing, List.of(), false, false, null, forward.postUpdate, false, forward.declared.reversed(), null, false);
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
                up.cascadeDelete, up.deleteOrphan, up.secondary, up.postUpdate, up.singleParent, up.declared, up.aliasedTarget, up.scalar);
        r.position = up.position;
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
        // a write-only collection is no backref's to keep in step: its many-to-one sets the key by itself
        a.reverse = b.writeOnly ? null : b;
        b.reverse = a.writeOnly ? null : a;
    }

    /** What the targets load from: the aliased class of {@link ORM#relationship(AliasedEntity)}, else the target's mapper. */
    Entity targetEntity() {
        return aliasedTarget != null ? aliasedTarget : target;
    }

    /** A fresh alias of the targets' FROM clause, for a join of its own (an eager join, a nested EXISTS). */
    FromClause aliasedTargetSelectable() {
        return aliasedTarget != null ? aliasedTarget.selectable().alias() : target.aliasedSelectable(null);
    }

    /** {@code e}, an expression of the target's tables, on the targets' FROM clause (the aliased class's, see {@link #aliasedTarget}). */
    <V> ColumnElement<V> onTarget(ColumnElement<V> e) {
        return aliasedTarget == null ? e : onTarget(e, aliasedTarget.selectable());
    }

    /**
     * For an aliased target: {@code e}, over the target's tables or the aliased class's FROM clause, on
     * {@code selectable} (that clause or an alias of it). Only columns move: the subquery's own
     * FROM clause, the target's table, stays as it is.
     */
    @SuppressWarnings("unchecked")
    <V> ColumnElement<V> onTarget(ColumnElement<V> e, FromClause selectable) {
        List<? extends ColumnElement<?>> own = aliasedTarget.selectable().columns();
        return (ColumnElement<V>) e.replace(n -> n instanceof ColumnElement<?> x
                && (x instanceof Column<?> c && target.tables().contains(c.table()) || own.contains(x)) ? selectable.correspondingColumn(x) : null);
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
            // through an aliased class, a target is the row its FROM clause gives, not the table's row of that key
            remoteIsPrimaryKey = aliasedTarget == null && pk.size() == remoteColumns().size() && pk.containsAll(remoteColumns());
        }
        return remoteIsPrimaryKey;
    }

    private Boolean remoteIsPrimaryKey;

    /**
     * The join condition between the parent's table (or an alias of it) and the target's, as
     * referenced column = referencing column, the order in which the seeds render it.
     */
    @SuppressWarnings("unchecked")
    ColumnElement<Boolean> condition(FromClause parentSelectable, FromClause targetSelectable) {
        if (declared.join != null) {
            // as declared, each column on the side it belongs to
            return (ColumnElement<Boolean>) bySide(declared.join, (c, remote) -> Selectables.adapt(remote ? targetSelectable : parentSelectable, c.table(), c));
        }
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

    /**
     * Whether column {@code c} of a declared join condition is on the target's side: a remote
     * column of a key pair, or a column of the target's tables that are not the parent's (from a
     * table to itself, a column that is not remote is the parent's, as in the seeds).
     */
    boolean isRemote(Column<?> c) {
        if (remoteColumns().contains(c)) {
            return true;
        }
        return !localColumns().contains(c) && target.tables().contains(c.table()) && !mapper.tables().contains(c.table());
    }

    /**
     * {@code e} with each column replaced by {@code onSide}'s result for it and whether it is on the target's side:
     * a column marked {@link ORM#remote} is (the mark goes), another as {@link #isRemote} tells. Each use gets nodes of
     * its own, the bound values' parameters among them: a statement holding the condition twice (a join and an any() of
     * the relationship) holds two copies, as a loaded copy of the statement does (its any() cannot hold the mapping's
     * nodes), so that both have one cache key.
     */
    private ClauseElement bySide(ClauseElement e, BiFunction<Column<?>, Boolean, ClauseElement> onSide) {
        return e.replaceCloned(n -> n instanceof RemoteColumn r ? onSide.apply(r.column, true) : n instanceof Column<?> c ? onSide.apply(c, isRemote(c)) : null);
    }

    /**
     * The declared join's conditions other than the key pairs, which loads of the targets add to
     * their WHERE: the parent's columns bound to the values of {@code owner} (null when no
     * condition names the parent's side, see {@link #othersNameParent}).
     */
    List<ColumnElement<Boolean>> otherConditions(InstanceState owner) {
        if (!othersNameParent && aliasedTarget == null) {
            return declared.others;
        }
        List<ColumnElement<Boolean>> out = new ArrayList<>();
        for (ColumnElement<Boolean> c : declared.others) {
            out.add(othersNameParent ? bound(c, false, owner.instance, owner, false, aliasedTarget == null ? null : aliasedTarget.selectable()) : onTarget(c));
        }
        return out;
    }

    /**
     * The declared join with the target's columns bound to {@code instance}'s values and the
     * parent's moved onto {@code parentSelectable}, as comparing the relationship with an instance
     * renders it ({@code :param_1 = orders.customer_id AND :param_2 = :tier_1}); null for a relationship the foreign keys give.
     */
    ColumnElement<Boolean> boundToTarget(Object instance, FromClause parentSelectable) {
        return declared.join == null ? null : bound(declared.join, true, instance, null, false, parentSelectable);
    }

    /**
     * The declared join with the parent's columns bound to {@code instance}'s values and the target's moved
     * onto {@code targetSelectable}, as {@link ORM#withParent} renders it ({@code users.id = :param_1 AND users.name = :param_2}).
     */
    ColumnElement<Boolean> boundToParent(Object instance, FromClause targetSelectable) {
        return bound(declared.join, false, instance, null, false, targetSelectable);
    }

    /**
     * What a lazy load of {@code owner}'s collection filters its targets by, SQLAlchemy's lazy clause: the join
     * condition with the parent's columns bound to {@code owner}'s values, in the order the condition is written
     * ({@code ? = addresses.user_id}; through an association table, which the statement then lists in its FROM,
     * {@code ? = order_items.order_id AND items.id = order_items.item_id}; a declared join as declared).
     * {@code flushedKey}: the values the owner's rows were last flushed with (a load without an autoflush, where the rows
     * still hold a key the owner was renamed from since), else its current ones.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    ColumnElement<Boolean> lazyClause(InstanceState owner, boolean flushedKey) {
        if (declared.join != null) {
            return bound(declared.join, false, owner.instance, owner, flushedKey, aliasedTarget == null ? null : aliasedTarget.selectable());
        }
        List<Column<?>> local = localColumns();
        List<Column<?>> remote = remoteColumns();
        List<ColumnElement<?>> parts = new ArrayList<>(local.size() + 1);
        for (int i = 0; i < local.size(); i++) {
            Object v = ownerValue(owner.mapper.columnProp(local.get(i)), owner, flushedKey);
            parts.add(SQL.literal(v, (TypeEngine) local.get(i).type()).eq(onTarget(remote.get(i))));
        }
        if (secondary != null) {
            parts.add(secondary.targetCondition(target.table(), target.table(), secondary.table));
        }
        return SQL.and(parts.toArray(new ColumnElement<?>[0]));
    }

    /** {@code st}'s value of {@code p}: the flushed one if {@code flushed} and it has one, else the current one. */
    static Object ownerValue(ColumnProp p, InstanceState st, boolean flushed) {
        Object v = flushed ? st.flushed(p) : InstanceState.NOT_LOADED;
        return v == InstanceState.NOT_LOADED ? p.get(st.instance, st) : v;
    }

    /**
     * {@code c} with the columns of one side bound to {@code instance}'s values (the target's side
     * when {@code remoteBound}; {@code st}'s flushed ones if {@code flushedKey}) and the other side's moved onto
     * {@code unbound} (null: left as they are).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private ColumnElement<Boolean> bound(ColumnElement<Boolean> c, boolean remoteBound, Object instance, InstanceState st, boolean flushedKey,
            FromClause unbound) {
        Mapper<?> side = remoteBound ? target : mapper;
        return (ColumnElement<Boolean>) bySide(c, (col, remote) -> {
            if (remote != remoteBound) {
                return unbound == null ? col : Selectables.adapt(unbound, col.table(), col);
            }
            ColumnProp p = side.columnProp(col);
            if (p == null) {
                throw new ArgumentException("Relationship " + this + ": its primaryJoin names " + col + ", which " + side.entityName() + " does not map");
            }
            // a comparison (no state): a value the instance does not have yet is read when the statement runs
            return st == null ? QueryableAttribute.keyValue(side, instance, col, col.type()) : SQL.literal(ownerValue(p, st, flushedKey), (TypeEngine) col.type());
        });
    }

    /** Whether a flush ignores the relationship ({@link Relationship#viewOnly()}). */
    boolean isViewOnly() {
        return declared.viewOnly;
    }

    @Override
    public String toString() {
        String kind = secondary != null ? "many-to-many" : collection ? "one-to-many" : "many-to-one";
        return mapper.entityName() + "." + key + " (" + kind + " to " + target.entityName() + ")";
    }
}
