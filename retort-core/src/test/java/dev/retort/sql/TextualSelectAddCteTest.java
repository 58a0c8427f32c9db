package dev.retort.sql;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
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
 * {@code TextualSelect.addCte} (SQLAlchemy's {@code text(...).columns(...).add_cte(...)}); the expected
 * SQL is SQLAlchemy 2.1.1's (test_cte.py test_textual_select_uses_independent_cte_two).
 */
class TextualSelectAddCteTest {
    private static final TableClause FOO = table("foo", column("id"));
    private static final TableClause BAR = table("bar", column("id"), column("attr"), column("foo_id"));

    private static TextualSelect stmt() {
        return text("SELECT bar.id, bar.attr FROM bar WHERE bar.foo_id IN (SELECT id FROM baz)")
                .columns(BAR.c("id"), BAR.c("attr")).addCte(select(FOO.c("id")).cte("baz"));
    }

    @Test
    void theCteIsDeclaredBeforeTheText() {
        assertThat(stmt().toString().replaceAll("\\s+", " ").trim())
                .isEqualTo("WITH baz AS (SELECT foo.id AS id FROM foo) SELECT bar.id, bar.attr FROM bar WHERE bar.foo_id IN (SELECT id FROM baz)");
    }

    @Test
    void addedCtesTakePartInKeysAndSerialization() {
        TextualSelect s = stmt();
        TextualSelect plain = text("SELECT bar.id, bar.attr FROM bar WHERE bar.foo_id IN (SELECT id FROM baz)").columns(BAR.c("id"), BAR.c("attr"));
        assertThat(s.cacheKey()).isEqualTo(stmt().cacheKey()).isNotEqualTo(plain.cacheKey());
        for (Protocol p : Protocol.values()) {
            ClauseElement back = (ClauseElement) QuerySerializer.loads(QuerySerializer.dumps(s, p), new MetaData());
            assertThat(back.compare(s)).as(p.name()).isTrue();
            assertThat(back.toString()).isEqualTo(s.toString());
        }
    }

    @Test
    void runsOnSqlite() {
        Engine engine = Databases.sqlite();
        String x = UUID.randomUUID().toString().substring(0, 8);
        MetaData md = new MetaData();
        Table foo = new Table("foo" + x, md, Column.of("id", Types.INTEGER).primaryKey());
        Table bar = new Table("bar" + x, md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("foo_id", Types.INTEGER));
        md.createAll(engine);
        try (Connection c = engine.connect()) {
            c.execute(insert(foo), List.of(Map.of("id", 1), Map.of("id", 2)));
            c.execute(insert(bar), List.of(Map.of("id", 10, "foo_id", 1), Map.of("id", 11, "foo_id", 3)));
            List<Object> ids = c.execute(text("SELECT " + bar.name() + ".id FROM " + bar.name() + " WHERE foo_id IN (SELECT id FROM baz)")
                    .columns(bar.c("id")).addCte(select(foo.c("id")).cte("baz"))).scalars();
            assertThat(ids).containsExactly(10);
            c.commit();
        } finally {
            md.dropAll(engine);
        }
    }
}
