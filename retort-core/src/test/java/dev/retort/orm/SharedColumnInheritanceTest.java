package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two single-table subclasses sharing one column of the base's table under keys of their own, as SQLAlchemy's
 * {@code e_target_id = mapped_column("target_id", ForeignKey("other.id"), use_existing_column=True)} on
 * {@code Engineer} and {@code m_target_id} likewise on {@code Manager} (test/orm/declarative/test_inheritance.py
 * {@code test_columns_single_inheritance_conflict_resolution}), each with a relationship over it, on each database.
 */
class SharedColumnInheritanceTest {
    /** The target of both subclasses' relationships. */
    public static class Other {
        Integer id;
        String name;

        Other() {
        }

        Other(String name) {
            this.name = name;
        }
    }

    /** The base, on {@code person} with discriminator {@code type}. */
    public static class Person {
        Integer id;
        String name;
        String type;

        Person() {
        }

        Person(String name) {
            this.name = name;
        }
    }

    /** {@code person.target_id} as {@code eTargetId}. */
    public static class Engineer extends Person {
        Integer eTargetId;
        Other target;

        Engineer() {
        }

        Engineer(String name, Other target) {
            super(name);
            this.target = target;
        }
    }

    /** {@code person.target_id} as {@code mTargetId}. */
    public static class Manager extends Person {
        Integer mTargetId;
        Other target;

        Manager() {
        }

        Manager(String name, Other target) {
            super(name);
            this.target = target;
        }
    }

    @AutoClose
    private final OrmTestDatabase orm = new OrmTestDatabase();
    private final MetaData metadata = orm.metadata;
    private final Table other = new Table("other" + orm.suffix, metadata,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("name", Types.string(20)));
    private final Table person = new Table("person" + orm.suffix, metadata,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("name", Types.string(20)),
            Column.of("type", Types.string(20)),
            Column.of("target_id", Types.INTEGER).foreignKey("other" + orm.suffix + ".id"));
    private Engine engine;

    private void setUp(Databases.Database db) {
        Registry registry = orm.registry;
        registry.mapImperatively(Other.class, other);
        registry.mapImperatively(Person.class, person, Map.of(), ORM.polymorphicOn(person.c("type")).identity("person"));
        registry.mapImperatively(Engineer.class, person, Map.of("eTargetId", person.c("target_id"), "target", ORM.relationship(Other.class)),
                ORM.inherits(Person.class).identity("engineer"));
        registry.mapImperatively(Manager.class, person, Map.of("mTargetId", person.c("target_id"), "target", ORM.relationship(Other.class)),
                ORM.inherits(Person.class).identity("manager"));
        engine = orm.start(db);
    }

    /** o1, o2; wally (engineer) and dilbert (manager) of o1, mary (manager) of o2; their ids in that order. */
    private int[] seed() {
        Session s = orm.open();
        Other o1 = new Other("o1");
        Other o2 = new Other("o2");
        Engineer wally = new Engineer("wally", o1);
        Manager mary = new Manager("mary", o2);
        Manager dilbert = new Manager("dilbert", o1);
        s.addAll(List.of(wally, mary, dilbert));
        s.commit();
        assertThat(wally.eTargetId).isEqualTo(o1.id);
        assertThat(mary.mTargetId).isEqualTo(o2.id);
        return new int[] {o1.id, o2.id, wally.id, mary.id, dilbert.id};
    }

    private List<Object> targetIds() {
        try (Connection c = engine.connect()) {
            List<Object> out = new ArrayList<>();
            c.execute(SQL.select(person.c("target_id")).orderBy(person.c("id"))).all().forEach(r -> out.add(((Number) r.get(0)).intValue()));
            return out;
        }
    }

