package dev.retort.types;

import static dev.retort.sql.SQL.cast;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.literal;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.exc.ArgumentException;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.CompileOption;
import dev.retort.sql.TableClause;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link Types#TIMETZ} / {@link Types#timetz(int)}: SQLAlchemy's {@code Time(timezone=True)}, written as SQLAlchemy 2.1.1 does, and run. */
class TimeWithTimeZoneTest {
    private static final OffsetTime TEN_PAST = OffsetTime.of(10, 15, 30, 123_456_000, ZoneOffset.ofHours(2));

    private static String sql(dev.retort.sql.ClauseElement e, Dialect d, CompileOption... options) {
        return e.compile(d, options).string().replaceAll("\\s+", " ");
    }

    // Expected SQL: SQLAlchemy 2.1.1, Time(timezone=True) and postgresql.TIME(timezone=True, precision=5) (/tmp/hcore_tz.py of session 13).
    @Test
    void ddlAndCastPerDialect() {
        assertThat(Types.TIMETZ.compile(Dialects.postgresql())).isEqualTo("TIME WITH TIME ZONE");
        assertThat(Types.timetz(5).compile(Dialects.postgresql())).isEqualTo("TIME(5) WITH TIME ZONE");
        for (Dialect d : List.of(Dialects.sqlite(), Dialects.defaultDialect())) {
            assertThat(Types.TIMETZ.compile(d)).as(d.name()).isEqualTo("TIME");
        }
        for (Dialect d : List.of(Dialects.mysql(), Dialects.mariadb())) {
            // SQLAlchemy writes TIME; Retort's columns of times there keep microseconds, as its Types.TIME does (deliberate)
            assertThat(Types.TIMETZ.compile(d)).as(d.name()).isEqualTo(Types.TIME.compile(d)).isEqualTo("TIME(6)");
        }
        TableClause t = dev.retort.sql.SQL.table("t", dev.retort.sql.SQL.column("x", Types.TIMETZ));
        assertThat(sql(select(cast(t.c("x"), Types.TIMETZ)), Dialects.postgresql())).isEqualTo("SELECT CAST(t.x AS TIME WITH TIME ZONE) AS x FROM t");
        for (Dialect d : List.of(Dialects.sqlite(), Dialects.defaultDialect())) {
            assertThat(sql(select(cast(t.c("x"), Types.TIMETZ)), d)).as(d.name()).isEqualTo("SELECT CAST(t.x AS TIME) AS x FROM t");
        }
        // MySQL, MariaDB: CAST to TIME(6), as for Types.TIME (a deliberate difference the suite lists)
        assertThat(sql(select(cast(t.c("x"), Types.TIMETZ)), Dialects.mariadb())).isEqualTo("SELECT CAST(t.x AS TIME(6)) AS x FROM t");
        assertThat(Types.withPrecision(TypeKind.TIMETZ, 3).compile(Dialects.postgresql())).isEqualTo("TIME(3) WITH TIME ZONE");
        assertThatThrownBy(() -> Types.timetz(7)).isInstanceOf(ArgumentException.class).hasMessageContaining("0 to 6");
    }

    /**
     * Literals: SQLAlchemy writes the value with its offset ({@code '10:15:30.123456+02:00'});
     * PostgreSQL adds the cast its other temporal literals have, SQLite the UTC text its binder stores.
     */
    @Test
    void literalsKeepTheOffsetOrTheInstant() {
        TableClause t = dev.retort.sql.SQL.table("t", dev.retort.sql.SQL.column("x", Types.TIMETZ));
        var stmt = select(t.c("x")).where(t.c("x").eq(literal(TEN_PAST, Types.TIMETZ)));
        assertThat(sql(stmt, Dialects.defaultDialect(), CompileOption.LITERAL_BINDS)).isEqualTo("SELECT t.x FROM t WHERE t.x = '10:15:30.123456+02:00'");
        assertThat(sql(stmt, Dialects.mariadb(), CompileOption.LITERAL_BINDS)).isEqualTo("SELECT t.x FROM t WHERE t.x = '10:15:30.123456+02:00'");
        assertThat(sql(stmt, Dialects.postgresql(), CompileOption.LITERAL_BINDS)).isEqualTo("SELECT t.x FROM t WHERE t.x = '10:15:30.123456+02:00'::timetz");
        assertThat(sql(stmt, Dialects.sqlite(), CompileOption.LITERAL_BINDS)).isEqualTo("SELECT t.x FROM t WHERE t.x = '08:15:30.123456+00:00'");
    }

