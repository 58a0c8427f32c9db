package dev.retort.engine;

import static dev.retort.sql.SQL.bindparam;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.text;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.TableClause;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.Databases.TempTable;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An executemany whose parameter sets differ in their keys where the statement cannot run them:
 * a set that lacks a parameter the statement needs (one with no value of its own) and another set
 * gives, or a set naming a parameter the statement does not have. Refused before anything runs,
 * naming the parameter, the set (by index from 0) and the statement.
 */
class ExecuteManyDifferingKeysTest {
    private static final String DDL = "id INTEGER PRIMARY KEY, name VARCHAR(50)";

    private static long count(Connection conn, TempTable t) {
        return ((Number) conn.execute(text("SELECT COUNT(*) FROM " + t)).scalar()).longValue();
    }

    @EachDatabase
    void aSetLackingATextParameterIsRefusedNamingTheSetAndTheStatementAndNothingRuns(Database db) {
        try (TempTable t = db.table("dk", DDL); Connection conn = db.engine().connect()) {
            String sql = "INSERT INTO " + t + " (id, name) VALUES (:id, :name)";
            List<Map<String, Object>> sets = List.of(Map.of("id", 1, "name", "a"), Map.of("id", 2, "name", "b"), Map.of("id", 3));
            assertThatThrownBy(() -> conn.execute(text(sql), sets))
                    .isExactlyInstanceOf(ArgumentException.class)
                    .hasMessageContaining("Parameter set 2 of 3 lacks parameter 'name'")
                    .hasMessageContaining("parameter set 0 gives")
                    .hasMessageContaining("INSERT INTO " + t);
            assertThat(count(conn, t)).isZero();
        }
    }

    @EachDatabase
    void aSetAddingAnUnknownParameterIsRefusedNamingTheSetAndTheStatementAndNothingRuns(Database db) {
        try (TempTable t = db.table("dk", DDL); Connection conn = db.engine().connect()) {
            String sql = "INSERT INTO " + t + " (id, name) VALUES (:id, :name)";
            List<Map<String, Object>> sets = List.of(Map.of("id", 1, "name", "a"), Map.of("id", 2, "name", "b", "extra", 0));
            assertThatThrownBy(() -> conn.execute(text(sql), sets))
                    .isExactlyInstanceOf(ArgumentException.class)
                    .hasMessageContaining("Parameter set 1 of 2")
                    .hasMessageContaining("[extra]")
                    .hasMessageContaining("INSERT INTO " + t);
            assertThat(count(conn, t)).isZero();
        }
    }

    @EachDatabase
    void anInsertIntoAKeyedTableWhoseLaterSetNamesAnUnknownColumnWritesNothing(Database db) {
        MetaData md = new MetaData();
        Table t = new Table("dk_" + UUID.randomUUID().toString().substring(0, 8), md,
                Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(40)));
        md.createAll(db.engine());
        try (Connection conn = db.engine().connect()) {
            List<Map<String, Object>> sets = List.of(Map.of("id", 1, "name", "a"), Map.of("id", 2), Map.of("id", 3, "nme", "c"));
            assertThatThrownBy(() -> conn.execute(insert(t), sets))
                    .isExactlyInstanceOf(ArgumentException.class)
                    .hasMessageContaining("Parameter set 2 of 3")
                    .hasMessageContaining("[nme]")
                    .hasMessageContaining("INSERT INTO " + t.name());
            assertThat(((Number) conn.execute(text("SELECT COUNT(*) FROM " + t.name())).scalar()).longValue()).isZero();
        } finally {
            md.dropAll(db.engine());
        }
    }

    @EachDatabase
    void anUpdateWhoseSetLacksAValuelessBindParameterChangesNothing(Database db) {
        try (TempTable t = db.table("dk", DDL); Connection conn = db.engine().connect()) {
            TableClause tc = ConnectionTest.users(t);
            conn.execute(insert(tc), List.of(Map.of("id", 1, "name", "a"), Map.of("id", 2, "name", "b")));
            var stmt = update(tc).values(Map.of(tc.c("name"), bindparam("v"))).where(tc.c("id").eq(bindparam("k")));
            assertThatThrownBy(() -> conn.execute(stmt, List.of(Map.of("k", 1), Map.of("v", "x", "k", 2))))
                    .isExactlyInstanceOf(ArgumentException.class)
                    .hasMessageContaining("Parameter set 0 of 2 lacks parameter 'v'")
                    .hasMessageContaining("parameter set 1 gives")
                    .hasMessageContaining("UPDATE " + t);
            assertThat(conn.execute(select(tc.c("name")).orderBy(tc.c("id"))).scalars()).containsExactly("a", "b");
        }
    }

    @EachDatabase
    void aParameterWithItsOwnValueMayBeLeftOutBySomeSets(Database db) {
        try (TempTable t = db.table("dk", DDL); Connection conn = db.engine().connect()) {
            TableClause tc = ConnectionTest.users(t);
            conn.execute(insert(tc), List.of(Map.of("id", 1, "name", "a"), Map.of("id", 2, "name", "b")));
            var stmt = update(tc).values(Map.of(tc.c("name"), bindparam("v", "dflt"))).where(tc.c("id").eq(bindparam("k")));
            conn.execute(stmt, List.of(Map.of("v", "x", "k", 1), Map.of("k", 2)));
            assertThat(conn.execute(select(tc.c("name")).orderBy(tc.c("id"))).scalars()).containsExactly("x", "dflt");
        }
    }

    /**
     * A parameter given the value null ({@code bindparam("y", null)}) that every set leaves out binds
     * that null, as in SQLAlchemy 2.1.1 (its {@code bindparam("y", None)} is not required: both rows
     * are inserted). Retort cannot tell it from {@code bindparam("y")} (SQLAlchemy: required), so
     * that one binds NULL too, as a single execution does.
     */
    @EachDatabase
    void aParameterWhoseValueIsNullMayBeLeftOutByEverySet(Database db) {
        try (TempTable t = db.table("dk", DDL); Connection conn = db.engine().connect()) {
            TableClause tc = ConnectionTest.users(t);
            var ins = insert(tc).values(Map.of(tc.c("id"), bindparam("x"), tc.c("name"), bindparam("y", (String) null, Types.TEXT)));
            conn.execute(ins, List.of(Map.of("x", 1), Map.of("x", 2)));
            assertThat(count(conn, t)).isEqualTo(2);
            assertThat(conn.execute(select(tc.c("name")).where(tc.c("name").isNot(null))).all()).isEmpty();
        }
    }
}
