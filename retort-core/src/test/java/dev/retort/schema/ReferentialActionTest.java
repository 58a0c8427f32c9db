package dev.retort.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.exc.CompileException;
import dev.retort.types.Types;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ON DELETE / ON UPDATE are keywords, not SQL: as SQLAlchemy's compiler (FK_ON_DELETE), only
 * RESTRICT, CASCADE, SET NULL, NO ACTION and SET DEFAULT compile, in any case; anything else is a
 * CompileException naming the phrase. Before, the text went into the DDL as written, so a model
 * file's {@code "onDelete": "CASCADE; DROP TABLE p; --"} became a second statement.
 */
class ReferentialActionTest {
    private static final List<Dialect> DIALECTS = List.of(Dialects.defaultDialect(), Dialects.sqlite(), Dialects.postgresql(), Dialects.mysql());

    private static Table child(MetaData md, String onDelete, String onUpdate) {
        new Table("p", md, Column.of("id", Types.INTEGER).primaryKey());
        return new Table("c", md, Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("p_id", Types.INTEGER).foreignKey("p.id", onDelete, onUpdate));
    }

    @Test
    void theFiveActionsCompileInAnyCase() {
        for (String action : List.of("RESTRICT", "CASCADE", "SET NULL", "NO ACTION", "SET DEFAULT", "cascade", "Set Null")) {
            Table c = child(new MetaData(), action, action);
            for (Dialect d : DIALECTS) {
                assertThat(new CreateTable(c).compile(d).string()).contains("ON DELETE " + action + " ON UPDATE " + action);
            }
        }
    }

    /** PostgreSQL 15 sets only some columns on delete: SQLAlchemy's PostgreSQL pattern takes that form too (on delete only). */
    @Test
    void postgresqlTakesTheColumnsToSetOnDelete() {
        Table c = child(new MetaData(), "SET NULL (p_id)", null);
        assertThat(new CreateTable(c).compile(Dialects.postgresql()).string()).contains("ON DELETE SET NULL (p_id)");
        assertThatThrownBy(() -> new CreateTable(c).compile(Dialects.sqlite())).isInstanceOf(CompileException.class);
        Table sneaky = child(new MetaData(), "SET NULL (p_id); DROP TABLE p; (p_id)", null);
        assertThatThrownBy(() -> new CreateTable(sneaky).compile(Dialects.postgresql())).isInstanceOf(CompileException.class);
        Table update = child(new MetaData(), null, "SET NULL (p_id)");
        assertThatThrownBy(() -> new CreateTable(update).compile(Dialects.postgresql())).isInstanceOf(CompileException.class);
    }

    @Test
    void anythingElseIsRefusedNamingThePhrase() {
        for (String[] actions : new String[][] {{"CASCADE; DROP TABLE p; --", null}, {null, "x"}, {"CASCADE ", null}, {"", null}}) {
            Table c = child(new MetaData(), actions[0], actions[1]);
            String bad = actions[0] != null ? actions[0] : actions[1];
            for (Dialect d : DIALECTS) {
                assertThatThrownBy(() -> new CreateTable(c).compile(d)).as(d.name() + " " + bad)
                        .isInstanceOf(CompileException.class).hasMessageContaining("'" + bad + "'");
                assertThatThrownBy(() -> new AddConstraint(c.c("p_id").foreignKeys().get(0)).compile(d)).isInstanceOf(CompileException.class);
            }
        }
    }
}
