package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.orm.ParentChildModel.C;
import dev.retort.orm.ParentChildModel.P;
import dev.retort.testing.Databases;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The unit of work against a plain model of what the database must hold: seeded random
 * sequences of add, delete, move (by list add, remove and add, or reference assignment),
 * detach from the parent, modify, flush, commit, rollback, and expunge-then-add-back on a parent/child
 * model, under two cascade settings. After each commit the tables must equal the model; after
 * every operation (once a plain field assignment has been flushed), loaded collections and
 * back-references must agree in memory. A failure
 * names the seed and the operations so far.
 */
class UnitOfWorkPropertyTest {
    /** Sequences per database and cascade; -Dretort.uow.sequences=N runs more. */
    static final int SEQUENCES = Integer.getInteger("retort.uow.sequences", 12);
    static final int OPERATIONS = 40;

    /** A child row: its name and parent. */
    record ChildRow(String name, Integer parentId) {
    }

    static Stream<Arguments> cases() {
        return Databases.all().flatMap(db -> Stream.of("save-update", "all, delete-orphan").map(cascade -> Arguments.of(db, cascade)));
    }

    @AutoClose
    private ParentChildModel model;

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("cases")
    void randomSequencesMatchThePlainModel(Databases.Database db, String cascade) {
        model = new ParentChildModel(db, cascade);
        int operations = 0;
        int first = Integer.getInteger("retort.uow.firstSeed", 0);
        for (int seed = first; seed < first + SEQUENCES; seed++) {
            operations += new Run(seed, cascade.contains("orphan")).go(OPERATIONS);
        }
        assertThat(operations).isEqualTo(SEQUENCES * OPERATIONS);
        System.out.println("UnitOfWorkPropertyTest " + db + " [" + cascade + "]: " + SEQUENCES + " sequences x " + OPERATIONS + " operations");
    }

    /** One sequence: its own rows (ids from 1000 * (seed + 1)), session and model. */
    private final class Run extends PropertyRun {
        final boolean orphans;
        Map<Integer, String> parents = new TreeMap<>();
        Map<Integer, ChildRow> children = new TreeMap<>();
        Map<Integer, String> committedParents = new TreeMap<>();
        Map<Integer, ChildRow> committedChildren = new TreeMap<>();
        /** A plain field assignment not applied to the lists yet: that waits for the next flush. */
        boolean unflushedAssignment;
        final ParentLink<P, C> childrenOf = new ParentLink<>(this::parent, p -> p.children, (c, p) -> c.parent = p);

        Run(int seed, boolean orphans) {
            super(seed, model.open());
            this.orphans = orphans;
        }

        @Override
        void step() {
            operation();
            if (!unflushedAssignment) {
                checkMemory();
            }
        }

        @Override
        void finish() {
            commit();
            for (Integer id : new ArrayList<>(children.keySet())) {
                s.delete(s.get(C.class, id));
            }
            for (Integer id : new ArrayList<>(parents.keySet())) {
                s.delete(s.get(P.class, id));
            }
            s.commit();
        }

        /** One operation, drawn by the random. */
        private void operation() {
            int r = random.nextInt(100);
            if (r < 10 || parents.isEmpty()) {
                addParent();
            } else if (r < 25) {
                addChild();
            } else if (r < 32) {
                deleteParent();
            } else if (r < 39 && !children.isEmpty()) {
                deleteChild();
            } else if (r < 59 && !children.isEmpty()) {
                move();
            } else if (r < 64 && !children.isEmpty()) {
                detach();
            } else if (r < 79) {
                modify();
            } else if (r < 83) {
                log.add("flush");
                s.flush();
                unflushedAssignment = false;
            } else if (r < 87) {
                commit();
            } else if (r < 92) {
                rollback();
            } else {
                expungeAndAddBack();
            }
        }

        private P parent(int id) {
            return get(P.class, id);
        }

        private C child(int id) {
            return get(C.class, id);
        }

        private void addParent() {
            P p = new P();
            p.id = nextId++;
            p.name = name();
            log.add("addParent " + p.id);
            s.add(p);
            parents.put(p.id, p.name);
        }

        private void addChild() {
            C c = new C();
            c.id = nextId++;
            c.name = name();
            Integer pid = orphans || random.nextBoolean() ? pick(parents.keySet()) : null;
            log.add("addChild " + c.id + " to " + pid);
            addUnder(c, pid, childrenOf);
            children.put(c.id, new ChildRow(c.name, pid));
        }

