package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A many-to-many ordered by a column of its association table ({@link Relationship#orderingColumn}, JPA's
 * {@code @OrderColumn}) loads in position order joined and select-in: the joined load's ORDER BY names the
 * association table's alias, as SQLAlchemy 2.1.1 renders it for the same mapping
 * ({@code relationship(Label, secondary=deck_label, order_by=deck_label.c.pos)}).
 */
class OrderedManyToManyLoadTest {
    public static class Deck {
        Integer id;
        List<Label> tags = new ArrayList<>();
    }

    public static class Label {
        Integer id;
        String name;

        Label() {
        }

        Label(Integer id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    @AutoClose
    private final OrmTestDatabase orm = new OrmTestDatabase();
    private final Table deck = new Table("deck" + orm.suffix, orm.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false));
    private final Table label = new Table("label" + orm.suffix, orm.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
            Column.of("name", Types.string(20)));
    private final Table deckLabel = new Table("deck_label" + orm.suffix, orm.metadata,
            Column.of("deck_id", Types.INTEGER).primaryKey().autoincrement(false).foreignKey("deck" + orm.suffix + ".id"),
            Column.of("pos", Types.INTEGER).primaryKey().autoincrement(false),
            Column.of("label_id", Types.INTEGER).foreignKey("label" + orm.suffix + ".id"));

    private void map() {
        orm.registry.mapImperatively(Label.class, label);
        orm.registry.mapImperatively(Deck.class, deck, Map.of("tags", ORM.relationship(Label.class).secondary(deckLabel).orderingColumn(deckLabel.c("pos"))));
    }

    @Test
    void joinedLoadOrdersByTheAssociationTablesAlias() {
        map();
        orm.start(Databases.Database.SQLITE);
        try (Session s = orm.open()) {
            assertThat(orm.sqlOf(s.query(Deck.class).options(ORM.joinedLoad(ORM.attr(Deck.class, "tags")))))
                    .isEqualTo("SELECT deck.id, label_1.id AS id_1, label_1.name FROM deck LEFT OUTER JOIN (deck_label AS deck_label_1 "
                            + "JOIN label AS label_1 ON label_1.id = deck_label_1.label_id) ON deck.id = deck_label_1.deck_id ORDER BY deck_label_1.pos");
            assertThat(orm.sqlOf(s.query(Deck.class).orderBy(ORM.attr(Deck.class, "id")).options(ORM.joinedLoad(ORM.attr(Deck.class, "tags"))).limit(1)))
                    .isEqualTo("SELECT anon_1.id, label_1.id AS id_1, label_1.name FROM (SELECT deck.id AS id FROM deck ORDER BY deck.id LIMIT :param_1) AS anon_1 "
                            + "LEFT OUTER JOIN (deck_label AS deck_label_1 JOIN label AS label_1 ON label_1.id = deck_label_1.label_id) "
                            + "ON anon_1.id = deck_label_1.deck_id ORDER BY anon_1.id, deck_label_1.pos");
        }
    }

    @EachDatabase
    void everyStrategyLoadsInPositionOrder(Databases.Database db) {
        map();
        orm.start(db);
        seed();
        for (LoaderOption.Strategy how : new LoaderOption.Strategy[] {null, LoaderOption.Strategy.JOINED, LoaderOption.Strategy.SELECTIN}) {
            try (Session s = orm.open()) {
                Query<Deck> q = s.query(Deck.class).orderBy(ORM.attr(Deck.class, "id"));
                if (how == LoaderOption.Strategy.JOINED) {
                    q = q.options(ORM.joinedLoad(ORM.attr(Deck.class, "tags")));
                } else if (how == LoaderOption.Strategy.SELECTIN) {
                    q = q.options(ORM.selectinLoad(ORM.attr(Deck.class, "tags")));
                }
                orm.take("");
                List<Deck> decks = q.all();
                assertThat(decks).extracting(d -> d.id).containsExactly(1, 2);
                assertThat(decks.get(0).tags).as(String.valueOf(how)).extracting(l -> l.id).containsExactly(3, 1, 4);
                assertThat(decks.get(1).tags).as(String.valueOf(how)).extracting(l -> l.id).containsExactly(2, 3);
                if (how != null) {
                    assertThat(orm.take("SELECT")).as("loaded by the query: %s", how).hasSize(how == LoaderOption.Strategy.JOINED ? 1 : 2);
                }
                // a limit with a joined collection wraps the decks in a subquery; the association table's alias stays outside it
                Query<Deck> first = s.query(Deck.class).orderBy(ORM.attr(Deck.class, "id")).options(ORM.joinedLoad(ORM.attr(Deck.class, "tags")))
                        .populateExisting().limit(1);
                assertThat(first.one().tags).extracting(l -> l.id).containsExactly(3, 1, 4);
            }
        }
    }

    /**
     * A query with a joined or select-in load of the ordered many-to-many, dumped and loaded (both protocols), runs the
     * same SQL and loads the lists in position order in a session that has none of them loaded yet.
     */
    @EachDatabase
    void theOrderSurvivesTheSerializer(Databases.Database db) {
        map();
        orm.start(db);
        seed();
        for (LoaderOption how : List.of(ORM.joinedLoad(ORM.attr(Deck.class, "tags")), ORM.selectinLoad(ORM.attr(Deck.class, "tags")))) {
            for (Protocol protocol : Protocol.values()) {
                try (Session first = orm.open(); Session fresh = orm.open()) {
                    Query<Deck> q = first.query(Deck.class).orderBy(ORM.attr(Deck.class, "id")).options(how);
                    ScopedSession scoped = new ScopedSession(SessionFactory.of(orm.engine()), new ScopedSession.Scope() {
                        @Override
                        public Session current() {
                            return fresh;
                        }

                        @Override
                        public void set(Session s) {
                        }

                        @Override
                        public void clear() {
                        }
                    });
                    @SuppressWarnings("unchecked")
                    Query<Deck> back = (Query<Deck>) QuerySerializer.loads(QuerySerializer.dumps(q, protocol), orm.metadata, scoped);
                    assertThat(orm.sqlOf(back)).isEqualTo(orm.sqlOf(q));
                    List<Deck> decks = back.all();
                    assertThat(decks).extracting(d -> d.id).containsExactly(1, 2);
                    assertThat(decks.get(0).tags).as("%s %s", how, protocol).extracting(l -> l.id).containsExactly(3, 1, 4);
                    assertThat(decks.get(1).tags).as("%s %s", how, protocol).extracting(l -> l.id).containsExactly(2, 3);
                }
            }
        }
    }

    private void seed() {
        try (Connection c = orm.engine().connect()) {
            c.execute(SQL.insert(deck).values(Map.of("id", 1)));
            c.execute(SQL.insert(deck).values(Map.of("id", 2)));
            for (int i = 1; i <= 4; i++) {
                c.execute(SQL.insert(label).values(Map.of("id", i, "name", "l" + i)));
            }
            // positions written out of key order, so that only the ORDER BY gives [3, 1, 4] and [2, 3]
            int[][] rows = {{1, 2, 4}, {1, 0, 3}, {2, 1, 3}, {1, 1, 1}, {2, 0, 2}};
            for (int[] r : rows) {
                c.execute(SQL.insert(deckLabel).values(Map.of("deck_id", r[0], "pos", r[1], "label_id", r[2])));
            }
            c.commit();
        }
    }
}
