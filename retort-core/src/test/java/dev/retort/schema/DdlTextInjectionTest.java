package dev.retort.schema;

import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.exc.ArgumentException;
import dev.retort.testing.Databases;
import dev.retort.types.EnumType;
import dev.retort.types.Types;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Text that DDL writes inside other text: an EXCLUDE operator that would open a comment, and an
 * enum label holding the dollar quote of the DO block that createAll wraps CREATE TYPE in.
 */
class DdlTextInjectionTest {
    /** PostgreSQL reads -- and /* as comments, not operators: before, they were taken and hid the rest of the DDL. */
    @Test
    void anExcludeOperatorCannotOpenAComment() {
        for (String op : List.of("=--", "&&/*", "--", "/*")) {
            assertThatThrownBy(() -> ExcludeConstraint.element("room", op)).as(op).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("'" + op + "' is not an operator");
        }
        assertThat(ExcludeConstraint.element("room", "&&").operator()).isEqualTo("&&");
        assertThat(ExcludeConstraint.element("room", "-|-").operator()).isEqualTo("-|-");
    }

    /**
     * Before, the DO block was always tagged $retort$: a label holding it ended the block, and
     * what followed in the label ran as statements of their own (here, a CREATE TABLE).
     */
    @Test
    void anEnumLabelHoldingTheDollarQuoteStaysALabel() {
        Engine engine = Databases.postgresql();
        String s = "_" + UUID.randomUUID().toString().substring(0, 8);
        String pwned = "pwned" + s;
        String label = "$retort$';CREATE TABLE " + pwned + " ();--";   // PostgreSQL takes labels of up to 63 bytes
        EnumType<String> evil = Types.enumOf("evil" + s, "plain", label, "$retort1$");
        List<String> ddl = Dialects.postgresql().createTypeStatements(evil);
        assertThat(ddl).hasSize(1);
        Table t = new Table("labels" + s, new MetaData(), Column.of("m", evil));
        try {
            t.metadata().createAll(engine);
            try (Connection conn = engine.connect()) {
                assertThat(conn.execute(text("SELECT to_regclass('" + pwned + "') IS NULL")).scalar()).as("no table made by a label").isEqualTo(true);
                assertThat(conn.execute(text("SELECT array_to_string(enum_range(NULL::evil" + s + "), '|')")).scalar())
                        .isEqualTo("plain|" + label + "|$retort1$");
            }
        } finally {
            t.metadata().dropAll(engine);
            try (Connection conn = engine.begin()) {
                conn.execute(text("DROP TABLE IF EXISTS " + pwned));
            }
        }
    }
}
