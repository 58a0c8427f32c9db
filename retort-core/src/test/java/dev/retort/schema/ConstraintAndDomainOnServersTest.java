package dev.retort.schema;

import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Inspector;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.exc.DBAPIException;
import dev.retort.testing.Databases;
import dev.retort.types.DomainType;
import dev.retort.types.Types;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * On the real databases: a CHECK declared on a column is enforced and reflects back as the
 * table's; {@code DropConstraint.ifExists()} does nothing the second time (and PostgreSQL's
 * CASCADE drops the foreign key that depends on a unique key); a system column is left out of
 * CREATE TABLE; PostgreSQL domains with options are created by {@code createAll} and enforce them.
 */
class ConstraintAndDomainOnServersTest {
    private final String s = "_" + UUID.randomUUID().toString().substring(0, 8);

    private void columnCheckAndDropIfExists(Engine engine) throws SQLException {
        MetaData md = new MetaData();
        Table t = new Table("ck" + s, md, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("qty", Types.INTEGER).check(new CheckConstraint("ck_qty" + s, text("qty > 0"))),
                new UniqueConstraint("uq_qty" + s, java.util.List.of("qty")));
        md.createAll(engine);
        try (Connection conn = engine.connect()) {
            conn.execute(insert(t).values(Map.of("id", 1, "qty", 5)));
            conn.commit();
            assertThatThrownBy(() -> conn.execute(insert(t).values(Map.of("id", 2, "qty", -1)))).isInstanceOf(DBAPIException.class);
            conn.rollback();
            Inspector inspector = engine.dialect().inspector();
            String schema = inspector.defaultSchema(conn.jdbc());
            assertThat(inspector.checkConstraints(conn.jdbc(), schema, t.name())).anySatisfy(c -> assertThat(c.name()).isEqualTo("ck_qty" + s));
            UniqueConstraint uq = (UniqueConstraint) t.constraints().stream().filter(c -> c instanceof UniqueConstraint).findFirst().orElseThrow();
            if (!engine.dialect().name().equals("sqlite")) {
                conn.execute(new DropConstraint(uq).ifExists());
                conn.execute(new DropConstraint(uq).ifExists());
                conn.commit();
            }
        } finally {
            md.dropAll(engine);
        }
    }

    @Test
    void sqlite() throws SQLException {
        columnCheckAndDropIfExists(Databases.sqlite());
    }

    @Test
    void postgresql() throws SQLException {
        columnCheckAndDropIfExists(Databases.postgresql());
    }

    @Test
    void mariadb() throws SQLException {
        columnCheckAndDropIfExists(Databases.mariadb());
    }

    @Test
    void postgresqlCascadeDropsTheDependentForeignKey() throws SQLException {
        Engine engine = Databases.postgresql();
        MetaData md = new MetaData();
        Table p = new Table("p" + s, md, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false), Column.of("code", Types.INTEGER),
                new UniqueConstraint("uq_code" + s, java.util.List.of("code")));
        new Table("c" + s, md, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("code", Types.INTEGER).foreignKey("p" + s + ".code"));
        md.createAll(engine);
        try (Connection conn = engine.begin()) {
            UniqueConstraint uq = (UniqueConstraint) p.constraints().stream().filter(c -> c instanceof UniqueConstraint).findFirst().orElseThrow();
            assertThatThrownBy(() -> engine.begin().execute(new DropConstraint(uq))).as("the foreign key depends on it")
                    .isInstanceOf(DBAPIException.class);
            conn.execute(new DropConstraint(uq).cascade());
            Inspector inspector = engine.dialect().inspector();
            assertThat(inspector.foreignKeys(conn.jdbc(), inspector.defaultSchema(conn.jdbc()), "c" + s)).isEmpty();
        } finally {
            md.dropAll(engine);
        }
    }

    @Test
    void postgresqlDomainsAndSystemColumns() throws SQLException {
        Engine engine = Databases.postgresql();
        MetaData md = new MetaData();
        DomainType<String> code = Types.domain("code" + s, Types.TEXT).collation("C").defaultValue("x").constraintName("ck_code" + s)
                .notNull(true).check("VALUE <> ''");
        Table t = new Table("dom" + s, md, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false), Column.of("code", code),
                Column.of("xmin", Types.STRING).system(true));
        assertThat(new CreateTable(t).compile(engine.dialect()).string()).doesNotContain("xmin");
        md.createAll(engine);
        try (Connection conn = engine.connect()) {
            conn.execute(insert(t).values(Map.of("id", 1)));
            conn.commit();
            assertThat(conn.execute(text("SELECT code FROM " + t.name())).scalar()).as("the domain's DEFAULT").isEqualTo("x");
            assertThatThrownBy(() -> conn.execute(insert(t).values(Map.of("id", 2, "code", "")))).as("its CHECK").isInstanceOf(DBAPIException.class);
            conn.rollback();
            assertThat(conn.execute(dev.retort.sql.SQL.select(t.c("xmin"))).all()).as("a system column selects").hasSize(1);
        } finally {
            md.dropAll(engine);
        }
        try (Connection conn = engine.begin()) {
            conn.execute(new CreateDomainType(code));
            conn.execute(new DropDomainType(code));
        }
    }

    /** An enum type in a named schema, and one created by hand that createAll and dropAll leave alone. */
    @Test
    void postgresqlEnumSchemaAndCreateType() throws SQLException {
        Engine engine = Databases.postgresql();
        var mood = Types.enumOf("mood" + s, "sad", "happy").schema("public");
        var managed = Types.enumOf("managed" + s, "a", "b").createType(false);
        MetaData md = new MetaData();
        Table t = new Table("en" + s, md, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false), Column.of("m", mood),
                Column.of("g", managed));
        try (Connection conn = engine.begin()) {
            conn.execute(new CreateEnumType(managed));
        }
        try {
            md.createAll(engine);
            try (Connection conn = engine.begin()) {
                conn.execute(insert(t).values(Map.of("id", 1, "m", "happy", "g", "b")));
                assertThat(conn.execute(dev.retort.sql.SQL.select(t.c("m"), t.c("g"))).all()).extracting(r -> r.get(0) + "/" + r.get(1))
                        .containsExactly("happy/b");
            }
            md.dropAll(engine);
            try (Connection conn = engine.begin()) {
                assertThat(conn.execute(text("SELECT count(*) FROM pg_type WHERE typname = '" + "managed" + s + "'")).scalar())
                        .as("dropAll left the type created elsewhere").isEqualTo(1L);
            }
        } finally {
            md.dropAll(engine);
            try (Connection conn = engine.begin()) {
                conn.execute(new DropEnumType(managed));
            }
        }
    }
}
