package dev.retort.engine;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static dev.retort.sql.SQL.text;
import static java.util.stream.Collectors.joining;

import dev.retort.dialect.Dialect;
import dev.retort.sql.ColumnClause;
import dev.retort.sql.TableClause;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.Databases.TempTable;
import dev.retort.types.TypeEngine;
import dev.retort.types.TypeKind;
import dev.retort.types.Types;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * A value of every {@link TypeKind} goes into a column of the DDL type the dialect gives it and
 * comes back equal, on every database: bound through the column's type, and bound by the kind
 * Retort infers from the Java value (textual SQL); NULL too.
 */
class TypeRoundTripTest {
    /** A column of one type and the value it must return. */
    private record Sample(String column, TypeEngine<?> type, Object value) {
        boolean matches(Object read) {
            if (value instanceof OffsetDateTime t) {
                // Databases keep the instant, not always the offset.
                return read instanceof OffsetDateTime r && r.isEqual(t);
            }
            return Objects.deepEquals(value, read);
        }

        /** A JSON document (a Map) has no type of its own when bound without its column's. */
        boolean inferable() {
            return type.kind() != TypeKind.JSON;
        }
    }

    private static final List<Sample> SAMPLES = List.of(
            new Sample("c_integer", Types.INTEGER, Integer.MIN_VALUE),
            new Sample("c_bigint", Types.BIGINT, Long.MAX_VALUE),
            new Sample("c_smallint", Types.SMALLINT, Short.MIN_VALUE),
            new Sample("c_boolean", Types.BOOLEAN, true),
            new Sample("c_float", Types.FLOAT, 0.15625),
            new Sample("c_double", Types.DOUBLE, 1.0e300 / 3),
            new Sample("c_numeric", Types.numeric(12, 4), new BigDecimal("-12345678.1234")),
            new Sample("c_string", Types.string(100), "héllo wörld ✓ 世界 😀"),
            new Sample("c_text", Types.TEXT, "long text ".repeat(2000)),
            new Sample("c_date", Types.DATE, LocalDate.of(2024, 2, 29)),
            new Sample("c_time", Types.TIME, LocalTime.of(13, 45, 30, 123_456_000)),
            new Sample("c_datetime", Types.DATETIME, LocalDateTime.of(2024, 2, 29, 13, 45, 30, 123_456_000)),
            new Sample("c_timestamp", Types.TIMESTAMP, OffsetDateTime.of(2024, 2, 29, 23, 45, 30, 123_456_000, ZoneOffset.ofHours(5))),
            new Sample("c_binary", Types.LARGE_BINARY, allBytes()),
            // BLOB(300) on MySQL and MariaDB: the server's BLOB, not LONGBLOB
            new Sample("c_binary_sized", Types.largeBinary(300), allBytes()),
            new Sample("c_uuid", Types.UUID, UUID.fromString("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")),
            new Sample("c_json", Types.JSON, Map.of("a", List.of(1, 2.5, "x", true), "b", Map.of())));

    private static byte[] allBytes() {
        byte[] b = new byte[256];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    private static TempTable createTable(Database db) {
        Dialect d = db.engine().dialect();
        return db.table("kinds", "id INTEGER PRIMARY KEY, " + SAMPLES.stream().map(s -> s.column() + " " + d.typeDdl(s.type())).collect(joining(", ")));
    }

    private static TableClause typed(TempTable t) {
        List<ColumnClause<?>> columns = new ArrayList<>();
        columns.add(column("id", Types.INTEGER));
        SAMPLES.forEach(s -> columns.add(column(s.column(), s.type())));
        return table(t.name(), columns.toArray(ColumnClause<?>[]::new));
    }

    /** Reads rows 1 (the samples) and 2 (NULLs) back through the typed columns. */
    private static void check(Database db, Connection conn, TableClause table, List<Sample> samples) {
        List<Row> rows = conn.execute(select(table).orderBy(table.c("id"))).all();
        SoftAssertions soft = new SoftAssertions();
        for (Sample s : samples) {
            Object read = rows.get(0).get(s.column());
            soft.assertThat(s.matches(read)).as("%s on %s: wrote %s, read %s", s.type(), db, s.value(), read).isTrue();
            soft.assertThat(rows.get(1).get(s.column())).as("NULL %s on %s", s.type(), db).isNull();
        }
        soft.assertAll();
    }

    @EachDatabase
    void valuesBoundThroughTheirTypeRoundTrip(Database db) {
        try (TempTable t = createTable(db); Connection conn = db.engine().connect()) {
            TableClause table = typed(t);
            Map<String, Object> values = new HashMap<>();
            Map<String, Object> nulls = new HashMap<>();
            values.put("id", 1);
            nulls.put("id", 2);
            for (Sample s : SAMPLES) {
                values.put(s.column(), s.value());
                nulls.put(s.column(), null);
            }
            conn.execute(insert(table), values);
            conn.execute(insert(table), nulls);
            check(db, conn, table, SAMPLES);
        }
    }

    @EachDatabase
    void valuesBoundByTheirInferredKindRoundTrip(Database db) {
        List<Sample> samples = SAMPLES.stream().filter(Sample::inferable).toList();
        try (TempTable t = createTable(db); Connection conn = db.engine().connect()) {
            String columns = samples.stream().map(Sample::column).collect(joining(", "));
            String params = samples.stream().map(s -> ":" + s.column()).collect(joining(", "));
            var sql = text("INSERT INTO " + t + " (id, " + columns + ") VALUES (:id, " + params + ")");
            Map<String, Object> values = new HashMap<>(Map.of("id", 1));
            samples.forEach(s -> values.put(s.column(), s.value()));
            conn.execute(sql, values);
            conn.execute(text("INSERT INTO " + t + " (id) VALUES (2)"));
            check(db, conn, typed(t), samples);
        }
    }
}
