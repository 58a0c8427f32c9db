package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Row;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A query of a mapped class returns exactly the rows of that class and its subclasses, over
 * generated hierarchies: each subclass joined-table or single-table, with or without a
 * discriminator (a single-table subclass needs one), nested one level further or not; two single-table subclasses
 * may keep their data in one column of the root's table, each under its own key. Each instance has its class's data. The shape
 * that read {@code FROM sub, base} (a joined subclass without a discriminator) is among them.
 * Each class is also read from a subquery of its rows joined to two related classes, the second join along
 * the class's own relationship ({@code select(subq).join(subq.notes).join(K.tags)}, after from_self()), its attributes
 * selected alone and joined along its relationship ({@code select(K.id, K.name).join(K.tags)}), and
 * selected with a joined-table subclass its relationship joins (whose tables the FROM clause has: an automatic
 * alias), that subclass's collection joined eagerly; the rows are checked against the data each time.
 * Run on SQLite; {@code -Dretort.hierarchy.seeds=N} runs more.
 */
class HierarchyRowsPropertyTest {
    /** The root. */
    public static class Root {
        Integer id;
        String name;
        Integer buddyId;
        /** A {@link Left} ({@code buddy_id}), mapped when Left has a table of its own and the hierarchy a discriminator. */
        Left buddy;
        List<Note> notes;
        List<Tag> tags;
    }

    /** Related to a root row. */
    public static class Note {
        Integer id;
        Integer ownerId;
    }

    /** Related to a root row too. */
    public static class Tag {
        Integer id;
        Integer ownerId;
    }

    /** A subclass of the root. */
    public static class Left extends Root {
        String leftData;
    }

    /** Another subclass of the root. */
    public static class Right extends Root {
        String rightData;
    }

    /** A subclass of {@link Left}. */
    public static class LeftLeaf extends Left {
        String leafData;
    }

    @Test
    void eachClassReadsItsOwnAndItsSubclassesRows() {
        int seeds = Integer.getInteger("retort.hierarchy.seeds", 40);
        for (int seed = 0; seed < seeds; seed++) {
            check(seed, false);
        }
    }

    /** Left and Right single-table, their data in one column of the root's table (a shape few seeds draw otherwise). */
    @Test
    void siblingsSharingAColumnReadTheirOwnData() {
        int seeds = Integer.getInteger("retort.hierarchy.seeds", 40) / 4;
        for (int seed = 0; seed < seeds; seed++) {
            check(seed, true);
        }
    }

