package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Dialects;
import dev.retort.schema.Column;
import dev.retort.schema.CreateTable;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderColumn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code @OrderColumn} on association lists, as Hibernate 7.4.16's schema export makes it (PostgreSQL,
 * MariaDB and SQLite dialects) for the same classes: {@code create table Card (deck_id integer, cards_ORDER
 * integer check ((cards_ORDER>=0)), ...)}, {@code create table Doc (folder_id integer, pos integer check
 * ((pos>=0)), ...)} and {@code create table Deck_Label (Deck_id integer not null, tags_ORDER integer not null
 * check ((tags_ORDER>=0)), tags_id integer not null, primary key (Deck_id, tags_ORDER))}. A flush numbers
 * each list's members 0 to n-1 (a member in no list: NULL), and every load strategy orders by the column.
 */
class AnnotatedListOrderColumnTest {
    @Entity
    public static class Deck {
        @Id Integer id;
        @OneToMany(cascade = CascadeType.ALL) @JoinColumn(name = "deck_id") @OrderColumn List<Card> cards = new ArrayList<>();
        @OneToMany(mappedBy = "folder", cascade = CascadeType.ALL) @OrderColumn(name = "pos") List<Doc> docs = new ArrayList<>();
        @ManyToMany(cascade = CascadeType.ALL) @OrderColumn List<Label> tags = new ArrayList<>();

        public Deck() {
        }
    }

    @Entity
    public static class Card {
        @Id Integer id;

        public Card() {
        }

        Card(Integer id) {
            this.id = id;
        }
    }

    @Entity
    public static class Doc {
        @Id Integer id;
        @ManyToOne Deck folder;

        public Doc() {
        }

        Doc(Integer id) {
            this.id = id;
        }
    }

    @Entity
    public static class Label {
        @Id Integer id;

        public Label() {
        }

        Label(Integer id) {
            this.id = id;
        }
    }

    @Entity
    public static class BothOrders {
        @Id Integer id;
        @OneToMany(mappedBy = "owner") @OrderColumn @jakarta.persistence.OrderBy("id") List<Ordered> items = new ArrayList<>();
    }

    @Entity
    public static class Ordered {
        @Id Integer id;
        @ManyToOne BothOrders owner;
    }

    @Entity
    public static class OneWay {
        @Id Integer id;
        @OneToMany List<Card> cards = new ArrayList<>();
    }

