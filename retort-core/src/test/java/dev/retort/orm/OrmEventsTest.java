package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.exc.RetortException;
import dev.retort.orm.JpaModel.Author;
import dev.retort.orm.JpaModel.Book;
import dev.retort.orm.OrmEvents.InstanceEvent;
import dev.retort.orm.OrmEvents.SessionEvent;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Instance and session events, listened for per class (the registry) and per session. */
class OrmEventsTest {
    @EachDatabase
    void anInstanceAddedBeforeTheFlushOfAnEmptySessionIsFlushed(Databases.Database db) {
        try (JpaModel m = new JpaModel(db)) {
            Session s = m.open();
            Author added = new Author("late");
            s.events().listen(SessionEvent.BEFORE_FLUSH, x -> {
                if (!x.contains(added)) {
                    x.add(added);
                }
            });
            s.commit();
            assertThat(added.id).as("inserted by the flush the listener ran in").isNotNull();
            try (Session other = m.open()) {
                assertThat(other.get(Author.class, added.id).name).isEqualTo("late");
            }
        }
    }

    @EachDatabase
    void eventsComeInTheOrderOfTheFlush(Databases.Database db) {
        try (JpaModel m = new JpaModel(db)) {
            List<String> seen = new ArrayList<>();
            m.registry.events()
                    .listen(Author.class, InstanceEvent.BEFORE_INSERT, (s, a) -> seen.add("before insert " + a.name))
                    .listen(Author.class, InstanceEvent.AFTER_INSERT, (s, a) -> seen.add("after insert " + a.id))
                    .listen(Author.class, InstanceEvent.BEFORE_UPDATE, (s, a) -> seen.add("before update " + a.name))
                    .listen(Author.class, InstanceEvent.AFTER_UPDATE, (s, a) -> seen.add("after update v" + a.version))
                    .listen(Author.class, InstanceEvent.BEFORE_DELETE, (s, a) -> seen.add("before delete " + a.id))
                    .listen(Author.class, InstanceEvent.AFTER_DELETE, (s, a) -> seen.add("after delete " + a.id))
                    .listen(Book.class, InstanceEvent.BEFORE_INSERT, (s, b) -> seen.add("before insert book"));
            Session s = m.open();
            s.events().listen(SessionEvent.BEFORE_FLUSH, x -> seen.add("before flush"))
                    .listen(SessionEvent.AFTER_COMMIT, x -> seen.add("after commit"))
                    .listen(SessionEvent.AFTER_ROLLBACK, x -> seen.add("after rollback"))
                    .listen(Object.class, InstanceEvent.AFTER_LOAD, (x, o) -> seen.add("loaded " + o));
            Author a = new Author("e");
            a.books.add(new Book("t", BigDecimal.ONE));
            s.add(a);
            s.commit();
            assertThat(seen).containsExactly("before flush", "before insert e", "after insert " + a.id, "before insert book", "after commit");
            seen.clear();
            a = s.get(Author.class, a.id);
            a.name = "f";
            s.flush();
            assertThat(seen).as("get() autoflushes first").containsExactly("before flush", "loaded Author" + a.id, "before flush", "before update f", "after update v2");
            seen.clear();
            s.flush();
            assertThat(seen).as("nothing changed: no update events").containsExactly("before flush");
            seen.clear();
            s.delete(a);
            s.rollback();
            assertThat(seen).containsExactly("after rollback");
            seen.clear();
            a.books.clear();
            s.delete(s.get(Author.class, a.id));
            s.flush();
            assertThat(seen).contains("before delete " + a.id, "after delete " + a.id);
            assertThat(seen.indexOf("before delete " + a.id)).isLessThan(seen.indexOf("after delete " + a.id));
        }
    }

    @EachDatabase
    void aBeforeListenerSetsValuesThatAreWritten(Databases.Database db) {
        try (JpaModel m = new JpaModel(db)) {
            m.registry.events().listen(Book.class, InstanceEvent.BEFORE_INSERT, (s, b) -> b.title = b.title.toUpperCase());
            m.registry.events().listen(Book.class, InstanceEvent.BEFORE_UPDATE, (s, b) -> b.price = b.price.add(BigDecimal.ONE));
            int id = m.seed("up");
            try (Session s = m.open()) {
                Author a = s.get(Author.class, id);
                assertThat(a.books).extracting(b -> b.title).containsExactly("A OF UP", "B OF UP");
                Book b = a.books.get(0);
                b.title = "changed";
                s.commit();
                assertThat(s.get(Book.class, b.id).price).isEqualByComparingTo("8.25");
                assertThat(s.get(Book.class, b.id).title).isEqualTo("changed");
            }
        }
    }

    @EachDatabase
    void listenersOfOneSessionAreNotAnothers(Databases.Database db) {
        try (JpaModel m = new JpaModel(db)) {
            int id = m.seed("iso");
            List<Object> loaded = new ArrayList<>();
            Session mine = m.open();
            mine.events().listen(Author.class, InstanceEvent.AFTER_LOAD, (s, a) -> loaded.add(a));
            m.open().get(Author.class, id);
            assertThat(loaded).isEmpty();
            Author a = mine.get(Author.class, id);
            assertThat(loaded).containsExactly(a);
            mine.refresh(a);
            assertThat(loaded).as("a refresh loads it again").containsExactly(a, a);
        }
    }

    @EachDatabase
    void aFailingListenerFailsTheFlushWhichIsUndone(Databases.Database db) {
        try (JpaModel m = new JpaModel(db)) {
            Session s = m.open();
            OrmEvents.InstanceListener<Book> refuse = (x, b) -> {
                throw new IllegalStateException("no books today");
            };
            s.events().listen(Book.class, InstanceEvent.AFTER_INSERT, refuse);
            Author a = new Author("fail");
            a.books.add(new Book("t", BigDecimal.ONE));
            s.add(a);
            assertThatThrownBy(s::flush).isInstanceOf(RetortException.class).hasMessageContaining("no books today");
            assertThat(a.id).as("the author's INSERT is undone").isNull();
            s.events().remove(refuse);
            assertThat(s.query(Author.class).all()).as("the next flush inserts").containsExactly(a);
        }
    }

    @org.junit.jupiter.api.Test
    void aRegistryHasNoSessionEvents() {
        Registry r = new Registry(new dev.retort.schema.MetaData());
        try {
            assertThatThrownBy(() -> r.events().listen(SessionEvent.AFTER_COMMIT, s -> { })).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("session.events()");
        } finally {
            r.dispose();
        }
    }
}
