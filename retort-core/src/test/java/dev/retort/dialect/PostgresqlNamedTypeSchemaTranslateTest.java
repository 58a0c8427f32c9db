package dev.retort.dialect;

import static dev.retort.sql.SQL.cast;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.literal;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.schema.Column;
import dev.retort.schema.CreateDomainType;
import dev.retort.schema.CreateEnumType;
import dev.retort.schema.CreateTable;
import dev.retort.schema.DropDomainType;
import dev.retort.schema.DropEnumType;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.SchemaTranslateMap;
import dev.retort.testing.Databases;
import dev.retort.types.DomainType;
import dev.retort.types.EnumType;
import dev.retort.types.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL enum types and domains under a schema translate map: named in the translated schema,
 * as SQLAlchemy 2.1.1 writes them with {@code render_schema_translate=True}.
 */
class PostgresqlNamedTypeSchemaTranslateTest {

    private static SchemaTranslateMap map(String from, String to) {
        Map<String, String> m = new HashMap<>();
        m.put(from, to);
        return SchemaTranslateMap.of(m);
    }

    private static String sql(ClauseElement e, SchemaTranslateMap m) {
        return e.compile(Dialects.postgresql(), m).string();
    }

    /**
     * Expected strings printed by SQLAlchemy 2.1.1: {@code pg.ENUM("a", "b", name="mood", schema="tenant")},
     * {@code pg.ENUM(..., name="mood2")}, {@code pg.DOMAIN("pos", Integer, check="VALUE > 0", schema="tenant")},
     * {@code pg.DOMAIN("pos2", Integer)}, compiled with each map (the CREATE TABLE without its surrounding newlines).
     */
    @Test
    void namedTypesRenderInTheTranslatedSchema() {
        EnumType<String> mood = Types.enumOf("mood", "a", "b").schema("tenant");
        EnumType<String> mood2 = Types.enumOf("mood2", "a", "b");
        DomainType<Integer> pos = Types.domain("pos", Types.INTEGER, "CHECK (VALUE > 0)").schema("tenant");
        DomainType<Integer> pos2 = Types.domain("pos2", Types.INTEGER, null);
        MetaData md = new MetaData();
        Table t = new Table("t", md, Column.of("x", mood), Column.of("y", mood2), Column.of("z", pos), Column.of("w", pos2),
                Column.of("arr", Types.array(mood)));

        SchemaTranslateMap tenant = map("tenant", "t2");
        assertThat(sql(new CreateTable(t), tenant)).isEqualTo("CREATE TABLE t (\n\tx t2.mood, \n\ty mood2, \n\tz t2.pos, \n\tw pos2, \n\tarr t2.mood[]\n)");
        assertThat(sql(select(cast(t.c("x"), mood)), tenant)).isEqualTo("SELECT CAST(t.x AS t2.mood) AS x \nFROM t");
        assertThat(sql(new CreateEnumType(mood), tenant)).isEqualTo("CREATE TYPE t2.mood AS ENUM ('a', 'b')");
        assertThat(sql(new DropEnumType(mood), tenant)).isEqualTo("DROP TYPE t2.mood");
        assertThat(sql(select(cast(t.c("x"), mood2)), tenant)).isEqualTo("SELECT CAST(t.x AS mood2) AS x \nFROM t");
        assertThat(sql(select(cast(t.c("x"), pos)), tenant)).isEqualTo("SELECT CAST(t.x AS t2.pos) AS x \nFROM t");
        assertThat(sql(new CreateDomainType(pos), tenant)).isEqualTo("CREATE DOMAIN t2.pos AS INTEGER CHECK (VALUE > 0)");
        assertThat(sql(new DropDomainType(pos), tenant)).isEqualTo("DROP DOMAIN t2.pos");

        SchemaTranslateMap none = map(null, "t2");
        assertThat(sql(new CreateTable(t), none))
                .isEqualTo("CREATE TABLE t2.t (\n\tx tenant.mood, \n\ty t2.mood2, \n\tz tenant.pos, \n\tw t2.pos2, \n\tarr tenant.mood[]\n)");
        assertThat(sql(select(cast(t.c("x"), mood2)), none)).isEqualTo("SELECT CAST(t2.t.x AS t2.mood2) AS x \nFROM t2.t");
        assertThat(sql(new CreateEnumType(mood2), none)).isEqualTo("CREATE TYPE t2.mood2 AS ENUM ('a', 'b')");
        assertThat(sql(new DropEnumType(mood2), none)).isEqualTo("DROP TYPE t2.mood2");
        assertThat(sql(select(cast(t.c("x"), pos2)), none)).isEqualTo("SELECT CAST(t2.t.x AS t2.pos2) AS x \nFROM t2.t");
        assertThat(sql(new DropDomainType(pos2), none)).isEqualTo("DROP DOMAIN t2.pos2");

        SchemaTranslateMap quoted = map(null, "Q s");
        assertThat(sql(select(cast(t.c("x"), mood2)), quoted)).isEqualTo("SELECT CAST(\"Q s\".t.x AS \"Q s\".mood2) AS x \nFROM \"Q s\".t");
        assertThat(sql(select(cast(t.c("x"), mood)), quoted)).isEqualTo("SELECT CAST(\"Q s\".t.x AS tenant.mood) AS x \nFROM \"Q s\".t");
    }

