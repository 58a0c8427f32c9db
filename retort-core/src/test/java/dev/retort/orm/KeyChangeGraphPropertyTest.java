package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.engine.Row;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Natural keys that change, with the rows that refer to them: parents named by their key in a self-referential tree
 * (a boss), their kids (one-to-many) and tags (many-to-many), all by foreign keys with ON UPDATE CASCADE, with the
 * relationships' passive updates on (the database moves the referring rows) or off (the flush does). Random
 * sequences rename parents, move kids and parents between parents, tag and untag, delete and add rows, across several
 * flushes and commits; after each flush the rows in its transaction must equal the graph in memory (no lost kid, no
 * stale foreign key). {@link UnitOfWorkGraphPropertyTest} covers surrogate keys; this, the key changes. A failure
 * names the seed and the operations so far.
 */
class KeyChangeGraphPropertyTest {
    static final int SEQUENCES = Integer.getInteger("retort.uow.sequences", 8);
    static final int OPERATIONS = 40;

    /** A parent, named by its key. */
    public static class P {
        String name;
        String boss;
        List<P> reports = new ArrayList<>();
        List<K> kids = new ArrayList<>();
        List<T> tags = new ArrayList<>();
    }

    /** A kid of a parent. */
    public static class K {
        Integer id;
        String parent;
    }

    /** A tag. */
    public static class T {
        Integer id;
    }

    @AutoClose
    private final OrmTestDatabase t = new OrmTestDatabase();

    static Stream<Arguments> cases() {
        return Stream.of(Databases.Database.SQLITE, Databases.Database.POSTGRESQL)
                .flatMap(db -> Stream.of(Arguments.of(db, true), Arguments.of(db, false)));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void renamedParentsKeepTheirKidsReportsAndTags(Databases.Database db, boolean passive) {
        String x = t.suffix;
        Table parents = new Table("parents" + x, t.metadata, Column.of("name", Types.string(20)).primaryKey(),
                Column.of("boss", Types.string(20)).foreignKey("parents" + x + ".name", null, "CASCADE"));
        Table kids = new Table("kids" + x, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("parent", Types.string(20)).foreignKey("parents" + x + ".name", null, "CASCADE"));
        Table tags = new Table("tags" + x, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false));
        Table links = new Table("parent_tags" + x, t.metadata,
                Column.of("parent", Types.string(20)).primaryKey().foreignKey("parents" + x + ".name", null, "CASCADE"),
                Column.of("tag", Types.INTEGER).primaryKey().foreignKey("tags" + x + ".id"));
        t.registry.mapImperatively(P.class, parents, Map.of(
                "reports", ORM.relationship(P.class).foreignKeys(parents.c("boss")).passiveUpdates(passive),
                "kids", ORM.relationship(K.class).passiveUpdates(passive),
                "tags", ORM.relationship(T.class).secondary(links).passiveUpdates(passive)));
        t.registry.mapImperatively(K.class, kids);
        t.registry.mapImperatively(T.class, tags);
        t.start(db);
        int operations = 0;
        for (int seed = Integer.getInteger("retort.uow.firstSeed", 0); seed < SEQUENCES; seed++) {
            operations += new Run(seed, parents, kids, links).go();
        }
        assertThat(operations).isEqualTo(SEQUENCES * OPERATIONS);
    }

    /** One random sequence, in a session of its own, over rows of its own (names and ids carry the seed). */
    private final class Run {
        final int seed;
        final SplittableRandom random;
        final Table parents;
        final Table kids;
        final Table links;
        final List<String> log = new ArrayList<>();
        final List<P> live = new ArrayList<>();
        final List<T> allTags = new ArrayList<>();
        final Session s;
        int next;

        Run(int seed, Table parents, Table kids, Table links) {
            this.seed = seed;
            this.random = new SplittableRandom(seed);
            this.parents = parents;
            this.kids = kids;
            this.links = links;
            this.s = t.open();
        }

        int go() {
            for (int i = 0; i < 3; i++) {
                T tag = new T();
                tag.id = 1000 * seed + i;
                allTags.add(tag);
                s.add(tag);
            }
            int done = 0;
            try {
                for (; done < OPERATIONS; done++) {
                    step();
                }
                flush();
                s.commit();
                check("committed");
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + " after " + log + ": " + e + "\nSQL " + String.join("\n", t.take("")), e);
            } finally {
                s.close();
            }
            return done;
        }

