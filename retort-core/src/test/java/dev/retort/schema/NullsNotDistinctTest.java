package dev.retort.schema;

import static dev.retort.sql.SQL.and;
import static dev.retort.sql.SQL.insert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.exc.IntegrityException;
import dev.retort.testing.Databases.Database;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** postgresql_nulls_not_distinct on an index and a unique constraint; expected SQL from SQLAlchemy 2.1.1's PGDialect. */
class NullsNotDistinctTest {
    private static Table table(MetaData md, String name, SchemaItem... constraints) {
        List<SchemaItem> items = new java.util.ArrayList<>(List.of(Column.of("data", Types.STRING), Column.of("data2", Types.INTEGER), Column.of("data3", Types.INTEGER)));
        items.addAll(List.of(constraints));
        return new Table(name, md, items.toArray(new SchemaItem[0]));
    }

    @Test
    void indexAndConstraintDdl() {
        Constraint uq1 = new UniqueConstraint("uq_data1", List.of("data")).dialectKw("postgresql_nulls_not_distinct", true);
        Constraint uq2 = new UniqueConstraint("uq_data2", List.of("data2")).dialectKw("postgresql_nulls_not_distinct", false);
        Constraint uq3 = new UniqueConstraint("uq_data3", List.of("data3"));
        Table t = table(new MetaData(), "test_tbl", uq1, uq2, uq3);
        Index complex = new Index("test_idx3_complex", t.c("data3")).dialectKw("postgresql_nulls_not_distinct", true)
                .dialectKw("postgresql_include", List.of("data2")).dialectKw("postgresql_where", and(t.c("data3").gt(5)))
                .dialectKw("postgresql_with", Map.of("fillfactor", 50));
        assertThat(new CreateIndex(complex).compile(Dialects.postgresql()).string())
                .isEqualTo("CREATE INDEX test_idx3_complex ON test_tbl (data3) INCLUDE (data2) NULLS NOT DISTINCT WITH (fillfactor = 50) WHERE data3 > 5");
        Index distinct = new Index("test_idx2", t.c("data2")).dialectKw("postgresql_nulls_not_distinct", false);
        assertThat(new CreateIndex(distinct).compile(Dialects.postgresql()).string()).isEqualTo("CREATE INDEX test_idx2 ON test_tbl (data2) NULLS DISTINCT");
        assertThat(new AddConstraint(uq1).compile(Dialects.postgresql()).string()).isEqualTo("ALTER TABLE test_tbl ADD CONSTRAINT uq_data1 UNIQUE NULLS NOT DISTINCT (data)");
        assertThat(new AddConstraint(uq2).compile(Dialects.postgresql()).string()).isEqualTo("ALTER TABLE test_tbl ADD CONSTRAINT uq_data2 UNIQUE NULLS DISTINCT (data2)");
        assertThat(new AddConstraint(uq3).compile(Dialects.postgresql()).string()).isEqualTo("ALTER TABLE test_tbl ADD CONSTRAINT uq_data3 UNIQUE (data3)");
        // another dialect leaves the PostgreSQL option out
        assertThat(new AddConstraint(uq1).compile(Dialects.mysql()).string()).isEqualTo("ALTER TABLE test_tbl ADD CONSTRAINT uq_data1 UNIQUE (data)");
    }

    /** PostgreSQL 15+: a second row of NULLs violates a NULLS NOT DISTINCT constraint. */
    @Test
    void aSecondNullIsADuplicate() {
        Engine engine = Database.POSTGRESQL.engine();
        MetaData md = new MetaData();
        String name = "nnd_" + UUID.randomUUID().toString().substring(0, 8);
        Table t = table(md, name, new UniqueConstraint(name + "_uq", List.of("data2")).dialectKw("postgresql_nulls_not_distinct", true));
        md.createAll(engine);
        try (Connection conn = engine.connect()) {
            conn.execute(insert(t).values(Map.of("data", "a")));
            assertThatThrownBy(() -> conn.execute(insert(t).values(Map.of("data", "b")))).isInstanceOf(IntegrityException.class);
        } finally {
            md.dropAll(engine);
        }
    }
}
