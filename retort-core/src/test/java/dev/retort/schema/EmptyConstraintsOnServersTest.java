package dev.retort.schema;

import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.exc.CompileException;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A primary key or unique constraint without columns (a naming convention's primary key on a
 * table that has none, an empty {@code UniqueConstraint}) is left out of CREATE TABLE, as
 * SQLAlchemy leaves it out: {@code PRIMARY KEY ()} and {@code UNIQUE ()} are syntax errors on
 * every database.
 */
class EmptyConstraintsOnServersTest {
    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void emptyConstraintsAreLeftOut(Databases.Database db) {
        Engine engine = db.engine();
        String name = "empty_con_" + UUID.randomUUID().toString().substring(0, 8);
        Table t = new Table(name, new MetaData(), Column.of("x", Types.INTEGER).nullable(false), Column.of("y", Types.INTEGER),
                new PrimaryKeyConstraint("pk_" + name, List.of()), new UniqueConstraint(null, List.of()));
        assertThat(new CreateTable(t).compile(engine.dialect()).string()).doesNotContain("()");
        try (Connection conn = engine.connect()) {
            conn.execute(new CreateTable(t));
            try {
                conn.execute(insert(t).values(Map.of("x", 1, "y", 2)));
                conn.execute(insert(t).values(Map.of("x", 1, "y", 2)));
                assertThat(conn.execute(select(t.c("x"))).scalars()).as("no key: both rows kept").containsExactly(1, 1);
            } finally {
                conn.rollback();
                conn.execute(new DropTable(t).ifExists());
                conn.commit();
            }
        }
    }

    @Test
    void addingAnEmptyConstraintIsRefused() {
        UniqueConstraint none = new UniqueConstraint("uq_none", List.of());
        new Table("t", new MetaData(), Column.of("x", Types.INTEGER), none);
        assertThatThrownBy(() -> new AddConstraint(none).compile(dev.retort.dialect.Dialects.postgresql()))
                .isInstanceOf(CompileException.class).hasMessageContaining("uq_none").hasMessageContaining("no columns");
    }
}
