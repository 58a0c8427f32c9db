package dev.retort.ext.serializer;

import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.select;

import dev.retort.orm.AliasedEntity;
import dev.retort.orm.ORM;
import dev.retort.orm.Query;
import dev.retort.orm.QueryableAttribute;
import dev.retort.orm.Registry;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.SQL;
import dev.retort.types.Types;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;

/**
 * ORM queries over the recently added constructs, built from genes (structure) and values: bundles, record and dict
 * bundles, a composite compared and ordered by, a late column property and a late relationship ({@code Mapper.addProperty}),
 * an element collection joined and loaded, an unpaired view-only relationship with its own primary join, a
 * self-referential {@code ORM.remote()} relationship, a relationship kept in order by an ordering column, a hybrid
 * attribute and hybrid method (whose SQL is rebuilt, with fresh parameters, on each use), automatic aliases (an unnamed
 * alias joined, self-referential any() and joined loads), of_type towards an alias, loader criteria with values, and
 * LIMIT / OFFSET with values; nested bundles and dict bundles; a joined-table hierarchy through with_polymorphic
 * (plain, flat, aliased; some or all subclasses) and selectin_polymorphic; a single-table hierarchy queried through its
 * subclasses (plain, aliased, with_polymorphic, one subclass joined to another); relationships ordered by the target's ORM
 * attributes (loaded joined and select-in, through aliases); ordering by names (SQLAlchemy's {@code order_by("id")},
 * table-qualified too, the wrapped eager-load path included); set operations of an entity's or columns' query, of one that
 * is itself a set operation too (first or last), their queries filtered on hybrids and the computed property, the compound
 * filtered too, ordered and paged. {@link #signature} names the structure the genes chose: the branch each choice took.
 */
