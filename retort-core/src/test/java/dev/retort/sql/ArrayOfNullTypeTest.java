package dev.retort.sql;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Dialects;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.MetaData;
import dev.retort.types.Types;
import org.junit.jupiter.api.Test;

/**
 * An array of untyped elements (SQLAlchemy's ARRAY(NullType), the type of {@code func.array_agg(column("q"))}).
 * The expected SQL is SQLAlchemy 2.1.1's (PostgreSQL's base PGDialect with qmark placeholders).
 */
class ArrayOfNullTypeTest {
    private static Select subscriptOfFilteredAggregate() {
        ColumnElement<?> q = column("q");
        return select(func("array_agg", q).returning(Types.array(Types.NULLTYPE)).filter(q.mod(2).eq(literal(0))).item(1));
    }

    @Test
    void subscriptedOnPostgresql() {
        assertThat(subscriptOfFilteredAggregate().compile(Dialects.postgresql()).string())
                .isEqualTo("SELECT (array_agg(q) FILTER (WHERE q % ? = ?))[?] AS anon_1");
    }

    @Test
    void survivesSerialization() {
        Select stmt = subscriptOfFilteredAggregate();
        for (Protocol p : Protocol.values()) {
            Select back = (Select) QuerySerializer.loads(QuerySerializer.dumps(stmt, p), new MetaData());
            assertThat(back.compile(Dialects.postgresql()).string()).as(p.name()).isEqualTo(stmt.compile(Dialects.postgresql()).string());
        }
    }
}
