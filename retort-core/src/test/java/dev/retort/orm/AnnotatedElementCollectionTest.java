package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Engine;
import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.ForeignKey;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import jakarta.persistence.AttributeOverride;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Registry.map() of @ElementCollection: the collection tables it builds, loading, flushing and deleting their rows. */
class AnnotatedElementCollectionTest {
    public enum Color { RED, GREEN, BLUE }

    @Embeddable
    public static class Phone {
        String kind;
        @jakarta.persistence.Column(name = "num", length = 20) String number;

        public Phone() {
        }

        Phone(String kind, String number) {
            this.kind = kind;
            this.number = number;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Phone p && Objects.equals(kind, p.kind) && Objects.equals(number, p.number);
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, number);
        }

        @Override
        public String toString() {
            return kind + ":" + number;
        }
    }

    @Entity
    public static class Person {
        @Id @GeneratedValue Long id;
        String name;
        @ElementCollection List<String> nicknames = new ArrayList<>();
        @ElementCollection @CollectionTable(name = "person_tags", joinColumns = @JoinColumn(name = "person_id"))
        @jakarta.persistence.Column(name = "tag", length = 40, nullable = false) Set<String> tags = new HashSet<>();
        @ElementCollection @Enumerated(EnumType.STRING) Set<Color> colors = new HashSet<>();
        @ElementCollection @AttributeOverride(name = "kind", column = @jakarta.persistence.Column(name = "phone_kind", length = 10))
        List<Phone> phones = new ArrayList<>();

        public Person() {
        }

        Person(String name) {
            this.name = name;
        }
    }

    @Test
    void collectionTablesAsHibernateMakesThem() {
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            t.registry.map(Person.class);
            Table nicknames = t.metadata.tables().get("Person_nicknames");
            assertThat(nicknames.columns()).extracting(Column::name).containsExactly("Person_id", "nicknames");
            assertThat(nicknames.c("Person_id").isNullable()).isFalse();
            assertThat(nicknames.c("Person_id").type()).isEqualTo(Types.BIGINT);
            assertThat(nicknames.c("Person_id").foreignKeys()).extracting(ForeignKey::target).containsExactly("Person.id");
            assertThat(nicknames.c("nicknames").isNullable()).isTrue();
            assertThat(nicknames.c("nicknames").type()).isEqualTo(Types.string(255));
            assertThat(nicknames.columns()).as("a bag: no primary key").noneMatch(Column::isPrimaryKey);

            Table tags = t.metadata.tables().get("person_tags");
            assertThat(tags.columns()).extracting(Column::name).containsExactly("person_id", "tag");
            assertThat(tags.columns()).as("a set of NOT NULL elements: all its columns are the key").allMatch(Column::isPrimaryKey);
            assertThat(tags.c("tag").type()).isEqualTo(Types.string(40));

            Table colors = t.metadata.tables().get("Person_colors");
            assertThat(colors.columns()).as("nullable elements: no key").noneMatch(Column::isPrimaryKey);
            assertThat(colors.c("colors").type().javaType()).isEqualTo(Color.class);

            Table phones = t.metadata.tables().get("Person_phones");
            assertThat(phones.columns()).extracting(Column::name).containsExactly("Person_id", "phone_kind", "num");
            assertThat(phones.c("phones_number").type()).isEqualTo(Types.string(20));
            assertThat(phones.c("phones_kind").type()).isEqualTo(Types.string(10));
            // a query attribute (ElementCollectionQueryTest), but no column
            assertThatThrownBy(() -> ORM.attr(Person.class, "tags").expression()).isInstanceOf(dev.retort.exc.CompileException.class)
                    .hasMessageContaining("element collection Person.tags is not a column");
        }
    }

    @EachDatabase
    void loadAddRemoveAndDeleteWithTheOwner(Databases.Database db) {
        Engine engine = db.engine();
        try (OrmTestDatabase t = new OrmTestDatabase().suffixingMappedTables()) {
            t.registry.map(Person.class);
            t.start(engine);
            long annId;
            try (Session s = t.open()) {
                Person ann = new Person("ann");
                ann.nicknames.addAll(List.of("annie", "a"));
                ann.tags.add("admin");
                ann.colors.add(Color.GREEN);
                ann.phones.add(new Phone("home", "555-1"));
                Person bob = new Person("bob");
                bob.tags.add("guest");
                s.add(ann);
                s.add(bob);
                s.commit();
                annId = ann.id;
                assertThat(t.take("INSERT")).as("the owners, then one executemany per non-empty collection").hasSize(6);
            }
            try (Session s = t.open()) {
                Query<Person> q = s.query(Person.class).orderBy(ORM.attr(Person.class, "name"));
                List<Person> people = q.all();
                assertThat(t.take("SELECT")).as("the owners, then one SELECT per collection for all of them").hasSize(5);
                Person ann = people.get(0);
                assertThat(ann.nicknames).containsExactlyInAnyOrder("annie", "a");
                assertThat(ann.tags).containsExactly("admin");
                assertThat(ann.colors).containsExactly(Color.GREEN);
                assertThat(ann.phones).containsExactly(new Phone("home", "555-1"));
                assertThat(people.get(1).tags).containsExactly("guest");
                assertThat(people.get(1).nicknames).isEmpty();
                t.assertRoundTrips(List.of(q), s);

                t.take("");
                s.flush();
                assertThat(t.take("")).as("nothing changed: nothing written").isEmpty();

                ann.nicknames.remove("a");
                ann.tags.add("owner");
                ann.phones.get(0).number = "555-2";   // an embeddable element changed in place
                s.commit();
                List<String> written = t.take("");
                assertThat(written.stream().filter(w -> w.startsWith("DELETE"))).as("the changed collections' rows, not colors'").hasSize(3);
                assertThat(written.stream().filter(w -> w.startsWith("INSERT"))).hasSize(3);
                assertThat(written).noneMatch(w -> w.contains("Person_colors"));
            }
            try (Session s = t.open()) {
                Person ann = s.get(Person.class, annId);
                assertThat(ann.nicknames).containsExactly("annie");
                assertThat(ann.tags).containsExactlyInAnyOrder("admin", "owner");
                assertThat(ann.phones).containsExactly(new Phone("home", "555-2"));
                ann.colors = new LinkedHashSet<>(List.of(Color.GREEN));   // replaced by an equal set: nothing to write
                ann.phones.clear();
                s.commit();
                assertThat(t.take("INSERT")).isEmpty();
            }
            try (Session s = t.open()) {
                Person ann = s.get(Person.class, annId);
                ann.nicknames.add("nan");
                ann.phones.add(new Phone("work", "555-3"));
                s.flush();
                s.rollback();
                assertThat(ann.nicknames).as("restored as of the transaction's start").containsExactly("annie");
                assertThat(ann.phones).isEmpty();
                t.take("");
                s.commit();
                assertThat(t.take("INSERT")).isEmpty();
            }
            try (Session s = t.open()) {
                Person ann = s.get(Person.class, annId);
                assertThat(ann.phones).isEmpty();
                assertThat(ann.nicknames).containsExactly("annie");
                s.delete(ann);
                s.commit();
                assertThat(t.take("DELETE")).as("each collection's rows, then the owner").hasSize(5);
            }
            try (Session s = t.open()) {
                for (String table : List.of("Person_nicknames", "person_tags", "Person_colors", "Person_phones")) {
                    Table tt = t.metadata.tables().get(table + t.suffix);
                    int rows = s.connection().execute(SQL.select(tt.columns().toArray())).all().size();
                    assertThat(rows).as(table).isEqualTo(table.equals("person_tags") ? 1 : 0);   // bob's tag stays
                }
            }
        }
    }

    @Entity
    public static class WithMap {
        @Id Integer id;
        @ElementCollection Map<String, String> attributes = new HashMap<>();
    }

    @Entity
    public static class Ordered {
        @Id Integer id;
        @ElementCollection @jakarta.persistence.OrderBy List<String> lines = new ArrayList<>();
    }

    @Entity
    public static class OrderedMembers {
        @Id Integer id;
        @jakarta.persistence.OneToMany(mappedBy = "owner") @OrderColumn List<Member> members = new ArrayList<>();
    }

    @Entity
    public static class Member {
        @Id Integer id;
        @jakarta.persistence.ManyToOne OrderedMembers owner;
    }

    @Entity
    public static class OfEntities {
        @Id Integer id;
        @ElementCollection List<Person> people = new ArrayList<>();
    }

    @Entity
    public static class Catalogued {
        @Id Integer id;
        @ElementCollection @CollectionTable(catalog = "other") List<String> lines = new ArrayList<>();
    }

    @EachDatabase
    void mergeOfADetachedOwnerCopiesItsCollections(Databases.Database db) {
        try (OrmTestDatabase t = new OrmTestDatabase().suffixingMappedTables()) {
            t.registry.map(Person.class);
            t.start(db);
            Person detached;
            try (Session s = t.open()) {
                detached = new Person("ann");
                detached.nicknames.addAll(List.of("annie", "a"));
                detached.tags.add("admin");
                s.add(detached);
                s.commit();
            }
            detached.nicknames.remove("a");
            detached.tags.add("owner");
            try (Session s = t.open()) {
                Person merged = s.merge(detached);
                assertThat(merged).isNotSameAs(detached);
                assertThat(merged.tags).containsExactlyInAnyOrder("admin", "owner").isNotSameAs(detached.tags);
                s.commit();
            }
            try (Session s = t.open()) {
                Person again = s.get(Person.class, detached.id);
                assertThat(again.nicknames).containsExactly("annie");
                assertThat(again.tags).containsExactlyInAnyOrder("admin", "owner");
                Person fresh = new Person("bob");
                fresh.id = again.id + 100;
                fresh.nicknames.add("b");
                s.merge(fresh);
                s.commit();
            }
            try (Session s = t.open()) {
                assertThat(s.get(Person.class, detached.id + 100).nicknames).as("a new owner's collection inserted").containsExactly("b");
            }
        }
    }

    @Test
    void whatIsNotReadIsRefusedNamingTheField() {
        Map<Class<?>, String> refused = Map.of(
                WithMap.class, "WithMap.attributes @ElementCollection is a java.util.Map",
                Ordered.class, "Ordered.lines @ElementCollection has @OrderBy",
                OfEntities.class, "OfEntities.people @ElementCollection holds the entity",
                Catalogued.class, "Catalogued.lines @ElementCollection @CollectionTable: Registry.map() reads name, schema",
                OrderedMembers.class, "OrderedMembers.members (an @OrderColumn) adds a column to Member's table: map Member in the same call");
        refused.forEach((type, message) -> {
            try (OrmTestDatabase t = new OrmTestDatabase()) {
                assertThatThrownBy(() -> t.registry.map(type)).isInstanceOf(ArgumentException.class).hasMessageContaining(message);
            }
        });
    }
}
