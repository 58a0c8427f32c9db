package dev.retort.realdata;

import static dev.retort.sql.SQL.and;
import static dev.retort.sql.SQL.desc;
import static dev.retort.sql.SQL.exists;
import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.literalColumn;
import static dev.retort.sql.SQL.not;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.union;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Engine;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.CTE;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnElement;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.SchemaDescription;
import dev.retort.testing.ScratchDatabase;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * jOOQ's Sakila on the three databases, from the vendored schemas and data subset: PostgreSQL is
 * loaded by COPY; MariaDB and SQLite get their own vendored schemas and are filled by a Retort
 * copy PostgreSQL → MariaDB → SQLite. Ten classic reports, built with Retort on each database's
 * reflected schema, return what hand-written SQL returns, also after a serializer round trip;
 * reflect → createAll → reflect gives an equal schema (Sakila on each database, Pagila on
 * PostgreSQL). Every database here is a scratch one with a random name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SakilaTest {
    private final Map<Database, ScratchDatabase> scratch = new EnumMap<>(Database.class);
    private final Map<Database, MetaData> schemas = new EnumMap<>(Database.class);
    private final List<Sakila.CopyReport> copies = new ArrayList<>();

    @BeforeAll
    void load() {
        for (Database db : Database.values()) {
            ScratchDatabase s = ScratchDatabase.create(db);
            scratch.put(db, s);
            Sakila.loadSchema(s.engine(), db == Database.POSTGRESQL ? "postgres-schema.sql" : db == Database.MARIADB ? "mysql-schema.sql" : "sqlite-schema.sql");
            MetaData md = new MetaData();
            md.reflect(s.engine());
            schemas.put(db, md);
        }
        Sakila.loadPostgresData(engine(Database.POSTGRESQL));
        copies.add(Sakila.copy(schemas.get(Database.POSTGRESQL), engine(Database.POSTGRESQL), schemas.get(Database.MARIADB), engine(Database.MARIADB), Database.MARIADB));
        copies.add(Sakila.copy(schemas.get(Database.MARIADB), engine(Database.MARIADB), schemas.get(Database.SQLITE), engine(Database.SQLITE), Database.SQLITE));
    }

    @AfterAll
    void drop() {
        scratch.values().forEach(ScratchDatabase::close);
    }

    private Engine engine(Database db) {
        return scratch.get(db).engine();
    }

    @Test
    void theCopyCarriesEveryRowAndTheSameDataIntoEachDatabase() {
        Sakila.CopyReport toMariadb = copies.get(0);
        Sakila.CopyReport toSqlite = copies.get(1);
        assertThat(toMariadb.rows()).hasSize(15).containsEntry("rental", 432).containsEntry("payment", 432).containsEntry("film", 50);
        assertThat(toSqlite.rows()).containsAllEntriesOf(toMariadb.rows()).containsEntry("film_text", 0);   // MySQL's own table, empty
        System.out.printf("Sakila copy: PostgreSQL -> MariaDB %d rows in %d ms, MariaDB -> SQLite %d rows in %d ms%n",
                toMariadb.total(), toMariadb.millis(), toSqlite.total(), toSqlite.millis());
        for (Table pg : schemas.get(Database.POSTGRESQL).tables().values()) {
            Table maria = schemas.get(Database.MARIADB).tables().get(pg.name());
            Table lite = schemas.get(Database.SQLITE).tables().get(pg.name());
            if (maria == null || lite == null) {
                continue;
            }
            List<String> columns = pg.columns().stream().map(c -> c.name())
                    .filter(c -> Sakila.has(maria, c) && Sakila.has(lite, c) && !COMPARED_ELSEWHERE.contains(pg.name() + "." + c)).toList();
            String expected = Sakila.checksum(engine(Database.POSTGRESQL), pg, columns);
            assertThat(Sakila.checksum(engine(Database.MARIADB), maria, columns)).as("MariaDB %s %s", pg.name(), columns).isEqualTo(expected);
            assertThat(Sakila.checksum(engine(Database.SQLITE), lite, columns)).as("SQLite %s %s", pg.name(), columns).isEqualTo(expected);
        }
    }

    /**
     * Columns whose types differ between the vendored schemas so that equal data has another
     * text: customer.active is an integer on PostgreSQL, a BOOLEAN on MySQL and CHAR(1) on SQLite.
     */
    private static final java.util.Set<String> COMPARED_ELSEWHERE = java.util.Set.of("customer.active");

    // ---- reports ----------------------------------------------------------------------------

    /** A report: the Retort statement on a database's reflected schema, and the hand-written SQL. */
    private record Report(String name, Function<MetaData, ClauseElement> retort, String sql, boolean ordered) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<Report> REPORTS = List.of(
            new Report("top customers by payments (join from the foreign key, GROUP BY, ORDER BY, LIMIT)", md -> {
                Table c = md.table("customer");
                Table p = md.table("payment");
                ColumnElement<?> total = func("sum", p.c("amount")).label("total");
                return select(c.c("customer_id"), c.c("first_name"), c.c("last_name"), total).selectFrom(c.join(p))
                        .groupBy(c.c("customer_id"), c.c("first_name"), c.c("last_name"))
                        .orderBy(desc(func("sum", p.c("amount"))), c.c("customer_id")).limit(10);
            }, "SELECT c.customer_id, c.first_name, c.last_name, SUM(p.amount) AS total FROM customer c JOIN payment p ON p.customer_id = c.customer_id"
                    + " GROUP BY c.customer_id, c.first_name, c.last_name ORDER BY SUM(p.amount) DESC, c.customer_id LIMIT 10", true),
            new Report("categories with more than two films (HAVING)", md -> {
                Table fc = md.table("film_category");
                Table cat = md.table("category");
                return select(cat.c("name"), func("count", fc.c("film_id")).label("films")).selectFrom(cat.join(fc))
                        .groupBy(cat.c("name")).having(func("count", fc.c("film_id")).gt(2)).orderBy(cat.c("name"));
            }, "SELECT cat.name, COUNT(fc.film_id) AS films FROM category cat JOIN film_category fc ON fc.category_id = cat.category_id"
                    + " GROUP BY cat.name HAVING COUNT(fc.film_id) > 2 ORDER BY cat.name", true),
            new Report("films never rented (NOT EXISTS)", md -> {
                Table f = md.table("film");
                Table i = md.table("inventory");
                Table r = md.table("rental");
                return select(f.c("film_id"), f.c("title"))
                        .where(not(exists(select(literalColumn("1")).selectFrom(i.join(r)).where(i.c("film_id").eq(f.c("film_id"))))))
                        .orderBy(f.c("film_id"));
            }, "SELECT f.film_id, f.title FROM film f WHERE NOT EXISTS (SELECT 1 FROM inventory i JOIN rental r ON r.inventory_id = i.inventory_id"
                    + " WHERE i.film_id = f.film_id) ORDER BY f.film_id", true),
            new Report("longest film of each rating (window rank in a subquery)", md -> {
                Table f = md.table("film");
                var ranked = select(f.c("film_id"), f.c("rating"), f.c("length"),
                        func("rank").over().partitionBy(f.c("rating")).orderBy(desc(f.c("length"))).label("rnk")).subquery("ranked");
                return select(ranked.c("film_id"), ranked.c("rating"), ranked.c("length")).where(ranked.c("rnk").eq(1)).orderBy(ranked.c("film_id"));
            }, "SELECT film_id, rating, length FROM (SELECT film_id, rating, length, RANK() OVER (PARTITION BY rating ORDER BY length DESC) AS rnk FROM film) ranked"
                    + " WHERE rnk = 1 ORDER BY film_id", true),
            new Report("customers paying more than the average (CTE with a scalar subquery)", md -> {
                Table p = md.table("payment");
                CTE totals = select(p.c("customer_id"), func("sum", p.c("amount")).label("total")).groupBy(p.c("customer_id")).cte("totals");
                return select(totals.c("customer_id"), totals.c("total"))
                        .where(totals.c("total").gt(select(func("avg", totals.c("total"))).scalarSubquery())).orderBy(totals.c("customer_id"));
            }, "WITH totals AS (SELECT customer_id, SUM(amount) AS total FROM payment GROUP BY customer_id)"
                    + " SELECT customer_id, total FROM totals WHERE total > (SELECT AVG(total) FROM totals) ORDER BY customer_id", true),
            new Report("copies of each film (correlated scalar subquery)", md -> {
                Table f = md.table("film");
                Table i = md.table("inventory");
                return select(f.c("film_id"), f.c("title"),
                        select(func("count", i.c("inventory_id"))).where(i.c("film_id").eq(f.c("film_id"))).scalarSubquery().label("copies"))
                        .orderBy(f.c("film_id"));
            }, "SELECT f.film_id, f.title, (SELECT COUNT(i.inventory_id) FROM inventory i WHERE i.film_id = f.film_id) AS copies FROM film f ORDER BY f.film_id", true),
            new Report("people named like actors and customers (UNION with ORDER BY and LIMIT)", md -> {
                Table a = md.table("actor");
                Table c = md.table("customer");
                return union(select(a.c("first_name"), a.c("last_name")).where(a.c("last_name").like("B%")),
                        select(c.c("first_name"), c.c("last_name")).where(c.c("last_name").like("B%")))
                        .orderBy(literalColumn("last_name"), literalColumn("first_name")).limit(15);
            }, "SELECT first_name, last_name FROM actor WHERE last_name LIKE 'B%' UNION SELECT first_name, last_name FROM customer WHERE last_name LIKE 'B%'"
                    + " ORDER BY last_name, first_name LIMIT 15", true),
            new Report("rentals per staff member over three days (BETWEEN dates)", md -> {
                Table r = md.table("rental");
                return select(r.c("staff_id"), func("count", r.c("rental_id")).label("n"))
                        .where(r.c("rental_date").between(LocalDateTime.of(2005, 5, 25, 0, 0), LocalDateTime.of(2005, 7, 28, 0, 0)))
                        .groupBy(r.c("staff_id")).orderBy(r.c("staff_id"));
            }, "SELECT staff_id, COUNT(rental_id) AS n FROM rental WHERE rental_date BETWEEN '2005-05-25' AND '2005-07-28' GROUP BY staff_id ORDER BY staff_id", true),
            new Report("customers per country (joins along three foreign keys)", md -> {
                Table cu = md.table("customer");
                Table ad = md.table("address");
                Table ci = md.table("city");
                Table co = md.table("country");
                return select(co.c("country"), func("count", cu.c("customer_id")).label("n")).selectFrom(cu.join(ad).join(ci).join(co))
                        .groupBy(co.c("country")).orderBy(desc(func("count", cu.c("customer_id"))), co.c("country")).limit(10);
            }, "SELECT co.country, COUNT(cu.customer_id) AS n FROM customer cu JOIN address ad ON ad.address_id = cu.address_id"
                    + " JOIN city ci ON ci.city_id = ad.city_id JOIN country co ON co.country_id = ci.country_id"
                    + " GROUP BY co.country ORDER BY COUNT(cu.customer_id) DESC, co.country LIMIT 10", true),
            new Report("films per actor, actors without films too (outer join)", md -> {
                Table a = md.table("actor");
                Table fa = md.table("film_actor");
                return select(a.c("actor_id"), func("count", fa.c("film_id")).label("films")).selectFrom(a.outerJoin(fa))
                        .where(and(a.c("actor_id").le(40))).groupBy(a.c("actor_id")).orderBy(a.c("actor_id"));
            }, "SELECT a.actor_id, COUNT(fa.film_id) AS films FROM actor a LEFT OUTER JOIN film_actor fa ON fa.actor_id = a.actor_id"
                    + " WHERE a.actor_id <= 40 GROUP BY a.actor_id ORDER BY a.actor_id", true));

    static List<Object[]> reports() {
        List<Object[]> out = new ArrayList<>();
        for (Database db : Database.values()) {
            for (Report r : REPORTS) {
                out.add(new Object[] {db, r});
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @org.junit.jupiter.params.provider.MethodSource("reports")
    void aReportReturnsWhatHandWrittenSqlReturns(Database db, Report report) {
        MetaData md = schemas.get(db);
        ClauseElement stmt = report.retort().apply(md);
        List<String> expected = Sakila.rows(engine(db), report.sql());
        assertThat(expected).as("the report finds rows").isNotEmpty();
        assertThat(Sakila.rows(engine(db), stmt)).as(stmt.compile(engine(db).dialect()).string()).isEqualTo(expected);
        for (Protocol protocol : Protocol.values()) {
            ClauseElement loaded = (ClauseElement) QuerySerializer.loads(QuerySerializer.dumps(stmt, protocol), md);
            assertThat(Sakila.rows(engine(db), loaded)).as("after a %s round trip", protocol).isEqualTo(expected);
        }
    }

    /** The same report gives the same rows on the three databases, since they hold the same data. */
    @Test
    void eachReportAgreesAcrossDatabases() {
        for (Report r : REPORTS) {
            Map<Database, List<String>> byDb = new LinkedHashMap<>();
            for (Database db : Database.values()) {
                byDb.put(db, Sakila.rows(engine(db), r.retort().apply(schemas.get(db))));
            }
            assertThat(byDb.get(Database.MARIADB)).as("MariaDB: " + r).isEqualTo(byDb.get(Database.POSTGRESQL));
            assertThat(byDb.get(Database.SQLITE)).as("SQLite: " + r).isEqualTo(byDb.get(Database.POSTGRESQL));
        }
    }

    // ---- reflect -> create -> reflect -------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Database.class)
    void aReflectedSakilaCreatesAnEqualSchema(Database db) {
        assertRecreates(db, schemas.get(db));
    }

    @Test
    void aReflectedPagilaCreatesAnEqualSchema() {
        try (ScratchDatabase pagila = ScratchDatabase.create(Database.POSTGRESQL)) {
            Sakila.loadSchema(pagila.engine(), "pagila-schema.sql");
            MetaData md = new MetaData();
            md.reflect(pagila.engine());
            assertThat(md.table("film").c("rating").type()).isInstanceOf(dev.retort.types.EnumType.class);
            assertThat(md.table("film").c("special_features").type()).isEqualTo(dev.retort.types.Types.array(dev.retort.types.Types.TEXT));
            assertThat(md.table("film").c("release_year").type()).isInstanceOf(dev.retort.types.DomainType.class);
            assertThat(md.table("film").c("fulltext").type()).isEqualTo(dev.retort.types.Types.named("postgresql", "tsvector"));
            assertRecreates(Database.POSTGRESQL, md);
        }
    }

    private static void assertRecreates(Database db, MetaData reflected) {
        try (ScratchDatabase empty = ScratchDatabase.create(db)) {
            reflected.createAll(empty.engine());
            MetaData again = new MetaData();
            again.reflect(empty.engine());
            assertThat(SchemaDescription.describe(again)).isEqualTo(SchemaDescription.describe(reflected));
        }
    }
}