        void step() {
            int r = random.nextInt(100);
            if (r < 12 || live.isEmpty()) {
                P p = new P();
                p.name = name("p");
                P boss = live.isEmpty() || random.nextBoolean() ? null : pick(live);
                log.add("add " + p.name + (boss == null ? "" : " under " + boss.name));
                if (boss == null) {
                    s.add(p);
                } else {
                    boss.reports.add(p);
                }
                live.add(p);
            } else if (r < 30) {
                P p = pick(live);
                String was = p.name;
                p.name = name("r");
                log.add("rename " + was + " to " + p.name);
            } else if (r < 42) {
                P p = pick(live);
                K k = new K();
                k.id = 1000 * seed + 100 + next++;
                log.add("kid " + k.id + " to " + p.name);
                p.kids.add(k);
            } else if (r < 54) {
                P from = pick(live);
                P to = pick(live);
                if (!from.kids.isEmpty()) {
                    K k = from.kids.remove(random.nextInt(from.kids.size()));
                    log.add("move kid " + k.id + " from " + from.name + " to " + to.name);
                    to.kids.add(k);
                }
            } else if (r < 60) {
                P from = pick(live);
                if (!from.kids.isEmpty()) {
                    K k = from.kids.remove(random.nextInt(from.kids.size()));
                    log.add("delete kid " + k.id + " of " + from.name);
                    drop(k);
                }
            } else if (r < 70) {
                P p = pick(live);
                P to = random.nextInt(4) == 0 ? null : pick(live);
                if (to == null || !below(p, to)) {
                    log.add("boss of " + p.name + ": " + (to == null ? "none" : to.name));
                    P old = bossOf(p);
                    if (old != null) {
                        old.reports.remove(p);
                    }
                    if (to != null) {
                        to.reports.add(p);
                    }
                }
            } else if (r < 80) {
                P p = pick(live);
                T tag = pick(allTags);
                log.add((p.tags.contains(tag) ? "untag " : "tag ") + p.name + " " + tag.id);
                if (!p.tags.remove(tag)) {
                    p.tags.add(tag);
                }
            } else if (r < 85) {
                P p = pick(live);
                if (p.kids.isEmpty() && p.reports.isEmpty()) {
                    log.add("delete " + p.name);
                    P old = bossOf(p);
                    if (old != null) {
                        old.reports.remove(p);
                    }
                    drop(p);
                    live.remove(p);
                }
            } else if (r < 95) {
                flush();
            } else {
                flush();
                log.add("commit");
                s.commit();
            }
        }

        private void drop(Object o) {
            // a pending one is expunged (a delete refuses it); an autoflush (a read of an unloaded collection) may have written it
            if (s.state(o).status != InstanceState.Status.PENDING) {
                s.delete(o);
            } else {
                s.expunge(o);
            }
        }

        private String name(String prefix) {
            return prefix + seed + "_" + next++;
        }

        private <E> E pick(List<E> from) {
            return from.get(random.nextInt(from.size()));
        }

        private P bossOf(P p) {
            for (P q : live) {
                if (q.reports.contains(p)) {
                    return q;
                }
            }
            return null;
        }

        /** Whether {@code q} is {@code p} or below it. */
        private boolean below(P p, P q) {
            for (P at = q; at != null; at = bossOf(at)) {
                if (at == p) {
                    return true;
                }
            }
            return false;
        }

        private void flush() {
            log.add("flush");
            s.flush();
            check("flushed");
        }

        /** The rows of this run's parents, kids and links equal the graph in memory. */
        private void check(String when) {
            Map<String, String> bosses = new TreeMap<>();
            Map<Integer, String> owners = new TreeMap<>();
            TreeSet<String> tagged = new TreeSet<>();
            for (P p : live) {
                P boss = bossOf(p);
                bosses.put(p.name, boss == null ? "-" : boss.name);
                p.kids.forEach(k -> owners.put(k.id, p.name));
                p.tags.forEach(tag -> tagged.add(p.name + "|" + tag.id));
            }
            Connection c = s.connection();
            Map<String, String> bossRows = new TreeMap<>();
            for (Row row : c.execute(SQL.select(parents.c("name"), parents.c("boss"))).all()) {
                String name = (String) row.get(0);
                if (name.matches("[pr]" + seed + "_.*")) {
                    bossRows.put(name, row.get(1) == null ? "-" : (String) row.get(1));
                }
            }
            Map<Integer, String> kidRows = new TreeMap<>();
            for (Row row : c.execute(SQL.select(kids.c("id"), kids.c("parent"))).all()) {
                int id = ((Number) row.get(0)).intValue();
                if (id / 1000 == seed) {
                    kidRows.put(id, (String) row.get(1));
                }
            }
            TreeSet<String> linkRows = new TreeSet<>();
            for (Row row : c.execute(SQL.select(links.c("parent"), links.c("tag"))).all()) {
                int tag = ((Number) row.get(1)).intValue();
                if (tag / 1000 == seed) {
                    linkRows.add(row.get(0) + "|" + tag);
                }
            }
            String why = "seed " + seed + " (" + when + ") after " + log;
            assertThat(bossRows).as(why).isEqualTo(bosses);
            assertThat(kidRows).as(why).isEqualTo(owners);
            assertThat(linkRows).as(why).isEqualTo(tagged);
        }
    }
}
