package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.orm.JpaModel.Author;
import dev.retort.orm.JpaModel.Book;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Flushes and commits of instances a query loaded and nothing looked up since (the session
 * keeps them in a list, not in its map keyed by instance, until something asks for one): several
 * classes still go in table order, versions are checked and bumped, a changed key moves its
 * instance in the identity map, deleted instances leave at commit, and the snapshots the flush
 * leaves are what the next flush compares with.
 */
class FlushOfLoadedInstancesTest {
    private static List<Author> authors(Session s) {
        return s.query(Author.class).orderBy(ORM.attr(Author.class, "id")).all();
    }

    private static List<Book> books(Session s) {
        return s.query(Book.class).orderBy(ORM.attr(Book.class, "id")).all();
    }

    @EachDatabase
    void loadedInstancesOfTwoClassesAndANewOneFlushInTableOrderWithTheirVersions(Databases.Database db) {
        try (JpaModel m = new JpaModel(db)) {
            int first = m.seed("a");
            m.seed("b");
            Session s = m.open();
            // The books first: their statements must still follow their authors'.
            List<Book> books = books(s);
            List<Author> authors = authors(s);
            books.forEach(b -> b.title = b.title + "!");
            authors.forEach(a -> a.name = a.name + "?");
            Book added = new Book("C of a", new BigDecimal("1.00"));
            added.author = authors.get(0);
            s.add(added);
            m.sql.clear();
            s.commit();
            List<String> writes = new ArrayList<>();
            m.sql.stream().filter(q -> q.startsWith("UPDATE") || q.startsWith("INSERT")).forEach(writes::add);
            int authorsAt = writes.indexOf(writes.stream().filter(q -> q.startsWith("UPDATE authors")).reduce((x, y) -> y).orElseThrow());
            assertThat(writes).as("the referenced table first").allMatch(q -> writes.indexOf(q) <= authorsAt ? q.startsWith("UPDATE authors") : q.contains("books"));
            assertThat(writes.subList(authorsAt + 1, writes.size())).as("an UPDATE and an INSERT of books").hasSizeGreaterThanOrEqualTo(2);
            try (Session check = m.open()) {
                assertThat(authors(check)).extracting(a -> a.name + "/" + a.version).containsExactly("a?/2", "b?/2");
                assertThat(books(check)).extracting(b -> b.title).containsExactlyInAnyOrder("B of a!", "A of a!", "B of b!", "A of b!", "C of a");
                assertThat(check.get(Author.class, first).books).extracting(b -> b.title).contains("C of a");
            }
            m.sql.clear();
            authors(s);
            books(s);
            s.flush();
            assertThat(m.sql).as("reloaded after the commit: nothing to write").noneMatch(q -> q.startsWith("UPDATE") || q.startsWith("INSERT"));
        }
    }

    @EachDatabase
    void theNextFlushComparesWithWhatTheFlushWrote(Databases.Database db) {
        try (JpaModel m = new JpaModel(db)) {
            m.seed("a");
            m.seed("b");
            Session s = m.open();
            List<Author> authors = authors(s);
            String before = authors.get(0).name;
            authors.forEach(a -> a.name = a.name + "!");
            s.flush();
            m.sql.clear();
            s.flush();
            assertThat(m.sql).as("nothing changed since the flush").isEmpty();
            authors.get(0).name = before;
            s.flush();
            assertThat(m.sql).hasSize(1);
            assertThat(m.sql.get(0)).startsWith("UPDATE authors SET full_name=?, version=?");
            assertThat(authors).extracting(a -> a.version).containsExactly(3, 2);
        }
    }

    @EachDatabase
    void aKeyChangedAmongLoadedInstancesMovesItsInstanceAndAnEqualKeyDoesNot(Databases.Database db) {
        try (JpaModel m = new JpaModel(db)) {
            m.seed("a");
            Session s = m.open();
            List<Book> books = books(s);
            Book moved = books.get(0);
            Book same = books.get(1);
            long old = moved.id;
            long newId = books.get(1).id + 1000;
            moved.id = newId;
            // An equal key in another Long object is no change of identity.
            same.id = Long.valueOf(String.valueOf(same.id));
            same.title = "changed";
            s.flush();
            m.sql.clear();
            assertThat(s.get(Book.class, newId)).isSameAs(moved);
            assertThat(s.get(Book.class, same.id)).isSameAs(same);
            assertThat(m.sql).as("both found in the identity map").isEmpty();
            assertThat(s.get(Book.class, old)).isNull();
            s.commit();
            try (Session check = m.open()) {
                assertThat(check.get(Book.class, newId).title).isEqualTo(moved.title);
                assertThat(check.get(Book.class, same.id).title).isEqualTo("changed");
            }
        }
    }

    @EachDatabase
    void aDeletedLoadedInstanceLeavesAtCommitAndTheOthersExpire(Databases.Database db) {
        try (JpaModel m = new JpaModel(db)) {
            m.seed("a");
            Session s = m.open();
            List<Book> books = books(s);
            s.delete(books.get(0));
            books.get(1).title = "kept";
            s.commit();
            assertThat(s.contains(books.get(0))).isFalse();
            assertThat(s.contains(books.get(1))).isTrue();
            m.sql.clear();
            assertThat(books.get(1).title).isEqualTo("kept");
            assertThat(s.get(Book.class, books.get(1).id)).isSameAs(books.get(1));
            assertThat(m.sql).as("expired by the commit: loaded again").isNotEmpty().allMatch(q -> q.startsWith("SELECT"));
            try (Session check = m.open()) {
                assertThat(books(check)).extracting(b -> b.title).containsExactly("kept");
            }
        }
    }
}
