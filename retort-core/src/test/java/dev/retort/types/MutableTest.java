package dev.retort.types;

import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Connection;
import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.types.mutable.Mutable;
import dev.retort.types.mutable.MutableList;
import dev.retort.types.mutable.MutableMap;
import dev.retort.types.mutable.MutationListener;
import dev.retort.types.mutable.Snapshot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The change-tracking hooks: MutableMap/MutableList events, Snapshot's net-change check, asMutable types. */
class MutableTest {
    /** Counts the events a mutable reports, and checks they name it. */
    private static final class Events implements MutationListener {
        private final List<Mutable> sources = new ArrayList<>();

        @Override
        public void changed(Mutable source) {
            sources.add(source);
        }

        /** The number of events {@code change} causes on {@code target}. */
        <M extends Mutable> int count(M target, Consumer<M> change) {
            sources.clear();
            change.accept(target);
            assertThat(sources).allMatch(s -> s == target);
            return sources.size();
        }
    }

    @Test
    void everyChangeToAMapIsReported() {
        MutableMap<String, Integer> m = MutableMap.copyOf(Map.of("a", 1, "b", 2));
        Events events = new Events();
        m.addListener(events);
        assertThat(events.count(m, x -> x.put("c", 3))).isEqualTo(1);
        assertThat(events.count(m, x -> x.remove("c"))).isEqualTo(1);
        assertThat(events.count(m, x -> x.remove("absent"))).isZero();
        assertThat(events.count(m, x -> x.putAll(Map.of("d", 4, "e", 5)))).isEqualTo(1);
        assertThat(events.count(m, x -> x.putAll(Map.of()))).isZero();
        assertThat(events.count(m, x -> x.putIfAbsent("f", 6))).isEqualTo(1);
        assertThat(events.count(m, x -> x.merge("a", 10, Integer::sum))).isEqualTo(1);
        assertThat(events.count(m, x -> x.compute("b", (k, v) -> v * 2))).isEqualTo(1);
        assertThat(events.count(m, x -> x.entrySet().iterator().next().setValue(0))).isEqualTo(1);
        assertThat(events.count(m, x -> x.replaceAll((k, v) -> v + 1))).isEqualTo(m.size());
        assertThat(events.count(m, x -> x.keySet().remove("d"))).isEqualTo(1);
        assertThat(events.count(m, x -> x.values().removeIf(v -> v == 7))).isEqualTo(1);
        assertThat(events.count(m, x -> {
            Iterator<Map.Entry<String, Integer>> it = x.entrySet().iterator();
            it.next();
            it.remove();
        })).isEqualTo(1);
        assertThat(events.count(m, x -> {
            x.get("b");
            x.containsKey("b");
            x.forEach((k, v) -> { });
            x.hashCode();
        })).as("reading is no change").isZero();
        assertThat(events.count(m, MutableMap::clear)).isEqualTo(1);
        assertThat(events.count(m, MutableMap::clear)).as("already empty").isZero();
        assertThat(events.count(m, MutableMap::changed)).as("a change reported by hand").isEqualTo(1);

        m.removeListener(events);
        assertThat(events.count(m, x -> x.put("z", 0))).isZero();
        assertThatThrownBy(() -> m.addListener(null)).isInstanceOf(ArgumentException.class);
    }

    @Test
    void aMapKeepsInsertionOrderAndEqualsPlainMaps() {
        MutableMap<String, Integer> m = new MutableMap<>();
        m.put("b", 1);
        m.put("a", 2);
        assertThat(m.keySet()).containsExactly("b", "a");
        assertThat(m).isEqualTo(Map.of("a", 2, "b", 1)).hasSameHashCodeAs(Map.of("a", 2, "b", 1));
        Map<String, Integer> source = new HashMap<>(Map.of("x", 1));
        MutableMap<String, Integer> copy = MutableMap.copyOf(source);
        source.put("y", 2);
        assertThat(copy).as("a copy, not a view").containsOnlyKeys("x");
    }

    @Test
    void everyChangeToAListIsReported() {
        MutableList<String> l = MutableList.copyOf(List.of("c", "a", "b"));
        Events events = new Events();
        l.addListener(events);
        assertThat(events.count(l, x -> x.add("d"))).isEqualTo(1);
        assertThat(events.count(l, x -> x.add(0, "z"))).isEqualTo(1);
        assertThat(events.count(l, x -> x.set(0, "y"))).isEqualTo(1);
        assertThat(events.count(l, x -> x.remove(0))).isEqualTo(1);
        assertThat(events.count(l, x -> x.remove("d"))).isEqualTo(1);
        assertThat(events.count(l, x -> x.addAll(List.of("e", "f")))).isEqualTo(1);
        assertThat(events.count(l, x -> x.sort(Comparator.naturalOrder()))).isEqualTo(1);
        assertThat(events.count(l, x -> x.removeIf("e"::equals))).isEqualTo(1);
        assertThat(events.count(l, x -> x.replaceAll(String::toUpperCase))).isEqualTo(l.size());
        assertThat(events.count(l, x -> x.subList(0, 2).clear())).isEqualTo(2);
        assertThat(events.count(l, x -> {
            x.get(0);
            x.contains("F");
            x.subList(0, 1).size();
        })).isZero();
        assertThat(l).containsExactly("C", "F");
        assertThat(events.count(l, MutableList::clear)).isEqualTo(1);
        assertThat(l).isEqualTo(List.of());
    }

