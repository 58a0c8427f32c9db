package dev.retort.sql;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.exc.CompileException;
import dev.retort.exc.SerializationException;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * TABLESAMPLE (SQLAlchemy's {@code tablesample()}). The expected SQL is SQLAlchemy 2.1.1's (PostgreSQL's
 * base PGDialect with qmark placeholders; default dialect).
 */
class TableSampleTest {
    private static final TableClause PEOPLE = table("people", column("people_id", Types.INTEGER), column("name", Types.string(30)));

    @Test
    void writtenAfterTheAliasWithTheSeed() {
        TableSample p = tablesample(PEOPLE, func("bernoulli", 50), "p", literal(7));
        Compiled pg = select(p.c("name")).orderBy(p.c("people_id")).compile(Dialects.postgresql());
        assertThat(pg.string()).isEqualTo("SELECT p.name \nFROM people AS p TABLESAMPLE bernoulli(?) REPEATABLE (?) ORDER BY p.people_id");
        assertThat(pg.params()).isEqualTo(Map.of("bernoulli_1", 50, "param_1", 7));
        // a plain percentage is system(...)'s; no name is an anonymous one
        Compiled generic = select(PEOPLE.tablesample(10, null).c("name")).compile();
        assertThat(generic.string()).isEqualTo("SELECT people_1.name \nFROM people AS people_1 TABLESAMPLE system(:system_1)");
        assertThat(generic.params()).isEqualTo(Map.of("system_1", 10));
        assertThat(select(PEOPLE.tablesample(100, null, func("random")).c("name")).compile(Dialects.postgresql()).string())
                .isEqualTo("SELECT people_1.name \nFROM people AS people_1 TABLESAMPLE system(?) REPEATABLE (random())");
    }

    @Test
    void refusedWhereTheDatabaseHasNone() {
        Select s = select(PEOPLE.tablesample(10, "p").c("name"));
        for (var d : List.of(Dialects.sqlite(), Dialects.mysql(), Dialects.mariadb())) {
            assertThatThrownBy(() -> s.compile(d)).isInstanceOf(CompileException.class)
                    .hasMessage("TABLESAMPLE is not supported by dialect " + d.name());
        }
    }

    @Test
    void keyedBySamplingAndSeedAndSerialized() {
        Select a = select(PEOPLE.tablesample(func("bernoulli", 10), "p", literal(7)).c("name"));
        Select b = select(PEOPLE.tablesample(func("bernoulli", 90), "p", literal(8)).c("name"));
        assertThat(a.cacheKey()).isEqualTo(b.cacheKey());
        assertThat(a.cacheKey()).isNotEqualTo(select(PEOPLE.tablesample(10, "p", literal(7)).c("name")).cacheKey());
        assertThat(a.cacheKey()).isNotEqualTo(select(PEOPLE.tablesample(func("bernoulli", 10), "p").c("name")).cacheKey());
        assertThat(a.cacheKey()).isNotEqualTo(select(PEOPLE.alias("p").c("name")).cacheKey());
        assertThat(a.compare(b)).isFalse();
        for (Protocol proto : Protocol.values()) {
            ClauseElement back;
            try {
                back = (ClauseElement) QuerySerializer.loads(QuerySerializer.dumps(a, proto), new MetaData());
            } catch (SerializationException e) {
                // written from format 1.19 on
                assertThat(e).hasMessageContaining("of node kind 'tablesample' needs serializer format 1.19");
                continue;
            }
            assertThat(back.compare(a)).as(proto.toString()).isTrue();
            assertThat(back.compile(Dialects.postgresql()).string()).isEqualTo(a.compile(Dialects.postgresql()).string());
        }
    }

    /** bernoulli(100) keeps every row and bernoulli(0) none; the same seed gives the same sample. */
    @Test
    void samplesRowsOnPostgresql() {
        Engine engine = Databases.postgresql();
        MetaData md = new MetaData();
        Table t = new Table("sample_" + UUID.randomUUID().toString().substring(0, 8), md,
                Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(20)));
        md.createAll(engine);
        try (Connection c = engine.connect()) {
            for (int i = 1; i <= 200; i++) {
                c.execute(insert(t).values(Map.of("id", i, "name", "n" + i)));
            }
            TableSample all = t.tablesample(func("bernoulli", 100), "s");
            assertThat(c.execute(select(func("count")).selectFrom(all)).scalar()).isEqualTo(200L);
            assertThat(c.execute(select(func("count")).selectFrom(t.tablesample(0, "s"))).scalar()).isEqualTo(0L);
            TableSample half = t.tablesample(func("bernoulli", 50), "s", literal(42));
            Select ids = select(half.c("id")).orderBy(half.c("id"));
            List<Object> first = c.execute(ids).scalars();
            assertThat(first).hasSizeBetween(1, 199);
            assertThat(c.execute(ids).scalars()).isEqualTo(first);
            c.commit();
        } finally {
            md.dropAll(engine);
        }
    }
}
