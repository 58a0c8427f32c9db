package dev.retort.types;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.exc.CompileException;
import dev.retort.sql.TableClause;
import dev.retort.testing.Databases;
import org.junit.jupiter.api.Test;

/** {@link Types#JSONPATH}: PostgreSQL's SQL/JSON path type, cast to as SQLAlchemy's {@code postgresql.JSONPATH} is. */
class JsonPathTypeTest {
    @Test
    void postgresqlCastsAPathToJsonpath() {
        // SQLAlchemy 2.1.1 (PostgreSQL, qmark): select(func.jsonb_path_exists(data.c.x, cast("$.data.w", JSONPATH)))
        TableClause data = table("data", column("id", Types.INTEGER), column("x", Types.JSONB));
        assertThat(select(func("jsonb_path_exists", data.c("x"), cast(literal("$.data.w"), Types.JSONPATH))).compile(Dialects.postgresql())
                .string().replaceAll("\\s+", " "))
                .isEqualTo("SELECT jsonb_path_exists(data.x, CAST(? AS JSONPATH)) AS jsonb_path_exists_1 FROM data");
        assertThatThrownBy(() -> cast(literal("$.a"), Types.JSONPATH).compile(Dialects.mysql())).isInstanceOf(CompileException.class);
    }

    @Test
    void postgresqlEvaluatesThePath() {
        try (Connection c = Databases.postgresql().connect()) {
            var doc = cast(literal("{\"data\": {\"w\": 1}}"), Types.JSONB);
            assertThat(c.execute(select(func("jsonb_path_exists", doc, cast(literal("$.data.w"), Types.JSONPATH)))).scalar()).isEqualTo(true);
            assertThat(c.execute(select(func("jsonb_path_exists", doc, cast(literal("$.data.v"), Types.JSONPATH)))).scalar()).isEqualTo(false);
        }
    }
}
