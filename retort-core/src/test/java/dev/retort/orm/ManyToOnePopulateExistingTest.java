package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A query that populates existing instances refreshes the many-to-one targets it loads too, those in the identity map
 * included, as SQLAlchemy 2.1.1's select-in and joined loads of a many-to-one do under populate_existing (a user's
 * unflushed name goes back to the row's); without it, the identity map's targets are taken as they are, with no statement.
 */
class ManyToOnePopulateExistingTest {
    /** A user. */
    public static class Owner {
        Integer id;
        String name;
    }

    /** A pet referring to its owner. */
    public static class Pet {
        Integer id;
        Integer ownerId;
        Owner owner;
    }

    @AutoClose
    OrmTestDatabase orm = new OrmTestDatabase();

    @BeforeEach
    void setUp() {
        String x = orm.suffix;
        Table owners = new Table("owners" + x, orm.metadata, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(20)));
        Table pets = new Table("pets" + x, orm.metadata, Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("owner_id", Types.INTEGER).foreignKey("owners" + x + ".id"));
        orm.registry.mapImperatively(Owner.class, owners);
        orm.registry.mapImperatively(Pet.class, pets, Map.of("owner", ORM.relationship(Owner.class)));
        orm.start(Databases.Database.SQLITE);
        try (var c = orm.engine().begin()) {
            c.execute(SQL.insert(owners), List.of(Map.of("id", 7, "name", "jack")));
            c.execute(SQL.insert(pets), List.of(Map.of("id", 1, "owner_id", 7)));
        }
    }

    @Test
    void populateExistingLoadsTheTargetAgain() {
        Session s = orm.open(SessionFactory.of(orm.engine()).autoflush(false));
        Owner jack = s.get(Owner.class, 7);
        jack.name = "changed";
        orm.take("");
        Pet pet = s.query(Pet.class).options(ORM.selectinLoad(ORM.attr(Pet.class, "owner"))).populateExisting().one();
        assertThat(pet.owner).isSameAs(jack);
        assertThat(jack.name).isEqualTo("jack");
        assertThat(orm.take("SELECT")).hasSize(2);
    }

    @Test
    void withoutItTheIdentityMapsTargetIsTaken() {
        Session s = orm.open(SessionFactory.of(orm.engine()).autoflush(false));
        Owner jack = s.get(Owner.class, 7);
        jack.name = "changed";
        orm.take("");
        Pet pet = s.query(Pet.class).options(ORM.selectinLoad(ORM.attr(Pet.class, "owner"))).one();
        assertThat(pet.owner).isSameAs(jack);
        assertThat(jack.name).isEqualTo("changed");
        assertThat(orm.take("SELECT")).hasSize(1);
    }
}