    private static void check(int seed, boolean sharedData) {
        // SplittableRandom: java.util.Random's first boolean is the same for every small seed
        SplittableRandom r = new SplittableRandom(seed);
        boolean discriminated = sharedData || r.nextBoolean();
        boolean leftJoined = !sharedData && (!discriminated || r.nextBoolean());
        boolean withRight = sharedData || r.nextBoolean();
        boolean rightJoined = !sharedData && (!discriminated || r.nextBoolean());
        boolean withLeaf = r.nextBoolean();
        boolean leafJoined = !discriminated || r.nextBoolean();
        String shape = "seed " + seed + ": discriminated=" + discriminated + " left " + (leftJoined ? "joined" : "single")
                + (withRight ? ", right " + (rightJoined ? "joined" : "single") : "") + (withLeaf ? ", leaf " + (leafJoined ? "joined" : "single") : "")
                + (sharedData ? ", left_data and right_data one column" : "");
        try (OrmTestDatabase orm = new OrmTestDatabase()) {
            String sfx = orm.suffix;
            List<Column<?>> rootCols = new ArrayList<>(List.of(Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                    Column.of("name", Types.string(20)), Column.of("buddy_id", Types.INTEGER)));
            if (discriminated) {
                rootCols.add(Column.of("kind", Types.string(10)));
            }
            // single-table subclasses keep their columns in the root's table
            if (sharedData) {
                // Left's and Right's data in one column, each under its own key
                rootCols.add(Column.of("side_data", Types.string(20)));
            } else if (!leftJoined) {
                rootCols.add(Column.of("left_data", Types.string(20)));
            }
            if (withRight && !rightJoined && !sharedData) {
                rootCols.add(Column.of("right_data", Types.string(20)));
            }
            boolean leafInLeft = withLeaf && !leafJoined;
            if (leafInLeft && !leftJoined) {
                rootCols.add(Column.of("leaf_data", Types.string(20)));
            }
            Table root = new Table("root" + sfx, orm.metadata, rootCols.toArray(new Column<?>[0]));
            Table left = root;
            if (leftJoined) {
                List<Column<?>> cols = new ArrayList<>(List.of(Column.of("id", Types.INTEGER).primaryKey().autoincrement(false).foreignKey("root" + sfx + ".id"),
                        Column.of("left_data", Types.string(20))));
                if (leafInLeft) {
                    cols.add(Column.of("leaf_data", Types.string(20)));
                }
                left = new Table("left_t" + sfx, orm.metadata, cols.toArray(new Column<?>[0]));
            }
            Table right = withRight && rightJoined ? new Table("right_t" + sfx, orm.metadata, Column.of("id", Types.INTEGER).primaryKey()
                    .autoincrement(false).foreignKey("root" + sfx + ".id"), Column.of("right_data", Types.string(20))) : root;
            Table leaf = withLeaf && leafJoined ? new Table("leaf_t" + sfx, orm.metadata, Column.of("id", Types.INTEGER).primaryKey()
                    .autoincrement(false).foreignKey(left.name() + ".id"), Column.of("leaf_data", Types.string(20))) : left;
            Table notes = new Table("notes" + sfx, orm.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                    Column.of("owner_id", Types.INTEGER).foreignKey("root" + sfx + ".id"));
            Table tags = new Table("tags" + sfx, orm.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                    Column.of("owner_id", Types.INTEGER).foreignKey("root" + sfx + ".id"));
            // the notes joined eagerly by the mapping, or by an option where a shape loads them
            boolean notesJoined = r.nextBoolean();
            Map<String, Object> rootProps = new HashMap<>(Map.of("notes", notesJoined ? ORM.relationship(Note.class).lazy("joined") : ORM.relationship(Note.class),
                    "tags", ORM.relationship(Tag.class)));
            // with a discriminator: without one a query of Root loads a Left's row as a Root, which a buddy cannot be
            boolean buddies = leftJoined && discriminated;
            if (buddies) {
                rootProps.put("buddy", ORM.relationship(Left.class).primaryJoin(left.c("id").eq(root.c("buddy_id"))).foreignKeys(root.c("buddy_id")));
            }
            orm.registry.mapImperatively(Note.class, notes, Map.of());
            orm.registry.mapImperatively(Tag.class, tags, Map.of());
            if (discriminated) {
                orm.registry.mapImperatively(Root.class, root, rootProps, ORM.polymorphicOn(root.c("kind")).identity("root"));
            } else {
                orm.registry.mapImperatively(Root.class, root, rootProps);
            }
            Map<String, Object> leftProps = sharedData ? Map.of("leftData", root.c("side_data")) : Map.of();
            orm.registry.mapImperatively(Left.class, left, leftProps, discriminated ? ORM.inherits(Root.class).identity("left") : ORM.inherits(Root.class));
            if (withRight) {
                Map<String, Object> rightProps = sharedData ? Map.of("rightData", root.c("side_data")) : Map.of();
                orm.registry.mapImperatively(Right.class, right, rightProps, discriminated ? ORM.inherits(Root.class).identity("right") : ORM.inherits(Root.class));
            }
            if (withLeaf) {
                orm.registry.mapImperatively(LeftLeaf.class, leaf, Map.of(), discriminated ? ORM.inherits(Left.class).identity("leaf") : ORM.inherits(Left.class));
            }
            orm.start(Databases.Database.SQLITE);
            Map<Class<?>, Map<Integer, String>> expected = new HashMap<>();
            Session s = orm.open();
            List<Class<? extends Root>> kinds = new ArrayList<>(List.of(Root.class, Left.class));
            if (withRight) {
                kinds.add(Right.class);
            }
            if (withLeaf) {
                kinds.add(LeftLeaf.class);
            }
            List<Root> made = new ArrayList<>();
            for (int i = 0, n = 2 + r.nextInt(8); i < n; i++) {
                Root o = switch (kinds.get(r.nextInt(kinds.size())).getSimpleName()) {
                    case "Left" -> new Left();
                    case "Right" -> new Right();
                    case "LeftLeaf" -> new LeftLeaf();
                    default -> new Root();
                };
                o.id = i + 1;
                o.name = "o" + i;
                if (o instanceof Left l) {
                    l.leftData = "l" + o.id;
                } else if (o instanceof Right rt) {
                    rt.rightData = "r" + o.id;
                }
                s.add(o);
                made.add(o);
            }
            List<Root> lefts = made.stream().filter(Left.class::isInstance).toList();
            Map<Integer, Integer> noteCount = new TreeMap<>();
            Map<Integer, Integer> tagCount = new TreeMap<>();
            Map<Integer, List<Integer>> notesOf = new HashMap<>();
            for (Root o : made) {
                o.buddyId = buddies && !lefts.isEmpty() && r.nextBoolean() ? lefts.get(r.nextInt(lefts.size())).id : null;
                noteCount.put(o.id, r.nextInt(3));
                tagCount.put(o.id, r.nextInt(3));
                notesOf.put(o.id, new ArrayList<>());
            }
            int id = 0;
            for (Root o : made) {
                for (int i = 0; i < noteCount.get(o.id); i++) {
                    Note n = new Note();
                    n.id = ++id;
                    n.ownerId = o.id;
                    notesOf.get(o.id).add(n.id);
                    s.add(n);
                }
                for (int i = 0; i < tagCount.get(o.id); i++) {
                    Tag t = new Tag();
                    t.id = ++id;
                    t.ownerId = o.id;
                    s.add(t);
                }
            }
            s.commit();
            for (Class<? extends Root> k : kinds) {
                Map<Integer, String> rows = new TreeMap<>();
                made.stream().filter(k::isInstance).forEach(o -> rows.put(o.id, o.name));
                expected.put(k, rows);
            }
            for (Class<? extends Root> k : kinds) {
                // each row once, with its own values (a product of two tables repeats keys with other rows' values)
                try (Session t = SessionFactory.of(orm.engine()).open()) {
                    List<? extends Root> all = t.query(k).all();
                    Map<Integer, String> got = new TreeMap<>();
                    all.forEach(o -> got.put(o.id, o.name));
                    for (Root o : all) {
                        // a subclass's own attribute, as written
                        Object data = o instanceof Left l ? l.leftData : o instanceof Right rt ? rt.rightData : null;
                        String want = o instanceof Left ? "l" + o.id : o instanceof Right ? "r" + o.id : null;
                        assertThat(data).as(shape + ": " + o.getClass().getSimpleName() + " " + o.id + "'s data, read by a query of " + k.getSimpleName()).isEqualTo(want);
                    }
                    assertThat(all).as(shape + ": the rows of " + k.getSimpleName()).hasSize(expected.get(k).size());
                    assertThat(got).as(shape + ": the rows of " + k.getSimpleName()).isEqualTo(expected.get(k));
                    assertThat(t.query(k).count()).as(shape + ": the count of " + k.getSimpleName()).isEqualTo(expected.get(k).size());
                }
                try (Session t = SessionFactory.of(orm.engine()).open()) {
                    // from a subquery of its rows, then along its own relationship: one row per note and tag of each
                    AliasedEntity<? extends Root> subq = ORM.aliased(k, ORM.select(k).innerStatement().subquery());
                    Map<Integer, Integer> got = new TreeMap<>();
                    // the notes not joined eagerly: a joined collection would make the instances unique
                    Query<Row> q = ORM.select(subq).join(subq.attr("notes")).join(ORM.attr(k, "tags")).options(ORM.lazyLoad(subq.attr("notes")));
                    for (Object o : q.withSession(t).all()) {
                        got.merge(((Root) o).id, 1, Integer::sum);
                    }
                    Map<Integer, Integer> want = new TreeMap<>();
                    expected.get(k).keySet().forEach(i -> {
                        if (noteCount.get(i) * tagCount.get(i) > 0) {
                            want.put(i, noteCount.get(i) * tagCount.get(i));
                        }
                    });
                    assertThat(got).as(shape + ": " + k.getSimpleName() + " from a subquery, joined to notes and tags: " + orm.sqlOf(q)).isEqualTo(want);
                    // its attributes selected alone, joined along its relationship: one row per tag of each, with its own name
                    Query<Row> attrs = ORM.select(ORM.attr(k, "id"), ORM.attr(k, "name")).join(ORM.attr(k, "tags"));
                    Map<Integer, Integer> perId = new TreeMap<>();
                    for (Row row : attrs.withSession(t).all()) {
                        assertThat(row.get(1)).as(shape + ": " + k.getSimpleName() + "'s name with its id: " + orm.sqlOf(attrs)).isEqualTo(expected.get(k).get(row.get(0)));
                        perId.merge((Integer) row.get(0), 1, Integer::sum);
                    }
                    Map<Integer, Integer> tagged = new TreeMap<>();
                    expected.get(k).keySet().stream().filter(i -> tagCount.get(i) > 0).forEach(i -> tagged.put(i, tagCount.get(i)));
                    assertThat(perId).as(shape + ": " + k.getSimpleName() + "'s attributes joined to its tags: " + orm.sqlOf(attrs)).isEqualTo(tagged);
                }
                if (buddies && k != Left.class) {
                    checkWithBuddies(orm, k, made, notesOf, notesJoined, shape);
                }
            }
        }
    }

