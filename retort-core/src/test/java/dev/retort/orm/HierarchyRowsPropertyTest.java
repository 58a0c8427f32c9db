package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A query of a mapped class returns exactly the rows of that class and its subclasses, over
 * generated hierarchies: each subclass joined-table or single-table, with or without a
 * discriminator (a single-table subclass needs one), nested one level further or not. The shape
 * that read {@code FROM sub, base} (a joined subclass without a discriminator) is among them.
 * Run on SQLite; {@code -Dretort.hierarchy.seeds=N} runs more.
 */
class HierarchyRowsPropertyTest {
    /** The root. */
    public static class Root {
        Integer id;
        String name;
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
            check(seed);
        }
    }

    private static void check(int seed) {
        // SplittableRandom: java.util.Random's first boolean is the same for every small seed
        SplittableRandom r = new SplittableRandom(seed);
        boolean discriminated = r.nextBoolean();
        boolean leftJoined = !discriminated || r.nextBoolean();
        boolean withRight = r.nextBoolean();
        boolean rightJoined = !discriminated || r.nextBoolean();
        boolean withLeaf = r.nextBoolean();
        boolean leafJoined = !discriminated || r.nextBoolean();
        String shape = "seed " + seed + ": discriminated=" + discriminated + " left " + (leftJoined ? "joined" : "single")
                + (withRight ? ", right " + (rightJoined ? "joined" : "single") : "") + (withLeaf ? ", leaf " + (leafJoined ? "joined" : "single") : "");
        try (OrmTestDatabase orm = new OrmTestDatabase()) {
            String sfx = orm.suffix;
            List<Column<?>> rootCols = new ArrayList<>(List.of(Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(20))));
            if (discriminated) {
                rootCols.add(Column.of("kind", Types.string(10)));
            }
            // single-table subclasses keep their columns in the root's table
            if (!leftJoined) {
                rootCols.add(Column.of("left_data", Types.string(20)));
            }
            if (withRight && !rightJoined) {
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
            if (discriminated) {
                orm.registry.mapImperatively(Root.class, root, Map.of(), ORM.polymorphicOn(root.c("kind")).identity("root"));
            } else {
                orm.registry.mapImperatively(Root.class, root);
            }
            orm.registry.mapImperatively(Left.class, left, Map.of(), discriminated ? ORM.inherits(Root.class).identity("left") : ORM.inherits(Root.class));
            if (withRight) {
                orm.registry.mapImperatively(Right.class, right, Map.of(), discriminated ? ORM.inherits(Root.class).identity("right") : ORM.inherits(Root.class));
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
                o.name = "o" + i;
                s.add(o);
                made.add(o);
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
                    assertThat(all).as(shape + ": the rows of " + k.getSimpleName()).hasSize(expected.get(k).size());
                    assertThat(got).as(shape + ": the rows of " + k.getSimpleName()).isEqualTo(expected.get(k));
                    assertThat(t.query(k).count()).as(shape + ": the count of " + k.getSimpleName()).isEqualTo(expected.get(k).size());
                }
            }
        }
    }
}
