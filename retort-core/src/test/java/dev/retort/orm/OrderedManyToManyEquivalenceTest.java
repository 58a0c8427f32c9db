package dev.retort.orm;

import static dev.retort.sql.SQL.insert;
import static dev.retort.testing.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.Draws;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@link EagerLoadEquivalenceTest}'s comparison for a many-to-many ordered by its association table's position column
 * ({@link Relationship#orderingColumn}), which that test's one-to-many mapping did not reach (a joined load of it
 * failed): joined and select-in loads give what lazy loading gives, on generated data. Members are shared between
 * owners, association rows are inserted in no position or key order, owners share names (one owner's joined rows need
 * not be consecutive), some owners have no members, and a LIMIT wraps the owners in a subquery.
 */
class OrderedManyToManyEquivalenceTest {
    public static class Owner {
        Integer id;
        String name;
        List<Tag> tags = new ArrayList<>();
    }

    public static class Tag {
        Integer id;
        String label;
    }

    private static final String[] NAMES = {"ann", "bob", null, "cy"};

    private final OrmTestDatabase t = new OrmTestDatabase();
    private final Table owners = new Table("owners" + t.suffix, t.metadata,
            Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
            Column.of("name", Types.string(20)));
    private final Table tags = new Table("tags" + t.suffix, t.metadata,
            Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
            Column.of("label", Types.string(20)));
    private final Table ownerTags = new Table("owner_tags" + t.suffix, t.metadata,
            Column.of("owner_id", Types.INTEGER).primaryKey().autoincrement(false).foreignKey("owners" + t.suffix + ".id"),
            Column.of("pos", Types.INTEGER).primaryKey().autoincrement(false),
            Column.of("tag_id", Types.INTEGER).foreignKey("tags" + t.suffix + ".id"));
    private long seed;

    private void setUp(Databases.Database db) {
        t.registry.mapImperatively(Owner.class, owners, Map.of("tags", ORM.relationship(Tag.class).secondary(ownerTags).orderingColumn(ownerTags.c("pos"))));
        t.registry.mapImperatively(Tag.class, tags);
        t.start(db);
        seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        List<Map<String, Object>> o = new ArrayList<>();
        List<Map<String, Object>> g = new ArrayList<>();
        List<Map<String, Object>> links = new ArrayList<>();
        List<Integer> tagIds = new ArrayList<>();
        for (int id = 1; id <= 30; id++) {
            // ids not in label order, so that neither orders the members
            int tagId = 100 + random.nextInt(900);
            if (!tagIds.contains(tagId)) {
                tagIds.add(tagId);
                g.add(row("id", tagId, "label", random.nextInt(4) == 0 ? null : "t" + random.nextInt(6)));
            }
        }
        for (int id = 1; id <= 60; id++) {
            o.add(row("id", id, "name", NAMES[random.nextInt(NAMES.length)]));
            List<Integer> pool = new ArrayList<>(tagIds);
            Draws.shuffle(pool, random);
            int n = random.nextInt(7);
            for (int pos = 0; pos < n; pos++) {
                links.add(row("owner_id", id, "pos", pos, "tag_id", pool.get(pos)));
            }
        }
        Draws.shuffle(links, random);
        t.engine().inTransaction(conn -> {
            conn.execute(insert(owners), o);
            conn.execute(insert(tags), g);
            conn.execute(insert(ownerTags), links);
        });
    }

    /** Each owner with its tags in order. */
    private static String describe(List<Owner> list) {
        StringBuilder b = new StringBuilder();
        for (Owner o : list) {
            b.append(o.id).append('/').append(o.name).append(" tags[");
            o.tags.forEach(tag -> b.append(tag.id).append('/').append(tag.label).append(' '));
            b.append("]\n");
        }
        return b.toString();
    }

    private String load(Function<Query<Owner>, Query<Owner>> shape, LoaderOption... options) {
        try (Session s = SessionFactory.of(t.engine()).open()) {
            return describe(shape.apply(s.query(Owner.class)).options(options).all());
        }
    }

    @EachDatabase
    void joinedAndSelectinLoadsGiveWhatLazyLoadingGives(Databases.Database db) {
        setUp(db);
        QueryableAttribute<?> id = ORM.attr(Owner.class, "id");
        List<Function<Query<Owner>, Query<Owner>>> shapes = List.of(
                q -> q.orderBy(id),
                q -> q.orderBy(ORM.attr(Owner.class, "name")),
                q -> q.filter(id.gt(10)).orderBy(id).limit(25).offset(3));
        for (int k = 0; k < shapes.size(); k++) {
            // owners of one name come in no set order: compared as a set
            Function<String, Object> comparable = k == 1 ? text -> new TreeSet<>(List.of(text.split("\n"))) : text -> text;
            Object expected = comparable.apply(load(shapes.get(k)));
            assertThat(comparable.apply(load(shapes.get(k), ORM.joinedLoad(ORM.attr(Owner.class, "tags")))))
                    .as("joined, shape %d (seed %d)", k, seed).isEqualTo(expected);
            assertThat(comparable.apply(load(shapes.get(k), ORM.selectinLoad(ORM.attr(Owner.class, "tags")))))
                    .as("select-in, shape %d (seed %d)", k, seed).isEqualTo(expected);
        }
    }

    @org.junit.jupiter.api.AfterEach
    void tearDown() {
        t.close();
    }
}
