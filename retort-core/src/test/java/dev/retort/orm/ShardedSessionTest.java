package dev.retort.orm;

import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Engine;
import dev.retort.engine.EngineOptions;
import dev.retort.engine.Row;
import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Horizontal sharding over three SQLite databases and over three PostgreSQL databases. The
 * PostgreSQL databases (random names) are created once for the class and dropped after it;
 * each test has a table of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShardedSessionTest {
    /** A weather report, kept on the shard of its continent. */
    public static class Report {
        Integer id;
        String continent;
        String city;
        Integer temperature;

        public Report() {
        }

        Report(int id, String continent, String city, Integer temperature) {
            this.id = id;
            this.continent = continent;
            this.city = city;
            this.temperature = temperature;
        }
    }

    private static final List<String> SHARDS = List.of("eu", "us", "asia");
    private final List<String> databases = new ArrayList<>();
    private final List<Engine> postgresql = new ArrayList<>();
    private MetaData metadata;
    private Table reports;
    private Registry registry;
    private List<Engine> engines;
    private ShardedSessionFactory shards;

    static Stream<Databases.Database> kinds() {
        return Stream.of(Databases.Database.SQLITE, Databases.Database.POSTGRESQL);
    }

    private void setUp(Databases.Database kind) throws Exception {
        kind.engine();   // skips (or fails under CI=true) when the server is down
        metadata = new MetaData();
        reports = new Table("reports_" + UUID.randomUUID().toString().substring(0, 8), metadata,
                Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("continent", Types.string(10)),
                Column.of("city", Types.string(40)),
                Column.of("temperature", Types.INTEGER));
        registry = new Registry(metadata);
        registry.mapImperatively(Report.class, reports);
        engines = new ArrayList<>();
        ShardedSessionFactory.Builder b = ShardedSessionFactory.builder();
        for (int i = 0; i < SHARDS.size(); i++) {
            Engine e = kind == Databases.Database.SQLITE ? Engine.create("jdbc:sqlite::memory:") : postgresqlShard(kind, i);
            engines.add(e);
            metadata.createAll(e);
            b.shard(SHARDS.get(i), e);
        }
        shards = b.shardChooser(o -> ((Report) o).continent)
                .queryChooser(ShardedSessionFactory.QueryChooser.byAttribute(ORM.attr(Report.class, "continent"), c -> List.of((String) c)))
                .build();
    }

    /** The engine of PostgreSQL shard {@code i}, its database created at the first call. */
    private Engine postgresqlShard(Databases.Database kind, int i) throws Exception {
        while (postgresql.size() <= i) {
            String db = "shard_" + SHARDS.get(postgresql.size()) + "_" + UUID.randomUUID().toString().substring(0, 8);
            try (var c = DriverManager.getConnection(kind.url(), kind.user(), null)) {
                c.createStatement().execute("CREATE DATABASE " + db);
            }
            databases.add(db);
            postgresql.add(Engine.create(kind.url().replace("/test", "/" + db), EngineOptions.builder().user(kind.user()).build()));
        }
        return postgresql.get(i);
    }

    @AfterEach
    void tearDown() {
        if (registry == null) {
            return;
        }
        registry.dispose();
        for (Engine e : engines) {
            if (postgresql.contains(e)) {
                metadata.dropAll(e);
            } else {
                e.dispose();
            }
        }
        registry = null;
    }

    @AfterAll
    void dropDatabases() throws Exception {
        postgresql.forEach(Engine::dispose);
        for (String db : databases) {
            try (var c = DriverManager.getConnection(Databases.Database.POSTGRESQL.url(), "postgres", null)) {
                c.createStatement().execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        }
    }

    /** 60 reports with distinct temperatures (and two without one), spread over the continents at random (seeded). */
    private List<Report> fill() {
        List<Report> all = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(19);
        List<Integer> temperatures = new ArrayList<>();
        for (int t = -20; t < 40; t++) {
            temperatures.add(t);
        }
        dev.retort.testing.Draws.shuffle(temperatures, random);
        for (int i = 0; i < 62; i++) {
            all.add(new Report(i, SHARDS.get(random.nextInt(3)), "city " + i, i < 60 ? temperatures.get(i) : null));
        }
        try (ShardedSession s = shards.open()) {
            s.addAll(all);
            s.commit();
        }
        return all;
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("kinds")
    void newInstancesGoToTheirShardAndIdentitiesIncludeIt(Databases.Database kind) throws Exception {
        setUp(kind);
        List<Report> all = fill();
        for (int i = 0; i < SHARDS.size(); i++) {
            String shard = SHARDS.get(i);
            List<Object> continents = engines.get(i).transaction(c -> c.execute(select(reports.c("continent")).distinct()).scalars());
            assertThat(continents).containsOnly(shard);
            long expected = all.stream().filter(r -> r.continent.equals(shard)).count();
            long count = engines.get(i).transaction(c -> ((Number) c.execute(select(func("count", reports.c("id")))).scalar()).longValue());
            assertThat(count).isEqualTo(expected);
        }
        try (ShardedSession s = shards.open()) {
            // The same primary key on two shards: two instances, told apart by their shard.
            s.add(new Report(1000, "eu", "Lyon", 20));
            s.add(new Report(1000, "us", "Boston", 10));
            s.commit();
            Report first = s.get(Report.class, 1000);
            assertThat(first.city).isEqualTo("Lyon");
            assertThat(s.identityKey(first)).isEqualTo(new ShardedSession.Identity("eu", Report.class, List.of(1000)));
            Report boston = s.query(Report.class).filter(ORM.attr(Report.class, "continent").eq("us"), ORM.attr(Report.class, "id").eq(1000)).one();
            assertThat(s.identityKey(boston)).isEqualTo(new ShardedSession.Identity("us", Report.class, List.of(1000)));
            assertThat(boston).isNotSameAs(first);
        }
        ShardedSessionFactory usFirst = ShardedSessionFactory.builder().shard("eu", engines.get(0)).shard("us", engines.get(1))
                .shardChooser(o -> ((Report) o).continent).identityChooser((type, pk) -> List.of("us", "eu")).build();
        try (ShardedSession s = usFirst.open()) {
            assertThat(s.get(Report.class, 1000).city).isEqualTo("Boston");
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("kinds")
    void theQueryChooserReadsTheCriteria(Databases.Database kind) throws Exception {
        setUp(kind);
        List<Report> all = fill();
        var continent = ORM.attr(Report.class, "continent");
        var temperature = ORM.attr(Report.class, "temperature");
        try (ShardedSession s = shards.open()) {
            ShardedQuery<Report> eu = s.query(Report.class).filter(continent.eq("eu"), temperature.gt(0));
            assertThat(eu.shards()).containsExactly("eu");
            assertThat(eu.all()).extracting(r -> r.id).containsExactlyInAnyOrderElementsOf(
                    all.stream().filter(r -> r.continent.equals("eu") && r.temperature != null && r.temperature > 0).map(r -> r.id).toList());
            assertThat(s.query(Report.class).filter(continent.in(List.of("asia", "eu"))).shards()).containsExactly("eu", "asia");
            assertThat(s.query(Report.class).filter(continent.in(List.of("asia", "eu")), continent.eq("eu")).shards()).containsExactly("eu");
            assertThat(s.query(Report.class).filter(temperature.gt(0)).shards()).containsExactlyElementsOf(SHARDS);
            assertThat(s.query(Report.class).count()).isEqualTo(all.size());
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("kinds")
    void orderByWithLimitAndOffsetAcrossShards(Databases.Database kind) throws Exception {
        setUp(kind);
        List<Report> all = fill();
        var temperature = ORM.attr(Report.class, "temperature");
        // Where each database puts NULL: PostgreSQL above every value, SQLite below.
        boolean nullsLargest = kind == Databases.Database.POSTGRESQL;
        Comparator<Integer> ascending = nullsLargest ? Comparator.nullsLast(Comparator.naturalOrder()) : Comparator.nullsFirst(Comparator.naturalOrder());
        // Then by id: the two reports without a temperature tie, and the shards' merge keeps no order of ties.
        Comparator<Report> hottestFirst = Comparator.comparing((Report r) -> r.temperature, ascending.reversed()).thenComparing(r -> r.id);
        var id = ORM.attr(Report.class, "id");
        List<Integer> expected = all.stream().sorted(hottestFirst).skip(3).limit(7).map(r -> r.id).toList();
        try (ShardedSession s = shards.open()) {
            assertThat(s.query(Report.class).orderBy(temperature.desc(), id).offset(3).limit(7).all()).extracting(r -> r.id)
                    .containsExactlyElementsOf(expected);
            assertThat(s.query(Report.class).orderBy(temperature.desc(), id).limit(5).all()).extracting(r -> r.id)
                    .containsExactlyElementsOf(all.stream().sorted(hottestFirst).limit(5).map(r -> r.id).toList());
            List<Row> rows = s.execute(select(reports.c("id"), reports.c("temperature"))
                    .orderBy(reports.c("temperature").asc(), reports.c("id")).offset(3).limit(7));
            assertThat(rows).extracting(r -> ((Number) r.get(0)).intValue()).containsExactlyElementsOf(
                    all.stream().sorted(Comparator.comparing((Report r) -> r.temperature, ascending))
                            .skip(3).limit(7).map(r -> r.id).toList());
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("kinds")
    void aggregatesAreCombinedOrRefused(Databases.Database kind) throws Exception {
        setUp(kind);
        List<Report> all = fill();
        List<Integer> temperatures = all.stream().map(r -> r.temperature).filter(t -> t != null).toList();
        try (ShardedSession s = shards.open()) {
            Row r = s.execute(select(func("count", reports.c("id")), func("sum", reports.c("temperature")),
                    func("min", reports.c("temperature")), func("max", reports.c("temperature")))).get(0);
            assertThat(((Number) r.get(0)).longValue()).isEqualTo(all.size());
            assertThat(((Number) r.get(1)).longValue()).isEqualTo(temperatures.stream().mapToLong(t -> t).sum());
            assertThat(((Number) r.get(2)).intValue()).isEqualTo(temperatures.stream().mapToInt(t -> t).min().orElseThrow());
            assertThat(((Number) r.get(3)).intValue()).isEqualTo(temperatures.stream().mapToInt(t -> t).max().orElseThrow());
            assertThatThrownBy(() -> s.execute(select(func("avg", reports.c("temperature")))))
                    .isInstanceOf(ArgumentException.class).hasMessageContaining("avg()");
            assertThatThrownBy(() -> s.execute(select(reports.c("continent"), func("count", reports.c("id"))).groupBy(reports.c("continent"))))
                    .isInstanceOf(ArgumentException.class).hasMessageContaining("GROUP BY");
            // Narrowed to one shard by its criteria, any aggregate runs there.
            Object avg = s.execute(select(func("avg", reports.c("temperature"))).where(reports.c("continent").eq("us"))).get(0).get(0);
            assertThat(((Number) avg).doubleValue()).isCloseTo(
                    all.stream().filter(x -> x.continent.equals("us") && x.temperature != null).mapToInt(x -> x.temperature).average().orElseThrow(),
                    org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("kinds")
    void changesAreFlushedToTheInstancesShard(Databases.Database kind) throws Exception {
        setUp(kind);
        fill();
        try (ShardedSession s = shards.open()) {
            Report r = s.get(Report.class, 5);
            String shard = s.shardOf(r);
            r.city = "renamed";
            s.commit();
            s.delete(s.get(Report.class, 6));
            s.commit();
            assertThat(s.get(Report.class, 6)).isNull();
            Engine e = engines.get(SHARDS.indexOf(shard));
            Object city = e.transaction(c -> c.execute(select(reports.c("city")).where(reports.c("id").eq(5))).scalar());
            assertThat(city).isEqualTo("renamed");
        }
    }
}
