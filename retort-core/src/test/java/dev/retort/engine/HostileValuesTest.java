package dev.retort.engine;

import static dev.retort.engine.ConnectionTest.USERS_DDL;
import static dev.retort.engine.ConnectionTest.users;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.DataException;
import dev.retort.sql.TableClause;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.Databases.TempTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Strings that look like SQL stay values: they are bound, never spliced into the text. */
class HostileValuesTest {
    private static final List<String> HOSTILE = List.of(
            "O'Brien", "''", "\\", "back\\slash\\", "\\'; DROP TABLE users; --", "'; DROP TABLE users; --",
            "\"double\"", "`backtick`", "100% _wild_", ":name ? $1 %s", "line\nbreak\r\n\ttab", "/* comment */ --");

    @EachDatabase
    void hostileStringsRoundTrip(Database db) {
        try (TempTable t = db.table("users", USERS_DDL); Connection conn = db.engine().connect()) {
            TableClause users = users(t);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < HOSTILE.size(); i++) {
                rows.add(Map.of("id", i, "name", HOSTILE.get(i)));
            }
            conn.execute(insert(users), rows);
            assertThat(conn.execute(select(users.c("name")).orderBy(users.c("id"))).scalars()).containsExactlyElementsOf(HOSTILE);
            for (String s : HOSTILE) {
                assertThat(conn.execute(select(users.c("id")).where(users.c("name").eq(s))).scalar()).isEqualTo(HOSTILE.indexOf(s));
                assertThat(conn.execute(text("SELECT name FROM " + t + " WHERE name = :name"), Map.of("name", s)).scalar()).isEqualTo(s);
            }
            assertThat(conn.execute(text("SELECT count(*) FROM " + t)).first().get(0, Long.class)).isEqualTo((long) HOSTILE.size());
        }
    }

    @EachDatabase
    void aNulCharacterIsKeptOrRefusedAsData(Database db) {
        try (TempTable t = db.table("users", USERS_DDL); Connection conn = db.engine().connect()) {
            Map<String, Object> row = Map.of("id", 1, "name", "nul\0inside");
            if (db == Database.POSTGRESQL) {
                // PostgreSQL text cannot hold U+0000.
                assertThatThrownBy(() -> conn.execute(insert(users(t)), row)).isInstanceOf(DataException.class);
            } else {
                conn.execute(insert(users(t)), row);
                assertThat(conn.execute(select(users(t).c("name"))).scalar()).isEqualTo("nul\0inside");
            }
        }
    }
}
