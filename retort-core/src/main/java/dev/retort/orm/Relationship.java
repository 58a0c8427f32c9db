package dev.retort.orm;

import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.ColumnElement;
import java.util.List;
import java.util.Set;

/**
 * The declaration of a relationship to another mapped class, given to
 * {@link Registry#mapImperatively(Class, dev.retort.schema.Table, java.util.Map)}: the seeds'
 * {@code relationship()}. Whether it is one-to-many (a {@code List} field) or many-to-one (a
 * field of the target class) is inferred from the foreign keys between the two tables; through
 * an association table ({@link #secondary}) it is many-to-many; from a table to itself it is
 * one-to-many unless {@link #remoteSide} names the referenced columns.
 * Immutable: each method returns a new declaration.
 *
 * <pre>{@code
 * registry.mapImperatively(User.class, users, Map.of(
 *         "addresses", ORM.relationship(Address.class).backref("user").orderBy(addresses.c("id"))));
 * registry.mapImperatively(Post.class, posts, Map.of(
 *         "tags", ORM.relationship(Tag.class).secondary(postTags).backref("posts")));
 * registry.mapImperatively(Node.class, nodes, Map.of(
 *         "children", ORM.relationship(Node.class).backref("parent")));           // adjacency list
 * }</pre>
 *
 * @param <T> the related class
 */
public final class Relationship<T> {
    private static final Set<String> CASCADES = Set.of("save-update", "merge", "delete", "delete-orphan", "all");
    /** SQLAlchemy's default, {@code "save-update, merge"}: what a relationship without {@link #cascade} does. */
    private static final Set<String> DEFAULT_CASCADE = Set.of("save-update", "merge");

    private final Target<T> target;
    private final String backref;
    private final List<ColumnElement<?>> orderBy;
    private final Set<String> cascade;
    private final Links links;
    /** How queries load it by default ({@link #lazy}), and whether a joined load is INNER ({@link #innerJoin}). */
    private final Loader loader;

    /**
     * ... whether its field holds one target rather than a list ({@link #uselist}), and the collection
     * class {@code lazy("write_only")} or {@code lazy("dynamic")} asks of its field (else null).
     */
    /** How the relationship loads by default; {@code joinDepth} 0: as deep as the recursion check lets a self-referential one. */
    private record Loader(LoaderOption.Strategy lazy, LoaderOption.JoinKind join, boolean scalar, Class<?> writer, int joinDepth) {
        static final Loader DEFAULT = new Loader(LoaderOption.Strategy.LAZY, LoaderOption.JoinKind.OUTER, false, null, 0);
    }

    /** The related class, and the aliased class its instances load through ({@link ORM#relationship(AliasedEntity)}), or null. */
    private record Target<T>(Class<T> type, AliasedEntity<T> aliased) {
    }

    /** The declaration's parts for relationships other than a plain foreign key pair (see {@link #secondary}, {@link #remoteSide}). */
    private record Links(Table secondary, List<Column<?>> remoteSide, List<Column<?>> foreignKeys, boolean postUpdate, String backPopulates,
            boolean singleParent, Conditions conditions, Column<?> position, boolean passiveUpdates) {
        static final Links NONE = new Links(null, List.of(), List.of(), false, null, false, Conditions.NONE, null, true);
    }

    /** A join condition of the declaration's own ({@link #primaryJoin}, {@link #secondaryJoin}), and {@link #viewOnly}. */
    private record Conditions(ColumnElement<Boolean> primary, ColumnElement<Boolean> secondary, boolean viewOnly) {
        static final Conditions NONE = new Conditions(null, null, false);
    }

    Relationship(Class<T> target, AliasedEntity<T> aliased) {
        this(new Target<>(target, aliased), null, List.of(), DEFAULT_CASCADE, Links.NONE, Loader.DEFAULT);
    }

    private Relationship(Target<T> target, String backref, List<ColumnElement<?>> orderBy, Set<String> cascade, Links links, Loader loader) {
        this.loader = loader;
        this.target = target;
        this.backref = backref;
        this.orderBy = List.copyOf(orderBy);
        this.cascade = Set.copyOf(cascade);
        this.links = links;
    }

    private Relationship<T> with(Links next) {
        return new Relationship<>(target, backref, orderBy, cascade, next, loader);
    }

