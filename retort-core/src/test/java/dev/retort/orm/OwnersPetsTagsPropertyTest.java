package dev.retort.orm;

import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.engine.Row;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Draws;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Data safety of the unit of work over one owner with two relationships at once, mapped
 * imperatively with back-references: its pets (one-to-many, {@code save-update} or
 * {@code all, delete-orphan}) and its tags (many-to-many through {@code owner_tags}, changed from
 * either side). Seeded random sequences add owners, pets and tags; move pets between owners (list
 * add alone, remove and add in either order, the many-to-one assigned), take them out, put them
 * back (in the same or another owner) before the flush, delete and un-delete them ({@code add}
 * after {@code delete}), delete owners whose lists may not be loaded (after a commit expired
 * them), link and unlink tags, delete tags, refresh flushed instances, flush, commit and roll
 * back. After each commit the tables (read by a connection of their own) must equal a plain model:
 * no pet lost, none kept that delete-orphan made an orphan, every foreign key the model's, every
 * association row the model's; and the session's reloaded lists must say the same. A failure names
 * the seed and the operations so far.
 */
class OwnersPetsTagsPropertyTest {
    /** Sequences per database and cascade; -Dretort.uow.sequences=N runs more, from -Dretort.uow.firstSeed. */
    static final int SEQUENCES = Integer.getInteger("retort.uow.sequences", 10);
    static final int OPERATIONS = 60;

    /** An owner of pets, with tags. */
    public static class Owner {
        Integer id;
        String name;
        List<Pet> pets = new ArrayList<>();
        List<Tag> tags = new ArrayList<>();

        @Override
        public String toString() {
            return "Owner" + id;
        }
    }

    /** A pet, of one owner or none. */
    public static class Pet {
        Integer id;
        String name;
        Integer ownerId;
        Owner owner;

        @Override
        public String toString() {
            return "Pet" + id;
        }
    }

    /** A tag of any number of owners. */
    public static class Tag {
        Integer id;
        String name;
        List<Owner> owners = new ArrayList<>();

        @Override
        public String toString() {
            return "Tag" + id;
        }
    }

    /** A pet's row: its name and owner. */
    record PetRow(String name, Integer ownerId) {
    }

    static Stream<Arguments> cases() {
        return Databases.all().flatMap(db -> Stream.of("save-update", "all, delete-orphan").map(cascade -> Arguments.of(db, cascade)));
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("cases")
    void randomSequencesKeepEveryRowTheModelHas(Databases.Database db, String cascade) {
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            Table owners = new Table("owners" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                    Column.of("name", Types.string(40)));
            Table pets = new Table("pets" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                    Column.of("name", Types.string(40)), Column.of("owner_id", Types.INTEGER).foreignKey("owners" + t.suffix + ".id"));
            Table tags = new Table("tags" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                    Column.of("name", Types.string(40)));
            Table ownerTags = new Table("owner_tags" + t.suffix, t.metadata,
                    Column.of("owner_id", Types.INTEGER).primaryKey().foreignKey("owners" + t.suffix + ".id"),
                    Column.of("tag_id", Types.INTEGER).primaryKey().foreignKey("tags" + t.suffix + ".id"));
            t.registry.mapImperatively(Owner.class, owners, Map.of(
                    "pets", ORM.relationship(Pet.class).backref("owner").orderBy(pets.c("id")).cascade(cascade),
                    "tags", ORM.relationship(Tag.class).secondary(ownerTags).backref("owners").orderBy(tags.c("id"))));
            t.registry.mapImperatively(Pet.class, pets);
            t.registry.mapImperatively(Tag.class, tags);
            t.start(db);
            Tables tables = new Tables(t, owners, pets, tags, ownerTags);
            int operations = 0;
            int first = Integer.getInteger("retort.uow.firstSeed", 0);
            for (int seed = first; seed < first + SEQUENCES; seed++) {
                operations += new Run(seed, t.open(), tables, cascade.contains("orphan")).go(OPERATIONS);
            }
            assertThat(operations).isEqualTo(SEQUENCES * OPERATIONS);
            System.out.println("OwnersPetsTagsPropertyTest " + db + " [" + cascade + "]: " + SEQUENCES + " sequences x " + OPERATIONS + " operations");
        }
    }