    /** Compared with SQLAlchemy 2.1.1's for the declarative mapping above (use_existing_column). */
    @Test
    void statementsAsSqlalchemyRendersThem() {
        setUp(Databases.Database.SQLITE);
        Session s = orm.open();
        assertThat(orm.sqlOf(s.query(ORM.attr(Engineer.class, "eTargetId"))))
                .isEqualTo("SELECT person.target_id FROM person WHERE person.type IN (:type_1_1)");
        assertThat(orm.sqlOf(s.query(Manager.class).filter(ORM.attr(Manager.class, "mTargetId").eq(5))))
                .isEqualTo("SELECT person.id, person.name, person.type, person.target_id FROM person WHERE person.target_id = :target_id_1 AND person.type IN (:type_1_1)");
        assertThat(orm.sqlOf(s.query(Engineer.class).options(ORM.joinedLoad(ORM.attr(Engineer.class, "target"))).orderBy(ORM.attr(Engineer.class, "id"))))
                .isEqualTo("SELECT person.id, person.name, person.type, person.target_id, other_1.id AS id_1, other_1.name AS name_1 FROM person "
                        + "LEFT OUTER JOIN other AS other_1 ON other_1.id = person.target_id WHERE person.type IN (:type_1_1) ORDER BY person.id");
        assertThat(orm.sqlOf(s.query(Manager.class).join(ORM.attr(Manager.class, "target")).filter(ORM.attr(Other.class, "name").eq("o1"))))
                .isEqualTo("SELECT person.id, person.name, person.type, person.target_id FROM person JOIN other ON other.id = person.target_id "
                        + "WHERE other.name = :name_1 AND person.type IN (:type_1_1)");
        // the subclass has the column under its own key only
        assertThatThrownBy(() -> ORM.attr(Engineer.class, "target_id")).isInstanceOf(ArgumentException.class).hasMessageContaining("eTargetId");
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void flushWritesTheSharedColumnOnceFromTheSubclassAttribute(Databases.Database db) {
        setUp(db);
        int[] ids = seed();
        // (one INSERT a row, or the managers' two rows in one)
        assertThat(orm.take("INSERT INTO person")).isNotEmpty().allMatch(sql -> sql.startsWith("INSERT INTO person (name, type, target_id) "));
        assertThat(targetIds()).containsExactly(ids[0], ids[1], ids[0]);

        Session s = orm.open();
        Engineer wally = s.get(Engineer.class, ids[2]);
        wally.target = s.get(Other.class, ids[1]);
        Manager dilbert = s.get(Manager.class, ids[4]);
        dilbert.mTargetId = ids[1];
        orm.take("");
        s.commit();
        assertThat(orm.take("UPDATE")).as("(the two rows in one batch)").isNotEmpty().containsOnly("UPDATE person SET target_id=? WHERE person.id = ?");
        assertThat(wally.eTargetId).isEqualTo(ids[1]);
        assertThat(targetIds()).containsExactly(ids[1], ids[1], ids[1]);
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aQueryOfTheBaseFillsEachSubclasssOwnAttribute(Databases.Database db) {
        setUp(db);
        int[] ids = seed();
        Session s = orm.open();
        List<Person> all = s.query(Person.class).orderBy(ORM.attr(Person.class, "name")).all();
        assertThat(all).extracting(p -> p.getClass().getSimpleName()).containsExactly("Manager", "Manager", "Engineer");
        assertThat(((Manager) all.get(0)).mTargetId).isEqualTo(ids[0]);
        assertThat(((Manager) all.get(1)).mTargetId).isEqualTo(ids[1]);
        assertThat(((Engineer) all.get(2)).eTargetId).isEqualTo(ids[0]);
        assertThat(s.query(Engineer.class).filter(ORM.attr(Engineer.class, "eTargetId").eq(ids[0])).all()).extracting(p -> p.name).containsExactly("wally");
        assertThat(s.query(Manager.class).filter(ORM.attr(Manager.class, "mTargetId").eq(ids[0])).all()).extracting(p -> p.name).containsExactly("dilbert");
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void relationshipsOverTheSharedColumnLoadJoinedAndSelectin(Databases.Database db) {
        setUp(db);
        seed();
        Session s = orm.open();
        orm.take("");
        List<Engineer> engineers = s.query(Engineer.class).options(ORM.joinedLoad(ORM.attr(Engineer.class, "target"))).all();
        assertThat(engineers).extracting(e -> e.target.name).containsExactly("o1");
        List<Manager> managers = s.query(Manager.class).options(ORM.selectinLoad(ORM.attr(Manager.class, "target"))).orderBy(ORM.attr(Manager.class, "id")).all();
        assertThat(managers).extracting(m -> m.target.name).containsExactly("o2", "o1");
        assertThat(orm.take("SELECT")).as("one statement, then one for the managers' targets").hasSize(3);
        assertThat(managers.get(1).target).isSameAs(engineers.get(0).target);
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void queriesOverTheSharedColumnSurviveTheSerializer(Databases.Database db) {
        setUp(db);
        int[] ids = seed();
        Session s = orm.open();
        orm.assertRoundTrips(List.of(
                s.query(Engineer.class).filter(ORM.attr(Engineer.class, "eTargetId").eq(ids[0])),
                s.query(Manager.class).options(ORM.joinedLoad(ORM.attr(Manager.class, "target"))).orderBy(ORM.attr(Manager.class, "mTargetId")),
                s.query(Person.class).orderBy(ORM.attr(Person.class, "id")),
                s.query(ORM.attr(Manager.class, "mTargetId")).orderBy(ORM.attr(Manager.class, "id"))), s);
    }

    @Test
    void aSharedColumnUnderAKeyTheClassHasIsRefused() {
        Registry registry = orm.registry;
        registry.mapImperatively(Person.class, person, Map.of(), ORM.polymorphicOn(person.c("type")).identity("person"));
        assertThatThrownBy(() -> registry.mapImperatively(Engineer.class, person, Map.of("name", person.c("target_id")), ORM.inherits(Person.class).identity("engineer")))
                .isInstanceOf(ArgumentException.class).hasMessageContaining("maps two properties to the key 'name'");
    }
}
