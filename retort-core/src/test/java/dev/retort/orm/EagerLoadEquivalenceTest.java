package dev.retort.orm;

import static dev.retort.sql.SQL.insert;
import static dev.retort.testing.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.orm.OrmEvents.InstanceEvent;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Joined and select-in loads give what lazy loading gives, on generated data meant to catch a
 * loader's shortcuts going wrong: owners with 0 to 6 items and 0 to 3 notes, NULLs in every
 * nullable column (an outer join's missing member and a member whose columns are NULL look
 * alike but for the key), items of no owner, two collections joined at once (each member
 * repeated on many rows), owners sorted by a name several share (one owner's rows need not be
 * consecutive), members already in the session, and LIMIT. Each owner, member, collection order
 * and back-reference is compared, and each load fires one after-load event per instance.
 */
class EagerLoadEquivalenceTest {
    /** An owner (parent of items and notes). */
    public static class Owner {
        Integer id;
        String name;
        List<Item> items = new ArrayList<>();
        List<Note> notes = new ArrayList<>();
    }

    /** An owner's item; its label and qty may be NULL, and so may its owner. */
    public static class Item {
        Integer id;
        String label;
        Integer qty;
        Owner owner;
    }

    /** An owner's note. */
    public static class Note {
        Integer id;
        String body;
        Owner owner;
    }

    private static final String[] NAMES = {"ann", "bob", null, "cy"};

    private final OrmTestDatabase t = new OrmTestDatabase();
    private final Table owners = new Table("owners" + t.suffix, t.metadata,
            Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
            Column.of("name", Types.string(20)));
    private final Table items = new Table("items" + t.suffix, t.metadata,
            Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
            Column.of("owner_id", Types.INTEGER).foreignKey("owners" + t.suffix + ".id"),
            Column.of("label", Types.string(20)),
            Column.of("qty", Types.INTEGER));
    private final Table notes = new Table("notes" + t.suffix, t.metadata,
            Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
            Column.of("owner_id", Types.INTEGER).foreignKey("owners" + t.suffix + ".id"),
            Column.of("body", Types.string(20)));
    private long seed;
    private int loadedInstances;

    private void setUp(Databases.Database db) {
        // Items by qty (NULLs where the database sorts them), then by id descending: not the key's order.
        t.registry.mapImperatively(Owner.class, owners, Map.of(
                "items", ORM.relationship(Item.class).backref("owner").orderBy(items.c("qty"), items.c("id").desc()),
                "notes", ORM.relationship(Note.class).backref("owner").orderBy(notes.c("id"))));
        t.registry.mapImperatively(Item.class, items);
        t.registry.mapImperatively(Note.class, notes);
        t.registry.events().listen(Object.class, InstanceEvent.AFTER_LOAD, (s, o) -> loadedInstances++);
        t.start(db);
        seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        List<Map<String, Object>> o = new ArrayList<>();
        List<Map<String, Object>> i = new ArrayList<>();
        List<Map<String, Object>> n = new ArrayList<>();
        int itemId = 1000;
        int noteId = 5000;
        for (int id = 1; id <= 80; id++) {
            o.add(row("id", id, "name", NAMES[random.nextInt(NAMES.length)]));
            for (int k = random.nextInt(7); k > 0; k--) {
                // Ids not in the owners' order, so that members of one owner are not consecutive by key.
                i.add(row("id", itemId += 1 + random.nextInt(3), "owner_id", id, "label", random.nextInt(4) == 0 ? null : "l" + random.nextInt(5),
                        "qty", random.nextInt(3) == 0 ? null : random.nextInt(4)));
            }
            for (int k = random.nextInt(4); k > 0; k--) {
                n.add(row("id", noteId -= 1 + random.nextInt(2), "owner_id", id, "body", random.nextInt(3) == 0 ? null : "n" + k));
            }
        }
        i.add(row("id", 1, "owner_id", null, "label", "orphan", "qty", 1));
        t.engine().inTransaction(conn -> {
            conn.execute(insert(owners), o);
            conn.execute(insert(items), i);
            conn.execute(insert(notes), n);
        });
    }

