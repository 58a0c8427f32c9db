package dev.retort.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.CompileException;
import dev.retort.testing.Databases.Database;
import dev.retort.types.Types;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** CreateSchema / DropSchema; expected SQL from SQLAlchemy 2.1.1 (PGDialect, MySQLDialect, the string compiler). */
class SchemaDdlTest {
    @Test
    void createAndDropAsSqlalchemyWritesThem() {
        assertThat(new CreateSchema("sa_schema").compile().string()).isEqualTo("CREATE SCHEMA sa_schema");
        assertThat(new CreateSchema("Sa Schema").ifNotExists().compile(Dialects.postgresql()).string()).isEqualTo("CREATE SCHEMA IF NOT EXISTS \"Sa Schema\"");
        assertThat(new CreateSchema("Sa Schema").ifNotExists().compile(Dialects.mysql()).string()).isEqualTo("CREATE SCHEMA IF NOT EXISTS `Sa Schema`");
        assertThat(new DropSchema("sa_schema").compile().string()).isEqualTo("DROP SCHEMA sa_schema");
        assertThat(new DropSchema("order").ifExists().cascade().compile(Dialects.postgresql()).string()).isEqualTo("DROP SCHEMA IF EXISTS \"order\" CASCADE");
        assertThat(new DropSchema("sa_schema").cascade().compile(Dialects.mariadb()).string()).isEqualTo("DROP SCHEMA sa_schema CASCADE");
    }

    @Test
    void sqliteHasNoneAndANameIsNeeded() {
        assertThatThrownBy(() -> new CreateSchema("s").compile(Dialects.sqlite())).isInstanceOf(CompileException.class).hasMessageContaining("ATTACH");
        assertThatThrownBy(() -> new DropSchema("s").compile(Dialects.sqlite())).isInstanceOf(CompileException.class).hasMessageContaining("DROP SCHEMA");
        assertThatThrownBy(() -> new DropSchema("")).isInstanceOf(ArgumentException.class);
    }

    /** PostgreSQL: a schema with a table is created, filled and dropped with CASCADE. */
    @Test
    void runsOnPostgresql() {
        Engine engine = Database.POSTGRESQL.engine();
        String name = "sch_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection conn = engine.begin()) {
            conn.execute(new CreateSchema(name));
            conn.execute(new CreateSchema(name).ifNotExists());
            MetaData md = new MetaData();
            new Table("t", name, md, Column.of("id", Types.INTEGER).primaryKey());
            for (Table t : md.tables().values()) {
                conn.execute(new CreateTable(t));
            }
            conn.execute(new DropSchema(name).cascade());
            conn.execute(new DropSchema(name).ifExists());
        }
    }

    /** MariaDB: a schema is a database. */
    @Test
    void runsOnMariadb() {
        Engine engine = Database.MARIADB.engine();
        String name = "sch_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection conn = engine.begin()) {
            conn.execute(new CreateSchema(name).ifNotExists());
            conn.execute(new DropSchema(name));
            conn.execute(new DropSchema(name).ifExists());
        }
    }
}
