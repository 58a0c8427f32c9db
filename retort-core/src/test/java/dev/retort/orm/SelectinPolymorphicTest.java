package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ORM#selectinPolymorphic}: the query of a joined-table hierarchy's base leaves the named classes' tables out
 * and loads their own columns with one statement per class; instances the session holds keep what they have (as rows
 * of any query leave them), unless the query populates existing ones. The statements themselves are compared with
 * SQLAlchemy's in {@link LoaderSqlTest}.
 */
class SelectinPolymorphicTest {
    /** A company. */
    public static class Firm {
        Integer id;
        List<Staff> staff = new ArrayList<>();
    }

    /** The hierarchy's root. */
    public static class Staff {
        Integer id;
        Integer firmId;
        String type;
        String name;
    }

    /** A joined-table subclass. */
    public static class Coder extends Staff {
        String language;
    }

    /** A joined-table subclass. */
    public static class Boss extends Staff {
        String title;
    }

    @AutoClose
    OrmTestDatabase orm = new OrmTestDatabase();

    @BeforeEach
    void setUp() {
        String x = orm.suffix;
        Table firms = new Table("firms" + x, orm.metadata, Column.of("id", Types.INTEGER).primaryKey());
        Table staff = new Table("staff" + x, orm.metadata, Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("firm_id", Types.INTEGER).foreignKey("firms" + x + ".id"), Column.of("type", Types.string(20)), Column.of("name", Types.string(20)));
        Table coders = new Table("coders" + x, orm.metadata, Column.of("id", Types.INTEGER).primaryKey().foreignKey("staff" + x + ".id"),
                Column.of("language", Types.string(20)));
        Table bosses = new Table("bosses" + x, orm.metadata, Column.of("id", Types.INTEGER).primaryKey().foreignKey("staff" + x + ".id"),
                Column.of("title", Types.string(20)));
        orm.registry.mapImperatively(Firm.class, firms, Map.of("staff", ORM.relationship(Staff.class).orderBy(staff.c("id"))));
        orm.registry.mapImperatively(Staff.class, staff, Map.of(), ORM.polymorphicOn(staff.c("type")).identity("staff"));
        orm.registry.mapImperatively(Coder.class, coders, Map.of(), ORM.inherits(Staff.class).identity("coder"));
        orm.registry.mapImperatively(Boss.class, bosses, Map.of(), ORM.inherits(Staff.class).identity("boss"));
        orm.start(Databases.Database.SQLITE);
        try (var c = orm.engine().begin()) {
            c.execute(SQL.insert(firms), List.of(Map.of("id", 1)));
            c.execute(SQL.insert(staff), List.of(Map.of("id", 1, "firm_id", 1, "type", "coder", "name", "ada"),
                    Map.of("id", 2, "firm_id", 1, "type", "boss", "name", "bob"), Map.of("id", 3, "firm_id", 1, "type", "staff", "name", "cy"),
                    Map.of("id", 4, "firm_id", 1, "type", "coder", "name", "di")));
            c.execute(SQL.insert(coders), List.of(Map.of("id", 1, "language", "java"), Map.of("id", 4, "language", "cobol")));
            c.execute(SQL.insert(bosses), List.of(Map.of("id", 2, "title", "ceo")));
        }
        orm.take("");
    }

    private static QueryableAttribute<Object> id() {
        return ORM.attr(Staff.class, "id");
    }

    @Test
    void eachNamedClassLoadsItsColumnsWithOneStatement() {
        Session s = orm.open();
        List<Staff> all = s.query(Staff.class).options(ORM.selectinPolymorphic(Staff.class, List.of(Coder.class, Boss.class))).orderBy(id()).all();
        assertThat(all).extracting(p -> p.getClass().getSimpleName()).containsExactly("Coder", "Boss", "Staff", "Coder");
        assertThat(((Coder) all.get(0)).language).isEqualTo("java");
        assertThat(((Boss) all.get(1)).title).isEqualTo("ceo");
        assertThat(((Coder) all.get(3)).language).isEqualTo("cobol");
        List<String> sql = orm.take("SELECT");
        assertThat(sql).hasSize(3);
        assertThat(sql.get(0)).isEqualTo("SELECT staff.id, staff.firm_id, staff.type, staff.name FROM staff ORDER BY staff.id");
        // loaded, not changed: a flush writes nothing
        s.flush();
        assertThat(orm.take("UPDATE")).isEmpty();
    }

    @Test
    void anInstanceTheSessionHoldsKeepsItsChangesUnlessPopulatingExisting() {
        Session s = orm.open(SessionFactory.of(orm.engine()).autoflush(false));
        Coder ada = s.get(Coder.class, 1);
        ada.language = "kotlin";     // not flushed (no autoflush)
        s.query(Staff.class).options(ORM.selectinPolymorphic(Staff.class, List.of(Coder.class))).orderBy(id()).all();
        assertThat(ada.language).isEqualTo("kotlin");
        s.query(Staff.class).options(ORM.selectinPolymorphic(Staff.class, List.of(Coder.class))).populateExisting().orderBy(id()).all();
        assertThat(ada.language).isEqualTo("java");
    }

    @Test
    void afterASelectinLoadOfACollection() {
        Session s = orm.open();
        Firm f = s.query(Firm.class).options(ORM.selectinLoad(ORM.attr(Firm.class, "staff")).selectinPolymorphic(List.of(Coder.class, Boss.class))).one();
        assertThat(f.staff).hasSize(4);
        assertThat(((Coder) f.staff.get(3)).language).isEqualTo("cobol");
        assertThat(orm.take("SELECT")).hasSize(4);
    }

    @Test
    void followsARelationshipOptionOnly() {
        assertThatThrownBy(() -> ORM.undefer(ORM.attr(Staff.class, "name")).selectinPolymorphic(List.of(Coder.class)))
                .isInstanceOf(ArgumentException.class).hasMessageContaining("follows a relationship's loader option");
    }

    @Test
    void survivesTheSerializer() {
        Session s = orm.open();
        orm.assertRoundTrips(List.of(s.query(Staff.class).options(ORM.selectinPolymorphic(Staff.class, List.of(Boss.class))).orderBy(id())), s);
    }
}
