package dev.retort.engine;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.sql.TableClause;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.Databases.TempTable;
import dev.retort.types.Types;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The values {@link TypeRoundTripPropertyTest} found a database failing on after they were sent,
 * or storing altered, pinned: each is refused with an {@link ArgumentException} before sending
 * where the database cannot keep it, and round trips where it can.
 */
class RefusedBeforeSendingTest {
    private static final String DDL = "id INTEGER PRIMARY KEY, d %s, n %s, ts %s, day %s";

    /** Inserts {@code column = value}; true when it was written and reads back equal, false when refused (and nothing was written). */
    private static boolean roundTrips(Database db, String column, Object value) {
        var d = db.engine().dialect();
        try (TempTable t = db.table("rbs", String.format(DDL, d.typeDdl(Types.DOUBLE), d.typeDdl(Types.numeric(18, 6)), d.typeDdl(Types.TIMESTAMP),
                d.typeDdl(Types.DATE))); Connection conn = db.engine().connect()) {
            TableClause tc = table(t.name(), column("id", Types.INTEGER), column("d", Types.DOUBLE), column("n", Types.numeric(18, 6)),
                    column("ts", Types.TIMESTAMP), column("day", Types.DATE));
            try {
                conn.execute(insert(tc), Map.of("id", 1, column, value));
            } catch (ArgumentException e) {
                assertThat(e.getMessage()).as("%s on %s", value, db).contains("Parameter '" + column + "'");
                assertThat(conn.execute(select(tc.c("id"))).all()).as("refused %s on %s, but written", value, db).isEmpty();
                return false;
            }
            Object read = conn.execute(select(tc.c(column))).scalar();
            boolean equal = value instanceof OffsetDateTime o ? o.isEqual((OffsetDateTime) read)
                    : value instanceof BigDecimal b ? b.compareTo((BigDecimal) read) == 0 : value.equals(read);
            assertThat(equal).as("%s on %s read back as %s", value, db, read).isTrue();
            return true;
        }
    }

    @EachDatabase
    void nanAndInfinityAreKeptOrRefusedBeforeSending(Database db) {
        assertThat(roundTrips(db, "d", Double.NaN)).isEqualTo(db == Database.POSTGRESQL);
        assertThat(roundTrips(db, "d", Double.NEGATIVE_INFINITY)).isEqualTo(db != Database.MARIADB);
        assertThat(roundTrips(db, "d", -Double.MAX_VALUE)).isTrue();
    }

    @EachDatabase
    void aNumericBeyondSqlitesFifteenDigitsIsRefusedThereOnly(Database db) {
        assertThat(roundTrips(db, "n", new BigDecimal("999999999999.999999"))).isEqualTo(db != Database.SQLITE);
        assertThat(roundTrips(db, "n", new BigDecimal("999999999.999999"))).isTrue();
        assertThat(roundTrips(db, "n", new BigDecimal("999999999999"))).isTrue();
    }

    @EachDatabase
    void yearsOutsideOneToNineThousandNineHundredNinetyNineAreRefusedWhereTextOrTheServerCannotHoldThem(Database db) {
        // 0000-12-31T18:15Z in UTC: SQLite and MariaDB read it back as year 1
        assertThat(roundTrips(db, "ts", OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHoursMinutes(5, 45)))).isEqualTo(db == Database.POSTGRESQL);
        assertThat(roundTrips(db, "day", LocalDate.of(10000, 1, 1))).isEqualTo(db == Database.POSTGRESQL);
        assertThat(roundTrips(db, "ts", OffsetDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000, ZoneOffset.UTC))).isTrue();
    }
}
