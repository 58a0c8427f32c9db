package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An element collection in queries, as JPQL's {@code join p.tags t where t = 'x'} and {@code 'x' MEMBER OF p.tags}:
 * {@code any()}, {@code contains()}, {@code join()}/{@code outerJoin()} and {@code element()}. The statements are
 * SQLAlchemy 2.1.1's for the same tables mapped as a class ({@code Tag} over {@code person_tags}, a relationship
 * {@code Person.tag_rows} and {@code tags = association_proxy("tag_rows", "tag")}): {@code Person.tags == "admin"}
 * for contains, {@code Person.tag_rows.any(...)} for any, {@code join(Person.tag_rows)} for join.
 */
class ElementCollectionQueryTest {
    @Embeddable
    public static class Phone {
        String kind;
        String number;

        public Phone() {
        }

        Phone(String kind, String number) {
            this.kind = kind;
            this.number = number;
        }
    }

    @Entity
    @jakarta.persistence.Table(name = "person")
    public static class Person {
        @Id Integer id;
        String name;
        @ElementCollection @CollectionTable(name = "person_tags", joinColumns = @JoinColumn(name = "person_id"))
        @jakarta.persistence.Column(name = "tag", length = 40, nullable = false) Set<String> tags = new HashSet<>();
        @ElementCollection @OrderColumn List<Phone> phones = new ArrayList<>();

        public Person() {
        }

