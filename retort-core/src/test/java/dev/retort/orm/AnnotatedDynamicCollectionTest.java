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
import jakarta.persistence.OrderBy;
import java.util.List;

/** Registry.map(): a {@code @OneToMany} or {@code @ManyToMany} field declared a {@link DynamicCollection} is dynamic. */
class AnnotatedDynamicCollectionTest {
    @Entity
    public static class Board {
        @Id Integer id;
        @OneToMany(mappedBy = "board") @OrderBy("title DESC") DynamicCollection<Card> cards = new DynamicCollection<>();
        @ManyToMany
        @JoinTable(name = "board_marks", joinColumns = @JoinColumn(name = "board_id"), inverseJoinColumns = @JoinColumn(name = "mark_id"))
        DynamicCollection<Mark> marks = new DynamicCollection<>();

        public Board() {
        }
    }

    @Entity
    public static class Card {
        @Id Integer id;
        String title;
        @ManyToOne Board board;

        public Card() {
        }

        Card(int id, String title) {
            this.id = id;
            this.title = title;
        }
    }

    @Entity
    public static class Mark {
        @Id Integer id;

        public Mark() {
        }

        Mark(int id) {
            this.id = id;
        }
    }

    @EachDatabase
    void dynamicFieldsOfAnnotatedClasses(Databases.Database db) {
        try (OrmTestDatabase t = new OrmTestDatabase().suffixingMappedTables()) {
            t.registry.map(Board.class, Card.class, Mark.class);
            t.start(db);
            Session s = t.open();
            Board b = new Board();
            b.id = 1;
            s.add(b);
            b.cards.addAll(List.of(new Card(1, "a"), new Card(2, "b")));
            b.marks.append(new Mark(7));
            assertThat(b.cards.all()).extracting(c -> c.title).containsExactly("b", "a");    // autoflushed, @OrderBy
            s.commit();
            Session s2 = t.open();
            Board loaded = s2.get(Board.class, 1);
            assertThat(loaded.cards.count()).isEqualTo(2);
            assertThat(loaded.cards.filterBy(java.util.Map.of("title", "a")).one().board).isSameAs(loaded);
            assertThat(loaded.marks).extracting(m -> m.id).containsExactly(7);
        }
    }
}