    /** Each owner with its items and notes in order, and whether each member's owner is that very owner. */
    private static String describe(List<Owner> list) {
        StringBuilder b = new StringBuilder();
        for (Owner o : list) {
            b.append(o.id).append('/').append(o.name).append(" items[");
            for (Item i : o.items) {
                b.append(i.id).append('/').append(i.label).append('/').append(i.qty).append(i.owner == o ? "" : "!owner").append(' ');
            }
            b.append("] notes[");
            for (Note n : o.notes) {
                b.append(n.id).append('/').append(n.body).append(n.owner == o ? "" : "!owner").append(' ');
            }
            b.append("]\n");
        }
        return b.toString();
    }

    private QueryableAttribute<?> attr(String key) {
        return ORM.attr(Owner.class, key);
    }

    /** The owners {@code shape} selects, loaded lazily in a session of their own: what every eager variant must give. */
    private String lazily(Function<Query<Owner>, Query<Owner>> shape) {
        try (Session s = SessionFactory.of(t.engine()).open()) {
            return describe(shape.apply(s.query(Owner.class)).all());
        }
    }

    /**
     * The owners {@code shape} selects, loaded with {@code options} in a new session; checks one
     * after-load event per instance the options load (owners, items, and notes if {@code notesToo}).
     */
    private String eagerly(Function<Query<Owner>, Query<Owner>> shape, boolean notesToo, LoaderOption... options) {
        try (Session s = SessionFactory.of(t.engine()).open()) {
            loadedInstances = 0;
            List<Owner> loaded = shape.apply(s.query(Owner.class)).options(options).all();
            // Counted before anything not loaded eagerly is touched.
            int events = loadedInstances;
            Map<Object, Boolean> distinct = new IdentityHashMap<>();
            for (Owner o : loaded) {
                distinct.put(o, true);
                o.items.forEach(i -> distinct.put(i, true));
                if (notesToo) {
                    o.notes.forEach(n -> distinct.put(n, true));
                }
            }
            assertThat(loadedInstances).as("nothing loads lazily after an eager load (seed %d)", seed).isEqualTo(events);
            assertThat(events).as("after-load events (seed %d)", seed).isEqualTo(distinct.size());
            return describe(loaded);
        }
    }

    @EachDatabase
    void joinedAndSelectinLoadsGiveWhatLazyLoadingGives(Databases.Database db) {
        setUp(db);
        List<Function<Query<Owner>, Query<Owner>>> shapes = List.of(
                q -> q.orderBy(ORM.attr(Owner.class, "id")),
                // Owners sharing a name: with joined collections, one owner's rows need not be consecutive
                // (the eager joins' ORDER BY follows). Owners of one name come in no set order: compared as a set.
                q -> q.orderBy(ORM.attr(Owner.class, "name")),
                q -> q.filter(ORM.attr(Owner.class, "id").gt(10)).orderBy(ORM.attr(Owner.class, "id")).limit(25).offset(3));
        for (int k = 0; k < shapes.size(); k++) {
            Function<Query<Owner>, Query<Owner>> shape = shapes.get(k);
            Function<String, Object> comparable = k == 1 ? text -> new java.util.TreeSet<>(List.of(text.split("\n"))) : text -> text;
            Object expected = comparable.apply(lazily(shape));
            assertThat(comparable.apply(eagerly(shape, false, ORM.joinedLoad(attr("items"))))).as("joined items (seed %d)", seed).isEqualTo(expected);
            assertThat(comparable.apply(eagerly(shape, true, ORM.joinedLoad(attr("items")), ORM.joinedLoad(attr("notes")))))
                    .as("joined items and notes (seed %d)", seed).isEqualTo(expected);
            assertThat(comparable.apply(eagerly(shape, true, ORM.selectinLoad(attr("items")), ORM.selectinLoad(attr("notes")))))
                    .as("select-in items and notes (seed %d)", seed).isEqualTo(expected);
            assertThat(comparable.apply(eagerly(shape, true, ORM.joinedLoad(attr("notes")), ORM.selectinLoad(attr("items")))))
                    .as("joined notes, select-in items (seed %d)", seed).isEqualTo(expected);
        }
    }

