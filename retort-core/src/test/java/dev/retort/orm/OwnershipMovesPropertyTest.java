package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Row;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import jakarta.persistence.CascadeType;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Children moved between parents, removed, added and deleted over the relationship kinds the
 * mapping annotations make, against a plain model of the rows: a one-to-many without
 * delete-orphan (items: a removed item keeps its row, its box NULL), one with
 * {@code orphanRemoval} and {@code CascadeType.ALL} (parts: a removed part is deleted, a moved one
 * kept), a many-to-many (labels), an {@code @ElementCollection} of strings (tags, a bag; moved by
 * value between boxes, replaced whole), and boxes deleted with all of them. Flushes, commits and
 * rollbacks at random points; after each flush the rows in its transaction, after each commit
 * the rows a fresh session loads, must equal the model. A failure names the seed and the
 * operations so far. (The tree, joined-inheritance children and many-to-many delete-orphan are
 * {@link UnitOfWorkGraphPropertyTest}'s and {@link ManyToManyOrphansTest}'s.)
 */
class OwnershipMovesPropertyTest {
    static final int SEQUENCES = Integer.getInteger("retort.uow.sequences", 12);
    static final int OPERATIONS = 40;

    @Entity
    public static class Box {
        @Id Integer id;
        String name;
        @OneToMany(mappedBy = "box") List<Item> items = new ArrayList<>();
        @OneToMany(mappedBy = "owner", cascade = CascadeType.ALL, orphanRemoval = true) List<Part> parts = new ArrayList<>();
        @ElementCollection List<String> tags = new ArrayList<>();
        @ManyToMany @JoinTable(name = "box_labels", joinColumns = @JoinColumn(name = "box_id"), inverseJoinColumns = @JoinColumn(name = "label_id"))
        List<Label> labels = new ArrayList<>();

        @Override
        public String toString() {
            return "Box" + id;
        }
    }

    @Entity
    public static class Item {
        @Id Integer id;
        String name;
        @ManyToOne Box box;

        @Override
        public String toString() {
            return "Item" + id;
        }
    }

    @Entity
    public static class Part {
        @Id Integer id;
        String name;
        @ManyToOne Box owner;

        @Override
        public String toString() {
            return "Part" + id;
        }
    }

    @Entity
    public static class Label {
        @Id Integer id;
        String name;

        @Override
        public String toString() {
            return "Label" + id;
        }
    }

