package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A collection a joined or select-in load filled shares its members with the owner's flushed snapshot
 * until its first change: every way of changing it must leave the snapshot as loaded, so that the
 * flush sees the change (an orphan deleted, a new member inserted, a moved member re-parented). The jars
 * have no back-reference (and no field for their foreign key): the snapshot is all the flush has to go by.
 */
class EagerCollectionChangesTest {
    @Entity
    public static class Shelf {
        @Id Integer id;
        @OneToMany(cascade = CascadeType.ALL, orphanRemoval = true) @JoinColumn(name = "shelf_id") List<Jar> jars = new ArrayList<>();
    }

    @Entity
    public static class Jar {
        @Id Integer id;

        Jar() {
        }

        Jar(int id) {
            this.id = id;
        }
    }

    /**
     * A change to shelf 1 (jars 11, 12, 13 loaded, in no given order: the change itself is the list's first), given
     * shelf 2 (jar 21); the jar ids each shelf then holds in the database.
     */
    record Change(String name, BiConsumer<Shelf, Shelf> apply, List<Integer> one, List<Integer> two) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> changes() {
        List<Change> changes = List.of(
                new Change("remove(index)", (a, b) -> a.jars.remove(a.jars.indexOf(jar(a, 11))), List.of(12, 13), List.of(21)),
                new Change("remove(object)", (a, b) -> a.jars.remove(jar(a, 12)), List.of(11, 13), List.of(21)),
                new Change("add", (a, b) -> a.jars.add(new Jar(14)), List.of(11, 12, 13, 14), List.of(21)),
                new Change("add(index)", (a, b) -> a.jars.add(0, new Jar(14)), List.of(11, 12, 13, 14), List.of(21)),
                new Change("set", (a, b) -> a.jars.set(a.jars.indexOf(jar(a, 13)), new Jar(14)), List.of(11, 12, 14), List.of(21)),
                new Change("iterator remove", (a, b) -> {
                    Iterator<Jar> it = a.jars.iterator();
                    while (it.next().id != 11) {
                        // to jar 11
                    }
                    it.remove();
                }, List.of(12, 13), List.of(21)),
                new Change("clear", (a, b) -> a.jars.clear(), List.of(), List.of(21)),
                new Change("removeIf", (a, b) -> a.jars.removeIf(j -> j.id == 13), List.of(11, 12), List.of(21)),
                new Change("sort then remove", (a, b) -> {
                    a.jars.sort(Comparator.comparing((Jar j) -> j.id).reversed());
                    a.jars.remove(0);
                }, List.of(11, 12), List.of(21)),
                new Change("moved by the other list", (a, b) -> b.jars.add(jar(a, 11)), List.of(12, 13), List.of(11, 21)),
                new Change("moved in from the other shelf", (a, b) -> a.jars.add(b.jars.get(0)), List.of(11, 12, 13, 21), List.of()));
        return Databases.all().flatMap(db -> Stream.of(LoaderOption.Strategy.JOINED, LoaderOption.Strategy.SELECTIN)
                .flatMap(how -> changes.stream().map(c -> Arguments.of(db, how, c))));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("changes")
    void aChangeToAnEagerlyLoadedCollectionIsFlushed(Databases.Database db, LoaderOption.Strategy how, Change change) {
        OrmTestDatabase t = new OrmTestDatabase().suffixingMappedTables();
        t.registry.map(Shelf.class, Jar.class);
        try (t) {
            t.start(db);
            try (Session s = t.open()) {
                for (int shelf = 1; shelf <= 2; shelf++) {
                    Shelf sh = new Shelf();
                    sh.id = shelf;
                    for (int j = 1; j <= (shelf == 1 ? 3 : 1); j++) {
                        Jar jar = new Jar(shelf * 10 + j);
                        sh.jars.add(jar);
                    }
                    s.add(sh);
                }
                s.commit();
            }
            try (Session s = t.open()) {
                QueryableAttribute<?> jars = ORM.attr(Shelf.class, "jars");
                List<Shelf> shelves = s.query(Shelf.class).options(how == LoaderOption.Strategy.JOINED ? ORM.joinedLoad(jars) : ORM.selectinLoad(jars))
                        .orderBy(ORM.attr(Shelf.class, "id")).all();
                change.apply().accept(shelves.get(0), shelves.get(1));
                s.commit();
            }
            assertThat(jarsOf(t, 1)).as("shelf 1").isEqualTo(change.one());
            assertThat(jarsOf(t, 2)).as("shelf 2").isEqualTo(change.two());
        }
    }

    /** Shelf {@code a}'s jar {@code id}, found without changing the list (rows come in no given order). */
    private static Jar jar(Shelf a, int id) {
        return a.jars.stream().filter(j -> j.id == id).findFirst().orElseThrow();
    }

    private static List<Integer> jarsOf(OrmTestDatabase t, int shelf) {
        var jar = t.metadata.tables().get("Jar" + t.suffix);
        try (Session s = t.open()) {
            return s.connection().execute(SQL.select(jar.c("id")).where(jar.c("shelf_id").eq(shelf)).orderBy(jar.c("id"))).scalars().stream()
                    .map(o -> ((Number) o).intValue()).toList();
        }
    }
}
