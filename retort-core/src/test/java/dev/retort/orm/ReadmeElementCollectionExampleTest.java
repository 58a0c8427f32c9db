package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The README's @ElementCollection example, run as written. */
class ReadmeElementCollectionExampleTest {
    @Entity
    public static class Person {
        @Id @GeneratedValue Long id;
        @ElementCollection @CollectionTable(name = "person_tags", joinColumns = @JoinColumn(name = "person_id"))
        @jakarta.persistence.Column(name = "tag", length = 40, nullable = false) Set<String> tags = new HashSet<>();

        public Person() {
        }
    }

    @EachDatabase
    void theExample(Databases.Database db) {
        try (OrmTestDatabase orm = new OrmTestDatabase().suffixingMappedTables()) {
            orm.registry.map(Person.class);
            Table tagsTable = orm.metadata.tables().get("person_tags" + orm.suffix);
            assertThat(tagsTable.columns()).extracting(Column::name).containsExactly("person_id", "tag");
            assertThat(tagsTable.columns()).allMatch(Column::isPrimaryKey);
            assertThat(tagsTable.c("person_id").foreignKeys().get(0).column().table().name()).isEqualTo("Person" + orm.suffix);
            orm.start(db);
            long id;
            try (Session session = orm.open()) {
                Person p = new Person();
                session.add(p);
                session.commit();
                id = p.id;
            }
            try (Session session = orm.open()) {
                orm.take("");
                Person person = session.get(Person.class, id);
                assertThat(orm.take("SELECT")).hasSize(2).last().asString().contains("FROM person_tags WHERE person_tags.person_id IN");
                person.tags.add("admin");
                session.commit();
                List<String> written = orm.take("");
                assertThat(written).anyMatch(w -> w.startsWith("DELETE FROM person_tags WHERE person_tags.person_id = "));
                assertThat(written).anyMatch(w -> w.startsWith("INSERT INTO person_tags (person_id, tag) VALUES"));
            }
            try (Session session = orm.open()) {
                assertThat(session.get(Person.class, id).tags).containsExactly("admin");
                QueryableAttribute<?> tags = ORM.attr(Person.class, "tags");
                orm.take("");
                assertThat(session.query(Person.class).filter(tags.contains("admin")).all()).extracting(p -> p.id).containsExactly(id);
                assertThat(orm.take("SELECT").get(0).replace("`", "\"")).contains(
                        "WHERE EXISTS (SELECT 1 FROM person_tags WHERE \"Person\".id = person_tags.person_id AND person_tags.tag = ?)");
                assertThat(session.query(Person.class).join(tags).filter(tags.element().like("ad%")).all()).extracting(p -> p.id).containsExactly(id);
                assertThat(orm.take("SELECT").get(0).replace("`", "\"").replace("INNER JOIN", "JOIN")).contains(
                        "FROM \"Person\" JOIN person_tags ON \"Person\".id = person_tags.person_id WHERE person_tags.tag LIKE ?");
            }
        }
    }
}
