package dev.retort.schema;

import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.IntegrityException;
import dev.retort.exc.NoSuchColumnException;
import dev.retort.exc.NoSuchTableException;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SchemaTest {
    /** A schema whose child table is defined before its parent, with every kind of constraint. */
    static final class Shop {
        final String s = "_" + UUID.randomUUID().toString().substring(0, 8);
        final MetaData md = new MetaData();
        final Table items = new Table("items" + s, md,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("owner_id", Types.INTEGER).foreignKey("owners" + s + ".id").nullable(false),
                Column.of("sku", Types.string(20)).unique(),
                Column.of("qty", Types.INTEGER).serverDefault(1).index(),
                new CheckConstraint("ck_qty" + s, text("qty >= 0")));
        final Table owners = new Table("owners" + s, md,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("name", Types.string(40)).nullable(false));
    }

    @Test
    void tablesSortByDependency() {
        Shop shop = new Shop();
        assertThat(shop.md.sortedTables()).containsExactly(shop.owners, shop.items);
        assertThat(shop.md.tables()).containsKeys(shop.items.key(), shop.owners.key());
    }

    @Test
    void createTableDdlPerDialect() {
        MetaData md = new MetaData();
        Table users = new Table("users", md,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("name", Types.string(50)).nullable(false).serverDefault("x"),
                Column.of("flag", Types.BOOLEAN));
        Table addresses = new Table("addresses", md,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("user_id", Types.INTEGER).foreignKey("users.id", "CASCADE", null));
        assertThat(oneLine(new CreateTable(users).compile(Dialects.sqlite()).string()))
                .isEqualTo("CREATE TABLE users ( id INTEGER NOT NULL, name VARCHAR(50) DEFAULT 'x' NOT NULL, flag BOOLEAN, PRIMARY KEY (id) )");
        assertThat(oneLine(new CreateTable(users).compile(Dialects.postgresql()).string()))
                .isEqualTo("CREATE TABLE users ( id SERIAL NOT NULL, name VARCHAR(50) DEFAULT 'x' NOT NULL, flag BOOLEAN, PRIMARY KEY (id) )");
        assertThat(oneLine(new CreateTable(users).compile(Dialects.mysql()).string()))
                .isEqualTo("CREATE TABLE users ( id INTEGER NOT NULL AUTO_INCREMENT, name VARCHAR(50) NOT NULL DEFAULT 'x', flag BOOL, PRIMARY KEY (id) )");
        assertThat(oneLine(new CreateTable(addresses).compile(Dialects.sqlite()).string()))
                .isEqualTo("CREATE TABLE addresses ( id INTEGER NOT NULL, user_id INTEGER, PRIMARY KEY (id), FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE )");
        Index ix = new Index("ix_name", users.c("name"));
        assertThat(new CreateIndex(ix).compile(Dialects.postgresql()).string()).isEqualTo("CREATE INDEX ix_name ON users (name)");
        assertThat(new DropIndex(ix).compile(Dialects.mysql()).string()).isEqualTo("DROP INDEX ix_name ON users");
        assertThat(users.indexes()).containsExactly(ix);
    }

    @Test
    void columnsFreezeInTheirTableAndLookupsNameWhatIsMissing() {
        MetaData md = new MetaData();
        Column<Integer> id = Column.of("id", Types.INTEGER).primaryKey();
        Table t = new Table("t", md, id, Column.of("user name", Types.STRING).key("userName"));
        assertThatThrownBy(() -> id.nullable(true)).isInstanceOf(ArgumentException.class).hasMessageContaining("t.id");
        assertThat(t.c("userName").name()).isEqualTo("user name");
        assertThat(t.c("id", Integer.class)).isSameAs(id);
        assertThatThrownBy(() -> t.c("id", String.class)).isInstanceOf(ArgumentException.class);
        assertThatThrownBy(() -> md.table("nope")).isInstanceOf(NoSuchTableException.class).hasMessageContaining("nope").hasMessageContaining("t");
        assertThatThrownBy(() -> new Table("t", md)).isInstanceOf(ArgumentException.class).hasMessageContaining("already defined");
        Table bad = new Table("bad", md, Column.of("x", Types.INTEGER).foreignKey("t.nope"));
        assertThatThrownBy(() -> bad.c("x").foreignKeys().get(0).column()).isInstanceOf(NoSuchColumnException.class).hasMessageContaining("nope");
        assertThat(insert(t).values(Map.of("userName", "a")).compile().string()).isEqualTo("INSERT INTO t (\"user name\") VALUES (:userName)");
    }

    @EachDatabase
    void createAllAndDropAllAreIdempotentAndEnforceConstraints(Databases.Database db) {
        Engine engine = db.engine();
        Shop shop = new Shop();
        try {
            shop.md.createAll(engine);
            shop.md.createAll(engine);
            try (Connection c = engine.begin()) {
                c.execute(insert(shop.owners).values(Map.of("id", 1, "name", "ann")));
                c.execute(insert(shop.items).values(Map.of("id", 1, "owner_id", 1, "sku", "A")));
            }
            try (Connection c = engine.connect()) {
                assertThat(c.execute(select(shop.items.c("qty"))).scalar()).as("server default").isEqualTo(1);
                assertThatThrownBy(() -> c.execute(insert(shop.items).values(Map.of("id", 2, "owner_id", 1, "sku", "A"))))
                        .as("unique").isInstanceOf(IntegrityException.class);
            }
            try (Connection c = engine.connect()) {
                assertThatThrownBy(() -> c.execute(insert(shop.items).values(Map.of("id", 3, "owner_id", 99, "sku", "B"))))
                        .as("foreign key").isInstanceOf(IntegrityException.class);
            }
            try (Connection c = engine.connect()) {
                assertThatThrownBy(() -> c.execute(insert(shop.items).values(Map.of("id", 4, "owner_id", 1, "sku", "C", "qty", -1))))
                        .as("check").isInstanceOf(IntegrityException.class);
            }
            try (Connection c = engine.connect()) {
                assertThatThrownBy(() -> c.execute(insert(shop.owners).values(List.of(Map.of("id", 5, "name", "x"), Map.of("id", 6)))))
                        .isInstanceOf(ArgumentException.class);
                assertThatThrownBy(() -> c.execute(insert(shop.owners).values(Map.of("id", 5))))
                        .as("NOT NULL").isInstanceOf(IntegrityException.class).hasMessageContaining(shop.owners.name());
            }
        } finally {
            shop.md.dropAll(engine);
            shop.md.dropAll(engine);
        }
        try (Connection c = engine.connect()) {
            assertThat(MetaData.exists(c, shop.owners)).isFalse();
        }
    }

    private static String oneLine(String sql) {
        return sql.replaceAll("\\s+", " ").trim();
    }
}
