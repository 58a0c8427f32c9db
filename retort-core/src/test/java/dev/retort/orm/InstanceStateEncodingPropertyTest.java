package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What {@link InstanceState} holds in compact forms reads back as written, whatever the order of the writes:
 * {@link InstanceState#seen}/{@link InstanceState#setSeen} (the first relationship's value alone until another is
 * seen, then an array by ordinal; {@link InstanceState#NOT_LOADED} where none was written) and
 * {@link InstanceState#kept}/{@link InstanceState#keep} (the first field-less column's value alone until another
 * is kept or it is an array, then key/value pairs; null where none was kept), and a detached copy of the kept
 * values never changes with the state's, nor the state's with a state made from the copy.
 */
class InstanceStateEncodingPropertyTest {
    /** Three relationships: two many-to-ones and a collection. */
    public static class Hub {
        // left_id and right_id have no field: the session keeps their values
        Integer id;
        Left left;
        Right right;
        List<Spoke> spokes = new ArrayList<>();
    }

    public static class Left {
        Integer id;
    }

    public static class Right {
        Integer id;
    }

    public static class Spoke {
        Integer id;
        Integer hubId;
    }

    @Test
    void eachRelationshipReadsBackItsLastValueWhateverTheOrderOfWrites() {
        withHub(m -> {
            List<RelationshipProp> rels = m.relationships();
            assertThat(rels).hasSize(3);
            Object[] values = {null, new Left(), new Right(), List.of(), new ArrayList<>(List.of(new Spoke())), InstanceState.NOT_LOADED};
            for (long seed = 0; seed < 2_000; seed++) {
                SplittableRandom r = new SplittableRandom(seed);
                InstanceState st = new InstanceState(new Hub(), m, InstanceState.Status.PERSISTENT);
                Map<RelationshipProp, Object> model = new HashMap<>();
                int writes = r.nextInt(6);
                for (int w = 0; w < writes; w++) {
                    RelationshipProp rel = rels.get(r.nextInt(rels.size()));
                    Object v = values[r.nextInt(values.length)];
                    st.setSeen(rel, v);
                    model.put(rel, v);
                    for (RelationshipProp each : rels) {
                        assertThat(st.seen(each)).as("seed %d, after %d writes, %s", seed, w + 1, each.key)
                                .isSameAs(model.getOrDefault(each, InstanceState.NOT_LOADED));
                    }
                }
            }
        });
    }

    @Test
    void eachKeptValueReadsBackItsLastValueAndDetachedCopiesStayApart() {
        withHub(m -> {
            assertThat(m.firstKept()).isEqualTo("left_id");
            // a composite or element collection without a field is kept under its key too, not a column's
            List<String> keys = List.of("left_id", "right_id", "other");
            for (long seed = 0; seed < 2_000; seed++) {
                SplittableRandom r = new SplittableRandom(seed);
                Object[] values = {null, 1, "x", new Object[] {"left_id", 2}, new Object[0], 3L};
                InstanceState st = new InstanceState(new Hub(), m, InstanceState.Status.PERSISTENT);
                Map<String, Object> model = new HashMap<>();
                int writes = r.nextInt(7);
                for (int w = 0; w < writes; w++) {
                    String key = keys.get(r.nextInt(keys.size()));
                    Object v = values[r.nextInt(values.length)];
                    st.keep(key, v);
                    model.put(key, v);
                    for (String k : keys) {
                        assertThat(st.kept(k)).as("seed %d, after %d writes, %s", seed, w + 1, k).isSameAs(model.get(k));
                    }
                }
                // detached (expunged, or the session closed), then changed on either side: the other keeps its values
                InstanceState.Detached d = r.nextBoolean() ? st.detach(new Object()) : st.detach(null);
                InstanceState back = new InstanceState(new Hub(), d, null);
                Map<String, Object> backModel = new HashMap<>(model);
                for (int w = 0; w < 4; w++) {
                    String key = keys.get(r.nextInt(keys.size()));
                    Object v = values[r.nextInt(values.length)];
                    if (r.nextBoolean()) {
                        st.keep(key, v);
                        model.put(key, v);
                    } else {
                        back.keep(key, v);
                        backModel.put(key, v);
                    }
                    for (String k : keys) {
                        assertThat(st.kept(k)).as("seed %d, state, %s", seed, k).isSameAs(model.get(k));
                        assertThat(back.kept(k)).as("seed %d, reattached, %s", seed, k).isSameAs(backModel.get(k));
                    }
                }
            }
        });
    }

    private static void withHub(java.util.function.Consumer<Mapper<Hub>> test) {
        MetaData metadata = new MetaData();
        Table lefts = new Table("seen_lefts", metadata, Column.of("id", Types.INTEGER).primaryKey());
        Table rights = new Table("seen_rights", metadata, Column.of("id", Types.INTEGER).primaryKey());
        Table hubs = new Table("seen_hubs", metadata, Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("left_id", Types.INTEGER).foreignKey("seen_lefts.id"), Column.of("right_id", Types.INTEGER).foreignKey("seen_rights.id"));
        Table spokes = new Table("seen_spokes", metadata, Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("hub_id", Types.INTEGER).foreignKey("seen_hubs.id"));
        Registry registry = new Registry(metadata);
        try {
            registry.mapImperatively(Left.class, lefts);
            registry.mapImperatively(Right.class, rights);
            registry.mapImperatively(Spoke.class, spokes);
            registry.mapImperatively(Hub.class, hubs, Map.of("left", ORM.relationship(Left.class), "right", ORM.relationship(Right.class),
                    "spokes", ORM.relationship(Spoke.class)));
            test.accept(Registry.mapperFor(Hub.class));
        } finally {
            registry.dispose();
        }
    }
}
