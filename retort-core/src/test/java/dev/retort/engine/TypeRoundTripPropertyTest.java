package dev.retort.engine;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static java.util.stream.Collectors.joining;

import dev.retort.dialect.Dialect;
import dev.retort.exc.ArgumentException;
import dev.retort.sql.ColumnClause;
import dev.retort.sql.TableClause;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.Databases.TempTable;
import dev.retort.types.TypeEngine;
import dev.retort.types.Types;
import java.math.BigDecimal;
import java.time.Duration;
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
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Function;
import org.assertj.core.api.SoftAssertions;

/**
 * Values drawn for each type (extremes, precision limits, unicode with supplementary characters,
 * empty, NULL, timestamps at offset and calendar edges, NaN and infinities) go into a column of
 * that type on each database and come back equal, or are refused with an {@link ArgumentException}
 * before anything is sent (the row is then absent). A value drawn as {@code portable} must round
 * trip everywhere. Seeds are in the failure messages; {@code -Dretort.seed=N} replays one.
 */
class TypeRoundTripPropertyTest {
    private static final int SEEDS = 3;
    private static final int DRAWS = 12;

    /** A drawn value and whether every database must take it. */
    private record Drawn(Object value, boolean portable) {
    }

    /** A type under test, its column, and how to draw its values (edge cases among them). */
    private record Kind(String column, TypeEngine<?> type, Function<SplittableRandom, Drawn> draw, boolean postgresqlOnly) {
        Kind(String column, TypeEngine<?> type, Function<SplittableRandom, Drawn> draw) {
            this(column, type, draw, false);
        }
    }

    private static Drawn portable(Object v) {
        return new Drawn(v, true);
    }

    private static Drawn edge(Object v) {
        return new Drawn(v, false);
    }

    @SafeVarargs
    private static <T> T pick(SplittableRandom r, T... options) {
        return options[r.nextInt(options.length)];
    }

    private static Drawn whole(SplittableRandom r, long min, long max, Function<Long, Object> box) {
        long v = switch (r.nextInt(4)) {
            case 0 -> pick(r, min, max, 0L, -1L, 1L);
            case 1 -> r.nextLong(-1000, 1000);
            default -> r.nextLong(min, max) + (r.nextBoolean() ? 1 : 0);
        };
        return portable(box.apply(v));
    }

