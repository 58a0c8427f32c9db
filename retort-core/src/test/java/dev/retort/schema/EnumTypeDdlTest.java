package dev.retort.schema;

import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.CompileException;
import dev.retort.exc.DBAPIException;
import dev.retort.testing.Databases;
import dev.retort.types.EnumType;
import dev.retort.types.Types;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link CreateEnumType} / {@link DropEnumType}: PostgreSQL's CREATE / DROP TYPE as SQLAlchemy
 * 2.1.1 writes them (label quotes doubled, the name quoted where needed), refused by the dialects
 * without enum types, and run on PostgreSQL around a table that uses the type.
 */
class EnumTypeDdlTest {
    @Test
    void ddlAsSqlalchemyWritesIt() {
        EnumType<String> mood = Types.enumOf("Mood", "sad", "it's ok", "happy");
        assertThat(new CreateEnumType(mood).compile(Dialects.postgresql()).string()).isEqualTo("CREATE TYPE \"Mood\" AS ENUM ('sad', 'it''s ok', 'happy')");
        assertThat(new DropEnumType(mood).compile(Dialects.postgresql()).string()).isEqualTo("DROP TYPE \"Mood\"");
        assertThatThrownBy(() -> new CreateEnumType(mood).compile(Dialects.mariadb())).isInstanceOf(CompileException.class)
                .hasMessageContaining("no enum types").hasMessageContaining("Mood");
        assertThatThrownBy(() -> new DropEnumType(mood).compile(Dialects.sqlite())).isInstanceOf(CompileException.class);
        assertThatThrownBy(() -> new CreateEnumType(Types.enumOf((String) null, "a", "b"))).isInstanceOf(ArgumentException.class).hasMessageContaining("with a name");
    }

    @Test
    void postgresqlCreatesTheTypeATableUses() {
        Engine engine = Databases.postgresql();
        String s = "_" + UUID.randomUUID().toString().substring(0, 8);
        EnumType<String> mood = Types.enumOf("mood" + s, "sad", "it's ok");
        Table t = new Table("moods" + s, new MetaData(), Column.of("m", mood));
        try (Connection conn = engine.connect()) {
            conn.execute(new CreateEnumType(mood));
            conn.execute(new CreateTable(t));
            conn.execute(insert(t).values(Map.of("m", "it's ok")));
            assertThat(conn.execute(select(t.c("m"))).scalars()).containsExactly("it's ok");
            conn.commit();
            conn.execute(new DropTable(t));
            conn.execute(new DropEnumType(mood));
            conn.commit();
            assertThatThrownBy(() -> conn.execute(new DropEnumType(mood))).as("gone").isInstanceOf(DBAPIException.class);
            conn.rollback();
        }
    }
}
