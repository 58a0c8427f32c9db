package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import java.util.List;

/** Registry.map(): a {@code @OneToMany} or {@code @ManyToMany} field declared a {@link WriteOnlyCollection} is write-only. */
class AnnotatedWriteOnlyCollectionTest {
    @Entity
    public static class Feed {
        @Id Integer id;
        @OneToMany(mappedBy = "feed") WriteOnlyCollection<Entry> entries = new WriteOnlyCollection<>();
        @ManyToMany
        @JoinTable(name = "feed_labels", joinColumns = @JoinColumn(name = "feed_id"), inverseJoinColumns = @JoinColumn(name = "label_id"))
        WriteOnlyCollection<Label> labels = new WriteOnlyCollection<>();

        public Feed() {
        }
    }

    @Entity
    public static class Entry {
        @Id Integer id;
        String title;
        @ManyToOne Feed feed;

        public Entry() {
        }

        Entry(int id, String title) {
            this.id = id;
            this.title = title;
        }
    }

    @Entity
    public static class Label {
        @Id Integer id;

        public Label() {
        }

        Label(int id) {
            this.id = id;
        }
    }

    @EachDatabase
    void writeOnlyFieldsOfAnnotatedClasses(Databases.Database db) {
        try (OrmTestDatabase t = new OrmTestDatabase().suffixingMappedTables()) {
            t.registry.map(Feed.class, Entry.class, Label.class);
            t.start(db);
            Session s = t.open();
            Feed f = new Feed();
            f.id = 1;
            f.entries.addAll(List.of(new Entry(1, "a"), new Entry(2, "b")));
            f.labels.add(new Label(7));
            s.add(f);
            s.commit();
            Session s2 = t.open();
            Feed loaded = s2.get(Feed.class, 1);
            assertThat(s2.execute(loaded.entries.select().orderBy(ORM.attr(Entry.class, "id"))).scalars()).extracting(e -> e.title)
                    .containsExactly("a", "b");
            assertThat(s2.execute(loaded.entries.select()).scalars()).allMatch(e -> e.feed == loaded);
            assertThat(s2.execute(loaded.labels.select()).scalars()).extracting(l -> l.id).containsExactly(7);
        }
    }
}
