package dev.retort.dialect;

import static dev.retort.sql.SQL.cast;
import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.types.Types;
import org.junit.jupiter.api.Test;

/**
 * Type names in DDL and CAST per dialect. Expected SQL printed by SQLAlchemy 2.1.1
 * ({@code Time().compile(dialect=PGDialect())}, {@code select(cast(column("x"), Time()))};
 * {@code Uuid().compile()} on its default dialect).
 */
class TypeRenderingTest {
    /** PostgreSQL spells the zone-less time type out, as it does TIMESTAMP WITHOUT TIME ZONE. */
    @Test
    void postgresqlTimeIsWithoutTimeZone() {
        assertThat(Dialects.postgresql().typeDdl(Types.TIME)).isEqualTo("TIME WITHOUT TIME ZONE");
        assertThat(select(cast(column("x"), Types.TIME)).compile(Dialects.postgresql()).string())
                .isEqualTo("SELECT CAST(x AS TIME WITHOUT TIME ZONE) AS x");
    }

    /** SQLAlchemy's default dialect has no native UUID: its string form is CHAR(32), as on SQLite and MySQL. */
    @Test
    void defaultDialectUuidIsChar32() {
        assertThat(Dialects.defaultDialect().typeDdl(Types.UUID)).isEqualTo("CHAR(32)");
        assertThat(select(cast(column("x"), Types.UUID)).toString()).isEqualTo("SELECT CAST(x AS CHAR(32)) AS x");
        assertThat(Dialects.postgresql().typeDdl(Types.UUID)).isEqualTo("UUID");
    }
}
