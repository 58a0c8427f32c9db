package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Connection;
import dev.retort.exc.ArgumentException;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.orm.JpaModel.Author;
import dev.retort.orm.JpaModel.Book;
import dev.retort.orm.JpaModel.BookTitle;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.TypeKind;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Registry.map(): tables and mappers from Jakarta Persistence annotations. */
class AnnotationMappingTest {
    @Test
    void tablesComeFromTheAnnotations() {
        try (JpaModel m = new JpaModel(Databases.Database.SQLITE)) {
            Table authors = m.metadata.tables().get("authors" + m.suffix);
            Table books = m.metadata.tables().get("books" + m.suffix);
            assertThat(authors.columns()).extracting(c -> c.name()).containsExactly("id", "full_name", "version");
            assertThat(authors.c("name").name()).as("@Column(name) keeps the field name as key").isEqualTo("full_name");
            assertThat(authors.c("name").isNullable()).isFalse();
            assertThat(authors.c("id").isPrimaryKey()).isTrue();
            assertThat(authors.c("id").isAutoincrement()).isTrue();
            assertThat(books.columns()).extracting(c -> c.name()).containsExactly("id", "title", "price", "published", "author_id");
            assertThat(books.c("author_id").foreignKeys()).singleElement()
                    .satisfies(fk -> assertThat(fk.column()).isSameAs(authors.c("id")));
            assertThat(books.c("author_id").type().javaType()).isEqualTo(Integer.class);
            assertThat(books.c("price").type().kind()).isEqualTo(TypeKind.NUMERIC);
            assertThat(ORM.mapper(Author.class).attributeKeys()).containsExactly("id", "name", "version", "books");
            assertThat(ORM.mapper(Book.class).attributeKeys()).contains("author");
            assertThat(ORM.mapper(Author.class).versionCounter()).isNotNull();
        }
    }

    @EachDatabase
    void annotatedClassesRoundTrip(Databases.Database db) {
        try (JpaModel m = new JpaModel(db)) {
            int id = m.seed("ann");
            Session s = m.open();
            Author a = s.query(Author.class).filter(ORM.attr(Author.class, "name").eq("ann")).one();
            assertThat(a.id).isEqualTo(id);
            assertThat(a.version).isEqualTo(1);
            assertThat(a.books).extracting(b -> b.title).as("@OrderBy(\"title\")").containsExactly("A of ann", "B of ann");
            assertThat(a.books.get(0).author).isSameAs(a);
            assertThat(a.books.get(0).price).isEqualByComparingTo("7.25");
            Book gone = a.books.remove(0);
            s.commit();
            assertThat(s.get(Book.class, gone.id)).as("orphanRemoval = true").isNull();
            s.delete(s.get(Author.class, id));
            s.commit();
            try (Connection c = m.engine.connect()) {
                assertThat(c.execute(SQL.select(SQL.func("count")).selectFrom(ORM.mapper(Book.class).table())).scalar())
                        .as("cascade = ALL deletes the books").isIn(0, 0L);
            }
        }
    }

    @EachDatabase
    void aQueryOfAnnotatedClassesSurvivesTheSerializer(Databases.Database db) {
        try (JpaModel m = new JpaModel(db)) {
            m.seed("bo");
            Session s = m.open();
            Query<Book> q = s.query(Book.class).join(ORM.attr(Book.class, "author"))
                    .filter(ORM.attr(Author.class, "name").eq("bo")).orderBy(ORM.attr(Book.class, "price"));
            for (Protocol p : Protocol.values()) {
                @SuppressWarnings("unchecked")
                Query<Book> back = ((Query<Book>) QuerySerializer.loads(QuerySerializer.dumps(q, p), m.metadata)).withSession(s);
                assertThat(back.all()).extracting(b -> b.title).containsExactly("A of bo", "B of bo");
            }
        }
    }

    @EachDatabase
    void aRecordMapsReadOnly(Databases.Database db) {
        try (JpaModel m = new JpaModel(db)) {
            m.seed("rec");
            MetaData other = new MetaData();
            Registry views = new Registry(other).tableNaming(n -> n + m.suffix);
            try {
                views.map(BookTitle.class);
                assertThat(ORM.mapper(BookTitle.class).isReadOnly()).isTrue();
                try (Session s = SessionFactory.of(m.engine).open()) {
                    assertThat(s.query(BookTitle.class).orderBy(ORM.attr(BookTitle.class, "title")).all())
                            .extracting(BookTitle::title).containsExactly("A of rec", "B of rec");
                    assertThatThrownBy(() -> s.add(new BookTitle(null, "x"))).isInstanceOf(ArgumentException.class).hasMessageContaining("read-only");
                }
            } finally {
                views.dispose();
            }
        }
    }

    @Test
    void scanFindsTheEntitiesOfAPackage() {
        Registry r = new Registry(new MetaData());
        try {
            List<Mapper<?>> found = r.scan("dev.retort.orm.scanned");
            assertThat(found).extracting(Mapper::entityName).containsExactly("Note");
            assertThat(r.metadata().tables()).containsKey("Note");
            assertThat(found.get(0).table().c("id").isAutoincrement()).as("no @GeneratedValue").isFalse();
            assertThat(found.get(0).table().c("stamp").type()).as("by the @Converter(autoApply = true) it found").isInstanceOf(ConvertedType.class);
        } finally {
            r.dispose();
        }
    }

    /** Not annotated. */
    static class Plain {
        Integer id;
    }

    @Entity
    static class WithMap {
        @Id
        Integer id;

        Map<String, String> tags;
    }

    @Entity
    static class NoId {
        String name;
    }

    @Test
    void whatCannotBeReadIsRefusedByName() {
        Registry r = new Registry(new MetaData());
        try {
            assertThatThrownBy(() -> r.map(Plain.class)).isInstanceOf(ArgumentException.class).hasMessageContaining("no @Entity");
            assertThatThrownBy(() -> r.map(WithMap.class)).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("WithMap.tags is a java.util.Map").hasMessageContaining("@Transient");
            assertThatThrownBy(() -> r.map(NoId.class)).isInstanceOf(ArgumentException.class).hasMessageContaining("no @Id");
            assertThat(r.mappers()).isEmpty();
        } finally {
            r.dispose();
        }
    }

    @Test
    void insertWritesDefaultsTheAnnotationsImply() {
        try (JpaModel m = new JpaModel(Databases.Database.SQLITE)) {
            Session s = m.open();
            Author a = new Author("new");
            a.books.add(new Book("t", BigDecimal.ONE));
            s.add(a);
            s.flush();
            assertThat(a.version).as("@Version starts at 1").isEqualTo(1);
            assertThat(a.books.get(0).id).isNotNull();
            assertThat(m.sql).anyMatch(q -> q.startsWith("INSERT INTO authors (full_name, version)"));
        }
    }
}