    private static Drawn floating(SplittableRandom r, boolean single) {
        double v = switch (r.nextInt(5)) {
            case 0 -> pick(r, 0.0, 1.0, -1.0, single ? Float.MAX_VALUE : Double.MAX_VALUE, single ? -Float.MAX_VALUE : -Double.MAX_VALUE,
                    single ? Float.MIN_NORMAL : Double.MIN_NORMAL);
            case 1 -> pick(r, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0);
            default -> single ? (double) (float) ((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-30, 30)))
                    : (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-300, 300));
        };
        // NaN, the infinities and -0.0 are not numbers every database stores.
        return Double.isNaN(v) || Double.isInfinite(v) || Double.doubleToRawLongBits(v) == Long.MIN_VALUE ? edge(v) : portable(v);
    }

    private static final int[] SUPPLEMENTARY = {0x1F600, 0x10348, 0x2A6D6, 0x1F9D1, 0x10FFFD};

    private static String text(SplittableRandom r, int maxLength) {
        int n = pick(r, 0, 1, maxLength, r.nextInt(maxLength + 1));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(6);
            int cp = switch (kind) {
                case 0 -> SUPPLEMENTARY[r.nextInt(SUPPLEMENTARY.length)];
                case 1 -> r.nextInt(0x4E00, 0x9FFF);
                case 2 -> pick(r, (int) 'é', (int) 'ß', (int) '\'', (int) '"', (int) '\\', (int) '%', (int) '\n', (int) '\t', 0xFEFF, 0x200B);
                default -> r.nextInt(0x20, 0x7F);
            };
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    private static Drawn timestamp(SplittableRandom r) {
        ZoneOffset offset = pick(r, ZoneOffset.UTC, ZoneOffset.ofHours(14), ZoneOffset.ofHours(-12), ZoneOffset.ofHoursMinutes(5, 45), ZoneOffset.ofHoursMinutes(-9, -30));
        return switch (r.nextInt(4)) {
            // The range every database's TIMESTAMP holds (MariaDB's ends in 2038).
            case 0 -> portable(OffsetDateTime.of(pick(r, LocalDateTime.of(1970, 1, 2, 0, 0), LocalDateTime.of(2038, 1, 18, 3, 14, 7),
                    LocalDateTime.of(2024, 2, 29, 23, 59, 59, 999_999_000), LocalDateTime.of(2024, 3, 31, 2, 30), LocalDateTime.of(2024, 11, 3, 1, 30)), offset));
            case 1 -> edge(OffsetDateTime.of(pick(r, LocalDateTime.of(1, 1, 1, 0, 0), LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000),
                    LocalDateTime.of(1969, 12, 31, 23, 59, 59), LocalDateTime.of(2038, 1, 19, 3, 14, 8)), offset));
            default -> portable(OffsetDateTime.of(LocalDateTime.of(r.nextInt(1971, 2037), r.nextInt(1, 13), r.nextInt(1, 29), r.nextInt(24), r.nextInt(60),
                    r.nextInt(60), r.nextInt(1_000_000) * 1000), offset));
        };
    }

    private static LocalDateTime dateTime(SplittableRandom r) {
        return LocalDateTime.of(r.nextInt(1000, 10000), r.nextInt(1, 13), r.nextInt(1, 29), r.nextInt(24), r.nextInt(60), r.nextInt(60), r.nextInt(1_000_000) * 1000);
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("c_integer", Types.INTEGER, r -> whole(r, Integer.MIN_VALUE, Integer.MAX_VALUE, v -> (int) (long) v)),
            new Kind("c_bigint", Types.BIGINT, r -> whole(r, Long.MIN_VALUE, Long.MAX_VALUE - 1, v -> v)),
            new Kind("c_smallint", Types.SMALLINT, r -> whole(r, Short.MIN_VALUE, Short.MAX_VALUE, v -> (short) (long) v)),
            new Kind("c_boolean", Types.BOOLEAN, r -> portable(r.nextBoolean())),
            new Kind("c_float", Types.FLOAT, r -> floating(r, true)),
            new Kind("c_double", Types.DOUBLE, r -> floating(r, false)),
            new Kind("c_numeric", Types.numeric(18, 6), r -> r.nextBoolean()
                    // 18 significant digits: more than SQLite's REAL keeps
                    ? edge(pick(r, new BigDecimal("999999999999.999999"), new BigDecimal("-999999999999.999999"),
                            BigDecimal.valueOf(r.nextLong(-999_999_999_999_999_999L, 999_999_999_999_999_999L), 6)))
                    : portable(pick(r, new BigDecimal("99999999.999999"), new BigDecimal("-0.000001"), BigDecimal.ZERO.setScale(6),
                            BigDecimal.valueOf(r.nextLong(-999_999_999_999_999L, 999_999_999_999_999L), 6)))),
            new Kind("c_string", Types.string(40), r -> portable(text(r, 40))),
            new Kind("c_text", Types.TEXT, r -> portable(text(r, r.nextInt(3) == 0 ? 5000 : 60))),
            new Kind("c_date", Types.DATE, r -> r.nextInt(8) == 0 ? edge(pick(r, LocalDate.of(10000, 1, 1), LocalDate.of(0, 12, 31)))
                    : portable(pick(r, LocalDate.of(1000, 1, 1), LocalDate.of(9999, 12, 31), LocalDate.of(2000, 2, 29), LocalDate.of(1970, 1, 1), dateTime(r).toLocalDate()))),
            new Kind("c_time", Types.TIME, r -> portable(pick(r, LocalTime.MIDNIGHT, LocalTime.of(23, 59, 59, 999_999_000), dateTime(r).toLocalTime()))),
            new Kind("c_datetime", Types.DATETIME, r -> r.nextInt(8) == 0 ? edge(pick(r, LocalDateTime.of(10000, 1, 1, 0, 0), LocalDateTime.of(0, 12, 31, 23, 59)))
                    : portable(pick(r, LocalDateTime.of(1000, 1, 1, 0, 0), LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000), dateTime(r)))),
            new Kind("c_timestamp", Types.TIMESTAMP, TypeRoundTripPropertyTest::timestamp),
            new Kind("c_binary", Types.LARGE_BINARY, r -> {
                byte[] b = new byte[pick(r, 0, 1, 256, r.nextInt(2000))];
                r.nextBytes(b);
                return portable(b);
            }),
            new Kind("c_uuid", Types.UUID, r -> portable(pick(r, new UUID(0, 0), new UUID(-1, -1), new UUID(r.nextLong(), r.nextLong())))),
            new Kind("c_int_array", Types.array(Types.INTEGER), r -> portable(pick(r, List.of(), List.of(Integer.MIN_VALUE, Integer.MAX_VALUE), java.util.Arrays.asList(1, null, 3))), true),
            new Kind("c_text_array", Types.array(Types.TEXT), r -> portable(List.of(text(r, 10), text(r, 10))), true),
            new Kind("c_interval", Types.INTERVAL, r -> portable(pick(r, Duration.ZERO, Duration.ofSeconds(-1), Duration.ofHours(r.nextInt(1, 100_000)).plusNanos(r.nextInt(1_000_000) * 1000L))), true));

    private static long seedBase() {
        return Long.getLong("retort.seed", 0x5EED_7E57L);
    }

    private static boolean same(Object wrote, Object read) {
        if (wrote instanceof OffsetDateTime t) {
            // Databases keep the instant, not always the offset.
            return read instanceof OffsetDateTime r && r.isEqual(t);
        }
        if (wrote instanceof Double d) {
            // -0.0 is stored as 0.0 by SQLite and MariaDB; equal as numbers, NaN equal to NaN.
            return read instanceof Double r && (r.equals(d) || r.doubleValue() == d.doubleValue());
        }
        if (wrote instanceof BigDecimal d) {
            return read instanceof BigDecimal r && r.compareTo(d) == 0;
        }
        return Objects.deepEquals(wrote, read);
    }

    @EachDatabase
    void drawnValuesRoundTripOrAreRefusedBeforeSending(Database db) {
        Dialect d = db.engine().dialect();
        List<Kind> kinds = KINDS.stream().filter(k -> !k.postgresqlOnly() || db == Database.POSTGRESQL).toList();
        List<ColumnClause<?>> columns = new ArrayList<>(List.of(column("id", Types.INTEGER)));
        kinds.forEach(k -> columns.add(column(k.column(), k.type())));
        SoftAssertions soft = new SoftAssertions();
        List<String> refusals = new ArrayList<>();
        try (TempTable t = db.table("prop", "id INTEGER PRIMARY KEY, " + kinds.stream().map(k -> k.column() + " " + d.typeDdl(k.type())).collect(joining(", ")));
                Connection conn = db.engine().connect()) {
            TableClause table = table(t.name(), columns.toArray(ColumnClause<?>[]::new));
            int id = 0;
            for (int s = 0; s < SEEDS; s++) {
                long seed = seedBase() + s;
                SplittableRandom r = new SplittableRandom(seed);
                for (Kind k : kinds) {
                    for (int i = 0; i <= DRAWS; i++) {
                        Drawn drawn = i == DRAWS ? portable(null) : k.draw().apply(r);
                        String what = String.format("%s on %s, seed %d draw %d: %s", k.type(), db, seed, i, show(drawn.value()));
                        Map<String, Object> row = new HashMap<>();
                        row.put("id", ++id);
                        row.put(k.column(), drawn.value());
                        var savepoint = conn.beginNested();
                        try {
                            conn.execute(insert(table), row);
                            savepoint.commit();
                        } catch (ArgumentException e) {
                            savepoint.rollback();
                            refusals.add(what + " -> " + e.getMessage().lines().findFirst().orElse(""));
                            soft.assertThat(drawn.portable()).as("%s was refused, though every database takes it: %s", what, e.getMessage()).isFalse();
                            soft.assertThat(conn.execute(select(table.c("id")).where(table.c("id").eq(id))).all()).as("%s was refused but written", what).isEmpty();
                            continue;
                        } catch (RuntimeException e) {
                            savepoint.rollback();
                            soft.fail("%s was sent and failed (not refused before sending): %s: %s", what, e.getClass().getSimpleName(), e.getMessage());
                            continue;
                        }
                        try {
                            Object read = conn.execute(select(table.c(k.column())).where(table.c("id").eq(id))).scalar();
                            soft.assertThat(same(drawn.value(), read)).as("%s read back as %s", what, show(read)).isTrue();
                        } catch (RuntimeException e) {
                            soft.fail("%s was written but reading it back failed: %s", what, e);
                        }
                    }
                }
            }
            conn.rollback();
        }
        refusals.forEach(x -> System.out.println("refused before sending: " + x));
        soft.assertAll();
    }

    private static String show(Object v) {
        String s = v instanceof byte[] b ? "byte[" + b.length + "]" : String.valueOf(v);
        return s.length() > 80 ? s.substring(0, 80) + "…(" + s.length() + " chars)" : s;
    }
}