    /**
     * How queries load the relationship when no loader option says otherwise (the seeds'
     * {@code lazy=}): {@code "select"} (the default: a collection on first use, a reference with
     * its instance), {@code "joined"} (in the query's statement, through a LEFT OUTER JOIN, and so
     * on along the targets' joined relationships), {@code "selectin"}, {@code "raise"} or {@code "noload"};
     * or {@code "write_only"}, which a {@link WriteOnlyCollection} field implies (the collection never loads),
     * or {@code "dynamic"}, which a {@link DynamicCollection} field implies (read by queries).
     *
     * <pre>{@code
     * ORM.relationship(Address.class).lazy("joined")   // every query of User joins its addresses
     * }</pre>
     */
    public Relationship<T> lazy(String strategy) {
        if ("write_only".equals(strategy) || "dynamic".equals(strategy)) {
            Class<?> writer = "dynamic".equals(strategy) ? DynamicCollection.class : WriteOnlyCollection.class;
            return new Relationship<>(target, backref, orderBy, cascade, links, new Loader(LoaderOption.Strategy.LAZY, loader.join, loader.scalar, writer, loader.joinDepth));
        }
        LoaderOption.Strategy s = switch (strategy == null ? "" : strategy) {
            case "select" -> LoaderOption.Strategy.LAZY;
            case "joined" -> LoaderOption.Strategy.JOINED;
            case "selectin" -> LoaderOption.Strategy.SELECTIN;
            case "raise" -> LoaderOption.Strategy.RAISE;
            case "noload" -> LoaderOption.Strategy.NOLOAD;
            default -> throw new ArgumentException("Unknown lazy='" + strategy + "'; known: select, joined, selectin, raise, noload, write_only, dynamic");
        };
        return new Relationship<>(target, backref, orderBy, cascade, links, new Loader(s, loader.join, loader.scalar, null, loader.joinDepth));
    }

    /**
     * Joined loads of the relationship through an INNER JOIN (the seeds' {@code innerjoin=True}): for a
     * reference that is never null. Under an outer joined load the INNER JOIN is nested in that join's
     * right side ({@link LoaderOption#innerJoin}).
     */
    public Relationship<T> innerJoin() {
        return new Relationship<>(target, backref, orderBy, cascade, links, new Loader(loader.lazy, LoaderOption.JoinKind.INNER, loader.scalar, loader.writer, loader.joinDepth));
    }

    /**
     * {@link #innerJoin()}, except that under an outer joined load the join stays a LEFT OUTER JOIN
     * after it (the seeds' {@code innerjoin="unnested"}; {@link LoaderOption#unnestedInnerJoin}).
     *
     * <pre>{@code
     * ORM.relationship(Item.class).secondary(orderItems).lazy("joined").unnestedInnerJoin()
     * }</pre>
     */
    public Relationship<T> unnestedInnerJoin() {
        return new Relationship<>(target, backref, orderBy, cascade, links, new Loader(loader.lazy, LoaderOption.JoinKind.UNNESTED, loader.scalar, loader.writer, loader.joinDepth));
    }

    /**
     * How many levels of a self-referential relationship its eager default ({@link #lazy} "joined" or
     * "selectin") loads (the seeds' {@code join_depth}): the query's instances' targets, theirs, and so on
     * {@code levels} deep. Without it, a joined or select-in default stops where its target's class is
     * already on the loading path, so a self-referential one loads no level unless an option names it.
     *
     * <pre>{@code
     * ORM.relationship(Node.class).lazy("selectin").joinDepth(2)   // children and grandchildren, one statement a level
     * }</pre>
     */
    public Relationship<T> joinDepth(int levels) {
        if (levels < 1) {
            throw new ArgumentException("joinDepth(" + levels + "): a join depth is at least 1");
        }
        return new Relationship<>(target, backref, orderBy, cascade, links, new Loader(loader.lazy, loader.join, loader.scalar, loader.writer, levels));
    }

    /**
     * With {@code false}, a one-to-many whose field holds its one target rather than a list (the
     * seeds' {@code uselist=False}): the inverse side of a one-to-one, whose foreign key is in the
     * target's table. Assigning another target (or null) to the field detaches the one before at
     * the next flush, as removing it from a list would. A field cannot load on first use, so it
     * loads with its instance, "selectin" unless {@link #lazy} says otherwise after this call.
     *
     * <pre>{@code
     * registry.mapImperatively(User.class, users, Map.of(
     *         "profile", ORM.relationship(Profile.class).uselist(false).backref("user")));   // Profile profile;
     * }</pre>
     */
    public Relationship<T> uselist(boolean value) {
        LoaderOption.Strategy s = !value && loader.lazy == LoaderOption.Strategy.LAZY ? LoaderOption.Strategy.SELECTIN : loader.lazy;
        return new Relationship<>(target, backref, orderBy, cascade, links, new Loader(s, loader.join, !value, loader.writer, loader.joinDepth));
    }