    @Test
    void whatIsNotReadIsRefusedNamingTheField() {
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.registry.map(BothOrders.class, Ordered.class))
                    .isInstanceOf(dev.retort.exc.ArgumentException.class).hasMessageContaining("BothOrders.items has both @OrderBy and @OrderColumn");
        }
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.registry.map(OneWay.class, Card.class))
                    .isInstanceOf(dev.retort.exc.ArgumentException.class).hasMessageContaining("@OneToMany OneWay.cards needs mappedBy")
                    .hasMessageContaining("or @JoinColumn(name)");
        }
    }

    @Test
    void positionColumnsAsHibernateMakesThem() {
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            t.registry.map(Deck.class, Card.class, Doc.class, Label.class);
            Table card = t.metadata.tables().get("Card");
            assertThat(card.c("deck_id").isNullable()).isTrue();
            assertThat(card.c("deck_id").foreignKeys()).hasSize(1);
            assertThat(card.c("cards_ORDER").isNullable()).isTrue();
            assertThat(t.metadata.tables().get("Doc").c("pos").isNullable()).isTrue();
            Table join = t.metadata.tables().get("Deck_Label");
            assertThat(join.columns()).extracting(Column::name).containsExactly("Deck_id", "tags_ORDER", "tags_id");
            assertThat(join.primaryKeyColumns()).extracting(Column::name).containsExactly("Deck_id", "tags_ORDER");
            for (var d : List.of(Dialects.postgresql(), Dialects.mariadb(), Dialects.sqlite())) {
                assertThat(new CreateTable(card).compile(d).string().replaceAll("[\"`]", "")).as(d.name())
                        .contains("cards_ORDER INTEGER CHECK (cards_ORDER >= 0)");
                assertThat(new CreateTable(t.metadata.tables().get("Doc")).compile(d).string().replaceAll("[\"`]", "")).as(d.name())
                        .contains("pos INTEGER CHECK (pos >= 0)");
                assertThat(new CreateTable(join).compile(d).string().replaceAll("[\"`]", "")).as(d.name())
                        .contains("tags_ORDER INTEGER NOT NULL CHECK (tags_ORDER >= 0)").contains("tags_id INTEGER NOT NULL")
                        .contains("PRIMARY KEY (Deck_id, tags_ORDER)");
            }
        }
    }

    @EachDatabase
    void flushRenumbersAndLoadsOrder(Databases.Database db) {
        try (OrmTestDatabase t = new OrmTestDatabase().suffixingMappedTables()) {
            t.registry.map(Deck.class, Card.class, Doc.class, Label.class);
            t.start(db);
            Table card = t.metadata.tables().get("Card" + t.suffix);
            Table doc = t.metadata.tables().get("Doc" + t.suffix);
            Table join = t.metadata.tables().get("Deck_Label" + t.suffix);
            try (Session s = t.open()) {
                Deck d = new Deck();
                d.id = 1;
                d.cards.addAll(List.of(new Card(1), new Card(2), new Card(3)));
                for (int i = 1; i <= 3; i++) {
                    Doc x = new Doc(i);
                    x.folder = d;
                    d.docs.add(x);
                }
                d.tags.addAll(List.of(new Label(1), new Label(2), new Label(3)));
                s.add(d);
                s.commit();
            }
            assertThat(rows(t, card, "id", "cards_ORDER")).containsExactly(row(1, 0), row(2, 1), row(3, 2));
            assertThat(rows(t, doc, "id", "pos")).containsExactly(row(1, 0), row(2, 1), row(3, 2));
            assertThat(rows(t, join, "tags_id", "tags_ORDER")).containsExactly(row(1, 0), row(2, 1), row(3, 2));
            try (Session s = t.open()) {
                Deck d = s.get(Deck.class, 1);
                t.take("");
                s.commit();
                assertThat(t.take("")).as("unchanged: nothing written").noneMatch(sql -> sql.startsWith("INSERT") || sql.startsWith("UPDATE")
                        || sql.startsWith("DELETE"));
                d.cards.add(1, new Card(4));                    // [1, 4, 2, 3]
                d.cards.remove(3);                              // card 3 leaves every list
                d.docs.remove(1);                               // [1, 3]: doc 2 leaves, doc 3 moves up
                d.tags.add(0, d.tags.remove(2));                // [3, 1, 2]
                d.tags.remove(1);                               // [3, 2]
                s.commit();
            }
            assertThat(rows(t, card, "id", "cards_ORDER")).containsExactly(row(1, 0), row(2, 2), row(3, null), row(4, 1));
            assertThat(rows(t, card, "id", "deck_id")).containsExactly(row(1, 1), row(2, 1), row(3, null), row(4, 1));
            assertThat(rows(t, doc, "id", "pos")).containsExactly(row(1, 0), row(2, null), row(3, 1));
            assertThat(rows(t, join, "tags_id", "tags_ORDER")).containsExactly(row(2, 1), row(3, 0));
            for (LoaderOption.Strategy how : new LoaderOption.Strategy[] {null, LoaderOption.Strategy.JOINED, LoaderOption.Strategy.SELECTIN}) {
                try (Session s = t.open()) {
                    Query<Deck> q = s.query(Deck.class);
                    if (how != null) {
                        for (String attr : List.of("cards", "docs", "tags")) {
                            q = q.options(how == LoaderOption.Strategy.JOINED ? ORM.joinedLoad(ORM.attr(Deck.class, attr)) : ORM.selectinLoad(ORM.attr(Deck.class, attr)));
                        }
                    }
                    Deck d = q.one();
                    assertThat(d.cards).as(String.valueOf(how)).extracting(c -> c.id).containsExactly(1, 4, 2);
                    assertThat(d.docs).as(String.valueOf(how)).extracting(c -> c.id).containsExactly(1, 3);
                    assertThat(d.tags).as(String.valueOf(how)).extracting(c -> c.id).containsExactly(3, 2);
                }
            }
        }
    }

    /**
     * Deleting a member of a positioned one-to-many list (a one-way {@code @JoinColumn} one, a {@code mappedBy} one) renumbers
     * the list's rows left 0 to n-1, its owner loaded or not; before, the deleted row left a gap (positions 0 and 2).
     */
    @EachDatabase
    void deletingAMemberRenumbersTheList(Databases.Database db) {
        try (OrmTestDatabase t = new OrmTestDatabase().suffixingMappedTables()) {
            t.registry.map(Deck.class, Card.class, Doc.class, Label.class);
            t.start(db);
            Table card = t.metadata.tables().get("Card" + t.suffix);
            Table doc = t.metadata.tables().get("Doc" + t.suffix);
            try (Session s = t.open()) {
                Deck d = new Deck();
                d.id = 1;
                d.cards.addAll(List.of(new Card(1), new Card(2), new Card(3), new Card(4)));
                for (int i = 1; i <= 3; i++) {
                    Doc x = new Doc(i);
                    x.folder = d;
                    d.docs.add(x);
                }
                s.add(d);
                s.commit();
            }
            try (Session s = t.open()) {
                s.delete(s.get(Card.class, 2));
                s.delete(s.get(Doc.class, 2));
                s.commit();
            }
            assertThat(rows(t, card, "id", "cards_ORDER")).containsExactly(row(1, 0), row(3, 1), row(4, 2));
            assertThat(rows(t, doc, "id", "pos")).containsExactly(row(1, 0), row(3, 1));
            try (Session s = t.open()) {
                Deck d = s.get(Deck.class, 1);
                assertThat(d.cards).extracting(c -> c.id).containsExactly(1, 3, 4);
                s.delete(s.get(Card.class, 1));
                s.commit();
                assertThat(s.get(Deck.class, 1).cards).extracting(c -> c.id).containsExactly(3, 4);
            }
            assertThat(rows(t, card, "id", "cards_ORDER")).containsExactly(row(3, 0), row(4, 1));
        }
    }

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    /** (a, b) of the table's rows, by a. */
    private static List<List<Object>> rows(OrmTestDatabase t, Table table, String a, String b) {
        try (Session s = t.open()) {
            return s.connection().execute(SQL.select(table.c(a), table.c(b)).orderBy(table.c(a), table.c(b))).all().stream()
                    .map(r -> Arrays.<Object>asList(((Number) r.get(0)).intValue(), r.get(1) == null ? null : ((Number) r.get(1)).intValue())).toList();
        }
    }
}
