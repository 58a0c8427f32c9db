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
 * A session's {@link IdentityMap} (states in an open-addressed table, each under its own key) answers every
 * look-up as a {@code HashMap} of {@link IdentityKey}s did, whatever the order of puts, replacements, removals
 * (which move later states of a probe run back) and growth: keys given as Integer, Long or Short values of an
 * INTEGER, BIGINT or composite key find the same states, keys of two mappers with equal values stay apart; a
 * state holding a one-column key's value alone (as a load leaves it) is found as one holding the key.
 */
class IdentityMapPropertyTest {
    public static class IntKeyed {
        Integer id;
    }

    public static class LongKeyed {
        Long id;
    }

    public static class PairKeyed {
        Integer a;
        String b;
    }

    @Test
    void everyLookUpAgreesWithAHashMapOfTheKeys() {
        MetaData metadata = new MetaData();
        Table ints = new Table("im_ints", metadata, Column.of("id", Types.INTEGER).primaryKey());
        Table longs = new Table("im_longs", metadata, Column.of("id", Types.BIGINT).primaryKey());
        Table pairs = new Table("im_pairs", metadata, Column.of("a", Types.INTEGER).primaryKey(), Column.of("b", Types.STRING).primaryKey());
        Registry registry = new Registry(metadata);
        try {
            registry.mapImperatively(IntKeyed.class, ints);
            registry.mapImperatively(LongKeyed.class, longs);
            registry.mapImperatively(PairKeyed.class, pairs);
            List<Mapper<?>> mappers = List.of(Registry.mapperFor(IntKeyed.class), Registry.mapperFor(LongKeyed.class), Registry.mapperFor(PairKeyed.class));
            for (long seed = 0; seed < 1_500; seed++) {
                SplittableRandom r = new SplittableRandom(seed);
                // few values for many collisions and replacements, or many for long probe runs and growth
                int range = r.nextBoolean() ? 1 + r.nextInt(8) : 1 + r.nextInt(400);
                IdentityMap map = r.nextBoolean() ? new IdentityMap() : new IdentityMap(r.nextInt(50));
                Map<IdentityKey, InstanceState> model = new HashMap<>();
                List<IdentityKey> seen = new ArrayList<>();
                int ops = 1 + r.nextInt(600);
                for (int op = 0; op < ops; op++) {
                    IdentityKey key = drawKey(r, mappers, range);
                    seen.add(key);
                    int what = r.nextInt(20);
                    String at = "seed " + seed + ", op " + op + " (" + what + ") " + key;
                    if (what < 10) {
                        InstanceState st = new InstanceState(new Object(), key.mapper(), InstanceState.Status.PERSISTENT);
                        // as a load leaves a one-column key: its value alone, the key made when asked
                        if (key.size() == 1 && r.nextBoolean()) {
                            st.keyValue(key.first());
                        } else {
                            st.key(key);
                        }
                        map.put(st);
                        model.put(key, st);
                    } else if (what < 17) {
                        map.remove(key);
                        model.remove(key);
                    } else if (what < 18) {
                        map.ensureRoomFor(r.nextInt(300));
                    } else if (what < 19 && r.nextInt(10) == 0) {
                        map.clear();
                        model.clear();
                    } else {
                        assertThat(map.get(key)).as(at).isSameAs(model.get(key));
                        if (key.size() == 1) {
                            assertThat(map.get(key.mapper(), key.first())).as(at + ", by value").isSameAs(model.get(key));
                        }
                    }
                    assertThat(map.size()).as(at).isEqualTo(model.size());
                    assertThat(map.isEmpty()).as(at).isEqualTo(model.isEmpty());
                    if (op % 25 == 0 || op == ops - 1) {
                        for (IdentityKey k : seen) {
                            assertThat(map.get(k)).as(at + ", looking up " + k).isSameAs(model.get(k));
                        }
                    }
                }
                assertThat(map.get(null)).isNull();
            }
        } finally {
            registry.dispose();
        }
    }

    /** A key of one of the mappers, its values given as Integer, Long or Short (normalised to the column's type as a get's argument is). */
    private static IdentityKey drawKey(SplittableRandom r, List<Mapper<?>> mappers, int range) {
        Mapper<?> m = mappers.get(r.nextInt(mappers.size()));
        int v = r.nextInt(range);
        Object value = switch (r.nextInt(3)) {
            case 0 -> v;
            case 1 -> (long) v;
            default -> (short) v;
        };
        return m.primaryKeyProps().size() == 1 ? IdentityKey.ofArgument(m, value) : IdentityKey.ofArgument(m, List.of(value, "k" + r.nextInt(3)));
    }
}
