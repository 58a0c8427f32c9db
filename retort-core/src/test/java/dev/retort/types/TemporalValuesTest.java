package dev.retort.types;

import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Connection;
import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.Databases.TempTable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every Java time class that denotes a column's value without loss is accepted where a point in
 * time is bound — inserts, comparisons, textual SQL — on every database; lossy ones are refused
 * with a message saying what would be lost.
 */
class TemporalValuesTest {
    /** Microsecond precision: what every database here keeps. */
    private static final Instant INSTANT = Instant.parse("2024-03-10T12:34:56.123456Z");
    private static final Instant MILLIS = Instant.parse("2024-03-10T12:34:56.123Z");
    private static final LocalDateTime WALL = LocalDateTime.of(2024, 3, 10, 12, 34, 56, 123_456_000);
    private static final LocalDate DAY = LocalDate.of(2024, 3, 10);

    /** The forms of {@link #INSTANT} a TIMESTAMP column takes; LocalDateTime is taken as UTC. */
    private static List<Object> instantForms() {
        return List.of(INSTANT.atOffset(ZoneOffset.ofHours(-7)), INSTANT, INSTANT.atZone(ZoneId.of("Asia/Kolkata")),
                LocalDateTime.ofInstant(INSTANT, ZoneOffset.UTC), java.sql.Timestamp.from(INSTANT));
    }

    private final MetaData md = new MetaData();
    private final Table t = new Table("temporal_" + UUID.randomUUID().toString().substring(0, 8), md,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("ts", Types.TIMESTAMP),
            Column.of("dt", Types.DATETIME),
            Column.of("d", Types.DATE),
            Column.of("tm", Types.TIME));

