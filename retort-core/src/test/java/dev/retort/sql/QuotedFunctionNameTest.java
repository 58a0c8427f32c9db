package dev.retort.sql;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Dialects;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.MetaData;
import org.junit.jupiter.api.Test;

/**
 * {@link FunctionCall#quoted()} (format 1.15): a function name always quoted. The expected SQL is
 * SQLAlchemy 2.1.1's for {@code Function(quoted_name(name, quote=True), ...)}.
 */
class QuotedFunctionNameTest {
    private static final TableClause USERS = table("users", column("id"));

    @Test
    void quotesTheNameAsWritten() {
        assertThat(func("NotMyFunc").quoted().toString()).isEqualTo("\"NotMyFunc\"()");
        assertThat(func("NotMyFunc").quoted().compile(Dialects.mysql()).string()).isEqualTo("`NotMyFunc`()");
        assertThat(func("My\"Fn", USERS.c("id")).quoted().toString()).isEqualTo("\"My\"\"Fn\"(users.id)");
        assertThat(func("now").quoted().inPackage("pkg").toString()).isEqualTo("pkg.\"now\"()");
    }

    @Test
    void isNeverRespelledAsAGenericFunction() {
        assertThat(func("count").quoted().toString()).isEqualTo("\"count\"()");
        assertThat(func("current_timestamp").quoted().toString()).isEqualTo("\"current_timestamp\"()");
        assertThat(func("count").quoted().cacheKey()).isNotEqualTo(func("count").cacheKey());
        assertThat(func("count").quoted().returning(dev.retort.types.Types.INTEGER).isQuoted()).isTrue();
    }

    @Test
    void roundTripsFromFormat115() {
        ClauseElement stmt = select(func("NotMyFunc", USERS.c("id")).quoted().label("x"));
        for (Protocol p : Protocol.values()) {
            // an unquoted call writes no quoted attribute, so older readers still read it
            ClauseElement plain = (ClauseElement) QuerySerializer.loads(QuerySerializer.dumps(func("f", USERS.c("id")), p), new MetaData());
            assertThat(plain.toString()).isEqualTo("f(users.id)");
            ClauseElement back = (ClauseElement) QuerySerializer.loads(QuerySerializer.dumps(stmt, p), new MetaData());
            assertThat(back.compare(stmt)).isTrue();
            assertThat(back.toString()).isEqualTo(stmt.toString());
        }
    }
}
