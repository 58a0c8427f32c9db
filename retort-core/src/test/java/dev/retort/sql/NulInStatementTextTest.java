package dev.retort.sql;

import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.CompileException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A NUL character in a statement's own text (a hint, raw SQL) is refused with a CompileException:
 * the compiler's placeholder marks are NULs, and a hint holding one made a NumberFormatException
 * (found by SerializerFuzzTest in a loaded document).
 */
class NulInStatementTextTest {
    @Test
    void aNulInAHintOrRawSqlIsRefusedByName() {
        TableClause users = table("users", column("id"));
        for (Dialect d : List.of(Dialects.defaultDialect(), Dialects.mysql(), Dialects.postgresql(), Dialects.sqlite())) {
            assertThatThrownBy(() -> select(users.c("id")).withStatementHint("SQL_\u0000users", d.name()).where(users.c("id").eq(1)).compile(d))
                    .isInstanceOf(CompileException.class).hasMessageContaining("NUL");
        }
        // raw SQL text refuses it when made
        assertThatThrownBy(() -> text("id = 1 \u00000\u0000")).isInstanceOf(ArgumentException.class).hasMessageContaining("NUL");
    }
}
