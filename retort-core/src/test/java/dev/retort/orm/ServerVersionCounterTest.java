package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.StaleDataException;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;

/**
 * {@link Mapper#serverVersionCounter}: the database keeps the version (a server default, an on-update expression) and
 * the flush reads it back, as SQLAlchemy's {@code version_id_generator=False} (test_versioning.py ServerVersioningTest).
 * SQL from SQLAlchemy 2.1.1 (tools/expect/orm_misc.py).
 */
class ServerVersionCounterTest {
    /** A versioned row. */
    public static class Foo {
        Integer id;
        Integer versionId;
        String value;
    }

    private static OrmTestDatabase model(Databases.Database db) {
        OrmTestDatabase t = new OrmTestDatabase();
        Table vt = new Table("version_table" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("version_id", Types.INTEGER).nullable(false).serverDefault("1").onUpdate(SQL.column("version_id").add(1)),
                Column.of("value", Types.string(40)).nullable(false));
        t.registry.mapImperatively(Foo.class, vt).serverVersionCounter(vt.c("version_id"));
        t.start(db);
        return t;
    }

    private static String returning(Database db, String columns) {
        return db == Database.SQLITE ? " RETURNING " + columns : " RETURNING version_table." + columns.replace(", ", ", version_table.");
    }

    @EachDatabase
    void theFlushReadsBackTheVersionsTheDatabaseGives(Databases.Database db) {
        try (OrmTestDatabase t = model(db)) {
            Session s = t.open();
            Foo f = new Foo();
            f.value = "f1";
            s.add(f);
            s.flush();
            assertThat(t.take("")).containsExactly("INSERT INTO version_table (value) VALUES (?)" + returning(db, "id, version_id"));
            assertThat(f.versionId).isEqualTo(1);
            String update = "UPDATE version_table SET version_id=(version_id + ?), value=? WHERE version_table.id = ? AND version_table.version_id = ?";
            for (int version = 2; version <= 3; version++) {
                f.value = "f" + version;
                s.flush();
                assertThat(t.take("")).containsExactlyElementsOf(db == Database.MARIADB
                        ? List.of(update, "SELECT version_table.version_id FROM version_table WHERE version_table.id = ?")
                        : List.of(update + returning(db, "version_id")));
                assertThat(f.versionId).isEqualTo(version);
            }
            s.delete(f);
            s.flush();
            assertThat(t.take("")).containsExactly("DELETE FROM version_table WHERE version_table.id = ? AND version_table.version_id = ?");
            s.commit();
        }
    }

    /** A row whose version the database keeps as text (a server's version need not be a number). */
    public static class Tagged {
        Integer id;
        String tag;
        String value;
    }

    @EachDatabase
    void mergeComparesAServersVersionOfAnyType(Databases.Database db) {
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            Table tt = new Table("tagged" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                    Column.of("tag", Types.string(10)).nullable(false).serverDefault("v1"), Column.of("value", Types.string(40)));
            t.registry.mapImperatively(Tagged.class, tt).serverVersionCounter(tt.c("tag"));
            t.start(db);
            try (var c = t.engine().begin()) {
                c.execute(SQL.insert(tt), List.of(Map.of("id", 1, "value", "a")));
            }
            Tagged detached = new Tagged();
            detached.id = 1;
            detached.tag = "v1";
            detached.value = "b";
            Session s = t.open();
            // before: the versions were compared as numbers (a ClassCastException)
            assertThat(s.merge(detached).value).isEqualTo("b");
            Tagged older = new Tagged();
            older.id = 1;
            older.tag = "v0";
            assertThatThrownBy(() -> t.open().merge(older)).isInstanceOf(StaleDataException.class);
        }
    }

    /** The annotated spelling: {@code @Version} on a column the application neither inserts nor updates. */
    @jakarta.persistence.Entity
    @jakarta.persistence.Table(name = "version_table")
    public static class Annotated {
        @jakarta.persistence.Id @jakarta.persistence.GeneratedValue Integer id;
        @jakarta.persistence.Version @jakarta.persistence.Column(name = "version_id", insertable = false, updatable = false) Integer versionId;
        @jakarta.persistence.Column(nullable = false, length = 40) String value;

        public Annotated() {
        }
    }

    @EachDatabase
    void versionOnAColumnNeitherInsertedNorUpdatedIsTheServers(Databases.Database db) {
        try (OrmTestDatabase t = new OrmTestDatabase().suffixingMappedTables()) {
            t.registry.map(Annotated.class);
            t.start(db);
            // the table as a migration would make it: the database's default gives the first version
            String table = "version_table" + t.suffix;
            String id = switch (db) {
                case SQLITE -> "id INTEGER PRIMARY KEY";
                case POSTGRESQL -> "id SERIAL PRIMARY KEY";
                default -> "id INTEGER AUTO_INCREMENT PRIMARY KEY";
            };
            try (var c = t.engine().begin()) {
                c.execute(SQL.text("DROP TABLE " + table), Map.of());
                c.execute(SQL.text("CREATE TABLE " + table + " (" + id + ", version_id INTEGER NOT NULL DEFAULT 1, value VARCHAR(40) NOT NULL)"), Map.of());
            }
            t.take("");
            Session s = t.open();
            Annotated a = new Annotated();
            a.value = "f1";
            s.add(a);
            s.flush();
            assertThat(t.take("")).containsExactly("INSERT INTO version_table (value) VALUES (?)" + returning(db, "id, version_id"));
            assertThat(a.versionId).isEqualTo(1);
            s.commit();
        }
    }

    @EachDatabase
    void aRowTheDatabaseBumpedMeanwhileIsStale(Databases.Database db) {
        try (OrmTestDatabase t = model(db)) {
            Session s = t.open();
            Foo f = new Foo();
            f.value = "f1";
            s.add(f);
            s.commit();
            try (var c = t.engine().begin()) {
                c.execute(SQL.text("UPDATE " + t.metadata.tables().keySet().iterator().next() + " SET version_id = 7"), Map.of());
            }
            f.value = "f2";
            assertThatThrownBy(s::flush).isInstanceOf(StaleDataException.class);
            assertThat(f.versionId).as("the failed flush is undone").isEqualTo(1);
        }
    }
}