    /**
     * Instances already in the session stay the same instances and keep values changed in memory
     * (not flushed: autoflush is off), unless the query populates existing instances; collections
     * loaded already are not replaced; only instances new to the session are reported loaded.
     */
    @EachDatabase
    void instancesAlreadyInTheSessionAreKept(Databases.Database db) {
        setUp(db);
        String expected = lazily(q -> q.orderBy(ORM.attr(Owner.class, "id")));
        SessionFactory factory = SessionFactory.of(t.engine()).autoflush(false);
        for (LoaderOption option : List.of(ORM.joinedLoad(attr("items")), ORM.selectinLoad(attr("items")))) {
            for (boolean populateExisting : new boolean[] {false, true}) {
                try (Session s = factory.open()) {
                    List<Item> early = s.query(Item.class).filter(ORM.attr(Item.class, "id").lt(1100)).orderBy(ORM.attr(Item.class, "id")).all();
                    List<Owner> someOwners = s.query(Owner.class).filter(ORM.attr(Owner.class, "id").le(5)).orderBy(ORM.attr(Owner.class, "id")).all();
                    someOwners.forEach(o -> o.items.size());
                    Map<Object, Boolean> inSession = new IdentityHashMap<>();
                    s.states().forEach(st -> inSession.put(st.instance, true));
                    Owner first = someOwners.get(0);
                    List<Item> firstItems = first.items;
                    String firstName = first.name;
                    first.name = "changed";
                    Item changed = early.get(early.size() - 1);
                    String label = changed.label;
                    changed.label = "changed";
                    loadedInstances = 0;
                    Query<Owner> q = s.query(Owner.class).options(option).orderBy(ORM.attr(Owner.class, "id"));
                    List<Owner> all = (populateExisting ? q.populateExisting() : q).all();
                    String what = option + (populateExisting ? ", populate existing" : "") + " (seed " + seed + ")";
                    Map<Object, Boolean> fresh = new IdentityHashMap<>();
                    for (Owner o : all) {
                        for (Object x : owned(o)) {
                            if (!inSession.containsKey(x)) {
                                fresh.put(x, true);
                            }
                        }
                    }
                    if (!populateExisting) {
                        assertThat(loadedInstances).as("after-load events, %s", what).isEqualTo(fresh.size());
                    }
                    assertThat(all.get(0)).as(what).isSameAs(first);
                    if (!populateExisting) {
                        assertThat(first.items).as(what).isSameAs(firstItems);
                    }
                    assertThat(first.name).as(what).isEqualTo(populateExisting ? firstName : "changed");
                    assertThat(changed.label).as(what).isEqualTo(populateExisting ? label : "changed");
                    first.name = firstName;
                    changed.label = label;
                    String[] itemsOnly = expected.split("\n");
                    String[] got = describe(all).split("\n");
                    for (int k = 0; k < itemsOnly.length; k++) {
                        // Notes load lazily here: compare owners and items.
                        assertThat(got[k].replaceAll(" notes.*", "")).as(what).isEqualTo(itemsOnly[k].replaceAll(" notes.*", ""));
                    }
                    for (Item i : early) {
                        if (i.owner != null) {
                            assertThat(i.owner.items).as(what).contains(i);
                        }
                    }
                }
            }
        }
    }

    /** The owner and its items. */
    private static List<Object> owned(Owner o) {
        List<Object> out = new ArrayList<>(o.items);
        out.add(o);
        return out;
    }

    @org.junit.jupiter.api.AfterEach
    void tearDown() {
        t.close();
    }
}
