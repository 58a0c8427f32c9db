package dev.retort.types;

import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.TypeDecoratorTest.Money;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** TypeDecorator on every database: what is stored (seen with plain JDBC), what is read, the DDL variants give. */
class TypeDecoratorDatabaseTest {
    private final MetaData md = new MetaData();
    private final Table t = new Table("money_" + UUID.randomUUID().toString().substring(0, 8), md,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("price", new Money()),
            Column.of("note", Types.string(20).withVariant(Types.TEXT, "postgresql")));

    /** The values of a column, in id order, as the driver returns them. */
    private List<Object> raw(Connection conn, String column) {
        List<Object> out = new ArrayList<>();
        try (Statement s = conn.jdbc().createStatement(); ResultSet rs = s.executeQuery("SELECT " + column + " FROM " + t.name() + " ORDER BY id")) {
            while (rs.next()) {
                Object v = rs.getObject(1);
                out.add(v instanceof Number n ? (Object) n.longValue() : v);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        return out;
    }

    @EachDatabase
    void aDecoratorStoresTheConvertedValueAndReadsBackTheOriginal(Database db) {
        md.createAll(db.engine());
        try (Connection conn = db.engine().connect()) {
            conn.execute(insert(t), List.of(Map.of("id", 1, "price", new BigDecimal("12.34")), Map.of("id", 2, "price", 5)));
            conn.execute(insert(t), Map.of("id", 3));
            assertThat(raw(conn, "price")).containsExactly(1234L, 500L, null);
            assertThat(conn.execute(select(t.c("price")).orderBy(t.c("id"))).scalars())
                    .containsExactly(new BigDecimal("12.34"), new BigDecimal("5.00"), null);
            assertThat(conn.execute(select(t.c("id")).where(t.c("price").gt(new BigDecimal("10")))).scalars())
                    .as("the compared value is bound through the decorator too").containsExactly(1);
            assertThat(conn.execute(select(t.c("id")).where(t.c("price").eq(null))).scalars()).containsExactly(3);
            assertThat(conn.execute(select(t.c("price").add(new BigDecimal("0.01"))).where(t.c("id").eq(1))).scalar())
                    .as("arithmetic keeps the type: 1234 + 1 cents").isEqualTo(new BigDecimal("12.35"));
        } finally {
            md.dropAll(db.engine());
        }
    }

    @EachDatabase
    void aVariantChangesTheDdlOfItsDialectOnly(Database db) {
        String ddl = new dev.retort.schema.CreateTable(t).compile(db.engine().dialect()).string();
        assertThat(ddl).contains("price BIGINT").contains(db == Database.POSTGRESQL ? "note TEXT" : "note VARCHAR(20)");
        md.createAll(db.engine());
        try (Connection conn = db.engine().connect()) {
            conn.execute(insert(t), Map.of("id", 1, "note", "x".repeat(20)));
            assertThat(raw(conn, "note")).containsExactly("x".repeat(20));
        } finally {
            md.dropAll(db.engine());
        }
    }
}