        private void deleteParent() {
            int pid = pick(parents.keySet());
            log.add("deleteParent " + pid);
            s.delete(parent(pid));
            parents.remove(pid);
            for (Map.Entry<Integer, ChildRow> e : new ArrayList<>(children.entrySet())) {
                if (Objects.equals(e.getValue().parentId(), pid)) {
                    if (orphans) {
                        children.remove(e.getKey());
                    } else {
                        children.put(e.getKey(), new ChildRow(e.getValue().name(), null));
                    }
                }
            }
        }

        private void deleteChild() {
            int cid = pick(children.keySet());
            log.add("deleteChild " + cid);
            s.delete(child(cid));
            children.remove(cid);
        }

        private void move() {
            int cid = pick(children.keySet());
            int to = pick(parents.keySet());
            Integer from = children.get(cid).parentId();
            if (move(child(cid), from, to, childrenOf, "move " + cid + " from " + from + " to " + to) == 3) {
                unflushedAssignment = true;
            }
            children.put(cid, new ChildRow(children.get(cid).name(), to));
        }

        private void detach() {
            int cid = pick(children.keySet());
            Integer from = children.get(cid).parentId();
            if (!takeOut(child(cid), from, childrenOf, "detach " + cid + " from " + from)) {
                unflushedAssignment = true;
            }
            if (orphans && from != null) {
                children.remove(cid);
            } else {
                children.put(cid, new ChildRow(children.get(cid).name(), null));
            }
        }

        private void modify() {
            String name = name();
            if (!children.isEmpty() && random.nextBoolean()) {
                int cid = pick(children.keySet());
                log.add("rename child " + cid);
                child(cid).name = name;
                children.put(cid, new ChildRow(name, children.get(cid).parentId()));
            } else {
                int pid = pick(parents.keySet());
                log.add("rename parent " + pid);
                parent(pid).name = name;
                parents.put(pid, name);
            }
        }

        private void commit() {
            log.add("commit");
            s.commit();
            unflushedAssignment = false;
            committedParents = new TreeMap<>(parents);
            committedChildren = new TreeMap<>(children);
            Map<Integer, String> dbParents = new TreeMap<>(model.parentNames());
            dbParents.keySet().removeIf(id -> id < 1000 * (seed + 1) || id >= 1000 * (seed + 2));
            assertThat(dbParents).as("parents after commit").isEqualTo(parents);
            Map<Integer, ChildRow> dbChildren = new TreeMap<>();
            Map<Integer, Integer> fks = model.childParents();
            for (Map.Entry<Integer, Integer> e : fks.entrySet()) {
                if (e.getKey() >= 1000 * (seed + 1) && e.getKey() < 1000 * (seed + 2)) {
                    dbChildren.put(e.getKey(), new ChildRow(child(e.getKey()).name, e.getValue()));
                }
            }
            assertThat(dbChildren).as("children after commit").isEqualTo(children);
        }

        private void rollback() {
            log.add("rollback");
            s.rollback();
            unflushedAssignment = false;
            parents = new TreeMap<>(committedParents);
            children = new TreeMap<>(committedChildren);
        }

        private void expungeAndAddBack() {
            s.flush();
            unflushedAssignment = false;
            boolean child = !children.isEmpty() && random.nextBoolean();
            int id = child ? pick(children.keySet()) : pick(parents.keySet());
            log.add("expunge and add back " + (child ? "child " : "parent ") + id);
            Object o = child ? child(id) : parent(id);
            s.expunge(o);
            String name = name();
            if (child) {
                ((C) o).name = name;
                children.put(id, new ChildRow(name, children.get(id).parentId()));
            } else {
                ((P) o).name = name;
                parents.put(id, name);
            }
            s.add(o);
        }

        /** Loaded lists and back-references agree; no child is in two lists. */
        private void checkMemory() {
            Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Integer pid : parents.keySet()) {
                P p = parent(pid);
                if (p.children instanceof PersistentList<?> l && !l.isLoaded()) {
                    continue;
                }
                for (C c : p.children) {
                    if (!s.contains(c)) {
                        continue;       // deleted, stays in the list until the commit
                    }
                    assertThat(seen.add(c)).as("child %s in two lists", c.id).isTrue();
                    assertThat(c.parent).as("back-reference of child %s in parent %s", c.id, pid).isSameAs(p);
                }
            }
        }
    }
}
