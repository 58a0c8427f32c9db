package dev.retort.ext.serializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.exc.SerializationException;
import dev.retort.sql.ClauseElement;
import dev.retort.schema.MetaData;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Serialized ORM queries written by an attacker, against the fuzz target's mappings: whatever
 * makes one SELECT join many tables (loader options, each within its own depth, or explicit
 * joins) is refused while loading, in milliseconds, with a {@link SerializationException}.
 */
class HostileOrmQueryTest {
    private static String query(String entity, String joins, String options) {
        return "{\"format\":\"retort-query\",\"version\":\"1.14\",\"root\":{\"node\":\"orm_query\",\"id\":0,\"attrs\":{\"entities\":[{\"entityRef\":\""
                + entity + "\"}],\"joins\":[" + joins + "],\"where\":[],\"orderBy\":[],\"limit\":null,\"offset\":null,\"distinct\":false,\"options\":["
                + options + "]}}}";
    }

    /** A joined load of FuzzNode.children to {@code depth}, then {@code then}; node ids from {@code id}. */
    private static String joinedLoad(int id, String then, int depth) {
        return "{\"node\":\"orm_loader\",\"id\":" + id + ",\"attrs\":{\"attribute\":{\"node\":\"orm_attribute\",\"id\":" + (id + 1)
                + ",\"attrs\":{\"entity\":{\"entityRef\":\"FuzzNode\"},\"key\":\"children\",\"and\":[]}},\"strategy\":\"joined\",\"then\":" + then
                + ",\"depth\":{\"int\":" + depth + "}}}";
    }

    private static String many(int n, IntFunction<String> item) {
        return IntStream.range(0, n).mapToObj(item).collect(Collectors.joining(","));
    }

    private static ClauseElement load(String json) {
        return (ClauseElement) QuerySerializer.loads(json.getBytes(StandardCharsets.UTF_8), SerializerFuzzTest.MD);
    }

    /** Refused with a message naming {@code what}: the joins counted, past the limit. */
    private static void refusedCounting(String json, String what) {
        assertThatThrownBy(() -> load(json)).isInstanceOf(SerializationException.class).hasMessageContaining("node 'orm_query'").hasMessageContaining(what);
    }

    /** Failed before the fix: 2,000 joined loads of depth 3 (420 KB) loaded, then compiled for minutes (killed after 3). */
    @Test
    void manyJoinedLoadsWithinTheirOwnDepthAreRefused() {
        String json = query("FuzzNode", "", many(2_000, i -> joinedLoad(10 + 2 * i, "null", 3)));
        refusedCounting(json, "2000 loader options join 6000 tables, past 64");
        String chain = "null";
        for (int i = 0; i < 65; i++) {
            chain = joinedLoad(10 + 2 * i, chain, 1);
        }
        String chained = query("FuzzNode", "", chain);
        refusedCounting(chained, "1 loader options join 65 tables, past 64");
    }

    /** Failed before the fix: joins of the orders table loaded (2,000 of them, 600 KB, compiled for 46 s). */
    @Test
    void manyExplicitJoinsAreRefused() {
        String json = query("FuzzUser", many(500, i -> "{\"node\":\"orm_join\",\"id\":" + (10 + 2 * i) + ",\"attrs\":{\"target\":{\"tableRef\":\"orders\"},"
                + "\"onclause\":{\"node\":\"binary\",\"id\":" + (11 + 2 * i) + ",\"attrs\":{\"left\":{\"columnRef\":\"id\",\"table\":\"users\"},"
                + "\"right\":{\"columnRef\":\"user_id\",\"table\":\"orders\"},\"operator\":{\"enum\":\"operator\",\"name\":\"EQ\"},"
                + "\"type\":{\"type\":\"BOOLEAN\"}}},\"isOuter\":false}}"), "");
        refusedCounting(json, "500 joins and 0 loader options join 500 tables, past 64");
    }

    /** Up to the limit, joined loads still load and compile. */
    @Test
    void joinsUpToTheLimitStillLoad() {
        ClauseElement q = load(query("FuzzNode", "", many(16, i -> joinedLoad(10 + 2 * i, "null", 4))));
        assertThat(q.compile(Dialects.postgresql()).string()).contains("LEFT OUTER JOIN");
        assertThatThrownBy(() -> load(query("FuzzNode", "", many(17, i -> joinedLoad(10 + 2 * i, "null", 4)))))
                .isInstanceOf(SerializationException.class).hasMessageContaining("join 68 tables");
    }

    /**
     * A loaded ORM query's prefixes, suffixes, table and statement hints are raw SQL: loaders
     * with {@code allowRawSql(false)} refuse each, in both protocols (one that allows raw SQL loads them).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Protocol.class)
    void affixesAndHintsOfALoadedOrmQueryAreRawSql(Protocol p) {
        QuerySerializer strict = QuerySerializer.with(LoadOptions.DEFAULTS.allowRawSql(false));
        MetaData md = SerializerFuzzTest.MD;   // maps FuzzUser (the class's initialiser), whichever test ran first
        String evil = "1; DROP TABLE users; --";
        java.util.List<ClauseElement> queries = java.util.List.of(
                dev.retort.orm.ORM.select(SerializerFuzzTest.FuzzUser.class).prefixWith(evil),
                dev.retort.orm.ORM.select(SerializerFuzzTest.FuzzUser.class).prefixWithDialect("postgresql", evil),
                dev.retort.orm.ORM.select(SerializerFuzzTest.FuzzUser.class).suffixWith(evil),
                dev.retort.orm.ORM.select(SerializerFuzzTest.FuzzUser.class).withHint(SerializerFuzzTest.FuzzUser.class, evil, "mysql"),
                dev.retort.orm.ORM.select(SerializerFuzzTest.FuzzUser.class).withStatementHint(evil));
        for (ClauseElement q : queries) {
            byte[] doc = QuerySerializer.dumps(q, p);
            assertThat(((ClauseElement) QuerySerializer.loads(doc, md)).compare(q)).isTrue();
            assertThatThrownBy(() -> strict.read(doc, md)).as("%s", q).isInstanceOf(SerializationException.class)
                    .hasMessageContaining("raw SQL");
        }
    }
}