    @Test
    void valuesAreOffsetTimesAndALocalTimeIsTakenAsUtc() {
        assertThat(TypeKind.TIMETZ.coerce("10:15:30+02:00")).isEqualTo(OffsetTime.of(10, 15, 30, 0, ZoneOffset.ofHours(2)));
        assertThat(TypeKind.TIMETZ.coerce(LocalTime.of(9, 0))).isEqualTo(OffsetTime.of(9, 0, 0, 0, ZoneOffset.UTC));
        assertThat(TypeKind.forJavaType(OffsetTime.class)).isEqualTo(TypeKind.TIMETZ);
        assertThatThrownBy(() -> TypeKind.TIMETZ.coerce(3)).isInstanceOf(ArgumentException.class).hasMessageContaining("TIMETZ");
    }

    /** The TIMETZ kind travels through the serializer (format 1.17; a 1.16 reader refuses the unknown kind). */
    @Test
    void theSerializerWritesTheKind() {
        MetaData md = new MetaData();
        Table t = new Table("tz", md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("at", Types.timetz(3)));
        for (Protocol p : Protocol.values()) {
            var back = (dev.retort.sql.ClauseElement) QuerySerializer.loads(QuerySerializer.dumps(select(cast(t.c("at"), Types.TIMETZ)), p), md);
            assertThat(back.compare(select(cast(t.c("at"), Types.TIMETZ)))).as(p.name()).isTrue();
        }
    }

    @EachDatabase
    void aTimeWithAnOffsetRoundTrips(Database db) {
        MetaData md = new MetaData();
        Table t = new Table("tz_" + UUID.randomUUID().toString().substring(0, 8), md, Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("at", Types.timetz(6)), Column.of("plain", Types.TIMETZ));
        md.createAll(db.engine());
        try (Connection conn = db.engine().connect()) {
            conn.execute(insert(t).values(Map.of("id", 1, "at", TEN_PAST, "plain", TEN_PAST.withNano(0))));
            var row = conn.execute(select(t.c("at"), t.c("plain"))).one();
            OffsetTime at = (OffsetTime) row.get(0);
            OffsetTime plain = (OffsetTime) row.get(1);
            if (db == Database.POSTGRESQL) {
                // TIME WITH TIME ZONE keeps the offset given
                assertThat(at).isEqualTo(TEN_PAST);
                assertThat(plain).isEqualTo(TEN_PAST.withNano(0));
            } else {
                // TIME keeps no offset: stored at UTC, read back at offset zero, the same instant of the day
                assertThat(at).isEqualTo(TEN_PAST.withOffsetSameInstant(ZoneOffset.UTC));
                assertThat(plain).isEqualTo(TEN_PAST.withNano(0).withOffsetSameInstant(ZoneOffset.UTC));
            }
            assertThat(conn.execute(select(t.c("id")).where(t.c("at").eq(TEN_PAST))).scalar()).isEqualTo(1);
            if (db == Database.POSTGRESQL) {
                Table r = Table.reflect(t.name(), new MetaData(), db.engine());
                assertThat(r.c("at").type().compile(Dialects.postgresql())).isEqualTo("TIME(6) WITH TIME ZONE");
                assertThat(r.c("plain").type().compile(Dialects.postgresql())).isEqualTo("TIME WITH TIME ZONE");
            }
        } finally {
            md.dropAll(db.engine());
        }
    }
}