        Person(Integer id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    @Entity
    @jakarta.persistence.Inheritance(strategy = jakarta.persistence.InheritanceType.JOINED)
    public static class Animal {
        @Id Integer id;
        String name;

        public Animal() {
        }
    }

    @Entity
    public static class Dog extends Animal {
        @ElementCollection Set<String> tricks = new HashSet<>();

        public Dog() {
        }

        Dog(Integer id, String name, String... tricks) {
            this.id = id;
            this.name = name;
            this.tricks.addAll(List.of(tricks));
        }
    }

    /** A joined-table subclass's collection refers to the subclass table's key, which its owner's query reads through the join. */
    @EachDatabase
    void aSubclassesCollection(Databases.Database db) {
        try (OrmTestDatabase t = new OrmTestDatabase().suffixingMappedTables()) {
            t.registry.map(Animal.class, Dog.class);
            t.start(db);
            try (Session s = t.open()) {
                s.addAll(List.of(new Dog(1, "rex", "sit", "roll"), new Dog(2, "fido", "beg")));
                s.commit();
            }
            QueryableAttribute<?> tricks = ORM.attr(Dog.class, "tricks");
            try (Session s = t.open()) {
                List<Query<Dog>> queries = List.of(s.query(Dog.class).filter(tricks.contains("beg")),
                        s.query(Dog.class).join(tricks).filter(tricks.element().eq("roll")),
                        s.query(Dog.class).filter(tricks.any(tricks.element().like("%o%"), ORM.attr(Dog.class, "name").ne("x"))));
                assertThat(t.sqlOf(queries.get(0))).endsWith("WHERE EXISTS (SELECT 1 FROM \"Dog_tricks\" WHERE \"Dog\".id = \"Dog_tricks\".\"Dog_id\" "
                        + "AND \"Dog_tricks\".tricks = :tricks_1)");
                assertThat(queries.get(0).all()).extracting(d -> d.id).containsExactly(2);
                assertThat(queries.get(1).all()).extracting(d -> d.id).containsExactly(1);
                assertThat(queries.get(2).all()).extracting(d -> d.id).containsExactly(1);
                t.assertRoundTrips(queries, s);
            }
        }
    }

    @Test
    void statementsAsSqlalchemyRendersThem() {
        try (OrmTestDatabase t = new OrmTestDatabase().suffixingMappedTables()) {
            t.registry.map(Person.class);
            t.start(Databases.Database.SQLITE);
            Session s = t.open();
            QueryableAttribute<?> tags = ORM.attr(Person.class, "tags");
            String person = "SELECT person.id, person.name FROM person ";
            assertThat(t.sqlOf(s.query(Person.class).filter(tags.contains("admin"))))
                    .isEqualTo(person + "WHERE EXISTS (SELECT 1 FROM person_tags WHERE person.id = person_tags.person_id AND person_tags.tag = :tag_1)");
            assertThat(t.sqlOf(s.query(Person.class).filter(tags.any(tags.element().like("a%")))))
                    .isEqualTo(person + "WHERE EXISTS (SELECT 1 FROM person_tags WHERE person.id = person_tags.person_id AND person_tags.tag LIKE :tag_1)");
            assertThat(t.sqlOf(s.query(Person.class).filter(tags.any())))
                    .isEqualTo(person + "WHERE EXISTS (SELECT 1 FROM person_tags WHERE person.id = person_tags.person_id)");
            assertThat(t.sqlOf(s.query(Person.class).join(tags).filter(tags.element().eq("admin"))))
                    .isEqualTo(person + "JOIN person_tags ON person.id = person_tags.person_id WHERE person_tags.tag = :tag_1");
            assertThat(t.sqlOf(s.query(Person.class).outerJoin(tags).filter(tags.element().isNull())))
                    .isEqualTo(person + "LEFT OUTER JOIN person_tags ON person.id = person_tags.person_id WHERE person_tags.tag IS NULL");
            // SQLAlchemy's of_type(aliased(Tag)) for aliased()
            QueryableAttribute<?> a = tags.aliased();
            QueryableAttribute<?> b = tags.aliased();
            assertThat(t.sqlOf(s.query(Person.class).join(a).join(b).filter(a.element().eq("admin"), b.element().eq("author"))))
                    .isEqualTo(person + "JOIN person_tags AS person_tags_1 ON person.id = person_tags_1.person_id "
                            + "JOIN person_tags AS person_tags_2 ON person.id = person_tags_2.person_id WHERE person_tags_1.tag = :tag_1 AND person_tags_2.tag = :tag_2");
            assertThat(t.sqlOf(s.query(Person.class).join(tags).filter(a.any(a.element().eq("x")))))
                    .isEqualTo(person + "JOIN person_tags ON person.id = person_tags.person_id WHERE EXISTS (SELECT 1 FROM person_tags AS person_tags_1 "
                            + "WHERE person.id = person_tags_1.person_id AND person_tags_1.tag = :tag_1)");
            // the query's join does not take the EXISTS's FROM away
            assertThat(t.sqlOf(s.query(Person.class).join(tags).filter(tags.any(tags.element().eq("x")))))
                    .isEqualTo(person + "JOIN person_tags ON person.id = person_tags.person_id WHERE EXISTS (SELECT 1 FROM person_tags "
                            + "WHERE person.id = person_tags.person_id AND person_tags.tag = :tag_1)");
        }
    }

    @Test
    void whatDoesNotFitIsRefusedNamingIt() {
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            t.registry.map(Person.class);
            assertThatThrownBy(() -> ORM.attr(Person.class, "phones").element()).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("Person.phones holds Phone objects: name a field, element(\"field\")");
            assertThatThrownBy(() -> ORM.attr(Person.class, "phones").element("color")).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("Phone has no field 'color' among [kind, number]");
            assertThatThrownBy(() -> ORM.attr(Person.class, "tags").element("kind")).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("Person.tags holds basic values: element() names them");
            assertThatThrownBy(() -> ORM.attr(Person.class, "phones").contains("555")).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("holds " + Phone.class.getName() + " objects, not 555");
            assertThatThrownBy(() -> ORM.attr(Person.class, "tags").has()).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("Person.tags is not a relationship");
            assertThatThrownBy(() -> ORM.defer(ORM.attr(Person.class, "tags"))).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("Column loader options apply to column attributes, not Person.tags");
            assertThatThrownBy(() -> ORM.selectinLoad(ORM.attr(Person.class, "tags"))).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("Loader options apply to relationship attributes, not Person.tags");
            assertThatThrownBy(() -> t.sqlOf(ORM.select(Person.class).filter(ORM.attr(Person.class, "tags").eq("admin"))))
                    .isInstanceOf(dev.retort.exc.CompileException.class)
                    .hasMessageContaining("element collection Person.tags is not a column; use it in join(), any() or contains()");
            assertThatThrownBy(() -> ORM.attr(Person.class, "name").element()).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("Person.name is not an element collection");
        }
    }