    /**
     * The collection class its field must be: {@link WriteOnlyCollection} declared {@code lazy("write_only")},
     * {@link DynamicCollection} declared {@code lazy("dynamic")}, else null.
     */
    Class<?> writerType() {
        return loader.writer;
    }

    /** Whether the field holds one target ({@link #uselist} false). */
    boolean isScalar() {
        return loader.scalar;
    }

    /** The default loading strategy. */
    LoaderOption.Strategy lazyStrategy() {
        return loader.lazy;
    }

    /** How many levels deep the eager default loads ({@link #joinDepth}); 0: until the target's class is on the path. */
    int joinDepth() {
        return loader.joinDepth;
    }

    /** How joined loads join: {@code OUTER}, {@code INNER} or {@code UNNESTED}. */
    LoaderOption.JoinKind joinKind() {
        return loader.join;
    }

    /**
     * Many-to-many through the association table {@code table}, whose foreign keys to the two
     * mapped tables say how rows are paired. Adding an instance to the collection inserts an
     * association row at the next flush, removing it deletes that row (the seeds' {@code secondary}).
     */
    public Relationship<T> secondary(Table table) {
        return with(new Links(table, links.remoteSide, links.foreignKeys, links.postUpdate, links.backPopulates, links.singleParent, links.conditions, links.position, links.passiveUpdates));
    }

    /**
     * For a table referring to itself: the referenced columns (usually the primary key), which
     * makes the relationship many-to-one ({@code parent}) instead of one-to-many ({@code children}).
     */
    public Relationship<T> remoteSide(Column<?>... columns) {
        return with(new Links(links.secondary, List.of(columns), links.foreignKeys, links.postUpdate, links.backPopulates, links.singleParent, links.conditions, links.position, links.passiveUpdates));
    }

    /**
     * The referencing columns that carry the relationship, when the tables have several foreign
     * keys between them. For a many-to-many relationship from a table to itself, the columns of
     * the association table that refer to the collection's owner:
     * {@code ORM.relationship(User.class).secondary(friendships).foreignKeys(friendships.c("user_id")).backref("friendOf")}.
     */
    public Relationship<T> foreignKeys(Column<?>... columns) {
        return with(new Links(links.secondary, links.remoteSide, List.of(columns), links.postUpdate, links.backPopulates, links.singleParent, links.conditions, links.position, links.passiveUpdates));
    }

    /**
     * Sets the foreign key by a second UPDATE after the rows are inserted (and to NULL before
     * they are deleted), so rows that refer to each other in a cycle can be written.
     */
    public Relationship<T> postUpdate() {
        return with(new Links(links.secondary, links.remoteSide, links.foreignKeys, true, links.backPopulates, links.singleParent, links.conditions, links.position, links.passiveUpdates));
    }

    /**
     * {@code passiveUpdates(false)} (the seeds' {@code passive_updates=False}): when the referred-to
     * row's primary key changes, the flush UPDATEs the referring rows itself; for databases without
     * {@code ON UPDATE CASCADE} (or with it off). On a one-to-many, the collection's members (loaded
     * first if the collection is not loaded); on a many-to-one, the referring instances in the session;
     * on a many-to-many, the owner's association rows with the members it keeps.
     * The default, {@code true}, leaves the referring rows to the database and gives the loaded
     * members and references the new key in memory only.
     *
     * <pre>{@code
     * ORM.relationship(Address.class).passiveUpdates(false)
     * // user.username = "ed"; flush:  UPDATE users SET username=? WHERE users.username = ?
     * //                               UPDATE addresses SET username=? WHERE addresses.email = ?   (each address)
     * }</pre>
     */
    public Relationship<T> passiveUpdates(boolean passive) {
        return with(new Links(links.secondary, links.remoteSide, links.foreignKeys, links.postUpdate, links.backPopulates, links.singleParent, links.conditions,
                links.position, passive));
    }

