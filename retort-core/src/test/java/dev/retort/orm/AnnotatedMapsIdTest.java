package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.CreateTable;
import dev.retort.schema.ForeignKey;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapsId;
import jakarta.persistence.OneToOne;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code @MapsId} on a reference of an entity with one {@code @Id}: the join column is the key, as
 * Hibernate 7.4's schema export (PostgreSQL, MariaDB dialects) makes it:
 * {@code create table Detail (note varchar(255), person_id bigint not null, primary key (person_id))}
 * and {@code foreign key (person_id) references Person}; no {@code id} column, no separate unique key.
 * {@code @MapsId("orderId")} into an {@code @EmbeddedId}: that part of the key is the join column, as
 * Hibernate 7.4.16 makes it for the same classes: {@code create table Line (line integer not null,
 * person_id bigint not null, primary key (line, person_id))}, {@code foreign key (person_id) references Person}.
 */
class AnnotatedMapsIdTest {
    @Entity
    public static class Person {
        @Id Long id;
        String name;
        @OneToOne(mappedBy = "person") Detail detail;
        @jakarta.persistence.OneToMany(mappedBy = "person") @jakarta.persistence.OrderBy("item") List<Line> lines = new java.util.ArrayList<>();

        public Person() {
        }
    }

    @Entity
    public static class Detail {
        @Id Long id;
        @MapsId @OneToOne Person person;
        String note;

        public Detail() {
        }
    }

    @Entity
    public static class Visit {
        @Id Long id;
        @MapsId @ManyToOne Person person;
        String note;

        public Visit() {
        }
    }

    @Embeddable
    public static class LineId {
        Long orderId;
        int line;

        public LineId() {
        }

        LineId(Long orderId, int line) {
            this.orderId = orderId;
            this.line = line;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LineId l && java.util.Objects.equals(orderId, l.orderId) && line == l.line;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(orderId, line);
        }
    }

    @Entity
    public static class Line {
        @EmbeddedId LineId id;
        @MapsId("orderId") @ManyToOne Person person;
        String item;

        public Line() {
        }
    }

    @Entity
    public static class Misnamed {
        @EmbeddedId LineId id;
        @MapsId("order") @ManyToOne Person person;
    }

