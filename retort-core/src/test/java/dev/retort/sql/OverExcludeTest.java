package dev.retort.sql;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.CompileException;
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
 * A window frame's exclusion ({@code Over.exclude}, SQLAlchemy's {@code over(..., exclude=...)}).
 * The expected SQL is SQLAlchemy 2.1.1's (default dialect, and PostgreSQL's base PGDialect with qmark placeholders).
 */
class OverExcludeTest {
    private static final TableClause T = table("t", column("id", Types.INTEGER), column("x", Types.INTEGER));

    private static Select runningSumExcludingSelf(ColumnElement<?> id, ColumnElement<?> x) {
        return select(func("sum", x).over().orderBy(id).rows(null, 0).exclude("CURRENT ROW").label("s"));
    }

    @Test
    void writtenAfterTheFrame() {
        assertThat(select(T.c("id"), func("sum", T.c("x")).over().orderBy(T.c("id")).rows(null, 0).exclude("CURRENT ROW").label("s")).toString())
                .isEqualTo("SELECT t.id, sum(t.x) OVER (ORDER BY t.id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE CURRENT ROW) AS s \nFROM t");
        assertThat(select(func("sum", T.c("x")).over().orderBy(T.c("id")).range(-1, 1).exclude("ties")).compile(Dialects.postgresql()).string())
                .isEqualTo("SELECT sum(t.x) OVER (ORDER BY t.id RANGE BETWEEN ? PRECEDING AND ? FOLLOWING EXCLUDE ties) AS anon_1 \nFROM t");
    }

    @Test
    void refusesOtherPhrasesAndAMissingFrame() {
        assertThatThrownBy(() -> func("sum", T.c("x")).over().rows(null, 0).exclude("ROWS; DROP TABLE t"))
                .isInstanceOf(ArgumentException.class).hasMessageContaining("ROWS; DROP TABLE t");
        assertThatThrownBy(() -> select(func("sum", T.c("x")).over().exclude("GROUP")).compile())
                .isInstanceOf(CompileException.class).hasMessageContaining("needs a frame");
    }

    @Test
    void exclusionTakesPartInKeysAndSerialization() {
        Select stmt = runningSumExcludingSelf(T.c("id"), T.c("x"));
        assertThat(stmt.cacheKey()).isNotEqualTo(select(func("sum", T.c("x")).over().orderBy(T.c("id")).rows(null, 0).label("s")).cacheKey())
                .isEqualTo(runningSumExcludingSelf(T.c("id"), T.c("x")).cacheKey());
        for (Protocol p : Protocol.values()) {
            Select back = (Select) QuerySerializer.loads(QuerySerializer.dumps(stmt, p), new MetaData());
            assertThat(back.toString()).as(p.name()).isEqualTo(stmt.toString());
        }
    }

    /** Each row's sum leaves the row itself out (PostgreSQL 11+, SQLite 3.28+; MariaDB has no EXCLUDE). */
    @Test
    void excludesTheCurrentRowOnSqliteAndPostgresql() {
        for (Engine engine : List.of(Databases.sqlite(), Databases.postgresql())) {
            MetaData md = new MetaData();
            Table t = new Table("excl_" + UUID.randomUUID().toString().substring(0, 8), md,
                    Column.of("id", Types.INTEGER).primaryKey(), Column.of("x", Types.INTEGER));
            md.createAll(engine);
            try (Connection c = engine.connect()) {
                c.execute(insert(t), List.of(Map.of("id", 1, "x", 1), Map.of("id", 2, "x", 2), Map.of("id", 3, "x", 4)));
                List<Object> sums = c.execute(runningSumExcludingSelf(t.c("id"), t.c("x")).orderBy(t.c("id"))).scalars();
                assertThat(sums).extracting(v -> v == null ? null : ((Number) v).intValue()).containsExactly(null, 1, 3);
                c.commit();
            } finally {
                md.dropAll(engine);
            }
        }
    }
}