    private static List<Object> schemasOfType(Engine engine, String type) {
        return engine.transaction(c -> c.execute(text("SELECT n.nspname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                + " WHERE t.typname = :t ORDER BY n.nspname"), Map.of("t", type)).scalars());
    }

    /** One MetaData, two tenants: createAll creates the enum type in each tenant's schema, dropAll drops only that tenant's. */
    @Test
    void createAllAndDropAllPerTenantOnPostgresql() {
        Engine engine = Databases.postgresql();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String a = "tea_" + suffix;
        String b = "teb_" + suffix;
        String typeName = "mood_" + suffix;
        engine.inTransaction(c -> c.execute(text("CREATE SCHEMA " + a + "; CREATE SCHEMA " + b)));
        try {
            MetaData metadata = new MetaData();
            EnumType<String> mood = Types.enumOf(typeName, "happy", "sad");
            Table people = new Table("people", metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false), Column.of("mood", mood));
            Engine ea = engine.withSchemaTranslateMap(map(null, a).asMap());
            Engine eb = engine.withSchemaTranslateMap(map(null, b).asMap());
            metadata.createAll(ea);
            metadata.createAll(eb);
            metadata.createAll(eb);
            assertThat(schemasOfType(engine, typeName)).containsExactly(a, b);

            try (Connection c = ea.begin()) {
                c.execute(insert(people), Map.of("id", 1, "mood", "happy"));
            }
            try (Connection c = eb.begin()) {
                c.execute(insert(people), Map.of("id", 1, "mood", "sad"));
            }
            var moods = select(people.c("mood"), cast(literal("sad"), mood)).orderBy(people.c("id"));
            assertThat(ea.transaction(c -> c.execute(moods).all()).get(0).get(0)).isEqualTo("happy");
            assertThat(eb.transaction(c -> c.execute(moods).all()).get(0).get(0)).isEqualTo("sad");
            assertThat(eb.transaction(c -> c.execute(moods).all()).get(0).get(1)).isEqualTo("sad");

            metadata.dropAll(ea);
            assertThat(schemasOfType(engine, typeName)).containsExactly(b);
            int left = eb.transaction(c -> c.execute(moods).all().size());
            assertThat(left).isEqualTo(1);
            metadata.dropAll(eb);
            assertThat(schemasOfType(engine, typeName)).isEmpty();
        } finally {
            engine.inTransaction(c -> c.execute(text("DROP SCHEMA " + a + " CASCADE; DROP SCHEMA " + b + " CASCADE")));
        }
    }
}