    /** The tables, read by a connection of their own. */
    record Tables(OrmTestDatabase t, Table owners, Table pets, Table tags, Table ownerTags) {
        /** The rows of {@code table} with ids in {@code [from, to)}: id -> what {@code value} makes of the row. */
        <V> Map<Integer, V> rows(Table table, String key, int from, int to, Function<Row, V> value) {
            Map<Integer, V> out = new TreeMap<>();
            try (Connection c = t.engine().connect()) {
                for (Row r : c.execute(select(table).orderBy(table.c(key))).all()) {
                    int id = ((Number) r.get(key)).intValue();
                    if (id >= from && id < to) {
                        out.put(id, value.apply(r));
                    }
                }
            }
            return out;
        }
    }

    private static Integer integer(Object o) {
        return o == null ? null : ((Number) o).intValue();
    }

    /** One sequence: its own rows (ids from 1000 * (seed + 1)), session and model. */
    private static final class Run extends PropertyRun {
        final Tables tables;
        final boolean orphans;
        Map<Integer, String> owners = new TreeMap<>();
        Map<Integer, PetRow> pets = new TreeMap<>();
        Map<Integer, String> tags = new TreeMap<>();
        /** Association rows as "owner/tag". */
        Set<String> links = new TreeSet<>();
        Map<Integer, String> committedOwners = new TreeMap<>();
        Map<Integer, PetRow> committedPets = new TreeMap<>();
        Map<Integer, String> committedTags = new TreeMap<>();
        Set<String> committedLinks = new TreeSet<>();
        final ParentLink<Owner, Pet> petsOf = new ParentLink<>(this::owner, o -> o.pets, (p, o) -> p.owner = o);

        Run(int seed, Session s, Tables tables, boolean orphans) {
            super(seed, s);
            this.tables = tables;
            this.orphans = orphans;
        }

        @Override
        void finish() {
            commit();
        }

        @Override
        void step() {
            int r = random.nextInt(100);
            if (r < 8 || owners.isEmpty()) {
                addOwner();
            } else if (r < 20) {
                addPet();
            } else if (r < 36 && !pets.isEmpty()) {
                move();
            } else if (r < 42 && !pets.isEmpty()) {
                takeOut();
            } else if (r < 47 && !pets.isEmpty()) {
                putBack();
            } else if (r < 50 && !pets.isEmpty()) {
                undelete();
            } else if (r < 56) {
                deleteOwner();
            } else if (r < 60 && !pets.isEmpty()) {
                deletePet();
            } else if (r < 64 || tags.isEmpty()) {
                addTag();
            } else if (r < 74) {
                link();
            } else if (r < 80) {
                unlink();
            } else if (r < 83) {
                deleteTag();
            } else if (r < 87) {
                rename();
            } else if (r < 90) {
                refresh();
            } else if (r < 93) {
                log.add("flush");
                s.flush();
            } else if (r < 97) {
                commit();
            } else {
                rollback();
            }
        }

        private Owner owner(int id) {
            return get(Owner.class, id);
        }

        private Pet pet(int id) {
            return get(Pet.class, id);
        }

        private Tag tag(int id) {
            return get(Tag.class, id);
        }

        private void addOwner() {
            Owner o = new Owner();
            o.id = nextId++;
            o.name = name();
            log.add("addOwner " + o.id);
            s.add(o);
            owners.put(o.id, o.name);
        }

