package dev.retort.sql;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.exc.ArgumentException;
import dev.retort.testing.Databases.Database;
import dev.retort.types.Types;
import org.junit.jupiter.api.Test;

/**
 * A collation named with its schema and EXTRACT's field names per dialect. The expected SQL is
 * what SQLAlchemy 2.1.1 prints for the same statements (tools/expect/collation_extract.py).
 */
class CollationAndExtractTest {
    static final TableClause T = table("t", column("name", Types.STRING), column("n", Types.INTEGER));

    static String sql(ClauseElement e, Dialect d) {
        return e.compile(d).string().replaceAll("\\s+", " ");
    }

    @Test
    void schemaQualifiedCollationKeepsItsSchema() {
        assertThat(sql(select(T.c("name").collate("en_US", "myschema")), Dialects.postgresql()))
                .isEqualTo("SELECT t.name COLLATE myschema.\"en_US\" AS anon_1 FROM t");
        assertThat(sql(select(T.c("n")).orderBy(T.c("name").collate("bar", "some schema")), Dialects.postgresql()))
                .isEqualTo("SELECT t.n FROM t ORDER BY t.name COLLATE \"some schema\".bar");
        // no schema: the plain collate
        assertThat(T.c("name").collate("bar", null).cacheKey()).isEqualTo(T.c("name").collate("bar").cacheKey());
        assertThat(T.c("name").collate("bar", "a").cacheKey()).isNotEqualTo(T.c("name").collate("bar", "b").cacheKey());
        assertThatThrownBy(() -> T.c("name").collate("", "a")).isInstanceOf(ArgumentException.class);
    }

    @Test
    void schemaQualifiedCollationRunsOnPostgresql() {
        try (Connection c = Database.POSTGRESQL.engine().connect()) {
            // pg_catalog."C" orders by byte: upper case before lower case
            ColumnElement<String> b = literal("b", Types.STRING);
            ColumnElement<String> upper = literal("B", Types.STRING);
            assertThat(c.execute(select(upper.collate("C", "pg_catalog").lt(b))).scalar()).isEqualTo(true);
        }
    }

    @Test
    void millisecondsIsSpelledAsTheDialectDoes() {
        assertThat(sql(select(extract("milliseconds", T.c("n"))), Dialects.mysql()))
                .isEqualTo("SELECT EXTRACT(millisecond FROM t.n) AS anon_1 FROM t");
        assertThat(sql(select(extract("milliseconds", T.c("n"))), Dialects.postgresql()))
                .isEqualTo("SELECT EXTRACT(milliseconds FROM t.n) AS anon_1 FROM t");
    }
}
