package dev.retort.ext.serializer;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.exc.SerializationException;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.TableClause;
import dev.retort.types.Types;
import org.junit.jupiter.api.Test;

/**
 * The node kind {@code collation} (a schema-qualified COLLATE) is of format 1.10: written and read
 * back once the writer's format is 1.10, refused by name before that.
 */
class CollationSerializationTest {
    static final TableClause T = table("t", column("name", Types.STRING));

    @Test
    void schemaQualifiedCollationNeedsFormat110() {
        ClauseElement e = select(T.c("name").collate("en_US", "myschema"));
        for (Protocol p : Protocol.values()) {
            if (BinaryFormat.MINOR >= 10) {
                ClauseElement back = (ClauseElement) QuerySerializer.loads(QuerySerializer.dumps(e, p));
                assertThat(back.compile(Dialects.postgresql()).string()).isEqualTo(e.compile(Dialects.postgresql()).string());
                assertThat(back.cacheKey()).isEqualTo(e.cacheKey());
            } else {
                assertThatThrownBy(() -> QuerySerializer.dumps(e, p)).isInstanceOf(SerializationException.class)
                        .hasMessageContaining("'collation'").hasMessageContaining("1.10");
            }
        }
    }
}
