package dev.retort.engine;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.sql.Compiled;
import dev.retort.sql.Select;
import dev.retort.sql.TableClause;
import dev.retort.types.Types;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite text is read by its bytes decoded as UTF-8 only where the database keeps its text as UTF-8
 * ({@code PRAGMA encoding}); the strings are those the driver's {@code getString} gives, NULL, empty,
 * non-BMP and numbers in an untyped column alike, and a UTF-16 database reads through getString.
 */
class SqliteTextEncodingTest {
    private static final List<String> TEXTS = Arrays.asList(null, "", "plain", "héllo wörld", "日本語テキスト",
            "\uD834\uDD1E clef \uD83D\uDE00 and \uD83D\uDC4D", "nul\u0000inside", "x".repeat(5000) + "\uD83D\uDE00");
    private static final TableClause T = table("texts", column("k", Types.INTEGER), column("s", Types.STRING), column("t", Types.TEXT));
    private static final Select READ = select(T.c("k"), T.c("s"), T.c("t")).orderBy(T.c("k"));

    @TempDir
    Path dir;

    private Engine engine(String file) {
        // One pooled connection, so the encoding kept with it serves every checkout.
        return Engine.create("jdbc:sqlite:" + dir.resolve(file), EngineOptions.builder().sqliteWal(false).poolSize(1).build());
    }

    /** The texts of the table as the driver's getString reads them, by a connection of its own. */
    private List<List<Object>> byGetString(String file) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        try (java.sql.Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(file));
                ResultSet rs = c.createStatement().executeQuery("SELECT k, s, t FROM texts ORDER BY k")) {
            while (rs.next()) {
                rows.add(Arrays.asList(rs.getInt(1), rs.getString(2), rs.getString(3)));
            }
        }
        return rows;
    }

    private static void fill(Connection c) {
        c.execute(text("CREATE TABLE texts (k INTEGER PRIMARY KEY, s TEXT, t)"));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int k = 0; k < TEXTS.size(); k++) {
            Map<String, Object> row = new HashMap<>();
            row.put("k", k);
            row.put("s", TEXTS.get(k));
            row.put("t", TEXTS.get(TEXTS.size() - 1 - k));
            rows.add(row);
        }
        c.execute(insert(T), rows);
        // The untyped column keeps numbers as numbers: read as text, they are their text form.
        c.execute(text("INSERT INTO texts VALUES (100, 42, 1.5), (101, -7, 9223372036854775807)"));
        c.commit();
    }

    private static List<List<Object>> read(Connection c) {
        return c.execute(READ).all().stream().map(r -> Arrays.asList(r.get(0), r.get(1), r.get(2))).toList();
    }

    /** The rows through a result, checked against getString's and the texts written (non-BMP and empty among them). */
    private List<List<Object>> readAsGetStringDoes(Connection c, String file) throws Exception {
        List<List<Object>> rows = read(c);
        assertThat(rows).isEqualTo(byGetString(file));
        assertThat(rows.get(5)).containsExactly(5, TEXTS.get(5), TEXTS.get(2));
        assertThat(rows.get(1).get(1)).isEqualTo("");
        return rows;
    }

    private static boolean readsBytes(Connection c) throws Exception {
        Compiled compiled = READ.compile(c.dialect());
        Connection.DeclaredColumns columns = Connection.DeclaredColumns.of(compiled.resultColumns(), c.dialect());
        return columns.readersFor(c) != columns.readers();
    }

    @Test
    void aUtf8DatabaseReadsTextByItsBytesAsGetStringDoes() throws Exception {
        Engine e = engine("utf8.db");
        try {
            try (Connection c = e.connect()) {
                assertThat(readsBytes(c)).as("an empty database may still change its encoding").isFalse();
                fill(c);
                assertThat(c.execute(text("PRAGMA encoding")).scalar()).isEqualTo("UTF-8");
                assertThat(readsBytes(c)).isTrue();
                List<List<Object>> rows = readAsGetStringDoes(c, "utf8.db");
                assertThat(rows.get(0)).containsExactly(0, null, TEXTS.get(TEXTS.size() - 1));
                assertThat(rows.subList(TEXTS.size(), rows.size())).containsExactly(
                        Arrays.asList(100, "42", "1.5"), Arrays.asList(101, "-7", "9223372036854775807"));
            }
            try (Connection c = e.connect()) {
                assertThat(readsBytes(c)).as("known with the pooled connection").isTrue();
                assertThat(read(c)).isEqualTo(byGetString("utf8.db"));
            }
        } finally {
            e.dispose();
        }
    }

    @Test
    void aUtf16DatabaseReadsTextByGetString() throws Exception {
        Engine e = engine("utf16.db");
        try {
            try (Connection c = e.connect()) {
                // Asked while the database is empty (UTF-8 then), which must not be kept.
                assertThat(readsBytes(c)).isFalse();
                c.execute(text("PRAGMA encoding = 'UTF-16le'"));
                fill(c);
                assertThat(c.execute(text("PRAGMA encoding")).scalar()).isEqualTo("UTF-16le");
                assertThat(readsBytes(c)).isFalse();
                readAsGetStringDoes(c, "utf16.db");
            }
        } finally {
            e.dispose();
        }
    }
}
