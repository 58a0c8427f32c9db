package dev.retort.schema;

import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.testing.Databases;
import dev.retort.types.DomainType;
import dev.retort.types.EnumType;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Sequences, domains and enum types whose names, schemas and options hold quotes, backquotes,
 * semicolons, comment openers, dots and backslashes, made, used and dropped on the real servers:
 * each name is one identifier (the object exists under exactly that name), and a canary table the
 * names try to drop survives. The names come from code here, but a migration may take them from
 * a reflected database, which is input like any other.
 */
class HostileSchemaNamesTest {
    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 6);
    }

    @Test
    void postgresqlSequencesDomainsAndEnumTypesKeepHostileNamesWhole() {
        Engine engine = Databases.postgresql();
        String s = suffix();
        String canary = "canary_" + s;
        String schema = "sc\"h'; DROP TABLE " + canary + ";--" + s;
        String seqName = "s\"e'q.x\\; DROP TABLE " + canary + "--" + s;
        try (Connection c = engine.begin()) {
            c.execute(text("CREATE TABLE " + canary + " (id INTEGER)"));
            c.execute(text("CREATE SCHEMA " + engine.dialect().quoteIdentifier(schema)));
        }
        Sequence seq = new Sequence(seqName).schema(schema).start(40).increment(2);
        DomainType<String> domain = Types.domain("d'o\"m; DROP TABLE " + canary + s, Types.TEXT).schema(schema).collation("C")
                .constraintName("c\"k'" + s).notNull(true).defaultValue("it's; DROP TABLE " + canary);
        EnumType<String> mood = Types.enumOf("m\"o'o;d" + s, "a'b", "c\"d", "e\\f").schema(schema);
        MetaData md = new MetaData();
        Table t = new Table("hostile_" + s, md, Column.of("id", Types.INTEGER).primaryKey().sequence(seq),
                Column.of("note", domain), Column.of("mood", mood));
        try {
            md.createAll(engine);
            try (Connection c = engine.begin()) {
                c.execute(insert(t).values(Map.of("mood", "c\"d")));
                c.execute(insert(t).values(Map.of("note", "x", "mood", "e\\f")));
                assertThat(c.execute(select(t.c("id"), t.c("note"), t.c("mood")).orderBy(t.c("id"))).all().stream()
                        .map(r -> List.of(r.get(0), r.get(1), r.get(2))).toList())
                        .isEqualTo(List.of(List.of(40, "it's; DROP TABLE " + canary, "c\"d"), List.of(42, "x", "e\\f")));
                assertThat(((Number) c.execute(select(seq.nextValue())).scalar()).longValue()).isEqualTo(44L);
                assertThat(c.execute(text("SELECT count(*) FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace"
                        + " WHERE n.nspname = :s AND k.relname = :q AND k.relkind = 'S'").bindparams(Map.of("s", schema, "q", seqName))).scalar())
                        .isEqualTo(1L);
                assertThat(c.execute(text("SELECT count(*) FROM pg_type y JOIN pg_namespace n ON n.oid = y.typnamespace"
                        + " WHERE n.nspname = :s AND y.typname IN (:d, :e)").bindparams(Map.of("s", schema, "d", domain.name(), "e", mood.name())))
                        .scalar()).isEqualTo(2L);
            }
            md.dropAll(engine);
            try (Connection c = engine.connect()) {
                assertThat(c.execute(text("SELECT count(*) FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace WHERE n.nspname = :s")
                        .bindparams(Map.of("s", schema))).scalar()).as("all dropped").isEqualTo(0L);
            }
        } finally {
            try (Connection c = engine.begin()) {
                c.execute(text("DROP SCHEMA IF EXISTS " + engine.dialect().quoteIdentifier(schema) + " CASCADE"));
                assertThat(c.execute(text("SELECT to_regclass('" + canary + "') IS NOT NULL")).scalar()).as("canary survives").isEqualTo(true);
                c.execute(text("DROP TABLE " + canary));
            }
        }
    }

    @Test
    void mariadbSequencesKeepHostileNamesWhole() {
        Engine engine = Databases.mariadb();
        String s = suffix();
        String canary = "canary_" + s;
        Sequence seq = new Sequence("s`e'q\"x\\; DROP TABLE " + canary + "-- " + s).start(7);
        MetaData md = new MetaData();
        Table t = new Table("hostile_" + s, md, Column.of("id", Types.INTEGER).primaryKey().sequence(seq), Column.of("v", Types.string(5)));
        try (Connection c = engine.begin()) {
            c.execute(text("CREATE TABLE " + canary + " (id INTEGER)"));
        }
        try {
            md.createAll(engine);
            try (Connection c = engine.begin()) {
                c.execute(insert(t).values(Map.of("v", "a")));
                assertThat(((Number) c.execute(select(t.c("id"))).scalar()).intValue()).isEqualTo(7);
                assertThat(((Number) c.execute(select(seq.nextValue())).scalar()).longValue()).isEqualTo(8L);
                assertThat(((Number) c.execute(text("SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE()"
                        + " AND table_name = :n AND table_type = 'SEQUENCE'").bindparams(Map.of("n", seq.name()))).scalar()).intValue()).isEqualTo(1);
            }
            md.dropAll(engine);
        } finally {
            try (Connection c = engine.begin()) {
                c.execute(text("DROP TABLE IF EXISTS " + engine.dialect().quoteIdentifier(t.name())));
                c.execute(text("DROP SEQUENCE IF EXISTS " + engine.dialect().quoteIdentifier(seq.name())));
                assertThat(((Number) c.execute(text("SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE()"
                        + " AND table_name = :n").bindparams(Map.of("n", canary))).scalar()).intValue()).as("canary survives").isEqualTo(1);
                c.execute(text("DROP TABLE " + canary));
            }
        }
    }
}
