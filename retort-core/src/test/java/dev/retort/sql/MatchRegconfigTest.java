package dev.retort.sql;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.exc.ArgumentException;
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
 * A MATCH's PostgreSQL text search configuration (SQLAlchemy's {@code match(q, postgresql_regconfig=...)}).
 * The expected SQL is SQLAlchemy 2.1.1's (PostgreSQL's base PGDialect with qmark placeholders; default dialect).
 */
class MatchRegconfigTest {
    private static final TableClause DOCS = table("docs", column("id", Types.INTEGER), column("body", Types.STRING));

    @Test
    void writtenAsTheFirstArgumentOfPlaintoTsquery() {
        assertThat(select(DOCS.c("id")).where(DOCS.c("body").match("cats", null, "english")).compile(Dialects.postgresql()).string())
                .isEqualTo("SELECT docs.id \nFROM docs \nWHERE docs.body @@ plainto_tsquery('english', ?)");
        assertThat(select(DOCS.c("id")).where(not(DOCS.c("body").match("cats", null, "it's"))).compile(Dialects.postgresql()).string())
                .isEqualTo("SELECT docs.id \nFROM docs \nWHERE NOT docs.body @@ plainto_tsquery('it''s', ?)");
        // other dialects ignore it, as SQLAlchemy's do
        assertThat(select(DOCS.c("id")).where(DOCS.c("body").match("cats", null, "english")).toString())
                .isEqualTo("SELECT docs.id \nFROM docs \nWHERE docs.body MATCH :body_1");
    }

    @Test
    void takesPartInKeysAndSerialization() {
        Select stmt = select(DOCS.c("id")).where(DOCS.c("body").match("cats", null, "english"));
        assertThat(stmt.cacheKey()).isNotEqualTo(select(DOCS.c("id")).where(DOCS.c("body").match("cats")).cacheKey())
                .isNotEqualTo(select(DOCS.c("id")).where(DOCS.c("body").match("cats", null, "simple")).cacheKey());
        for (Protocol p : Protocol.values()) {
            Select back = (Select) QuerySerializer.loads(QuerySerializer.dumps(stmt, p), new MetaData());
            assertThat(back.compile(Dialects.postgresql()).string()).as(p.name()).isEqualTo(stmt.compile(Dialects.postgresql()).string());
            assertThat(back.cacheKey()).as(p.name()).isEqualTo(stmt.cacheKey());
        }
    }

    @Test
    void belongsToAMatchOnly() {
        assertThatThrownBy(() -> new BinaryExpression<>(DOCS.c("body"), literal("x"), Operator.EQ, Types.BOOLEAN, null, null, "english"))
                .isInstanceOf(ArgumentException.class).hasMessageContaining("regconfig");
    }

    /** 'english' stems "cats" to "cat"; 'simple' does not, whatever the server's default configuration. */
    @Test
    void choosesTheConfigurationOnPostgresql() {
        Engine engine = Databases.postgresql();
        MetaData md = new MetaData();
        Table t = new Table("regcfg_" + UUID.randomUUID().toString().substring(0, 8), md,
                Column.of("id", Types.INTEGER).primaryKey(), Column.of("body", Types.STRING));
        md.createAll(engine);
        try (Connection c = engine.connect()) {
            c.execute(insert(t), List.of(Map.of("id", 1, "body", "the cat"), Map.of("id", 2, "body", "a dog")));
            assertThat(c.execute(select(t.c("id")).where(t.c("body").match("cats", null, "english"))).scalars())
                    .extracting(v -> ((Number) v).intValue()).containsExactly(1);
            assertThat(c.execute(select(t.c("id")).where(t.c("body").match("cats", null, "simple"))).scalars()).isEmpty();
            assertThat(c.execute(select(t.c("id")).where(not(t.c("body").match("cats", null, "english"))).orderBy(t.c("id"))).scalars())
                    .extracting(v -> ((Number) v).intValue()).containsExactly(2);
            c.commit();
        } finally {
            md.dropAll(engine);
        }
    }
}
