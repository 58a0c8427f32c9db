package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.orm.PersonBallClasses.Ball;
import dev.retort.orm.PersonBallClasses.Person;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two tables that refer to each other, the cycle broken by a post-update (SQLAlchemy's test_cycles
 * OneToManyManyToOneTest): a person's balls refer to it, and the person to its favorite ball. The flush inserts the
 * person, then its balls, then sets the favorite by an UPDATE, and deletes after clearing it, whichever of the two
 * tables was declared first: the table order once came from the metadata's foreign keys alone, which broke the cycle
 * where it was entered, so with person declared first the balls were inserted before their person.
 */
class PostUpdateTableCycleTest {
    @AutoClose
    private final OrmTestDatabase t = new OrmTestDatabase();
    /** "INSERT INTO ball", "UPDATE person", "DELETE FROM person": the statements' kinds and tables, in order. */
    private List<String> writes() {
        return t.take("").stream().filter(q -> !q.startsWith("SELECT")).map(q -> q.replaceAll("^((?:INSERT INTO|DELETE FROM|UPDATE) \\S+).*", "$1")).toList();
    }

    private void map(Databases.Database db) {
        // person declared first: its foreign key to ball is the one the post-update sets. The columns' foreign keys form a
        // cycle, which createAll closes by ALTER TABLE and dropAll opens first on PostgreSQL and MariaDB.
        Table person = new Table("person" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("favorite_ball_id", Types.INTEGER).foreignKey("ball" + t.suffix + ".id"), Column.of("data", Types.TEXT));
        Table ball = new Table("ball" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("person_id", Types.INTEGER).foreignKey("person" + t.suffix + ".id"), Column.of("data", Types.TEXT));
        t.registry.mapImperatively(Ball.class, ball);
        t.registry.mapImperatively(Person.class, person, Map.of(
                "balls", ORM.relationship(Ball.class).primaryJoin(ball.c("person_id").eq(person.c("id"))).foreignKeys(ball.c("person_id")).cascade("all").orderBy(ball.c("id")),
                "favorite", ORM.relationship(Ball.class).primaryJoin(person.c("favorite_ball_id").eq(ball.c("id"))).foreignKeys(person.c("favorite_ball_id"))
                        .postUpdate()));
        t.start(db);
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void insertsThePersonFirstAndDeletesItLast(Databases.Database db) {
        map(db);
        Session s = t.open();
        Person p = PersonBallClasses.personWithTwoBalls();
        s.add(p);
        s.commit();
        assertThat(writes()).startsWith("INSERT INTO person", "INSERT INTO ball").endsWith("UPDATE person");

        Session check = t.open();
        Person loaded = check.get(Person.class, p.id);
        assertThat(loaded.favorite.data).isEqualTo("b1");
        assertThat(loaded.balls).extracting(b -> b.data).containsExactly("b1", "b2");
        loaded.favorite = loaded.balls.get(1);
        Ball b3 = new Ball("b3");
        loaded.balls.add(b3);
        check.commit();
        Integer second = loaded.balls.get(1).id;
        check.close();

        Session d = t.open();
        Person again = d.get(Person.class, p.id);
        assertThat(again.favoriteBallId).isEqualTo(second);
        d.delete(again);
        t.take("");
        d.commit();
        List<String> deleting = writes();
        assertThat(deleting).first().isEqualTo("UPDATE person");
        assertThat(deleting).last().isEqualTo("DELETE FROM person");
        Session empty = t.open();
        assertThat(empty.query(Person.class).all()).isEmpty();
        assertThat(empty.query(Ball.class).all()).isEmpty();
    }
}