    /**
     * Pairs this relationship with the relationship {@code name} declared on the target, so that
     * both sides agree in memory as with {@link #backref} (the seeds' {@code back_populates}).
     */
    public Relationship<T> backPopulates(String name) {
        return with(new Links(links.secondary, links.remoteSide, links.foreignKeys, links.postUpdate, name, links.singleParent, links.conditions, links.position, links.passiveUpdates));
    }

    /**
     * Lets a target belong to one parent at a time through this relationship (the seeds'
     * {@code single_parent=True}): a flush that finds it in two parents' collections raises
     * {@link dev.retort.exc.RetortException}. A many-to-many or many-to-one relationship needs it
     * for {@code delete-orphan}, which then deletes a target no parent holds any more.
     *
     * <pre>{@code
     * ORM.relationship(Tag.class).secondary(postTags).cascade("all, delete-orphan").singleParent()
     * }</pre>
     */
    public Relationship<T> singleParent() {
        return with(new Links(links.secondary, links.remoteSide, links.foreignKeys, links.postUpdate, links.backPopulates, true, links.conditions, links.position, links.passiveUpdates));
    }

    /**
     * The join condition between the parent's table and the target's, when the foreign keys
     * alone do not say it (the seeds' {@code primaryjoin=}): their {@code =} pairs of columns
     * linked by a foreign key (or named by {@link #foreignKeys}) carry the relationship, and the
     * other conditions select which rows belong to it. Joins, {@code any()}/{@code has()} and joined
     * loads render the condition as written (on aliases where the query has them); lazy and select-in
     * loads add the other conditions to their WHERE, with the parent's columns bound to its values.
     * A flush sets the foreign key as usual and does not check the other conditions. With
     * {@link #secondary}, the condition between the parent's table and the association table
     * (see {@link #secondaryJoin}); there it may only pair columns.
     *
     * <pre>{@code
     * registry.mapImperatively(Customer.class, customers, Map.of(
     *         "orders", ORM.relationship(Order.class),
     *         "openOrders", ORM.relationship(Order.class).viewOnly()
     *                 .primaryJoin(SQL.and(orders.c("customer_id").eq(customers.c("id")), orders.c("status").eq("open")))));
     * }</pre>
     */
    public Relationship<T> primaryJoin(ColumnElement<Boolean> condition) {
        Conditions c = links.conditions;
        return withConditions(new Conditions(java.util.Objects.requireNonNull(condition, "condition"), c.secondary, c.viewOnly));
    }

    /**
     * For a relationship through an association table ({@link #secondary}): the condition between
     * the target's table and the association table (the seeds' {@code secondaryjoin=}), which with
     * {@link #primaryJoin} says which of its columns refer to which side, as a many-to-many
     * relationship from a table to itself needs:
     *
     * <pre>{@code
     * ORM.relationship(Node.class).secondary(links)
     *         .primaryJoin(nodes.c("id").eq(links.c("left_id")))
     *         .secondaryJoin(nodes.c("id").eq(links.c("right_id")))
     * }</pre>
     */
    public Relationship<T> secondaryJoin(ColumnElement<Boolean> condition) {
        Conditions c = links.conditions;
        return withConditions(new Conditions(c.primary, java.util.Objects.requireNonNull(condition, "condition"), c.viewOnly));
    }

    /**
     * A relationship for loading and querying only (the seeds' {@code viewonly=True}): a flush
     * ignores changes to it, and adding an instance to the session does not add its targets.
     * For a {@link #primaryJoin} whose rows are a subset of another relationship's
     * ({@code openOrders} beside {@code orders}). It takes no {@link #backref} and no delete cascade.
     *
     * <pre>{@code
     * ORM.relationship(Order.class).primaryJoin(openOrdersCondition).viewOnly()
     * }</pre>
     */
    public Relationship<T> viewOnly() {
        Conditions c = links.conditions;
        return withConditions(new Conditions(c.primary, c.secondary, true));
    }

    private Relationship<T> withConditions(Conditions next) {
        return with(new Links(links.secondary, links.remoteSide, links.foreignKeys, links.postUpdate, links.backPopulates, links.singleParent, next, links.position, links.passiveUpdates));
    }

    /**
     * Also maps the reverse relationship on the target class under {@code name} (a many-to-one
     * field for a one-to-many relationship, and the other way round).
     */
    public Relationship<T> backref(String name) {
        return new Relationship<>(target, name, orderBy, cascade, links, loader);
    }