    @Test
    void theJoinColumnIsTheKey() {
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            t.registry.map(Person.class, Detail.class, Visit.class, Line.class);
            for (String name : List.of("Detail", "Visit")) {
                Table table = t.metadata.tables().get(name);
                assertThat(table.columns()).extracting(Column::name).containsExactlyInAnyOrder("person_id", "note");
                assertThat(table.primaryKeyColumns()).extracting(Column::name).containsExactly("person_id");
                assertThat(table.c("id").foreignKeys()).extracting(ForeignKey::target).containsExactly("Person.id");
                for (var d : List.of(Dialects.postgresql(), Dialects.mariadb(), Dialects.sqlite())) {
                    assertThat(new CreateTable(table).compile(d).string().replaceAll("[\"`]", "")).as(d.name())
                            .contains("person_id BIGINT NOT NULL").contains("PRIMARY KEY (person_id)").doesNotContain("UNIQUE")
                            .contains("FOREIGN KEY(person_id) REFERENCES Person (id)");
                }
            }
        }
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            t.registry.map(Person.class, Detail.class, Visit.class, Line.class);
            Table lines = t.metadata.tables().get("Line");
            assertThat(lines.columns()).extracting(Column::name).containsExactlyInAnyOrder("person_id", "line", "item");
            assertThat(lines.primaryKeyColumns()).extracting(Column::name).containsExactlyInAnyOrder("person_id", "line");
            assertThat(lines.c("id_orderId").foreignKeys()).extracting(ForeignKey::target).containsExactly("Person.id");
            for (var d : List.of(Dialects.postgresql(), Dialects.mariadb(), Dialects.sqlite())) {
                assertThat(new CreateTable(lines).compile(d).string().replaceAll("[\"`]", "")).as(d.name())
                        .contains("person_id BIGINT NOT NULL").contains("line INTEGER NOT NULL").doesNotContain("orderId");
            }
            assertThatThrownBy(() -> t.registry.map(Misnamed.class)).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("Misnamed.person @MapsId: Registry.map() reads one @MapsId, without a value for an entity with one @Id field, or @MapsId(\"x\") naming"
                            + " a basic field of its @EmbeddedId");
        }
    }

    @EachDatabase
    void anEmbeddedKeyPartComesFromTheReference(Databases.Database db) {
        try (OrmTestDatabase t = new OrmTestDatabase().suffixingMappedTables()) {
            t.registry.map(Person.class, Detail.class, Visit.class, Line.class);
            t.start(db);
            try (Session s = t.open()) {
                Person bob = new Person();
                bob.id = 9L;
                bob.name = "bob";
                for (int i = 1; i <= 2; i++) {
                    Line l = new Line();
                    l.id = new LineId(null, i);
                    l.person = bob;
                    l.item = "item" + i;
                    s.add(l);
                }
                s.commit();
                assertThat(t.take("INSERT").get(0).replaceAll("[\"`]", "")).as("the person first").startsWith("INSERT INTO Person ");
            }
            try (Session s = t.open()) {
                Line two = s.get(Line.class, new LineId(9L, 2));
                assertThat(two.item).isEqualTo("item2");
                assertThat(two.id.orderId).as("the key part the reference gave").isEqualTo(9L);
                assertThat(two.person.lines).extracting(l -> l.item).containsExactly("item1", "item2");
                assertThat(two.person.lines.get(1)).isSameAs(two);
                Query<Line> q = s.query(Line.class).filter(ORM.attr(Line.class, "id").eq(new LineId(9L, 1)));
                assertThat(q.one().item).isEqualTo("item1");
                t.assertRoundTrips(List.of(q), s);
                s.delete(two);
                s.commit();
            }
            try (Session s = t.open()) {
                assertThat(s.get(Person.class, 9L).lines).extracting(l -> l.id.line).containsExactly(1);
            }
        }
    }

    @EachDatabase
    void theIdentifierComesFromTheReference(Databases.Database db) {
        try (OrmTestDatabase t = new OrmTestDatabase().suffixingMappedTables()) {
            t.registry.map(Person.class, Detail.class, Visit.class, Line.class);
            t.start(db);
            try (Session s = t.open()) {
                Person ann = new Person();
                ann.id = 7L;
                ann.name = "ann";
                Detail d = new Detail();
                d.person = ann;
                d.note = "tall";
                Visit v = new Visit();
                v.person = ann;
                v.note = "monday";
                s.add(d);
                s.add(v);
                s.commit();
                assertThat(d.id).as("taken from the person on flush").isEqualTo(7L);
                assertThat(v.id).isEqualTo(7L);
                List<String> inserts = t.take("INSERT");
                assertThat(inserts.get(0).replaceAll("[\"`]", "")).as("the person first").startsWith("INSERT INTO Person ");
            }
            try (Session s = t.open()) {
                Detail d = s.get(Detail.class, 7L);
                assertThat(d.note).isEqualTo("tall");
                assertThat(d.person.name).isEqualTo("ann");
                assertThat(d.person.detail).isSameAs(d);
                Query<Visit> q = s.query(Visit.class).join(ORM.attr(Visit.class, "person")).filter(ORM.attr(Person.class, "name").eq("ann"));
                Visit v = q.one();
                assertThat(v.person).isSameAs(d.person);
                t.assertRoundTrips(List.of(q), s);
                s.delete(v);
                s.commit();
            }
            try (Session s = t.open()) {
                assertThat(s.query(Visit.class).all()).isEmpty();
                assertThat(s.get(Person.class, 7L).detail.note).isEqualTo("tall");
            }
        }
    }
}
