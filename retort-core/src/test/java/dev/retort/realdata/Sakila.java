package dev.retort.realdata;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.Row;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.Select;
import dev.retort.testing.Databases.Database;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;

/**
 * The vendored Sakila and Pagila resources (see {@code tools/sakila_subset.py} and the licences
 * next to them in {@code src/test/resources/sakila/}): loading them, and comparing rows across
 * databases through one canonical text form of values.
 */
final class Sakila {
    private Sakila() {
    }

    /** The vendored schema of a database: the statements of its file, one per {@code ;} at the end of a line. */
    static void loadSchema(Engine engine, String resource) {
        String sql = resource(resource);
        try (Connection conn = engine.connect(); Statement st = conn.jdbc().createStatement()) {
            if (engine.dialect().name().equals("mariadb")) {
                st.execute("SET FOREIGN_KEY_CHECKS = 0");   // the file creates tables in name order
            }
            for (String s : sql.split(";\\s*\\n")) {
                if (!s.isBlank()) {
                    st.execute(s);
                }
            }
            conn.commit();
        } catch (SQLException e) {
            throw new AssertionError("Could not load " + resource + ": " + e.getMessage(), e);
        }
    }

    /** The data subset into PostgreSQL, by COPY, with foreign keys unchecked for the circular store/staff keys. */
    static void loadPostgresData(Engine engine) {
        String data = resource("postgres-data.sql");
        try (Connection conn = engine.connect(); Statement st = conn.jdbc().createStatement()) {
            st.execute("SET LOCAL session_replication_role = replica");
            var copy = conn.jdbc().unwrap(PGConnection.class).getCopyAPI();
            for (String block : data.split("\\\\\\.\\n")) {
                String b = block.strip();
                if (b.isEmpty()) {
                    continue;
                }
                int eol = b.indexOf('\n');
                copy.copyIn(b.substring(0, eol), new StringReader(eol < 0 ? "" : b.substring(eol + 1) + "\n"));
            }
            conn.commit();
        } catch (SQLException | IOException e) {
            throw new AssertionError("Could not load the Sakila data: " + e.getMessage(), e);
        }
    }

    static String resource(String name) {
        try (InputStream in = Sakila.class.getResourceAsStream("/sakila/" + name)) {
            if (in == null) {
                throw new AssertionError("No resource sakila/" + name + " (run tools/sakila_subset.py)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a copy did: rows per table and the time it took. */
    record CopyReport(Map<String, Integer> rows, long millis) {
        int total() {
            return rows.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /**
     * Copies every table of {@code from} into the table of the same name of {@code to}, the
     * columns they share, with Retort batches of 500 rows, with the target's foreign key checks
     * off (MariaDB) or deferred to the commit (SQLite): store and staff refer to each other.
     */
    static CopyReport copy(MetaData from, Engine source, MetaData to, Engine target, Database targetKind) {
        long start = System.nanoTime();
        Map<String, Integer> counts = new java.util.TreeMap<>();
        try (Connection in = source.connect(); Connection out = target.connect()) {
            try (Statement st = out.jdbc().createStatement()) {
                // SQLite checks deferred keys at the commit, when both tables are filled.
                st.execute(targetKind == Database.MARIADB ? "SET FOREIGN_KEY_CHECKS = 0" : "PRAGMA defer_foreign_keys = ON");
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
            for (Table src : from.tables().values()) {
                Table dst = to.tables().get(src.name());
                if (dst == null) {
                    continue;
                }
                List<Column<?>> shared = src.columns().stream().filter(c -> has(dst, c.name())).collect(Collectors.toList());
                List<Map<String, Object>> batch = new ArrayList<>();
                int n = 0;
                for (Row r : in.execute(dev.retort.sql.SQL.select(shared.toArray()).selectFrom(src)).all()) {
                    Map<String, Object> row = new java.util.HashMap<>();
                    for (int i = 0; i < shared.size(); i++) {
                        Object v = r.get(i);
                        // An array (PostgreSQL text[]) goes into MySQL's SET as its comma-separated text.
                        row.put(shared.get(i).name(), v instanceof List<?> l ? l.stream().map(String::valueOf).collect(Collectors.joining(",")) : v);
                    }
                    batch.add(row);
                    n++;
                    if (batch.size() == 500) {
                        out.execute(dev.retort.sql.SQL.insert(dst), batch);
                        batch.clear();
                    }
                }
                if (!batch.isEmpty()) {
                    out.execute(dev.retort.sql.SQL.insert(dst), batch);
                }
                counts.put(src.name(), n);
            }
            out.commit();
        }
        return new CopyReport(counts, (System.nanoTime() - start) / 1_000_000);
    }

    static boolean has(Table t, String column) {
        return t.columns().stream().anyMatch(c -> c.name().equals(column));
    }

    /**
     * One text form for a value whatever database it came from: numbers without trailing zeros,
     * booleans as 1/0, dates and times as UTC wall-clock time, arrays as comma-separated text,
     * text without trailing spaces.
     */
    static String canonical(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof Boolean b) {
            return b ? "1" : "0";
        }
        if (v instanceof Number n) {
            BigDecimal d = new BigDecimal(n.toString()).stripTrailingZeros();
            return d.scale() > 6 ? d.setScale(6, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString() : d.toPlainString();
        }
        if (v instanceof OffsetDateTime t) {
            return t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime().toString();
        }
        if (v instanceof LocalDate d) {
            return d.atStartOfDay().toString();
        }
        if (v instanceof LocalDateTime t) {
            return t.toString();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        if (v instanceof byte[] b) {
            return HexFormat.of().formatHex(b);
        }
        if (v instanceof Enum<?> e) {
            return e.name();
        }
        // CHAR(n) pads with spaces on PostgreSQL only.
        return v.toString().stripTrailing();
    }

    static String canonical(Row r) {
        return r.toList().stream().map(Sakila::canonical).collect(Collectors.joining("|"));
    }

    /** The rows of a statement in canonical form, in the order they came. */
    static List<String> rows(Engine engine, Object statement) {
        try (Connection conn = engine.connect()) {
            List<Row> rows = statement instanceof String sql
                    ? conn.execute(dev.retort.sql.SQL.text(sql)).all()
                    : conn.execute((dev.retort.sql.ClauseElement) statement).all();
            return rows.stream().map(Sakila::canonical).toList();
        }
    }

    /** SHA-256 of a table's rows (the given columns, canonical, sorted): equal data gives equal checksums on any database. */
    static String checksum(Engine engine, Table t, List<String> columns) {
        Select s = dev.retort.sql.SQL.select(columns.stream().map(t::c).toArray());
        List<String> rows = new ArrayList<>(rows(engine, s));
        rows.sort(null);
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            rows.forEach(r -> md.update((r + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(md.digest()).substring(0, 16) + " (" + rows.size() + " rows)";
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