    @EachDatabase
    void findsOwnersByTheirElements(Databases.Database db) {
        try (OrmTestDatabase t = new OrmTestDatabase().suffixingMappedTables()) {
            t.registry.map(Person.class);
            t.start(db);
            try (Session s = t.open()) {
                Person ann = new Person(1, "ann");
                ann.tags.addAll(List.of("admin", "author"));
                ann.phones.add(new Phone("home", "111"));
                ann.phones.add(new Phone(null, "222"));
                Person bob = new Person(2, "bob");
                bob.tags.add("reader");
                bob.phones.add(new Phone("work", "111"));
                Person cy = new Person(3, "cy");
                s.addAll(List.of(ann, bob, cy));
                s.commit();
            }
            QueryableAttribute<?> tags = ORM.attr(Person.class, "tags");
            QueryableAttribute<?> phones = ORM.attr(Person.class, "phones");
            QueryableAttribute<?> id = ORM.attr(Person.class, "id");
            AliasedEntity<Person> other = ORM.aliased(Person.class);
            QueryableAttribute<?>[] both = {tags.aliased(), tags.aliased()};
            try (Session s = t.open()) {
                List<Query<Person>> queries = List.of(
                        s.query(Person.class).filter(tags.contains("admin")),
                        s.query(Person.class).filter(tags.any(tags.element().like("a%"))).orderBy(id),
                        s.query(Person.class).filter(SQL_not(tags.any())),
                        s.query(Person.class).join(tags).filter(tags.element().in(List.of("admin", "reader", "author"))).orderBy(id).distinct(),
                        s.query(Person.class).outerJoin(tags).filter(tags.element().isNull()),
                        s.query(Person.class).filter(phones.contains(new Phone("work", "111"))),
                        s.query(Person.class).filter(phones.contains(new Phone(null, "222"))),
                        s.query(Person.class).filter(phones.any(phones.element("number").eq("111"))).orderBy(id),
                        // both tags: one alias of the collection's table per tag
                        s.query(Person.class).join(both[0]).join(both[1]).filter(both[0].element().eq("admin"), both[1].element().eq("author")),
                        s.query(Person.class).join(both[0]).join(both[1]).filter(both[0].element().eq("admin"), both[1].element().eq("reader")),
                        // an aliased owner: the collection's rows are the alias's
                        s.query(other).filter(other.attr("tags").any()).orderBy(other.attr("id")));
                List<List<Integer>> expected = List.of(List.of(1), List.of(1), List.of(3), List.of(1, 2), List.of(3), List.of(2), List.of(1),
                        List.of(1, 2), List.of(1), List.of(), List.of(1, 2));
                for (int i = 0; i < queries.size(); i++) {
                    assertThat(queries.get(i).all()).as("query %d: %s", i, queries.get(i)).extracting(p -> p.id).containsExactlyElementsOf(expected.get(i));
                }
                assertThat(t.sqlOf(queries.get(queries.size() - 1))).contains("FROM person AS person_1 WHERE EXISTS (SELECT 1 FROM person_tags WHERE person_1.id = person_tags.person_id)");
                t.assertRoundTrips(queries, s);
            }
        }
    }

    private static dev.retort.sql.ColumnElement<Boolean> SQL_not(dev.retort.sql.ColumnElement<Boolean> c) {
        return dev.retort.sql.SQL.not(c);
    }
}