        private void addPet() {
            Pet p = new Pet();
            p.id = nextId++;
            p.name = name();
            Integer to = orphans || random.nextBoolean() ? pick(owners.keySet()) : null;
            log.add("addPet " + p.id + " to " + to);
            addUnder(p, to, petsOf);
            pets.put(p.id, new PetRow(p.name, to));
        }

        private void move() {
            int id = pick(pets.keySet());
            int to = pick(owners.keySet());
            Integer from = pets.get(id).ownerId();
            move(pet(id), from, to, petsOf, "move " + id + " from " + from + " to " + to);
            pets.put(id, new PetRow(pets.get(id).name(), to));
        }

        /** Out of its owner's list or its reference cleared: with delete-orphan it goes at the flush, else it stays ownerless. */
        private void takeOut() {
            int id = pick(pets.keySet());
            Integer from = pets.get(id).ownerId();
            takeOut(pet(id), from, petsOf, "takeOut " + id + " from " + from);
            if (orphans && from != null) {
                pets.remove(id);
            } else {
                pets.put(id, new PetRow(pets.get(id).name(), null));
            }
        }

        /** Out of its owner's list and, before any flush, into an owner's list again (its own or another's): it stays. */
        private void putBack() {
            List<Integer> owned = pets.entrySet().stream().filter(e -> e.getValue().ownerId() != null).map(Map.Entry::getKey).toList();
            if (owned.isEmpty()) {
                return;
            }
            int id = owned.get(random.nextInt(owned.size()));
            int from = pets.get(id).ownerId();
            int to = random.nextBoolean() ? from : pick(owners.keySet());
            log.add("putBack " + id + " from " + from + " into " + to);
            // both owners got first: a get of one not loaded yet autoflushes, and with delete-orphan that flush deletes the pet taken out
            Pet p = pet(id);
            Owner a = owner(from);
            Owner b = owner(to);
            a.pets.remove(p);
            b.pets.add(p);
            pets.put(id, new PetRow(pets.get(id).name(), to));
        }

        /** Deleted, then added again before the flush: the delete is undone, as SQLAlchemy's {@code add} does. */
        private void undelete() {
            int id = pick(pets.keySet());
            log.add("undelete " + id);
            Pet p = pet(id);
            s.delete(p);
            s.add(p);
        }

        private void deleteOwner() {
            int id = pick(owners.keySet());
            log.add("deleteOwner " + id);
            s.delete(owner(id));
            owners.remove(id);
            links.removeIf(l -> l.startsWith(id + "/"));
            for (Map.Entry<Integer, PetRow> e : new ArrayList<>(pets.entrySet())) {
                if (Objects.equals(e.getValue().ownerId(), id)) {
                    if (orphans) {
                        pets.remove(e.getKey());
                    } else {
                        pets.put(e.getKey(), new PetRow(e.getValue().name(), null));
                    }
                }
            }
        }

        private void deletePet() {
            int id = pick(pets.keySet());
            log.add("deletePet " + id);
            s.delete(pet(id));
            pets.remove(id);
        }

        private void addTag() {
            Tag g = new Tag();
            g.id = nextId++;
            g.name = name();
            log.add("addTag " + g.id);
            s.add(g);
            tags.put(g.id, g.name);
        }

        private void link() {
            int o = pick(owners.keySet());
            int g = pick(tags.keySet());
            if (links.contains(o + "/" + g)) {
                return;
            }
            boolean fromOwner = random.nextBoolean();
            log.add("link " + o + "/" + g + (fromOwner ? " by owner" : " by tag"));
            if (fromOwner) {
                owner(o).tags.add(tag(g));
            } else {
                tag(g).owners.add(owner(o));
            }
            links.add(o + "/" + g);
        }