    /**
     * Keeps the list's order in {@code column} (SQLAlchemy's {@code ordering_list}, JPA's
     * {@code @OrderColumn} on an association): a flush writes each member's position, 0 to n-1,
     * to it (renumbering the members after an insertion, a move or a removal, or a member's delete), and the
     * collection loads ordered by it. The column is the target's table's for a one-to-many
     * relationship (a member taken out of every list gets NULL), the association table's for a
     * many-to-many one, whose rows of a changed list are rewritten. Declare the relationship on
     * the side that writes it. A change made through a many-to-many's backref is made in this list
     * (loaded for it, without an autoflush, if it is not yet): the member is appended or taken out,
     * and the rows rewritten. One made through a one-to-many's many-to-one reference is positioned
     * only when this list is loaded.
     *
     * <pre>{@code
     * ORM.relationship(Card.class).backref("deck").orderingColumn(cards.c("position"))   // deck.cards.add(1, card) renumbers
     * }</pre>
     */
    public Relationship<T> orderingColumn(Column<?> column) {
        Links l = links;
        return new Relationship<>(target, backref, List.of(column), cascade, new Links(l.secondary, l.remoteSide, l.foreignKeys, l.postUpdate,
                l.backPopulates, l.singleParent, l.conditions, java.util.Objects.requireNonNull(column, "column"), l.passiveUpdates), loader);
    }

    /** The column {@link #orderingColumn} names, or null. */
    Column<?> positionColumn() {
        return links.position;
    }

    /** The order of a collection's members when it loads (columns of the target's table, or {@code desc(...)} of them). */
    public Relationship<T> orderBy(ColumnElement<?>... clauses) {
        return new Relationship<>(target, backref, List.of(clauses), cascade, links, loader);
    }

    /**
     * Which session operations follow the relationship, as in the seeds: a comma-separated list
     * of {@code save-update} (always on), {@code merge} ({@link Session#merge} merges the targets
     * too), {@code delete} (deleting the parent deletes its collection's members),
     * {@code delete-orphan} (a member removed from the collection is deleted, unless another
     * parent has it; on a many-to-many or many-to-one relationship only with {@link #singleParent()})
     * and {@code all} (save-update, merge and delete). Without it a relationship has SQLAlchemy's
     * default, {@code "save-update, merge"}; a list replaces that default, so, as in SQLAlchemy
     * (and as Hibernate's {@code CascadeType.MERGE}), {@code merge()} follows the relationship only
     * when the list names {@code merge} or {@code all}.
     *
     * <pre>{@code
     * ORM.relationship(Address.class).cascade("all, delete-orphan")       // merge follows it
     * ORM.relationship(Address.class).cascade("save-update, merge, delete") // so it does
     * ORM.relationship(Address.class).cascade("delete")                   // merge() leaves it alone
     * }</pre>
     */
    public Relationship<T> cascade(String cascades) {
        Set<String> out = new java.util.HashSet<>();
        for (String c : cascades.split(",")) {
            String name = c.trim();
            if (!CASCADES.contains(name)) {
                throw new ArgumentException("Unknown cascade '" + name + "'; known: " + new java.util.TreeSet<>(CASCADES));
            }
            if (name.equals("all")) {
                out.addAll(List.of("save-update", "merge", "delete"));
            } else {
                out.add(name);
            }
        }
        return new Relationship<>(target, backref, orderBy, out, links, loader);
    }

    Class<T> target() {
        return target.type;
    }

    /** The aliased class the targets load through, or null for the class's own table. */
    AliasedEntity<T> aliasedTarget() {
        return target.aliased;
    }

    String backrefName() {
        return backref;
    }

    List<ColumnElement<?>> orderByClauses() {
        return orderBy;
    }

    Table secondaryTable() {
        return links.secondary;
    }

    List<Column<?>> remoteSideColumns() {
        return links.remoteSide;
    }

    List<Column<?>> foreignKeyColumns() {
        return links.foreignKeys;
    }

    boolean isPostUpdate() {
        return links.postUpdate;
    }

    boolean isPassiveUpdates() {
        return links.passiveUpdates;
    }

    String backPopulatesName() {
        return links.backPopulates;
    }

    boolean isSingleParent() {
        return links.singleParent;
    }

    ColumnElement<Boolean> primaryJoinCondition() {
        return links.conditions.primary;
    }

    ColumnElement<Boolean> secondaryJoinCondition() {
        return links.conditions.secondary;
    }

    boolean isViewOnly() {
        return links.conditions.viewOnly;
    }

    boolean cascades(String name) {
        return cascade.contains(name);
    }
}