    /** What the rows must say: boxes, each item's box (or null), each part's box, each box's tags (sorted) and labels. */
    record Model(TreeSet<Integer> boxes, TreeMap<Integer, Integer> itemBox, TreeMap<Integer, Integer> partBox,
            TreeMap<Integer, List<String>> tags, TreeMap<Integer, TreeSet<Integer>> labels) {
        static Model empty() {
            return new Model(new TreeSet<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
        }

        Model copy() {
            TreeMap<Integer, List<String>> t = new TreeMap<>();
            tags.forEach((k, v) -> t.put(k, new ArrayList<>(v)));
            TreeMap<Integer, TreeSet<Integer>> l = new TreeMap<>();
            labels.forEach((k, v) -> l.put(k, new TreeSet<>(v)));
            return new Model(new TreeSet<>(boxes), new TreeMap<>(itemBox), new TreeMap<>(partBox), t, l);
        }

        /** As read back: tags sorted, empty collections left out. */
        String canonical() {
            TreeMap<Integer, List<String>> t = new TreeMap<>();
            tags.forEach((k, v) -> {
                if (!v.isEmpty()) {
                    t.put(k, v.stream().sorted().toList());
                }
            });
            TreeMap<Integer, TreeSet<Integer>> l = new TreeMap<>(labels);
            l.values().removeIf(TreeSet::isEmpty);
            return "boxes=" + boxes + " items=" + itemBox + " parts=" + partBox + " tags=" + t + " labels=" + l;
        }
    }

    static Stream<Arguments> sequences() {
        long first = Long.getLong("retort.uow.firstSeed", 0L);
        return Stream.of(Databases.Database.SQLITE, Databases.Database.POSTGRESQL)
                .flatMap(db -> Stream.iterate(first, x -> x + 1).limit(SEQUENCES).map(seed -> Arguments.of(db, seed)));
    }

    private OrmTestDatabase t;

    private Table table(String name) {
        return t.metadata.tables().get(name + t.suffix);
    }

    /** The rows {@code conn} sees, in the model's canonical form. */
    private String rows(dev.retort.engine.Connection conn) {
        Model m = Model.empty();
        for (Row r : conn.execute(SQL.select(table("Box").c("id"))).all()) {
            m.boxes().add(((Number) r.get(0)).intValue());
        }
        for (Row r : conn.execute(SQL.select(table("Item").c("id"), table("Item").c("box_id"))).all()) {
            m.itemBox().put(((Number) r.get(0)).intValue(), r.get(1) == null ? null : ((Number) r.get(1)).intValue());
        }
        for (Row r : conn.execute(SQL.select(table("Part").c("id"), table("Part").c("owner_id"))).all()) {
            m.partBox().put(((Number) r.get(0)).intValue(), r.get(1) == null ? null : ((Number) r.get(1)).intValue());
        }
        for (Row r : conn.execute(SQL.select(table("Box_tags").c("Box_id"), table("Box_tags").c("tags"))).all()) {
            m.tags().computeIfAbsent(((Number) r.get(0)).intValue(), k -> new ArrayList<>()).add((String) r.get(1));
        }
        for (Row r : conn.execute(SQL.select(table("box_labels").c("box_id"), table("box_labels").c("label_id"))).all()) {
            m.labels().computeIfAbsent(((Number) r.get(0)).intValue(), k -> new TreeSet<>()).add(((Number) r.get(1)).intValue());
        }
        return m.canonical();
    }

    /** What a fresh session loads through the mapping, in the model's canonical form. */
    private String loaded() {
        try (Session fresh = t.open()) {
            Model m = Model.empty();
            for (Box b : fresh.query(Box.class).all()) {
                m.boxes().add(b.id);
                b.items.forEach(i -> m.itemBox().put(i.id, b.id));
                b.parts.forEach(p -> m.partBox().put(p.id, b.id));
                m.tags().put(b.id, new ArrayList<>(b.tags));
                b.labels.forEach(l -> m.labels().computeIfAbsent(b.id, k -> new TreeSet<>()).add(l.id));
            }
            for (Item i : fresh.query(Item.class).all()) {
                assertThat(i.box == null ? null : i.box.id).as("item %s's box", i.id).isEqualTo(m.itemBox().get(i.id));
                m.itemBox().put(i.id, i.box == null ? null : i.box.id);
            }
            for (Part p : fresh.query(Part.class).all()) {
                assertThat(p.owner == null ? null : p.owner.id).as("part %s's box", p.id).isEqualTo(m.partBox().get(p.id));
                m.partBox().put(p.id, p.owner == null ? null : p.owner.id);
            }
            return m.canonical();
        }
    }

    @ParameterizedTest(name = "[{index}] {0} seed {1}")
    @MethodSource("sequences")
    void movesBetweenParentsKeepTheRowsTheModelSays(Databases.Database db, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> done = new ArrayList<>();
        try (OrmTestDatabase test = new OrmTestDatabase().suffixingMappedTables()) {
            t = test;
            t.registry.map(Box.class, Item.class, Part.class, Label.class);
            t.start(db);
            Model model = Model.empty();
            Session s = t.open();
            List<Label> labels = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                Label l = new Label();
                l.id = i;
                l.name = "l" + i;
                s.add(l);
                labels.add(l);
            }
            int[] next = {1};
            // deleted objects stay in these maps: a rollback brings them back to the session
            Map<Integer, Box> boxes = new HashMap<>();
            Map<Integer, Item> items = new HashMap<>();
            Map<Integer, Part> parts = new HashMap<>();
            Model committed = model.copy();
            try {
                for (int op = 0; op < OPERATIONS; op++) {
                    List<Integer> boxIds = new ArrayList<>(model.boxes());
                    Box any = boxIds.isEmpty() ? null : boxes.get(boxIds.get(r.nextInt(boxIds.size())));
                    Box other = boxIds.isEmpty() ? null : boxes.get(boxIds.get(r.nextInt(boxIds.size())));
                    List<Integer> itemIds = new ArrayList<>(model.itemBox().keySet());
                    Item item = itemIds.isEmpty() ? null : items.get(itemIds.get(r.nextInt(itemIds.size())));
                    List<Integer> partIds = new ArrayList<>(model.partBox().keySet());
                    Part part = partIds.isEmpty() ? null : parts.get(partIds.get(r.nextInt(partIds.size())));
                    int kind = boxIds.size() < 2 ? 0 : r.nextInt(16);
                    String what;
                    switch (kind) {
                        case 0 -> {
                            Box b = new Box();
                            b.id = next[0]++;
                            b.name = "b" + b.id;
                            if (r.nextBoolean()) {
                                b.tags.add("t" + r.nextInt(3));
                            }
                            s.add(b);
                            boxes.put(b.id, b);
                            model.boxes().add(b.id);
                            model.tags().put(b.id, new ArrayList<>(b.tags));
                            what = "new " + b + " tags " + b.tags;
                        }
                        case 1 -> {
                            Item i = new Item();
                            i.id = next[0]++;
                            i.name = "i" + i.id;
                            s.add(i);
                            any.items.add(i);
                            items.put(i.id, i);
                            model.itemBox().put(i.id, any.id);
                            what = "new " + i + " in " + any;
                        }
                        case 2, 3 -> {
                            if (item == null) {
                                continue;
                            }
                            Integer from = model.itemBox().get(item.id);
                            Box to = r.nextInt(4) == 0 ? null : other;
                            int style = r.nextInt(3);
                            if (style == 0) {
                                item.box = to;
                            } else {
                                if (from != null && style == 1) {
                                    boxes.get(from).items.remove(item);
                                }
                                if (to != null) {
                                    to.items.add(item);
                                } else if (from != null) {
                                    boxes.get(from).items.remove(item);
                                }
                            }
                            model.itemBox().put(item.id, to == null ? null : to.id);
                            what = item + " from Box" + from + " to " + to + " style " + style;
                        }
                        case 4 -> {
                            if (item == null) {
                                continue;
                            }
                            Integer from = model.itemBox().get(item.id);
                            if (from != null && r.nextBoolean()) {
                                boxes.get(from).items.remove(item);
                            }
                            s.flush();   // a pending item is not deleted but expunged
                            s.delete(item);
                            model.itemBox().remove(item.id);
                            what = "delete " + item;
                        }
                        case 5 -> {
                            Part p = new Part();
                            p.id = next[0]++;
                            p.name = "p" + p.id;
                            any.parts.add(p);
                            parts.put(p.id, p);
                            model.partBox().put(p.id, any.id);
                            what = "new " + p + " in " + any;
                        }
                        case 6, 7 -> {
                            if (part == null) {
                                continue;
                            }
                            Box from = boxes.get(model.partBox().get(part.id));
                            int style = r.nextInt(3);
                            switch (style) {
                                case 0 -> {
                                    from.parts.remove(part);
                                    other.parts.add(part);
                                }
                                case 1 -> {
                                    other.parts.add(part);
                                    from.parts.remove(part);
                                }
                                default -> part.owner = other;
                            }
                            if (from == other && other.parts.stream().noneMatch(p -> p == part)) {
                                // added again to its own list (no change: a member is there once) then removed: an orphan now
                                model.partBox().remove(part.id);
                            } else {
                                model.partBox().put(part.id, other.id);
                            }
                            what = part + " from " + from + " to " + other + " style " + style;
                        }
                        case 8 -> {
                            if (part == null) {
                                continue;
                            }
                            Box from = boxes.get(model.partBox().get(part.id));
                            from.parts.remove(part);
                            model.partBox().remove(part.id);
                            what = "orphan " + part + " of " + from;
                        }
                        case 9 -> {
                            String tag = "t" + r.nextInt(3);
                            any.tags.add(tag);
                            model.tags().get(any.id).add(tag);
                            what = "tag " + any + " " + tag;
                        }
                        case 10 -> {
                            List<String> from = model.tags().get(any.id);
                            if (from.isEmpty()) {
                                continue;
                            }
                            String tag = from.get(r.nextInt(from.size()));
                            any.tags.remove(tag);
                            from.remove(tag);
                            boolean move = r.nextBoolean();
                            if (move) {
                                other.tags.add(tag);
                                model.tags().get(other.id).add(tag);
                            }
                            what = (move ? "move tag " : "untag ") + any + " " + tag + (move ? " to " + other : "");
                        }
                        case 11 -> {
                            List<String> replaced = new ArrayList<>();
                            for (int n = r.nextInt(3); n > 0; n--) {
                                replaced.add("t" + r.nextInt(3));
                            }
                            any.tags = new ArrayList<>(replaced);
                            model.tags().put(any.id, replaced);
                            what = "tags of " + any + " = " + replaced;
                        }
                        case 12 -> {
                            Label l = labels.get(r.nextInt(labels.size()));
                            TreeSet<Integer> has = model.labels().computeIfAbsent(any.id, k -> new TreeSet<>());
                            if (has.contains(l.id)) {
                                any.labels.remove(l);
                                has.remove(l.id);
                                what = "unlabel " + any + " " + l;
                            } else {
                                any.labels.add(l);
                                has.add(l.id);
                                what = "label " + any + " " + l;
                            }
                        }
                        case 13 -> {
                            // the items stay with no box, the parts, tags and label rows go with it
                            s.flush();
                            s.delete(any);
                            model.boxes().remove(any.id);
                            model.itemBox().replaceAll((k, v) -> any.id.equals(v) ? null : v);
                            model.partBox().values().removeIf(any.id::equals);
                            model.tags().remove(any.id);
                            model.labels().remove(any.id);
                            what = "delete " + any;
                        }
                        case 14 -> {
                            s.flush();
                            String want = model.canonical();
                            assertThat(rows(s.connection())).as("seed %d after flush: %s", seed, done).isEqualTo(want);
                            what = "flush";
                        }
                        default -> {
                            if (r.nextInt(4) == 0) {
                                s.rollback();
                                model = committed.copy();
                                Model m = model;
                                boxes.keySet().retainAll(m.boxes());
                                items.keySet().retainAll(m.itemBox().keySet());
                                parts.keySet().retainAll(m.partBox().keySet());
                                what = "rollback";
                            } else {
                                s.commit();
                                committed = model.copy();
                                assertThat(loaded()).as("seed %d, a fresh session after commit: %s", seed, done).isEqualTo(model.canonical());
                                what = "commit";
                            }
                        }
                    }
                    done.add(what);
                }
                s.commit();
                assertThat(loaded()).as("seed %d, a fresh session at the end: %s", seed, done).isEqualTo(model.canonical());
                try (dev.retort.engine.Connection c = t.engine().connect()) {
                    assertThat(rows(c)).as("seed %d, the tables at the end: %s", seed, done).isEqualTo(model.canonical());
                }
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + " on " + db + " after " + done + ": " + e, e);
            } finally {
                s.close();
            }
        }
    }
}