        private void unlink() {
            if (links.isEmpty()) {
                return;
            }
            String l = pick(links);
            int o = Integer.parseInt(l.substring(0, l.indexOf('/')));
            int g = Integer.parseInt(l.substring(l.indexOf('/') + 1));
            boolean fromOwner = random.nextBoolean();
            log.add("unlink " + l + (fromOwner ? " by owner" : " by tag"));
            if (fromOwner) {
                owner(o).tags.remove(tag(g));
            } else {
                tag(g).owners.remove(owner(o));
            }
            links.remove(l);
        }

        private void deleteTag() {
            int g = pick(tags.keySet());
            log.add("deleteTag " + g);
            s.delete(tag(g));
            tags.remove(g);
            links.removeIf(l -> l.endsWith("/" + g));
        }

        private void rename() {
            String name = name();
            if (!pets.isEmpty() && random.nextBoolean()) {
                int id = pick(pets.keySet());
                log.add("rename pet " + id);
                pet(id).name = name;
                pets.put(id, new PetRow(name, pets.get(id).ownerId()));
            } else {
                int id = pick(owners.keySet());
                log.add("rename owner " + id);
                owner(id).name = name;
                owners.put(id, name);
            }
        }

        /** Flushed, then one owner or pet read again from the transaction: nothing changes. */
        private void refresh() {
            s.flush();
            boolean pet = !pets.isEmpty() && random.nextBoolean();
            int id = pet ? pick(pets.keySet()) : pick(owners.keySet());
            log.add("flush, refresh " + (pet ? "pet " : "owner ") + id);
            s.refresh(pet ? pet(id) : owner(id));
        }

        private void commit() {
            log.add("commit");
            s.commit();
            committedOwners = new TreeMap<>(owners);
            committedPets = new TreeMap<>(pets);
            committedTags = new TreeMap<>(tags);
            committedLinks = new TreeSet<>(links);
            int from = 1000 * (seed + 1);
            int to = 1000 * (seed + 2);
            assertThat(tables.rows(tables.owners(), "id", from, to, r -> (String) r.get("name"))).as("owners").isEqualTo(owners);
            assertThat(tables.rows(tables.pets(), "id", from, to, r -> new PetRow((String) r.get("name"), integer(r.get("owner_id")))))
                    .as("pets").isEqualTo(pets);
            assertThat(tables.rows(tables.tags(), "id", from, to, r -> (String) r.get("name"))).as("tags").isEqualTo(tags);
            Set<String> dbLinks = new TreeSet<>();
            try (Connection c = tables.t().engine().connect()) {
                for (Row r : c.execute(select(tables.ownerTags())).all()) {
                    int o = integer(r.get("owner_id"));
                    if (o >= from && o < to) {
                        dbLinks.add(o + "/" + integer(r.get("tag_id")));
                    }
                }
            }
            assertThat(dbLinks).as("owner_tags").isEqualTo(links);
            checkSession();
        }

        /** The session's lists, loaded again after the commit, as the model has them (owners in random order). */
        private void checkSession() {
            List<Integer> ids = new ArrayList<>(owners.keySet());
            Draws.shuffle(ids, random);
            for (int id : ids) {
                Owner o = owner(id);
                assertThat(o.pets.stream().map(p -> p.id).toList()).as("pets of owner %s in the session", id)
                        .isEqualTo(pets.entrySet().stream().filter(e -> Objects.equals(e.getValue().ownerId(), id)).map(Map.Entry::getKey).toList());
                assertThat(o.pets).allSatisfy(p -> assertThat(p.owner).as("owner of pet %s", p.id).isSameAs(o));
                assertThat(o.tags.stream().map(g -> id + "/" + g.id).toList()).as("tags of owner %s in the session", id)
                        .isEqualTo(links.stream().filter(l -> l.startsWith(id + "/")).toList());
            }
        }

        private void rollback() {
            log.add("rollback");
            s.rollback();
            owners = new TreeMap<>(committedOwners);
            pets = new TreeMap<>(committedPets);
            tags = new TreeMap<>(committedTags);
            links = new TreeSet<>(committedLinks);
        }
    }
}