final class OrmConstructsGenerator {
    static final MetaData MD = new MetaData();
    static final Table EDGE = new Table("ck_edge", MD, Column.of("id", Types.INTEGER).primaryKey(), Column.of("x1", Types.INTEGER),
            Column.of("y1", Types.INTEGER), Column.of("name", Types.string(20)), Column.of("path", Types.string(40)));
    static final Table NOTE = new Table("ck_note", MD, Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("edge_id", Types.INTEGER).foreignKey("ck_edge.id"), Column.of("body", Types.string(40)), Column.of("pos", Types.INTEGER));
    static final Table PEOPLE = new Table("ck_people", MD, Column.of("id", Types.INTEGER).primaryKey(), Column.of("type", Types.string(20)),
            Column.of("name", Types.string(20)));
    static final Table MANAGERS = new Table("ck_managers", MD, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false).foreignKey("ck_people.id"));
    static final Table ENGINEERS = new Table("ck_engineers", MD, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false).foreignKey("ck_people.id"),
            Column.of("lang", Types.string(20)), Column.of("manager_id", Types.INTEGER).foreignKey("ck_managers.id"));
    static final Table STAFF = new Table("ck_staff", MD, Column.of("id", Types.INTEGER).primaryKey(), Column.of("kind", Types.string(20)),
            Column.of("name", Types.string(20)), Column.of("rank", Types.INTEGER), Column.of("route", Types.string(20)));
    static final Registry REGISTRY = new Registry(MD);

    static {
        var edges = REGISTRY.mapImperatively(CkEdge.class, EDGE, Map.of(
                "start", ORM.composite(CkPoint.class, EDGE.c("x1"), EDGE.c("y1")),
                "label", ORM.hybrid(a -> a.<String>attr("name").concat("-").concat(a.attr("path"))),
                "near", ORM.hybridMethod((CkEdge e, Object[] args) -> e.x1 > (int) args[0],
                        (a, args) -> SQL.and(a.attr("x1").gt(args[0]), a.attr("y1").lt(args[1]))),
                "descendants", ORM.relationship(CkEdge.class).primaryJoin(ORM.remote(EDGE.c("path")).like(EDGE.c("path").concat("/%")))
                        .foreignKeys(EDGE.c("path")).viewOnly(),
                // unpaired: no backref, no back_populates; its own join condition
                "liveNotes", ORM.relationship(CkNote.class).primaryJoin(SQL.and(EDGE.c("id").eq(NOTE.c("edge_id")), NOTE.c("body").ne("gone"))).viewOnly()));
        REGISTRY.mapImperatively(CkNote.class, NOTE);
        edges.addProperty("noteCount", ORM.columnProperty(select(func("count", NOTE.c("id"))).where(NOTE.c("edge_id").eq(EDGE.c("id"))).correlateExcept(NOTE).scalarSubquery()));
        edges.addProperty("notes", ORM.relationship(CkNote.class));
        edges.addProperty("orderedNotes", ORM.relationship(CkNote.class).orderingColumn(NOTE.c("pos")).viewOnly());
        // ordered by the target's ORM attributes, not its table's columns: every loader (and alias) adapts them
        edges.addProperty("sortedNotes", ORM.relationship(CkNote.class).orderBy(SQL.desc(ORM.attr(CkNote.class, "body")), ORM.attr(CkNote.class, "id"))
                .viewOnly());
        edges.addProperty("sortedDescendants", ORM.relationship(CkEdge.class).primaryJoin(ORM.remote(EDGE.c("path")).like(EDGE.c("path").concat("/%")))
                .foreignKeys(EDGE.c("path")).orderBy(SQL.desc(ORM.attr(CkEdge.class, "name")), ORM.attr(CkEdge.class, "id")).viewOnly());
        REGISTRY.map(CkBox.class);
        REGISTRY.mapImperatively(CkPerson.class, PEOPLE, Map.of(), ORM.polymorphicOn(PEOPLE.c("type")));
        REGISTRY.mapImperatively(CkManager.class, MANAGERS, Map.of(), ORM.inherits(CkPerson.class).identity("manager"));
        REGISTRY.mapImperatively(CkEngineer.class, ENGINEERS, Map.of("manager", ORM.relationship(CkManager.class)
                .primaryJoin(MANAGERS.c("id").eq(ENGINEERS.c("manager_id")))), ORM.inherits(CkPerson.class).identity("engineer"));
        REGISTRY.mapImperatively(CkStaff.class, STAFF, Map.of(), ORM.polymorphicOn(STAFF.c("kind")).identity("staff"));
        REGISTRY.mapImperatively(CkClerk.class, STAFF, Map.of(), ORM.inherits(CkStaff.class).identity("clerk"));
        REGISTRY.mapImperatively(CkCourier.class, STAFF, Map.of(), ORM.inherits(CkStaff.class).identity("courier"));
    }

    /** Staff: a single-table hierarchy, whose subclasses' queries add the discriminator's IN to the criteria. */
    public static class CkStaff {
        Integer id;
        String kind;
        String name;
    }

    /** A clerk, of a rank. */
    public static class CkClerk extends CkStaff {
        Integer rank;
    }

    /** A courier, of a route. */
    public static class CkCourier extends CkStaff {
        String route;
    }

    /** A person: a joined-table hierarchy, whose join from one subclass to another aliases the other automatically. */
    public static class CkPerson {
        Integer id;
        String type;
        String name;
    }

    /** A manager. */
    public static class CkManager extends CkPerson {
    }

    /** An engineer, with a manager. */
    public static class CkEngineer extends CkPerson {
        String lang;
        Integer managerId;
        CkManager manager;
    }

    /** An edge: a composite, hybrids, a self-referential view-only relationship, late properties. */
    public static class CkEdge {
        Integer id;
        Integer x1;
        Integer y1;
        String name;
        String path;
        CkPoint start;
        Long noteCount;
        List<CkEdge> descendants;
        List<CkNote> liveNotes;
        List<CkNote> notes;
        List<CkNote> orderedNotes;
        List<CkNote> sortedNotes;
        List<CkEdge> sortedDescendants;
    }

    /** The composite's value. */
    public static class CkPoint {
        Integer x;
        Integer y;

        public CkPoint() {
        }

        CkPoint(int x, int y) {
            this.x = x;
            this.y = y;
        }
    }

    /** A note of an edge. */
    public static class CkNote {
        Integer id;
        Integer edgeId;
        String body;
        Integer pos;
    }

    /** A box with an element collection. */
    @Entity
    public static class CkBox {
        @Id Integer id;
        String name;
        @ElementCollection List<String> tags = new ArrayList<>();
    }

    /** A record a bundle makes of each row. */
    record IdName(Integer id, String name) {
    }

    /** Rows for the rows mode: edges with notes, people of both subclasses, staff of both, boxes. */
    static List<ClauseElement> rows() {
        List<ClauseElement> out = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            out.add(SQL.insert(EDGE).values(Map.of("id", i, "x1", i % 9, "y1", (i * 5) % 9, "name", "d" + i % 9, "path", i <= 2 ? "/" + i : "/" + (i % 2 + 1) + "/" + i)));
            out.add(SQL.insert(PEOPLE).values(Map.of("id", i, "type", i % 2 == 0 ? "manager" : "engineer", "name", (i % 2 == 0 ? "m" : "p") + i % 9)));
            out.add(SQL.insert(STAFF).values(Map.of("id", i, "kind", List.of("staff", "clerk", "courier").get(i % 3), "name", "n" + i % 4,
                    "rank", i % 9, "route", "r" + i % 9)));
        }
        // then the rows that refer to those
        for (int i = 1; i <= 8; i++) {
            out.add(SQL.insert(NOTE).values(Map.of("id", i, "edge_id", 1 + i % 4, "body", List.of("b1", "gone", "o2", "j3").get(i % 4), "pos", i % 5)));
            if (i % 2 == 0) {
                out.add(SQL.insert(MANAGERS).values(Map.of("id", i)));
            }
        }
        for (int i = 1; i <= 8; i += 2) {
            out.add(SQL.insert(ENGINEERS).values(Map.of("id", i, "lang", "l" + i % 9, "manager_id", i + 1)));
        }
        return out;
    }

    private final int[] genes;
    private final SplittableRandom values;
    private int at;
    private final StringBuilder signature = new StringBuilder();
    private boolean recordBundle;

    OrmConstructsGenerator(int[] genes, SplittableRandom values) {
        this.genes = genes;
        this.values = values;
    }

    /** The structure chosen so far: equal for equal genes, whatever the values. */
    String signature() {
        return signature.toString();
    }

    /** Whether the query holds a record or dict bundle, which the serializer refuses (load the bundle of rows and call as()). */
    boolean recordBundle() {
        return recordBundle;
    }

    /** One of {@code n} branches, each a structure of its own. */
    private int pick(int n) {
        int p = genes[at++ % genes.length] % n;
        signature.append(p).append(',');
        return p;
    }

    /** One of {@code branches} branches, the last taken by {@code n - branches + 1} of {@code n} genes: a rarer choice's default. */
    private int pick(int n, int branches) {
        int p = Math.min(genes[at++ % genes.length] % n, branches - 1);
        signature.append(p).append(',');
        return p;
    }

    /** True once in {@code n}. */
    private boolean oneIn(int n) {
        return pick(n, 2) == 0;
    }

    Query<?> build() {
        switch (pick(8, 4)) {
            case 0 -> {
                return box();
            }
            case 1 -> {
                return people();
            }
            case 2 -> {
                return staff();
            }
            default -> { }
        }
        boolean aliased = oneIn(3);
        String aliasName = aliased && pick(2) == 0 ? "e1" : null;
        AliasedEntity<CkEdge> e = aliased ? ORM.aliased(CkEdge.class, aliasName) : null;
        java.util.function.Function<String, QueryableAttribute<Object>> attr = k -> aliased ? e.attr(k) : ORM.attr(CkEdge.class, k);
        int shape = pick(6, 5);
        String second = shape == 2 ? (pick(2) == 0 ? "label" : "noteCount") : null;
        Query<?> q = switch (shape) {
            case 0 -> ORM.select(switch (pick(4, 3)) {
                case 0 -> ORM.bundle(pick(2) == 0 ? "b" : "c", attr.apply("id"), attr.apply("name"));
                // nested: the outer bundle selects the inner one's columns in its place
                case 1 -> ORM.bundle("b", attr.apply("id"), ORM.bundle(pick(2) == 0 ? "in" : "b2", attr.apply("name"), attr.apply("path")));
                default -> ORM.bundle("b", ORM.bundle("b1", attr.apply("id")), attr.apply("x1"), ORM.bundle("b2", attr.apply("name"), attr.apply("label")));
            });
            case 1 -> {
                recordBundle = true;
                yield ORM.select(ORM.bundle("r", attr.apply("id"), attr.apply("name")).as(IdName.class));
            }
            case 2 -> ORM.select(attr.apply("id"), attr.apply(second));
            case 3 -> {
                recordBundle = true;
                yield ORM.select(pick(2) == 0 ? ORM.dictBundle("m", attr.apply("id"), attr.apply("label"))
                        : ORM.dictBundle("m", attr.apply("id"), ORM.dictBundle("d", attr.apply("label"), attr.apply("noteCount"))));
            }
            default -> aliased ? ORM.select(e) : ORM.select(CkEdge.class);
        };
        IntUnaryOperator v = n -> values.nextInt(n);
        List<ClauseElement> where = new ArrayList<>();
        for (int i = pick(3); i > 0; i--) {
            where.add(switch (pick(11)) {
                case 0 -> attr.apply("start").lt(new CkPoint(v.applyAsInt(9), v.applyAsInt(9)));
                case 1 -> attr.apply("start").eq(new CkPoint(v.applyAsInt(9), v.applyAsInt(9)));
                case 2 -> attr.apply("start").ge(new CkPoint(v.applyAsInt(9), v.applyAsInt(9)));
                case 3 -> attr.apply("label").eq("l" + v.applyAsInt(9));
                case 4 -> aliased ? e.call("near", v.applyAsInt(9), v.applyAsInt(9)) : ORM.call(CkEdge.class, "near", v.applyAsInt(9), v.applyAsInt(9));
                case 5 -> attr.apply("noteCount").gt(v.applyAsInt(5));
                case 6 -> attr.apply("descendants").any(ORM.attr(CkEdge.class, "name").eq("d" + v.applyAsInt(9)));
                case 7 -> attr.apply("liveNotes").any(ORM.attr(CkNote.class, "body").ne("b" + v.applyAsInt(9)));
                case 8 -> attr.apply("orderedNotes").any(ORM.attr(CkNote.class, "pos").gt(v.applyAsInt(9)));
                case 9 -> {
                    // of_type towards an alias of the target: the criteria are the alias's
                    AliasedEntity<CkNote> n = ORM.aliased(CkNote.class, pick(2) == 0 ? "n1" : null);
                    yield attr.apply("notes").ofType(n).any(n.attr("body").eq("o" + v.applyAsInt(9)));
                }
                default -> attr.apply("notes").any();
            });
        }
        if (!where.isEmpty()) {
            q = q.where(where.toArray(new ClauseElement[0]));
        }
        // a set operation of the query (an entity's or columns'), maybe of one that is itself a set operation: what
        // follows (criteria, ordering, joins, loads, LIMIT) is adapted to the compound's subquery. Its other queries filter
        // on a column, a hybrid (parameters of its own), a hybrid method or the computed property (count())
        boolean compound = (shape == 2 || shape == 4) && oneIn(3);
        if (compound) {
            Query<?> base = shape == 4 ? (aliased ? ORM.select(e) : ORM.select(CkEdge.class)) : q;
            java.util.function.Supplier<ClauseElement> criterion = () -> switch (pick(4)) {
                case 0 -> attr.apply("x1").lt(v.applyAsInt(9));
                case 1 -> attr.apply("label").ne("u" + v.applyAsInt(9));
                case 2 -> aliased ? e.call("near", v.applyAsInt(9), v.applyAsInt(9)) : ORM.call(CkEdge.class, "near", v.applyAsInt(9), v.applyAsInt(9));
                default -> attr.apply("noteCount").lt(v.applyAsInt(5));
            };
            java.util.function.Supplier<Query<?>> other = () -> shape == 4 ? base.where(criterion.get())
                    : ORM.select(attr.apply("id"), attr.apply(second)).where(criterion.get());
            q = switch (pick(4)) {
                case 0 -> q.union(other.get());
                case 1 -> q.unionAll(other.get()).union(other.get());
                case 2 -> q.union(other.get()).except(other.get());
                default -> q.union(other.get().intersect(other.get()));
            };
            // criteria on the compound: on an entity's, any; on columns', the second column (the subquery's)
            if (oneIn(3)) {
                q = q.where(shape == 2 ? (second.equals("label") ? attr.apply("label").ne("w" + v.applyAsInt(9)) : attr.apply("noteCount").gt(v.applyAsInt(5)))
                        : criterion.get());
            }
        }
        // a compound of columns is ordered by what it selects; an ordering by names is given last, where whether a name
        // can be table-qualified is known
        int order = compound && shape == 2 ? 3 + pick(4, 3) : pick(7, 6);
        boolean byName = !compound && (order == 3 || order == 4);
        if (!byName) {
            q = ordered(q, order, shape, compound, "", false, attr);
        }
        // a compound of columns is not joined along descendants: its ON clause needs the path, which the compound does not
        // select (SQLAlchemy 2.1.1 renders ck_edge.path, a table not in FROM; Retort refuses: "Don't know how to join to
        // anonymous subquery", seed 3)
        int join = pick(9, 7);
        switch (compound && shape == 2 && join == 0 ? 8 : join) {
            case 0 -> q = q.join(ORM.aliased(CkEdge.class), attr.apply("descendants"));   // to itself: through an alias
            case 1 -> q = q.outerJoin(attr.apply("liveNotes"));
            case 2 -> q = q.join(attr.apply("notes"));
            case 3 -> q = q.join(attr.apply("orderedNotes"));
            case 4 -> {
                AliasedEntity<CkNote> n = ORM.aliased(CkNote.class, pick(2) == 0 ? "n2" : null);
                q = q.join(attr.apply("notes").ofType(n)).where(n.attr("body").ne("j" + v.applyAsInt(9)));
            }
            case 5 -> {
                // the join's rows fill the collection (an entity query only)
                AliasedEntity<CkNote> n = ORM.aliased(CkNote.class, pick(2) == 0 ? "n3" : null);
                q = q.outerJoin(n, attr.apply("notes"));
                if (shape == 4) {
                    q = q.options(ORM.containsEager(attr.apply("notes"), n));
                }
            }
            default -> { }
        }
        boolean joinedCollection = false;
        if (shape == 4 && pick(2) == 0) {
            // loader options apply when the query loads the entity itself
            String rel = List.of("descendants", "liveNotes", "notes", "orderedNotes", "sortedNotes", "sortedDescendants").get(pick(6));
            // of_type towards an unnamed alias: the loader reads the alias's FROM clause
            QueryableAttribute<Object> loaded = oneIn(3) ? attr.apply(rel).ofType(rel.endsWith("escendants") ? ORM.aliased(CkEdge.class) : ORM.aliased(CkNote.class))
                    : attr.apply(rel);
            joinedCollection = pick(2) == 1;
            q = q.options(joinedCollection ? ORM.joinedLoad(loaded) : ORM.selectinLoad(loaded));
        }
        switch (pick(5, 4)) {
            case 0 -> q = q.options(ORM.withLoaderCriteria(CkNote.class, ORM.attr(CkNote.class, "body").ne("c" + v.applyAsInt(9))));
            case 1 -> q = q.options(ORM.withLoaderCriteria(CkEdge.class, ORM.attr(CkEdge.class, "x1").gt(v.applyAsInt(9)), pick(2) == 0));
            case 2 -> q = q.options(ORM.withLoaderCriteria(CkNote.class, ORM.attr(CkNote.class, "pos").lt(v.applyAsInt(9))),
                    ORM.withLoaderCriteria(CkEdge.class, ORM.attr(CkEdge.class, "name").ne("c" + v.applyAsInt(9))));
            default -> { }
        }
        // a page: its size and place are values, as Core's
        int page = pick(6, 4);
        switch (page) {
            case 0 -> q = q.limit(1 + v.applyAsInt(20));
            case 1 -> q = q.offset(v.applyAsInt(20));
            case 2 -> q = q.limit(1 + v.applyAsInt(20)).offset(v.applyAsInt(20));
            default -> { }
        }
        // a joined collection load of a page wraps the query in a subquery: a name orders it inside and out
        return byName ? ordered(q, order, shape, false, aliased ? (aliasName == null ? "" : aliasName) : "ck_edge", joinedCollection && page < 3, attr) : q;
    }

    /**
     * {@code q} ordered as {@code order} chose: by attributes (a composite, a hybrid, a column property), or by names as
     * SQLAlchemy's {@code order_by("id")}: a selected column's name or its table-qualified one ({@code prefix}, empty
     * for an unnamed alias, whose name is anonymous). A wrapped query resolves table-qualified names only under the
     * legacy Query's label style, and then only those (SQLAlchemy 2.1.1 refuses the others).
     */
    private Query<?> ordered(Query<?> q, int order, int shape, boolean compound, String prefix, boolean wrapped,
            java.util.function.Function<String, QueryableAttribute<Object>> attr) {
        switch (order) {
            case 0 -> q = q.orderBy(attr.apply("start"));
            case 1 -> q = q.orderBy(attr.apply("label"));
            case 2 -> q = q.orderBy(attr.apply("noteCount"), attr.apply("id"));
            case 3 -> {
                if (compound) {
                    q = q.orderBy(attr.apply("id"));
                } else {
                    boolean qualified = !prefix.isEmpty() && pick(2) == 1;
                    String name = qualified ? prefix + "_id" : "id";
                    q = q.orderBy(pick(2) == 0 ? SQL.labelReference(name) : SQL.desc(SQL.labelReference(name)));
                    if (qualified && wrapped) {
                        q = q.labelStyle(dev.retort.sql.LabelStyle.TABLENAME_PLUS_COL);
                    }
                }
            }
            case 4 -> {
                if (compound) {
                    q = q.orderBy(SQL.desc(attr.apply("id")));
                } else if (shape == 4) {
                    // an entity's other columns by name (only its query selects them all)
                    boolean qualified = !prefix.isEmpty() && pick(2) == 1;
                    String other = pick(2) == 0 ? "name" : "x1";
                    q = q.orderBy(SQL.labelReference(qualified ? prefix + "_" + other : other), SQL.labelReference(qualified ? prefix + "_id" : "id"));
                    if (qualified && wrapped) {
                        q = q.labelStyle(dev.retort.sql.LabelStyle.TABLENAME_PLUS_COL);
                    }
                } else {
                    q = q.orderBy(SQL.labelReference("id"), attr.apply("id"));
                }
            }
            default -> { }
        }
        return q;
    }

    /**
     * Engineers with their managers (the join aliases the managers' tables, they share people's, and the managers read
     * the alias), or people through with_polymorphic or selectin_polymorphic.
     */
    private Query<?> people() {
        if (oneIn(2)) {
            return polymorphicPeople();
        }
        Query<?> q = ORM.select(CkEngineer.class, CkManager.class).join(ORM.attr(CkEngineer.class, "manager"));
        switch (pick(4, 3)) {
            case 0 -> q = q.where(ORM.attr(CkManager.class, "name").eq("m" + values.nextInt(9)));
            case 1 -> q = q.where(ORM.attr(CkEngineer.class, "lang").ne("l" + values.nextInt(9)), ORM.attr(CkPerson.class, "name").ne("p" + values.nextInt(9)));
            default -> { }
        }
        if (oneIn(3)) {
            q = q.limit(1 + values.nextInt(9)).offset(values.nextInt(9));
        }
        return q;
    }

    /** The subclasses with_polymorphic loads in full: null for all of them (both, in whatever order they are named). */
    private List<Class<?>> loadedWith(Class<?> a, Class<?> b) {
        return switch (pick(3)) {
            case 0 -> null;
            case 1 -> List.of(a);
            default -> List.of(b);
        };
    }

    /** The hierarchy {@code base} through with_polymorphic: plain, its tables aliased one by one, or a subquery. */
    private <T> AliasedEntity<T> withPolymorphic(Class<T> base, List<Class<?>> classes) {
        return switch (pick(3)) {
            case 0 -> ORM.withPolymorphic(base, classes);
            case 1 -> ORM.withPolymorphic(base, classes, ORM.Aliasing.FLAT);
            default -> ORM.withPolymorphic(base, classes, ORM.Aliasing.ALIASED);
        };
    }

    private Query<?> polymorphicPeople() {
        List<Class<?>> classes = loadedWith(CkEngineer.class, CkManager.class);
        if (oneIn(3)) {
            Query<?> q = ORM.select(CkPerson.class).options(ORM.selectinPolymorphic(CkPerson.class, classes));
            return oneIn(2) ? q.where(ORM.attr(CkPerson.class, "name").ne("s" + values.nextInt(9))) : q;
        }
        AliasedEntity<CkPerson> wp = withPolymorphic(CkPerson.class, classes);
        boolean entities = pick(2) == 0;
        Query<?> q = entities ? ORM.select(wp) : ORM.select(wp.attr("id"), wp.attr("name"));
        if (entities && (classes == null || classes.contains(CkEngineer.class)) && oneIn(2)) {
            // the engineers' managers loaded through the subclass's relationship on the polymorphic entity
            QueryableAttribute<Object> manager = wp.of(CkEngineer.class).attr("manager");
            q = q.options(pick(2) == 0 ? ORM.joinedLoad(manager) : ORM.selectinLoad(manager));
        }
        switch (pick(4, 3)) {
            // a subclass's column on the entity: only a subclass it loads
            case 0 -> {
                boolean engineers = classes == null || classes.contains(CkEngineer.class);
                AliasedEntity<?> of = engineers ? wp.of(CkEngineer.class) : wp.of(CkManager.class);
                q = q.where(of.attr(engineers ? "lang" : "name").ne("w" + values.nextInt(9)));
            }
            case 1 -> q = q.where(wp.attr("name").eq("p" + values.nextInt(9)), wp.attr("id").gt(values.nextInt(9)));
            default -> { }
        }
        if (oneIn(3)) {
            q = q.orderBy(wp.attr("name"));
        }
        if (oneIn(3)) {
            q = q.limit(1 + values.nextInt(9));
        }
        return q;
    }

    /** A single-table hierarchy: each subclass's query is the one table, its rows told apart by the discriminator. */
    private Query<?> staff() {
        int use = pick(6);
        // a subclass and its own column (a pick only where the structure shows it)
        Class<? extends CkStaff> sub = use <= 2 && pick(2) == 0 ? CkClerk.class : CkCourier.class;
        String own = sub == CkClerk.class ? "rank" : "route";
        Object ownValue = sub == CkClerk.class ? (Object) values.nextInt(9) : "r" + values.nextInt(9);
        Query<?> q;
        switch (use) {
            case 0 -> q = ORM.select(sub).where(ORM.attr(sub, own).ne(ownValue));
            case 1 -> q = ORM.select(ORM.attr(sub, "id"), ORM.attr(sub, own));
            case 2 -> {
                AliasedEntity<? extends CkStaff> a = ORM.aliased(sub, pick(2) == 0 ? "s1" : null);
                q = ORM.select(a).where(a.attr(own).eq(ownValue));
            }
            case 3 -> {
                AliasedEntity<CkStaff> wp = withPolymorphic(CkStaff.class, loadedWith(CkClerk.class, CkCourier.class));
                q = ORM.select(wp).where(wp.attr("name").ne("n" + values.nextInt(9)));
            }
            case 4 -> {
                // one subclass joined to the other: the same table twice, the second aliased, each with its discriminator
                AliasedEntity<CkCourier> c = ORM.aliased(CkCourier.class);
                q = ORM.select(ORM.attr(CkClerk.class, "name"), c.attr("route")).join(c, c.attr("name").eq(ORM.attr(CkClerk.class, "name")))
                        .where(ORM.attr(CkClerk.class, "rank").gt(values.nextInt(9)));
            }
            default -> q = ORM.select(CkStaff.class).where(ORM.attr(CkStaff.class, "name").eq("n" + values.nextInt(9)));
        }
        if (oneIn(3)) {
            q = q.limit(1 + values.nextInt(9)).offset(values.nextInt(9));
        }
        return q;
    }

    private Query<?> box() {
        Query<?> q = pick(2) == 0 ? ORM.select(CkBox.class) : ORM.select(ORM.attr(CkBox.class, "id"), ORM.attr(CkBox.class, "name"));
        if (pick(2) == 0) {
            q = q.where(ORM.attr(CkBox.class, "name").eq("n" + values.nextInt(9)));
        }
        // the element collection in criteria and joins (it has no loader options: it loads with its owner)
        QueryableAttribute<Object> tags = ORM.attr(CkBox.class, "tags");
        int use = pick(5);
        // its table, or an alias of it (a pick only where the structure shows it)
        QueryableAttribute<Object> rows = use >= 2 && pick(2) == 1 ? tags.aliased() : tags;
        switch (use) {
            case 1 -> q = q.where(tags.contains("t" + values.nextInt(9)));
            case 2 -> q = q.where(rows.any(rows.element().like("t" + values.nextInt(9) + "%")));
            case 3 -> q = q.join(rows).where(rows.element().eq("t" + values.nextInt(9)));
            case 4 -> q = q.outerJoin(rows).where(rows.element().isNull());
            default -> { }
        }
        return q;
    }
}
