package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AutoClose;

/**
 * The session's identity map ({@link IdentityMap}) through its ways in: what a query loaded, {@code get()} with the
 * key as Integer, Long or Short, and {@code merge()} of a detached copy find the same instance; after an expunge
 * or a delete that instance is found no more, and what loads in its place is found from then on.
 */
class SessionIdentityPropertyTest {
    public static class Cup {
        Integer id;
        String tea;
    }

    @AutoClose
    private final OrmTestDatabase t = new OrmTestDatabase();
    private final Table cups = new Table("cups" + t.suffix, t.metadata,
            Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
            Column.of("tea", Types.string(40)));

    @EachDatabase
    void getMergeAndLoadsFindTheSameInstance(Databases.Database database) {
        t.registry.mapImperatively(Cup.class, cups);
        SessionFactory factory = SessionFactory.of(t.start(database));
        int n = 120;
        try (Session s = factory.open()) {
            for (int i = 0; i < n; i++) {
                Cup c = new Cup();
                c.id = i;
                c.tea = "t" + i;
                s.add(c);
            }
            s.commit();
        }
        for (long seed = 0; seed < 8; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            try (Session s = factory.open()) {
                Map<Integer, Cup> model = new HashMap<>();
                Set<Cup> expunged = Collections.newSetFromMap(new IdentityHashMap<>());
                for (Cup c : s.query(Cup.class).all()) {
                    model.put(c.id, c);
                }
                for (int op = 0; op < 200; op++) {
                    int id = r.nextInt(n + 5);
                    Object key = switch (r.nextInt(3)) {
                        case 0 -> id;
                        case 1 -> (long) id;
                        default -> (short) id;
                    };
                    String at = "seed " + seed + ", op " + op + ", id " + key + " (" + key.getClass().getSimpleName() + ")";
                    switch (r.nextInt(4)) {
                        case 0 -> {
                            Cup got = s.get(Cup.class, key);
                            if (model.containsKey(id)) {
                                assertThat(got).as(at).isSameAs(model.get(id));
                            } else if (id < n) {
                                assertThat(got).as(at).isNotNull();
                                assertThat(expunged).as(at).doesNotContain(got);
                                model.put(id, got);
                            } else {
                                assertThat(got).as(at).isNull();
                            }
                        }
                        case 1 -> {
                            if (id < n) {
                                Cup copy = new Cup();
                                copy.id = id;
                                copy.tea = "t" + id;
                                Cup merged = s.merge(copy);
                                if (model.containsKey(id)) {
                                    assertThat(merged).as(at).isSameAs(model.get(id));
                                } else {
                                    assertThat(expunged).as(at).doesNotContain(merged);
                                    model.put(id, merged);
                                }
                            }
                        }
                        case 2 -> {
                            Cup c = model.remove(id);
                            if (c != null) {
                                s.expunge(c);
                                expunged.add(c);
                            }
                        }
                        default -> {
                            // a query meets every row again: each is the instance the map holds, or a new one it holds from then on
                            List<Cup> all = s.query(Cup.class).all();
                            for (Cup c : all) {
                                if (model.containsKey(c.id)) {
                                    assertThat(c).as(at + ", row " + c.id).isSameAs(model.get(c.id));
                                } else {
                                    assertThat(expunged).as(at + ", row " + c.id).doesNotContain(c);
                                    model.put(c.id, c);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
