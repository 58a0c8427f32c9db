package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.OrderColumn;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code mappedBy} side of a many-to-many whose owning side keeps positions ({@code @OrderColumn}).
 * Hibernate persists only the owning side: a change made on the inverse side alone is not written. Retort keeps
 * both sides in agreement in memory (as SQLAlchemy's backrefs), so an inverse-side change is a change of the
 * owning list, which is loaded for it when it is not yet: the member is appended to (or taken out of) the owner's
 * list and the list's rows are rewritten with positions 0 to n-1. Before, the row was inserted without a position
 * (a NOT NULL violation) or deleted leaving a gap.
 */
class OrderedManyToManyInverseSideTest {
    @Entity
    public static class Deck {
        @Id Integer id;
        @ManyToMany @OrderColumn List<Label> tags = new ArrayList<>();

        public Deck() {
        }
    }

    @Entity
    public static class Label {
        @Id Integer id;
        @ManyToMany(mappedBy = "tags") List<Deck> decks = new ArrayList<>();

        public Label() {
        }

        Label(Integer id) {
            this.id = id;
        }
    }

    @EachDatabase
    void inverseSideChangesRenumberTheOwningList(Databases.Database db) {
        try (OrmTestDatabase t = new OrmTestDatabase().suffixingMappedTables()) {
            t.registry.map(Deck.class, Label.class);
            t.start(db);
            Table join = t.metadata.tables().get("Deck_Label" + t.suffix);
            try (Session s = t.open()) {
                for (int d = 1; d <= 2; d++) {
                    Deck deck = new Deck();
                    deck.id = d;
                    s.add(deck);
                }
                Deck one = s.get(Deck.class, 1);
                for (int i = 1; i <= 3; i++) {
                    one.tags.add(new Label(i));
                }
                s.commit();
            }
            assertThat(rows(t, join)).containsExactly(List.of(1, 0, 1), List.of(1, 1, 2), List.of(1, 2, 3));
            // the owning lists not loaded: a new label (a plain list, seen at the flush) and a loaded one (its session list)
            try (Session s = t.open()) {
                Deck one = s.get(Deck.class, 1);
                Deck two = s.get(Deck.class, 2);
                Label four = new Label(4);
                four.decks.add(one);
                four.decks.add(two);
                s.add(four);
                Label first = s.get(Label.class, 1);
                first.decks.remove(one);
                first.decks.add(two);
                s.commit();
            }
            assertThat(rows(t, join)).containsExactly(List.of(1, 0, 2), List.of(1, 1, 3), List.of(1, 2, 4), List.of(2, 0, 4), List.of(2, 1, 1));
            // the owning list loaded: the change is made in it at once
            try (Session s = t.open()) {
                Deck one = s.get(Deck.class, 1);
                assertThat(one.tags).extracting(l -> l.id).containsExactly(2, 3, 4);
                Label three = s.get(Label.class, 3);
                three.decks.remove(one);
                Label first = s.get(Label.class, 1);
                first.decks.add(one);
                assertThat(one.tags).extracting(l -> l.id).containsExactly(2, 4, 1);
                s.commit();
            }
            assertThat(rows(t, join)).containsExactly(List.of(1, 0, 2), List.of(1, 1, 4), List.of(1, 2, 1), List.of(2, 0, 4), List.of(2, 1, 1));
            // a list that may not load (raiseLoad) refuses the change rather than writing a row without a position
            try (Session s = t.open()) {
                Deck one = s.query(Deck.class).filter(ORM.attr(Deck.class, "id").eq(1)).options(ORM.raiseLoad(ORM.attr(Deck.class, "tags"))).one();
                Label three = s.get(Label.class, 3);
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> three.decks.add(one)).isInstanceOf(dev.retort.exc.RetortException.class)
                        .hasMessageContaining("Deck.tags (many-to-many to Label) is not loaded (the query said raiseLoad)");
                s.rollback();
            }
            try (Session s = t.open()) {
                Query<Deck> joined = s.query(Deck.class).options(ORM.joinedLoad(ORM.attr(Deck.class, "tags")));
                assertThat(t.sqlOf(joined)).as("the README's words").endsWith("ORDER BY \"Deck_Label_1\".\"tags_ORDER\"");
                assertThat(joined.all()).filteredOn(d -> d.id == 1).singleElement().extracting(d -> d.tags.stream().map(l -> l.id).toList())
                        .isEqualTo(List.of(2, 4, 1));
                assertThat(s.get(Deck.class, 2).tags).extracting(l -> l.id).containsExactly(4, 1);
                assertThat(s.get(Label.class, 4).decks).extracting(d -> d.id).containsExactlyInAnyOrder(1, 2);
            }
            // both sides set, as JPA applications keep them in step (inverse side first, the owning list unloaded): one row
            try (Session s = t.open()) {
                Deck two = s.get(Deck.class, 2);
                Label five = new Label(5);
                five.decks.add(two);
                s.add(five);
                two.tags.add(five);
                s.commit();
            }
            assertThat(rows(t, join)).filteredOn(r -> r.get(0) == 2).containsExactly(List.of(2, 0, 4), List.of(2, 1, 1), List.of(2, 2, 5));
        }
    }

    /**
     * Deleting a member renumbers the positioned lists it leaves, 0 to n-1 (loaded or not): before, its rows went and
     * left gaps ({@link Relationship#orderingColumn} promises positions 0 to n-1).
     */
    @EachDatabase
    void deletingAMemberRenumbersTheListsItLeaves(Databases.Database db) {
        try (OrmTestDatabase t = new OrmTestDatabase().suffixingMappedTables()) {
            t.registry.map(Deck.class, Label.class);
            t.start(db);
            Table join = t.metadata.tables().get("Deck_Label" + t.suffix);
            try (Session s = t.open()) {
                Deck one = new Deck();
                one.id = 1;
                Deck two = new Deck();
                two.id = 2;
                for (int i = 1; i <= 4; i++) {
                    Label l = new Label(i);
                    one.tags.add(l);
                    if (i % 2 == 0) {
                        two.tags.add(l);
                    }
                }
                two.tags.add(0, one.tags.get(2));
                s.add(one);
                s.add(two);
                s.commit();
            }
            assertThat(rows(t, join)).containsExactly(List.of(1, 0, 1), List.of(1, 1, 2), List.of(1, 2, 3), List.of(1, 3, 4),
                    List.of(2, 0, 3), List.of(2, 1, 2), List.of(2, 2, 4));
            // the lists not loaded
            try (Session s = t.open()) {
                s.delete(s.get(Label.class, 2));
                s.commit();
            }
            assertThat(rows(t, join)).containsExactly(List.of(1, 0, 1), List.of(1, 1, 3), List.of(1, 2, 4), List.of(2, 0, 3), List.of(2, 1, 4));
            // a list loaded, the other not
            try (Session s = t.open()) {
                Deck one = s.get(Deck.class, 1);
                assertThat(one.tags).extracting(l -> l.id).containsExactly(1, 3, 4);
                s.delete(s.get(Label.class, 3));
                s.commit();
                assertThat(s.get(Deck.class, 1).tags).extracting(l -> l.id).containsExactly(1, 4);
            }
            assertThat(rows(t, join)).containsExactly(List.of(1, 0, 1), List.of(1, 1, 4), List.of(2, 0, 4));
        }
    }

    /** (decks_id, tags_ORDER, tags_id) of the join table's rows, by owner and position. */
    private static List<List<Integer>> rows(OrmTestDatabase t, Table join) {
        try (Session s = t.open()) {
            return s.connection().execute(SQL.select(join.c("decks_id"), join.c("tags_ORDER"), join.c("tags_id"))
                    .orderBy(join.c("decks_id"), join.c("tags_ORDER"))).all().stream()
                    .map(r -> List.of(((Number) r.get(0)).intValue(), ((Number) r.get(1)).intValue(), ((Number) r.get(2)).intValue())).toList();
        }
    }
}