    @Test
    void theyPickleAsPlainCollections() {
        MutableMap<String, Object> m = MutableMap.copyOf(Map.of("tags", MutableList.copyOf(List.of("a"))));
        PickleType<Object> java = PickleType.builder().build();
        Object back = java.loads(java.dumps(m));
        assertThat(back).isExactlyInstanceOf(LinkedHashMap.class).isEqualTo(Map.of("tags", List.of("a")));
        assertThat(((Map<?, ?>) back).get("tags")).isExactlyInstanceOf(ArrayList.class);
        PickleType<Object> json = PickleType.builder().pickler(Picklers.json()).build();
        assertThat(new String(json.dumps(m), StandardCharsets.UTF_8)).isEqualTo("{\"tags\":[\"a\"]}");
    }

    @Test
    void aSnapshotTellsANetChangeEvenOneNestedDeep() {
        PickleType<Map<String, Object>> type = PickleType.builder().build();
        Map<String, Object> value = new HashMap<>(Map.of("colors", new HashMap<>(Map.of("bg", "white"))));
        Snapshot<Map<String, Object>> loaded = Snapshot.of(type, value);
        assertThat(loaded.isChanged(value)).isFalse();
        assertThat(loaded.isChanged(new HashMap<>(value))).as("an equal value set again is no change").isFalse();
        @SuppressWarnings("unchecked")
        Map<String, Object> colors = (Map<String, Object>) value.get("colors");
        colors.put("bg", "red");
        assertThat(loaded.isChanged(value)).as("changed in place, below any listener").isTrue();
        assertThat(loaded.value()).isEqualTo(Map.of("colors", Map.of("bg", "white")));

        PickleType<String> caseless = PickleType.builder().pickler(Picklers.<String>java()).comparator(String::equalsIgnoreCase).build();
        assertThat(Snapshot.of(caseless, "Dark").isChanged("DARK")).as("the comparator decides").isFalse();
        assertThat(Snapshot.of(Types.INTEGER, 1).isChanged(2)).isTrue();
    }

    @Test
    void anAsMutableTypeReadsValuesWhoseChangesAreHeardOf() {
        PickleType<Map<String, Object>> pickle = PickleType.builder().build();
        TypeEngine<MutableMap<String, Object>> prefsType = MutableMap.asMutable(pickle);
        TypeEngine<MutableList<String>> tagsType = MutableList.asMutable(PickleType.<List<String>>builder().pickler(Picklers.json()).build());
        assertThat(prefsType.javaType()).isEqualTo(MutableMap.class);
        assertThat(prefsType.compile(dev.retort.dialect.Dialects.postgresql())).isEqualTo("BYTEA");
        assertThat(prefsType).isEqualTo(MutableMap.asMutable(pickle)).isNotEqualTo(MutableMap.asMutable(PickleType.builder().protocol(1).build()));

        MetaData md = new MetaData();
        Table t = new Table("mutables_" + UUID.randomUUID().toString().substring(0, 8), md,
                Column.of("id", Types.INTEGER).primaryKey(), Column.of("prefs", prefsType), Column.of("tags", tagsType));
        md.createAll(Databases.sqlite());
        try (Connection conn = Databases.sqlite().connect()) {
            conn.execute(insert(t), Map.of("id", 1, "prefs", Map.of("theme", "dark"), "tags", List.of("a")));
            var row = conn.execute(select(t)).one();
            @SuppressWarnings("unchecked")
            MutableMap<String, Object> prefs = (MutableMap<String, Object>) row.get("prefs");
            @SuppressWarnings("unchecked")
            MutableList<String> tags = (MutableList<String>) row.get("tags");
            Snapshot<MutableMap<String, Object>> loaded = Snapshot.of(prefsType, prefs);
            assertThat(loaded.value()).isInstanceOf(MutableMap.class);
            List<Mutable> heard = new ArrayList<>();
            prefs.addListener(heard::add);
            tags.addListener(heard::add);
            prefs.put("theme", "light");
            tags.add("b");
            assertThat(heard).containsExactly(prefs, tags);
            assertThat(loaded.isChanged(prefs)).isTrue();
            assertThat(prefsType.compareValues(prefs, MutableMap.copyOf(Map.of("theme", "light")))).isTrue();

            conn.execute(dev.retort.sql.SQL.update(t).values(Map.of("prefs", prefs, "tags", tags)));
            var again = conn.execute(select(t)).one();
            assertThat(again.get("prefs")).isEqualTo(Map.of("theme", "light"));
            assertThat(again.get("tags")).isEqualTo(List.of("a", "b"));
        } finally {
            md.dropAll(Databases.sqlite());
        }
    }
}
