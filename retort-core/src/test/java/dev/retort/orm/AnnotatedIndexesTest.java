package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Inspector;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.exc.ArgumentException;
import dev.retort.schema.CreateIndex;
import dev.retort.schema.Index;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.UniqueConstraint;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Registry.map() of {@code @Table(indexes, uniqueConstraints)} and {@code @Column(unique)}: created, reflected back. */
class AnnotatedIndexesTest {
    @Entity
    @jakarta.persistence.Table(indexes = {
            @jakarta.persistence.Index(name = "ix_line_order_sku", columnList = "order_id, sku DESC"),
            @jakarta.persistence.Index(columnList = "qty", unique = true),
            @jakarta.persistence.Index(name = "ix_line_sku_desc", columnList = "sku desc")},
            uniqueConstraints = @UniqueConstraint(name = "uq_line_ref", columnNames = {"ref", "order_id"}))
    public static class Line {
        @Id @GeneratedValue Long id;
        @Column(name = "order_id") Long orderId;
        String sku;
        Integer qty;
        String ref;
        @Column(unique = true) String code;

        public Line() {
        }
    }

    @Entity
    @jakarta.persistence.Table(indexes = @jakarta.persistence.Index(columnList = "orderId"))
    public static class BadLine {
        @Id @GeneratedValue Long id;
        @Column(name = "order_id") Long orderId;

        public BadLine() {
        }
    }

    @Entity
    @jakarta.persistence.Table(indexes = @jakarta.persistence.Index(columnList = "sku DOWN"))
    public static class BadOrder {
        @Id @GeneratedValue Long id;
        String sku;

        public BadOrder() {
        }
    }

    @EachDatabase
    void theIndexesAndUniqueConstraintsAreCreatedAsDeclared(Databases.Database db) throws SQLException {
        Engine engine = db.engine();
        try (OrmTestDatabase fixture = new OrmTestDatabase().suffixingMappedTables()) {
            fixture.registry.map(Line.class);
            Table table = fixture.metadata.table("Line" + fixture.suffix);
            Index named = table.indexes().stream().filter(i -> i.name().equals("ix_line_order_sku")).findFirst().orElseThrow();
            assertThat(new CreateIndex(named).compile(engine.dialect()).string())
                    .matches("(?s)CREATE INDEX ix_line_order_sku ON \\W?Line" + fixture.suffix + "\\W? \\(order_id, sku DESC\\)");
            fixture.start(engine);
            try (Connection conn = engine.connect()) {
                Inspector inspector = engine.dialect().inspector();
                String schema = inspector.defaultSchema(conn.jdbc());
                var indexes = inspector.indexes(conn.jdbc(), schema, table.name());
                assertThat(indexes).filteredOn(i -> i.name().equals("ix_line_order_sku"))
                        .singleElement().satisfies(i -> {
                            assertThat(i.unique()).isFalse();
                            assertThat(i.elements()).containsExactly("order_id", "sku");
                        });
                // an index of DESC columns only is the table's too
                assertThat(indexes).filteredOn(i -> i.name().equals("ix_line_sku_desc")).singleElement()
                        .satisfies(i -> assertThat(i.elements()).containsExactly("sku"));
                // unnamed: the default naming convention's ix_<column_0_label>; MariaDB reports a unique index as a unique constraint
                String qty = "ix_Line" + fixture.suffix + "_qty";
                if (engine.dialect().name().equals("mariadb") || engine.dialect().name().equals("mysql")) {
                    assertThat(inspector.uniqueConstraints(conn.jdbc(), schema, table.name()))
                            .filteredOn(u -> u.name().equalsIgnoreCase(qty)).singleElement()
                            .satisfies(u -> assertThat(u.columns()).containsExactly("qty"));
                } else {
                    assertThat(indexes).filteredOn(i -> i.name().equalsIgnoreCase(qty))
                            .singleElement().satisfies(i -> {
                                assertThat(i.unique()).isTrue();
                                assertThat(i.elements()).containsExactly("qty");
                            });
                }
                var uniques = new java.util.ArrayList<java.util.List<String>>();
                inspector.uniqueConstraints(conn.jdbc(), schema, table.name()).forEach(u -> uniques.add(u.columns()));
                if (!engine.dialect().name().equals("sqlite")) {
                    assertThat(inspector.uniqueConstraints(conn.jdbc(), schema, table.name())).extracting(Inspector.ConstraintInfo::name)
                            .contains("uq_line_ref");
                }
                assertThat(uniques).contains(java.util.List.of("ref", "order_id"), java.util.List.of("code"));
            }
        }
    }

    @Test
    void aColumnListNameThatIsNoColumnIsRefusedNamingTheEntityAndTheColumn() {
        Registry registry = new Registry(new MetaData());
        try {
            assertThatThrownBy(() -> registry.map(BadLine.class)).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining(BadLine.class.getName()).hasMessageContaining("'orderId'").hasMessageContaining("order_id");
            assertThatThrownBy(() -> registry.map(BadOrder.class)).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining(BadOrder.class.getName()).hasMessageContaining("sku DOWN");
        } finally {
            registry.dispose();
        }
    }
}
