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
 * ORM queries over the recently added constructs, built from genes (structure) and values: bundles and record bundles,
 * a composite compared and ordered by, a late column property and a late relationship ({@code Mapper.addProperty}),
 * an element collection joined and loaded, an unpaired view-only relationship with its own primary join, a
 * self-referential {@code ORM.remote()} relationship, and a hybrid attribute and hybrid method (whose SQL is rebuilt,
 * with fresh parameters, on each use). {@link #signature} names the structure the genes chose.
 */
final class OrmConstructsGenerator {
    static final MetaData MD = new MetaData();
    static final Table EDGE = new Table("ck_edge", MD, Column.of("id", Types.INTEGER).primaryKey(), Column.of("x1", Types.INTEGER),
            Column.of("y1", Types.INTEGER), Column.of("name", Types.string(20)), Column.of("path", Types.string(40)));
    static final Table NOTE = new Table("ck_note", MD, Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("edge_id", Types.INTEGER).foreignKey("ck_edge.id"), Column.of("body", Types.string(40)));
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
        REGISTRY.map(CkBox.class);
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

    private final int[] genes;
    private final SplittableRandom values;
    private int at;
    private final StringBuilder signature = new StringBuilder();
    private boolean recordBundle;
    private boolean limited;

    OrmConstructsGenerator(int[] genes, SplittableRandom values) {
        this.genes = genes;
        this.values = values;
    }

    /** The structure chosen so far: equal for equal genes, whatever the values. */
    String signature() {
        return signature.toString();
    }

    /** Whether the query holds a record bundle, which the serializer refuses (load the bundle of rows and call as()). */
    boolean recordBundle() {
        return recordBundle;
    }

    /** Whether the query has a LIMIT, whose value the ORM query's key holds (see the hand-over h-cache2). */
    boolean limited() {
        return limited;
    }

    private int pick(int n) {
        int p = genes[at++ % genes.length] % n;
        signature.append(p).append(',');
        return p;
    }

    Query<?> build() {
        if (pick(5) == 0) {
            return box();
        }
        boolean aliased = pick(3) == 0;
        AliasedEntity<CkEdge> e = aliased ? ORM.aliased(CkEdge.class, pick(2) == 0 ? "e1" : null) : null;
        java.util.function.Function<String, QueryableAttribute<Object>> attr = k -> aliased ? e.attr(k) : ORM.attr(CkEdge.class, k);
        int shape = pick(5);
        Query<?> q = switch (shape) {
            case 0 -> ORM.select(ORM.bundle(pick(2) == 0 ? "b" : "c", attr.apply("id"), attr.apply("name")));
            case 1 -> {
                recordBundle = true;
                yield ORM.select(ORM.bundle("r", attr.apply("id"), attr.apply("name")).as(IdName.class));
            }
            case 2 -> ORM.select(attr.apply("id"), attr.apply(pick(2) == 0 ? "label" : "noteCount"));
            default -> aliased ? ORM.select(e) : ORM.select(CkEdge.class);
        };
        IntUnaryOperator v = n -> values.nextInt(n);
        List<ClauseElement> where = new ArrayList<>();
        for (int i = pick(3); i > 0; i--) {
            where.add(switch (pick(9)) {
                case 0 -> attr.apply("start").lt(new CkPoint(v.applyAsInt(9), v.applyAsInt(9)));
                case 1 -> attr.apply("start").eq(new CkPoint(v.applyAsInt(9), v.applyAsInt(9)));
                case 2 -> attr.apply("start").ge(new CkPoint(v.applyAsInt(9), v.applyAsInt(9)));
                case 3 -> attr.apply("label").eq("l" + v.applyAsInt(9));
                case 4 -> aliased ? e.call("near", v.applyAsInt(9), v.applyAsInt(9)) : ORM.call(CkEdge.class, "near", v.applyAsInt(9), v.applyAsInt(9));
                case 5 -> attr.apply("noteCount").gt(v.applyAsInt(5));
                case 6 -> attr.apply("descendants").any(ORM.attr(CkEdge.class, "name").eq("d" + v.applyAsInt(9)));
                case 7 -> attr.apply("liveNotes").any(ORM.attr(CkNote.class, "body").ne("b" + v.applyAsInt(9)));
                default -> attr.apply("notes").any();
            });
        }
        if (!where.isEmpty()) {
            q = q.where(where.toArray(new ClauseElement[0]));
        }
        switch (pick(5)) {
            case 0 -> q = q.orderBy(attr.apply("start"));
            case 1 -> q = q.orderBy(attr.apply("label"));
            case 2 -> q = q.orderBy(attr.apply("noteCount"), attr.apply("id"));
            default -> { }
        }
        switch (pick(6)) {
            case 0 -> q = q.join(ORM.aliased(CkEdge.class), attr.apply("descendants"));   // to itself: through an alias
            case 1 -> q = q.outerJoin(attr.apply("liveNotes"));
            case 2 -> q = q.join(attr.apply("notes"));
            default -> { }
        }
        if (shape > 2 && pick(2) == 0) {
            // loader options apply when the query loads the entity itself
            String rel = List.of("descendants", "liveNotes", "notes").get(pick(3));
            q = q.options(pick(2) == 0 ? ORM.selectinLoad(attr.apply(rel)) : ORM.joinedLoad(attr.apply(rel)));
        }
        if (pick(4) == 0) {
            limited = true;
            q = q.limit(1 + v.applyAsInt(20));
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