    @EachDatabase
    void everyFormOfAnInstantGoesIntoATimestampAndComparesEqual(Database db) {
        md.createAll(db.engine());
        try (Connection conn = db.engine().connect()) {
            List<Object> forms = new ArrayList<>(instantForms());
            forms.add(java.util.Date.from(MILLIS));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < forms.size(); i++) {
                rows.add(Map.of("id", i + 1, "ts", forms.get(i)));
            }
            conn.execute(insert(t), rows);
            List<Object> read = conn.execute(select(t.c("ts")).orderBy(t.c("id"))).scalars();
            for (int i = 0; i < read.size(); i++) {
                Instant expected = i == forms.size() - 1 ? MILLIS : INSTANT;
                assertThat(((OffsetDateTime) read.get(i)).toInstant()).as("%s read back", forms.get(i).getClass().getSimpleName()).isEqualTo(expected);
            }
            int instants = forms.size() - 1;
            for (Object form : instantForms()) {
                assertThat(conn.execute(select(func("count", t.c("id"))).where(t.c("ts").eq(form))).scalar()).extracting(v -> ((Number) v).longValue())
                        .as("ts = %s (%s)", form, form.getClass().getSimpleName()).isEqualTo(count(instants));
                assertThat(conn.execute(select(func("count", t.c("id"))).where(t.c("ts").between(java.util.Date.from(MILLIS), INSTANT.plusSeconds(1)))).scalar()).extracting(v -> ((Number) v).longValue())
                        .isEqualTo(count(forms.size()));
            }
            assertThat(conn.execute(text("SELECT count(*) FROM " + t.name() + " WHERE ts = :x").bindparams(Map.of("x", INSTANT))).scalar()).extracting(v -> ((Number) v).longValue())
                    .as("an Instant in textual SQL binds as a timestamp with time zone").isEqualTo(count(instants));
        } finally {
            md.dropAll(db.engine());
        }
    }

    @EachDatabase
    void datetimeTakesWallClockFormsAndDateTakesDays(Database db) {
        md.createAll(db.engine());
        try (Connection conn = db.engine().connect()) {
            conn.execute(insert(t), List.of(
                    Map.of("id", 1, "dt", WALL, "d", DAY, "tm", LocalTime.of(1, 2, 3)),
                    Map.of("id", 2, "dt", java.sql.Timestamp.valueOf(WALL), "d", java.sql.Date.valueOf(DAY), "tm", java.sql.Time.valueOf(LocalTime.of(1, 2, 3))),
                    Map.of("id", 3, "dt", DAY, "d", DAY.atStartOfDay(), "tm", LocalTime.of(1, 2, 3))));
            assertThat(conn.execute(select(t.c("dt")).orderBy(t.c("id"))).scalars()).containsExactly(WALL, WALL, DAY.atStartOfDay());
            assertThat(conn.execute(select(t.c("d")).orderBy(t.c("id"))).scalars()).containsExactly(DAY, DAY, DAY);
            assertThat(conn.execute(select(t.c("tm")).orderBy(t.c("id"))).scalars()).containsOnly(LocalTime.of(1, 2, 3));
            assertThat(conn.execute(select(t.c("id")).where(t.c("dt").eq(java.sql.Timestamp.valueOf(WALL))).orderBy(t.c("id"))).scalars()).containsExactly(1, 2);
            assertThat(conn.execute(select(t.c("id")).where(t.c("dt").eq(DAY)).orderBy(t.c("id"))).scalars()).containsExactly(3);
            assertThat(conn.execute(select(t.c("id")).where(t.c("d").eq(java.sql.Date.valueOf(DAY))).orderBy(t.c("id"))).scalars()).containsExactly(1, 2, 3);
        } finally {
            md.dropAll(db.engine());
        }
    }

    /** A date or time plus or minus a Duration: native on PostgreSQL, DATE_ADD/DATE_SUB on MySQL/MariaDB, refused on SQLite. */
    @EachDatabase
    void intervalArithmetic(Database db) {
        md.createAll(db.engine());
        try (Connection conn = db.engine().connect()) {
            conn.execute(insert(t), Map.of("id", 1, "ts", INSTANT, "dt", WALL));
            java.time.Duration d = java.time.Duration.ofHours(26).plusNanos(500_000_000);
            var later = select(t.c("dt").add(d), t.c("ts").sub(d)).where(t.c("dt").add(d).gt(WALL.plusDays(1)));
            if (db == Database.SQLITE) {
                assertThatThrownBy(() -> conn.execute(later)).isInstanceOf(dev.retort.exc.CompileException.class).hasMessageContaining("sqlite");
                return;
            }
            var row = conn.execute(later).all().get(0);
            assertThat(row.get(0)).isEqualTo(WALL.plus(d));
            assertThat(((OffsetDateTime) row.get(1)).toInstant()).isEqualTo(INSTANT.minus(d));
        } finally {
            md.dropAll(db.engine());
        }
    }

    /**
     * A CAST to INTERVAL runs everywhere: CAST(x AS INTERVAL) on PostgreSQL and SQLite, CAST(x AS SIGNED INTEGER)
     * on MySQL/MariaDB, whose INTERVAL is microseconds in a BIGINT (CAST(x AS BIGINT) was a syntax error there).
     */
    @EachDatabase
    void castToAnInterval(Database db) {
        java.time.Duration d = java.time.Duration.ofSeconds(90).plusNanos(250_000_000);
        Table iv = new Table("iv_" + UUID.randomUUID().toString().substring(0, 8), md,
                Column.of("id", Types.INTEGER).primaryKey(), Column.of("span", Types.INTERVAL));
        md.createAll(db.engine());
        try (Connection conn = db.engine().connect()) {
            conn.execute(insert(iv), Map.of("id", 1, "span", d));
            assertThat(conn.execute(select(dev.retort.sql.SQL.cast(iv.c("span"), Types.INTERVAL))).scalar()).isEqualTo(d);
        } finally {
            md.dropAll(db.engine());
        }
    }

    /** A point in time minus another is a Duration: native on PostgreSQL, TIMESTAMPDIFF in microseconds on MySQL/MariaDB, refused on SQLite. */
    @EachDatabase
    void durationBetweenTwoPointsInTime(Database db) {
        md.createAll(db.engine());
        try (Connection conn = db.engine().connect()) {
            java.time.Duration d = java.time.Duration.ofHours(49).plusMinutes(3).plusNanos(250_000);
            conn.execute(insert(t), Map.of("id", 1, "ts", INSTANT, "dt", WALL));
            var since = select(t.c("ts").durationSince(INSTANT.minus(d).atZone(ZoneId.of("America/New_York"))), t.c("dt").durationSince(WALL.minus(d)),
                    t.c("ts").durationSince(t.c("ts"))).where(t.c("dt").durationSince(WALL.minus(d)).ge(d));
            if (db == Database.SQLITE) {
                assertThatThrownBy(() -> conn.execute(since)).isInstanceOf(dev.retort.exc.CompileException.class)
                        .hasMessageContaining("durationSince").hasMessageContaining("sqlite");
                return;
            }
            var row = conn.execute(since).all().get(0);
            assertThat(row.get(0)).isEqualTo(d);
            assertThat(row.get(1)).isEqualTo(d);
            assertThat(row.get(2)).isEqualTo(java.time.Duration.ZERO);
            var loaded = (dev.retort.sql.ClauseElement) dev.retort.ext.serializer.QuerySerializer.loads(dev.retort.ext.serializer.QuerySerializer.dumps(since), md);
            assertThat(conn.execute(loaded).all().get(0).get(0)).as("after a serializer round trip").isEqualTo(d);
        } finally {
            md.dropAll(db.engine());
        }
    }

    @Test
    void durationSinceRendersPerDialect() {
        var e = select(t.c("ts").durationSince(t.c("dt")));
        assertThat(e.compile(dev.retort.dialect.Dialects.postgresql()).string()).contains("SELECT " + t.name() + ".ts - " + t.name() + ".dt AS");
        assertThat(e.compile(dev.retort.dialect.Dialects.mariadb()).string()).contains("TIMESTAMPDIFF(MICROSECOND, " + t.name() + ".dt, " + t.name() + ".ts)");
        assertThat(e.compile(dev.retort.dialect.Dialects.mysql()).string()).contains("TIMESTAMPDIFF(MICROSECOND, ");
        assertThat(t.c("ts").durationSince(t.c("dt")).type()).isEqualTo(Types.INTERVAL);
        assertThatThrownBy(() -> t.c("d").durationSince(DAY)).isInstanceOf(ArgumentException.class).hasMessageContaining("DATETIME or TIMESTAMP");
    }

    /** With EngineOptions.timeZone, a LocalDateTime for a TIMESTAMP is the instant of that wall-clock time in the zone. */
    @EachDatabase
    void localDateTimeIsTakenInTheEnginesZone(Database db) {
        var engine = db.newEngine(dev.retort.engine.EngineOptions.builder().timeZone(ZoneId.of("Asia/Kolkata")));
        try {
            md.createAll(engine);
            try (Connection conn = engine.connect()) {
                conn.execute(insert(t), List.of(Map.of("id", 1, "ts", WALL, "dt", WALL), Map.of("id", 2, "ts", DAY)));
                List<Object> ts = conn.execute(select(t.c("ts")).orderBy(t.c("id"))).scalars();
                assertThat(((OffsetDateTime) ts.get(0)).toInstant()).isEqualTo(WALL.atZone(ZoneId.of("Asia/Kolkata")).toInstant());
                assertThat(((OffsetDateTime) ts.get(1)).toInstant()).isEqualTo(DAY.atStartOfDay(ZoneId.of("Asia/Kolkata")).toInstant());
                assertThat(conn.execute(select(t.c("dt")).where(t.c("id").eq(1))).scalar()).as("DATETIME keeps wall-clock time").isEqualTo(WALL);
                assertThat(conn.execute(select(t.c("id")).where(t.c("ts").eq(WALL))).scalars()).as("comparisons too").containsExactly(1);
            } finally {
                md.dropAll(engine);
            }
        } finally {
            engine.dispose();
        }
    }

    /** The copy that failed before: a LocalDateTime into MariaDB's own TIMESTAMP, a LocalDate into its DATETIME, of a reflected table. */
    @Test
    void mariadbNativeTimestampOfAReflectedTableTakesLocalDateTime() {
        try (TempTable tt = Database.MARIADB.table("native_ts", "id INT PRIMARY KEY, ts TIMESTAMP(6) NULL, dt DATETIME NULL")) {
            Table r = Table.reflect(tt.name(), new MetaData(), Databases.mariadb());
            try (Connection conn = Databases.mariadb().connect()) {
                conn.execute(insert(r), List.of(Map.of("id", 1, "ts", WALL, "dt", DAY), Map.of("id", 2, "ts", INSTANT, "dt", WALL.withNano(0))));
                List<Object> ts = conn.execute(select(r.c("ts")).orderBy(r.c("id"))).scalars();
                assertThat(ts).extracting(v -> ((OffsetDateTime) v).toInstant()).containsExactly(INSTANT, INSTANT);
                assertThat(conn.execute(select(r.c("dt")).orderBy(r.c("id"))).scalars()).containsExactly(DAY.atStartOfDay(), WALL.withNano(0));
                conn.commit();
            }
        }
    }

    @Test
    void aValueThatWouldLoseInformationIsRefusedSayingWhat() {
        assertThatThrownBy(() -> TypeKind.DATE.coerce(WALL)).isInstanceOf(ArgumentException.class)
                .hasMessageContaining("DATE").hasMessageContaining("time of day 12:34:56.123456");
        assertThatThrownBy(() -> TypeKind.DATE.coerce(java.sql.Timestamp.valueOf(WALL))).isInstanceOf(ArgumentException.class).hasMessageContaining("time of day");
        assertThatThrownBy(() -> TypeKind.DATETIME.coerce(INSTANT.atOffset(ZoneOffset.ofHours(2)))).isInstanceOf(ArgumentException.class)
                .hasMessageContaining("DATETIME").hasMessageContaining("offset");
        assertThatThrownBy(() -> TypeKind.DATETIME.coerce(INSTANT)).isInstanceOf(ArgumentException.class).hasMessageContaining("offset");
        assertThatThrownBy(() -> TypeKind.TIMESTAMP.coerce(java.sql.Time.valueOf(LocalTime.NOON))).isInstanceOf(ArgumentException.class);
    }

    /** Over many generated instants and zones: each form of an instant coerces to that instant. */
    @ParameterizedTest
    @ValueSource(longs = {1L, 2L, 3L})
    void eachFormCoercesToTheSameInstant(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> zones = new ArrayList<>(ZoneId.getAvailableZoneIds());
        zones.sort(null);
        for (int n = 0; n < 500; n++) {
            Instant i = Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 4_000_000_000L), random.nextInt(1_000_000) * 1000L);
            ZonedDateTime z = i.atZone(ZoneId.of(zones.get(random.nextInt(zones.size()))));
            Map<String, Object> forms = new HashMap<>();
            forms.put("Instant", i);
            forms.put("ZonedDateTime", z);
            forms.put("OffsetDateTime", z.toOffsetDateTime());
            forms.put("LocalDateTime (UTC)", LocalDateTime.ofInstant(i, ZoneOffset.UTC));
            forms.put("Timestamp", java.sql.Timestamp.from(i));
            forms.forEach((name, form) -> assertThat(((OffsetDateTime) TypeKind.TIMESTAMP.coerce(form)).toInstant()).as("%s %s", name, form).isEqualTo(i));
            assertThat(TypeKind.DATETIME.coerce(java.sql.Timestamp.valueOf(z.toLocalDateTime()))).isEqualTo(z.toLocalDateTime());
            assertThat(TypeKind.of(z)).isEqualTo(TypeKind.TIMESTAMP);
        }
    }


    /** What count() returns, as the database's integer type varies. */
    private static Object count(int n) {
        return (long) n;
    }
}
