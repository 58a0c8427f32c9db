package dev.retort.codegen;

import static dev.retort.codegen.GeneratedSources.staticField;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Dialect;
import dev.retort.schema.Column;
import dev.retort.schema.CreateSequence;
import dev.retort.schema.CreateTable;
import dev.retort.schema.MetaData;
import dev.retort.schema.Sequence;
import dev.retort.schema.Table;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.ScratchDatabase;
import dev.retort.types.DomainType;
import dev.retort.types.Types;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sequences, domains and enum types through code generation on PostgreSQL: a schema is created,
 * reflected, generated as Java, compiled and loaded, and the generated {@code METADATA} writes the
 * same DDL as the schema declared by hand.
 */
class SchemaObjectsRoundTripTest {
    @TempDir
    Path dir;

    private final String s = "_" + UUID.randomUUID().toString().substring(0, 8);

    private MetaData source() {
        MetaData md = new MetaData();
        md.addSequence(new Sequence("order_no").start(1000).increment(10).maxValue(99_999).cache(5).cycle(true));
        md.addSequence(new Sequence("countdown").dataType(Types.INTEGER).increment(-1).start(-5));
        DomainType<Integer> positive = Types.domain("positive", Types.INTEGER).defaultValue(1).notNull(true).check("VALUE > 0");
        DomainType<String> code = Types.domain("code", Types.TEXT).collation("C").constraintName("ck_code").check("length(VALUE) > 1");
        new Table("orders", md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("qty", positive).nullable(false), Column.of("code", code),
                Column.of("mood", Types.enumOf("mood", "sad", "ok", "happy")),
                // a type of another schema keeps it
                Column.of("level", Types.enumOf("level" + s, "low", "high").schema("public")));
        return md;
    }

    /** Every CREATE the metadata makes: sequences, then each table's types and the table, in name order. */
    private static List<String> ddl(MetaData md, Dialect dialect) {
        List<String> out = new ArrayList<>();
        md.sequences().values().stream().sorted(Comparator.comparing(Sequence::key)).forEach(seq -> out.add(new CreateSequence(seq).compile(dialect).string()));
        for (Table t : md.tables().values().stream().sorted(Comparator.comparing(Table::key)).toList()) {
            t.columns().forEach(c -> out.addAll(dialect.createTypeStatements(c.type())));
            out.add(new CreateTable(t).compile(dialect).string());
        }
        return out;
    }

    /** The DDL of {@code source} created on the scratch database, and of the metadata generated from it, compiled and loaded. */
    private List<List<String>> roundTrip(ScratchDatabase scratch, MetaData source, java.util.function.Consumer<Map<String, String>> checkSources) throws Exception {
        source.createAll(scratch.engine());
        try {
            Map<String, String> sources = CodeGenerator.builder().packageName("com.acme.db").build().generate(scratch.engine());
            checkSources.accept(sources);
            MetaData generated = (MetaData) staticField(GeneratedSources.compile(sources, dir), "com.acme.db.Tables", "METADATA");
            Dialect d = scratch.engine().dialect();
            return List.of(ddl(source, d), ddl(generated, d));
        } finally {
            source.dropAll(scratch.engine());
        }
    }

    @Test
    void mariadbSequencesSurviveGeneration() throws Exception {
        // sequences only: a MariaDB table comes back with its storage options, which the source leaves to the server
        try (ScratchDatabase scratch = ScratchDatabase.create(Database.MARIADB)) {
            MetaData source = new MetaData();
            source.addSequence(new Sequence("order_no").start(1000).increment(10).maxValue(99_999).cache(5).cycle(true));
            source.addSequence(new Sequence("countdown").increment(-1).start(-5));
            List<List<String>> ddl = roundTrip(scratch, source, sources -> assertThat(sources.get("com/acme/db/Tables.java")).contains("COUNTDOWN", "ORDER_NO"));
            assertThat(ddl.get(1)).isEqualTo(ddl.get(0));
        }
    }

    @Test
    void postgresqlSequencesDomainsAndEnumsSurviveGeneration() throws Exception {
        try (ScratchDatabase scratch = ScratchDatabase.create(Database.POSTGRESQL)) {
            List<List<String>> ddl = roundTrip(scratch, source(), sources -> {
                assertThat(sources.get("com/acme/db/Tables.java"))
                        .contains("public static final dev.retort.schema.Sequence ORDER_NO = METADATA.addSequence(new dev.retort.schema.Sequence(\"order_no\")"
                                + ".start(1000L).increment(10L).maxValue(99999L).cache(5L).cycle(true));");
                assertThat(sources.get("com/acme/db/Orders.java"))
                        .contains("Types.domain(\"positive\", Types.INTEGER, null).defaultValue(dev.retort.sql.SQL.text(\"1\")).notNull(true).check(\"VALUE > 0\")")
                        .contains(".schema(\"public\")");
            });
            assertThat(ddl.get(1)).isEqualTo(ddl.get(0));
        }
    }
}
