package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A relationship ordered by the target's ORM attributes ({@code orderBy(desc(ORM.attr(Player.class, "name")))}, SQLAlchemy's
 * {@code order_by="desc(Player.name)"}) rather than its table's columns: a joined load orders by its alias's columns, as it does
 * for columns. The expected SQL is SQLAlchemy 2.1.1's for the same mapping.
 */
class RelationshipOrderByAttributeTest {
    public static class Game {
        Integer id;
        String name;
        List<Player> players;
    }

    public static class Player {
        Integer id;
        String name;
        Integer gameId;
    }

    private static OrmTestDatabase mapped() {
        OrmTestDatabase t = new OrmTestDatabase();
        Table game = new Table("game" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("name", Types.string(50)));
        Table player = new Table("player" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("name", Types.string(50)), Column.of("game_id", Types.INTEGER).foreignKey("game" + t.suffix + ".id"));
        t.registry.mapImperatively(Player.class, player);
        t.registry.mapImperatively(Game.class, game, Map.of("players",
                ORM.relationship(Player.class).orderBy(SQL.desc(ORM.attr(Player.class, "name")))));
        return t;
    }

    @Test
    void aJoinedLoadOrdersByTheAttributesOnItsAlias() {
        try (OrmTestDatabase t = mapped()) {
            // select(Game).options(joinedload(Game.players))
            assertThat(t.sqlOf(ORM.select(Game.class).options(ORM.joinedLoad(ORM.attr(Game.class, "players")))))
                    .isEqualTo("SELECT game.id, game.name, player_1.id AS id_1, player_1.name AS name_1, player_1.game_id "
                            + "FROM game LEFT OUTER JOIN player AS player_1 ON game.id = player_1.game_id ORDER BY player_1.name DESC");
        }
    }

    @Test
    void everyLoaderReadsTheCollectionInThatOrder() {
        try (OrmTestDatabase t = mapped()) {
            t.start(Databases.sqlite());
            try (var c = t.engine().begin()) {
                c.execute(SQL.insert(t.metadata.table("game" + t.suffix)), List.of(Map.of("id", 1, "name", "chess")));
                c.execute(SQL.insert(t.metadata.table("player" + t.suffix)), List.of(Map.of("id", 1, "name", "ann", "game_id", 1),
                        Map.of("id", 2, "name", "cid", "game_id", 1), Map.of("id", 3, "name", "bob", "game_id", 1)));
            }
            QueryableAttribute<?> players = ORM.attr(Game.class, "players");
            for (LoaderOption load : List.of(ORM.joinedLoad(players), ORM.selectinLoad(players), ORM.lazyLoad(players))) {
                Game g = t.open().query(Game.class).options(load).one();
                assertThat(g.players).as(load.toString()).extracting(p -> p.name).containsExactly("cid", "bob", "ann");
            }
        }
    }
}
