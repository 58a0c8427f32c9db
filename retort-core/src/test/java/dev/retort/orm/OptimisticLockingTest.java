package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.StaleDataException;
import static dev.retort.sql.SQL.update;

import dev.retort.orm.JpaModel.Author;
import dev.retort.schema.Table;
import java.util.Map;
import dev.retort.orm.JpaModel.Book;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import java.math.BigDecimal;
import java.util.List;

/** The version counter: checked and bumped by UPDATE and DELETE; a stale row raises StaleDataException. */
class OptimisticLockingTest {
    /**
     * Another writer's change to author {@code id}, behind the ORM's back: a Core UPDATE in the
     * session's own transaction (SQLite's shared in-memory database locks a second writer out).
     */
    private static void theirs(Session s, int id, String name) {
        Table t = ORM.mapper(Author.class).table();
        s.execute(update(t).values(Map.of("name", name, "version", t.c("version").add(1))).where(t.c("id").eq(id)));
    }
    @EachDatabase
    void anUpdateChecksAndBumpsTheVersion(Databases.Database db) {
        try (JpaModel m = new JpaModel(db)) {
            int id = m.seed("v");
            Session s = m.open();
            Author a = s.get(Author.class, id);
            a.name = "v2";
            m.sql.clear();
            s.commit();
            assertThat(m.sql).contains("UPDATE authors SET full_name=?, version=? WHERE authors.id = ? AND authors.version = ?");
            assertThat(s.get(Author.class, id).version).isEqualTo(2);
            s.commit();
            assertThat(s.get(Author.class, id).version).as("no change, no bump").isEqualTo(2);
        }
    }

    @EachDatabase
    void aStaleUpdateRaisesAndLeavesTheSessionAsItWas(Databases.Database db) {
        try (JpaModel m = new JpaModel(db)) {
            int id = m.seed("s");
            Session mine = m.open();
            Author a = mine.get(Author.class, id);
            List<Book> books = a.books;
            theirs(mine, id, "theirs");
            a.name = "mine";
            assertThatThrownBy(mine::flush).isInstanceOfSatisfying(StaleDataException.class, e -> {
                assertThat(e.entityName()).isEqualTo("Author");
                assertThat(e.primaryKey()).containsExactly(id);
                assertThat(e.getMessage()).contains("Author [" + id + "]").contains("version 1");
            });
            assertThat(a.version).as("the bump is undone").isEqualTo(1);
            assertThat(a.name).as("the change is still pending").isEqualTo("mine");
            assertThat(mine.contains(a)).isTrue();
            assertThat(mine.get(Author.class, id)).isSameAs(a);
            assertThat(a.books).isSameAs(books);
            mine.refresh(a);
            assertThat(a.version).isEqualTo(2);
            assertThat(a.name).isEqualTo("theirs");
            a.name = "mine";
            mine.commit();
            assertThat(mine.get(Author.class, id).version).isEqualTo(3);
        }
    }

    @EachDatabase
    void aStaleRowInABatchIsNamed(Databases.Database db) {
        try (JpaModel m = new JpaModel(db)) {
            int first = m.seed("x");
            int second = m.seed("y");
            int third = m.seed("z");
            Session mine = m.open();
            List<Author> all = mine.query(Author.class).orderBy(ORM.attr(Author.class, "id")).all();
            theirs(mine, second, "changed");
            all.forEach(a -> a.name = a.name + "!");
            assertThatThrownBy(mine::commit).isInstanceOfSatisfying(StaleDataException.class,
                    e -> assertThat(e.primaryKey()).containsExactly(second));
            assertThat(all).extracting(a -> a.version).as("every bump undone").containsOnly(1);
            assertThat(all).extracting(a -> a.id).containsExactly(first, second, third);
        }
    }

    /**
     * A detached instance loaded at version 1, merged after another writer made it version 2:
     * writing it back would overwrite that change unchecked, so the merge raises, as SQLAlchemy's
     * ("does not match existing version"). A merge of a current instance writes as usual.
     */
    @EachDatabase
    void mergingAStaleDetachedInstanceRaises(Databases.Database db) {
        try (JpaModel m = new JpaModel(db)) {
            int id = m.seed("d");
            Author detached;
            try (Session s = m.open()) {
                detached = s.get(Author.class, id);
            }
            try (Session other = m.open()) {
                other.get(Author.class, id).name = "theirs";
                other.commit();
            }
            detached.name = "mine";
            Session s = m.open();
            assertThatThrownBy(() -> {
                s.merge(detached);
                s.commit();
            }).isInstanceOf(StaleDataException.class).hasMessageContaining("Author");
            s.close();
            try (Session check = m.open()) {
                assertThat(check.get(Author.class, id).name).isEqualTo("theirs");
            }
            Author current;
            try (Session load = m.open()) {
                current = load.get(Author.class, id);
            }
            current.name = "mine, now";
            try (Session t = m.open()) {
                t.merge(current);
                t.commit();
                assertThat(t.get(Author.class, id).version).isEqualTo(3);
            }
        }
    }

    @EachDatabase
    void aStaleDeleteRaises(Databases.Database db) {
        try (JpaModel m = new JpaModel(db)) {
            int id = m.seed("d");
            Session mine = m.open();
            Author a = mine.get(Author.class, id);
            a.books.size();
            theirs(mine, id, "renamed");
            mine.delete(a);
            assertThatThrownBy(mine::flush).isInstanceOf(StaleDataException.class).hasMessageContaining("DELETE of Author [" + id + "]");
            assertThat(mine.contains(a)).isTrue();
            mine.refresh(a);
            mine.delete(a);
            mine.commit();
            assertThat(mine.get(Author.class, id)).isNull();
        }
    }

    @EachDatabase
    void aNewInstanceStartsAtOne(Databases.Database db) {
        try (JpaModel m = new JpaModel(db)) {
            Session s = m.open();
            Author a = new Author("n");
            a.books.add(new Book("t", BigDecimal.TEN));
            s.add(a);
            s.commit();
            assertThat(s.get(Author.class, a.id).version).isEqualTo(1);
        }
    }
}
