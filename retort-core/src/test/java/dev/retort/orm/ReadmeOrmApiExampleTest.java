package dev.retort.orm;

import static dev.retort.sql.SQL.desc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.RetortException;
import dev.retort.exc.StaleDataException;
import dev.retort.orm.JpaModel.Author;
import dev.retort.orm.JpaModel.Book;
import dev.retort.orm.JpaModel.Review;
import dev.retort.orm.OrmEvents.InstanceEvent;
import dev.retort.orm.OrmEvents.SessionEvent;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README's examples for annotated classes, versions, events, loader options, streams, pages and bulk statements, as written there. */
class ReadmeOrmApiExampleTest {
    @Test
    void theExamplesRunAsWritten() {
        try (JpaModel m = new JpaModel(Databases.Database.SQLITE)) {
            m.seed("ann");
            Session session = m.open();
            List<String> audit = new ArrayList<>();
            List<String> mailer = new ArrayList<>();
            Registry registry = m.registry;

            registry.events().listen(Book.class, InstanceEvent.BEFORE_INSERT, (s, book) -> book.title = book.title.strip());
            session.events().listen(Object.class, InstanceEvent.AFTER_LOAD, (s, o) -> audit.add(o.toString()))
                    .listen(SessionEvent.AFTER_COMMIT, s -> mailer.add("sent"));

            Author author = session.query(Author.class).one();
            Table t = ORM.mapper(Author.class).table();
            session.execute(SQL.update(t).values(Map.of("version", 5)));
            author.name = "changed";
            try {
                session.commit();
            } catch (StaleDataException e) {            // "UPDATE of Author [7] matched no row with version 1: ..."
                session.refresh(author);                // the row as it is now; apply the change again
            }
            assertThat(author.version).isEqualTo(5);

            Book added = new Book("  padded  ", BigDecimal.ONE);
            added.reviews.add(new Review(4));
            author.books.add(added);
            session.commit();
            assertThat(added.title).isEqualTo("padded");
            assertThat(mailer).containsExactly("sent");
            assertThat(audit).isNotEmpty();

            List<Author> authors = session.query(Author.class)
                    .options(ORM.joinedLoad(ORM.attr(Author.class, "books")).selectinLoad(ORM.attr(Book.class, "reviews")))
                    .populateExisting()
                    .all();                              // 2 statements, whatever the number of authors and books
            assertThat(authors.get(0).books).hasSize(3);
            try (Session fresh = SessionFactory.of(m.engine).open()) {
                Book book = fresh.query(Book.class).options(ORM.raiseLoad(ORM.attr(Book.class, "reviews"))).first();
                assertThatThrownBy(() -> book.reviews.size()).isInstanceOf(RetortException.class).hasMessageContaining("raiseLoad");
            }

            List<Book> exporter = new ArrayList<>();
            try (Stream<Book> all = session.query(Book.class).yieldPer(500).stream()) {
                all.forEach(exporter::add);
            }
            assertThat(exporter).hasSize(3);
            List<Book> shown = new ArrayList<>();
            KeysetPage<Book> page = session.query(Book.class).orderBy(desc(ORM.attr(Book.class, "price")), ORM.attr(Book.class, "id")).keysetPage(20);
            while (!page.items().isEmpty()) { shown.addAll(page.items()); page = page.next(); }
            assertThat(shown).hasSize(3);

            int n = session.query(Book.class).filter(ORM.attr(Book.class, "price").lt(new BigDecimal("10")))
                    .update(Map.of("price", ORM.attr(Book.class, "price").mul(2)));   // UPDATE books SET price=(books.price * ?) WHERE books.price < ?
            session.query(Book.class).filter(ORM.attr(Book.class, "title").like("Draft%")).delete(Query.Synchronize.EXPIRE);
            assertThat(n).isEqualTo(2);
        }
    }
}
