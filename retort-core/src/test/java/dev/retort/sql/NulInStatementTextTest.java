package dev.retort.sql;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.delete;
import static dev.retort.sql.SQL.literal;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static dev.retort.sql.SQL.text;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.CompileException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * A NUL character in a statement's own text is refused when the text is given, with an ArgumentException naming
 * what holds it: a hint (and its dialect), a prefix or suffix (and its dialect), a custom operator (binary, prefix,
 * postfix; its visit name), raw SQL. The compiler's placeholder marks are NULs, and no database takes one in a
 * statement; a hint holding one made a NumberFormatException (found by SerializerFuzzTest in a loaded document), and
 * was refused only when compiled. What still reaches the compiler (a value written inline) is refused there.
 */
class NulInStatementTextTest {
    private static final TableClause USERS = table("users", column("id"));

    @Test
    void aNulInAHintPrefixOperatorOrRawSqlIsRefusedWhenGivenNamingIt() {
        ColumnClause<?> id = USERS.c("id");
        Map<String, ThrowingCallable> given = new LinkedHashMap<>();
        given.put("A hint cannot contain a NUL", () -> select(id).withHint(USERS, "USE INDEX (\0)", "mysql"));
        given.put("A hint cannot contain a NUL ", () -> select(id).withStatementHint("SQL_\0users"));
        given.put(" A hint cannot contain a NUL", () -> update(USERS).withHint("a\0b"));
        given.put("  A hint cannot contain a NUL", () -> delete(USERS).withHint("a\0b", "mysql"));
        given.put("   A hint cannot contain a NUL", () -> Hint.of(USERS, "a\0b", null));
        given.put("A hint's dialect name cannot contain a NUL", () -> select(id).withHint(USERS, "USE INDEX (ix)", "my\0sql"));
        given.put("SQL text cannot contain a NUL", () -> select(id).prefixWith("HIGH\0PRIORITY"));
        given.put("SQL text cannot contain a NUL ", () -> select(id).suffixWith("x\0"));
        given.put("A prefix's or suffix's dialect name cannot contain a NUL", () -> select(id).prefixWithDialect("my\0sql", "HIGH_PRIORITY"));
        given.put(" A prefix's or suffix's dialect name cannot contain a NUL", () -> select(id).cte("c").suffixWithDialect("pg\0", "x"));
        given.put("A custom operator cannot contain a NUL", () -> id.op("&\0", 1));
        given.put("A custom operator cannot contain a NUL ", () -> id.boolOp("@\0@", 1));
        given.put(" A custom operator cannot contain a NUL", () -> id.prefixOp(CustomOperator.of("|\0/")));
        given.put("  A custom operator cannot contain a NUL", () -> id.postfixOp(CustomOperator.of("!\0")));
        given.put("A custom operator's visit name cannot contain a NUL", () -> CustomOperator.of("->>").visitName("json\0"));
        given.put("   SQL text cannot contain a NUL", () -> text("id = 1 \u00000\u0000"));
        given.forEach((message, call) -> assertThatThrownBy(call).as(message).isInstanceOf(ArgumentException.class)
                .hasMessageContaining(message.strip()));
    }

    @Test
    void aNulInAValueWrittenInlineIsRefusedByTheCompiler() {
        for (Dialect d : List.of(Dialects.defaultDialect(), Dialects.mysql(), Dialects.postgresql(), Dialects.sqlite())) {
            assertThatThrownBy(() -> select(USERS.c("id")).where(USERS.c("id").eq(literal("a\0b"))).compile(d, CompileOption.LITERAL_BINDS).string())
                    .as(d.name()).isInstanceOf(CompileException.class).hasMessageContaining("NUL");
        }
    }
}
