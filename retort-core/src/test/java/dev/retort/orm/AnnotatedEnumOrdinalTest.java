package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Dialects;
import dev.retort.ext.serializer.Codecs;
import dev.retort.ext.serializer.ValueCodec;
import dev.retort.schema.CreateTable;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code @Enumerated(ORDINAL)} (JPA's default) columns as Hibernate 7 makes them: its EnumJavaType
 * asks for a TINYINT unless the enum has more than 128 constants (then SMALLINT); its PostgreSQL
 * dialect writes TINYINT as {@code smallint} ("no tinyint"), MySQL's and MariaDB's as {@code tinyint}.
 * Each enum column has the CHECK of Hibernate 7.4.16's schema export of the same classes:
 * {@code ord smallint check ((ord between 0 and 2))}, {@code str varchar(255) check ((str in
 * ('RED','GREEN','BLUE')))} (PostgreSQL and SQLite dialects; MariaDB's makes a STRING enum a native
 * {@code enum ('BLUE','GREEN','RED')} instead, which Retort does not: a VARCHAR with the same CHECK).
 */
class AnnotatedEnumOrdinalTest {
    public enum Level { LOW, MID, HIGH }

    /** More constants than Hibernate puts in a TINYINT. */
    public enum Many { C0, C1, C2, C3, C4, C5, C6, C7, C8, C9, C10, C11, C12, C13, C14, C15, C16, C17, C18, C19, C20, C21, C22, C23, C24, C25, C26, C27, C28, C29, C30, C31, C32, C33, C34, C35, C36, C37, C38, C39, C40, C41, C42, C43, C44, C45, C46, C47, C48, C49, C50, C51, C52, C53, C54, C55, C56, C57, C58, C59, C60, C61, C62, C63, C64, C65, C66, C67, C68, C69, C70, C71, C72, C73, C74, C75, C76, C77, C78, C79, C80, C81, C82, C83, C84, C85, C86, C87, C88, C89, C90, C91, C92, C93, C94, C95, C96, C97, C98, C99, C100, C101, C102, C103, C104, C105, C106, C107, C108, C109, C110, C111, C112, C113, C114, C115, C116, C117, C118, C119, C120, C121, C122, C123, C124, C125, C126, C127, C128 }

    @Entity
    public static class Gauge {
        @Id Integer id;
        Level level;
        Many many;
        @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING) @jakarta.persistence.Column(length = 10) Level named;
        @jakarta.persistence.ElementCollection java.util.Set<Level> levels = new java.util.HashSet<>();

        public Gauge() {
        }
    }

    @Test
    void tinyintOnMysqlAndMariadbSmallintElsewhereOrForManyConstants() {
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            t.registry.map(Gauge.class);
            Table gauges = t.metadata.tables().get("Gauge");
            assertThat(new CreateTable(gauges).compile(Dialects.mysql()).string()).contains("level TINYINT CHECK").contains("many SMALLINT");
            assertThat(new CreateTable(gauges).compile(Dialects.mariadb()).string()).contains("level TINYINT CHECK").contains("many SMALLINT");
            assertThat(new CreateTable(gauges).compile(Dialects.postgresql()).string()).contains("level SMALLINT CHECK").contains("many SMALLINT");
            assertThat(new CreateTable(gauges).compile(Dialects.sqlite()).string()).contains("level SMALLINT CHECK").contains("many SMALLINT");
        }
    }

    @Test
    void enumColumnsAreCheckedAsHibernateChecksThem() {
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            t.registry.map(Gauge.class);
            Table gauges = t.metadata.tables().get("Gauge");
            Table levels = t.metadata.tables().get("Gauge_levels");
            for (var d : List.of(Dialects.postgresql(), Dialects.mariadb(), Dialects.sqlite())) {
                assertThat(new CreateTable(gauges).compile(d).string().replaceAll("[\"`]", "")).as(d.name())
                        .contains("CHECK (level BETWEEN 0 AND 2)").contains("CHECK (many BETWEEN 0 AND 128)")
                        .contains("named VARCHAR(10) CHECK (named IN ('LOW', 'MID', 'HIGH'))");
                assertThat(new CreateTable(levels).compile(d).string().replaceAll("[\"`]", "")).as(d.name()).contains("CHECK (levels BETWEEN 0 AND 2)");
            }
        }
    }

    @EachDatabase
    void theDatabaseRefusesAValueNoConstantStandsFor(Databases.Database db) {
        try (OrmTestDatabase t = new OrmTestDatabase().suffixingMappedTables()) {
            t.registry.map(Gauge.class);
            t.start(db);
            Table gauges = t.metadata.tables().get("Gauge" + t.suffix);
            try (Session s = t.open()) {
                s.connection().execute(SQL.insert(gauges).values(java.util.Map.of("id", 1, "named", Level.MID)));
                s.commit();
            }
            Map<String, Object> ordinal3 = Map.of("id", 2, "level", SQL.literal(3, dev.retort.types.Types.INTEGER));
            Map<String, Object> loud = Map.of("id", 3, "named", SQL.literal("LOUD", dev.retort.types.Types.string(10)));
            for (Map<String, Object> row : List.of(ordinal3, loud)) {
                try (Session s = t.open()) {
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.connection().execute(SQL.insert(gauges).values(row))).as(row.toString())
                            .isInstanceOf(RuntimeException.class);
                }
            }
            try (Session s = t.open()) {
                assertThat(s.get(Gauge.class, 1).named).isEqualTo(Level.MID);
            }
        }
    }

    @EachDatabase
    void ordinalsRoundTrip(Databases.Database db) {
        try (OrmTestDatabase t = new OrmTestDatabase().suffixingMappedTables()) {
            t.registry.map(Gauge.class);
            t.start(db);
            try (Session s = t.open()) {
                Gauge g = new Gauge();
                g.id = 1;
                g.level = Level.HIGH;
                g.many = Many.C128;
                s.add(g);
                s.commit();
            }
            try (Session s = t.open()) {
                Table gauges = t.metadata.tables().get("Gauge" + t.suffix);
                assertThat(s.connection().execute(SQL.select(gauges.c("level").cast(dev.retort.types.Types.INTEGER))).all().get(0).get(0))
                        .as("the ordinal in the row").isEqualTo(2);
                Query<Gauge> q = s.query(Gauge.class).filter(ORM.attr(Gauge.class, "level").eq(Level.HIGH));
                Gauge g = q.one();
                assertThat(g.many).isEqualTo(Many.C128);
                Codecs.register(ValueCodec.ofEnum("test-ordinal-level", Level.class));
                try {
                    t.assertRoundTrips(List.of(q), s);
                } finally {
                    Codecs.unregister("test-ordinal-level");
                }
                g.level = Level.LOW;
                s.commit();
            }
            try (Session s = t.open()) {
                assertThat(s.get(Gauge.class, 1).level).isEqualTo(Level.LOW);
            }
        }
    }
}