    /**
     * {@code select(K, Left).join(K.buddy)}: Left's tables are in the FROM clause already (a subclass of K's class, or of its
     * root), so the join aliases them, and the selected Left and its notes (joined eagerly) are read from that alias.
     */
    private static void checkWithBuddies(OrmTestDatabase orm, Class<? extends Root> k, List<Root> made, Map<Integer, List<Integer>> notesOf, boolean notesJoined, String shape) {
        Set<String> want = new TreeSet<>();
        for (Root o : made) {
            if (k.isInstance(o) && o.buddyId != null) {
                want.add(o.id + " -> " + o.buddyId + " " + notesOf.get(o.buddyId));
            }
        }
        Query<Row> q = ORM.select(k, Left.class).join(ORM.attr(k, "buddy"));
        q = notesJoined ? q : q.options(ORM.joinedLoad(ORM.attr(Left.class, "notes")));
        Set<String> got = new TreeSet<>();
        try (Session t = SessionFactory.of(orm.engine()).open()) {
            for (Row row : q.withSession(t).all()) {
                Root o = (Root) row.get(0);
                Left b = (Left) row.get(1);
                got.add(o.id + " -> " + b.id + " " + b.notes.stream().map(n -> n.id).sorted().toList());
            }
        }
        assertThat(got).as(shape + ": " + k.getSimpleName() + " with the Left its buddy is, aliased: " + orm.sqlOf(q)).isEqualTo(want);
    }
}
