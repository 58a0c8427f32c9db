package dev.retort.engine;

import static dev.retort.sql.SQL.bindparam;
import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.literal;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.text;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A decimal of more than 15 significant digits (not a 64-bit integer) on SQLite: bound as its
 * exact text, and read back exact, only where SQLite provably keeps the text (a bare column of
 * the outermost SELECT; stored into, or compared with, a table's TEXT column); refused everywhere
 * else, as NUMERIC affinity may turn it into a REAL of 15 digits ({@code n = '0.10000000000000000001'}
 * matches a stored 0.1).
 */
class SqliteDecimalAffinityTest {
    private static final BigDecimal LONG = new BigDecimal("123456789012.123456789");

    /** {@code id}, {@code n NUMERIC(30, 10)} and {@code s TEXT}. */
    private static Table table(MetaData md) {
        return new Table("dec_affinity_" + UUID.randomUUID().toString().substring(0, 8), md, Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("n", Types.numeric(30, 10)), Column.of("s", Types.TEXT));
    }

    private static void refused(Runnable r) {
        assertThatThrownBy(r::run).isInstanceOf(ArgumentException.class).hasMessageContaining("15 significant digits");
    }

    @Test
    void aSelectedDecimalComesBackExact() {
        try (Connection conn = Databases.sqlite().connect()) {
            assertThat(conn.execute(select(literal(LONG))).scalar()).isEqualTo(LONG);
            assertThat(conn.execute(select(bindparam("x", LONG, Types.numeric(30, 9)))).scalar()).isEqualTo(LONG);
            assertThat(conn.execute(select(literal(LONG).label("q"), literal(1))).all().get(0).get(0)).isEqualTo(LONG);
        }
    }

    @Test
    void aDecimalStoredIntoATextColumnOrComparedWithOneIsExact() {
        MetaData md = new MetaData();
        Table t = table(md);
        Engine engine = Databases.sqlite();
        md.createAll(engine);
        try (Connection conn = engine.connect()) {
            conn.execute(insert(t).values(Map.of("id", 1, "s", literal(LONG))));
            assertThat(conn.execute(select(t.c("s")).where(t.c("s").eq(literal(LONG)))).scalar()).isEqualTo(LONG.toPlainString());
            BigDecimal other = LONG.add(new BigDecimal("0.000000001"));
            conn.execute(update(t).values(Map.of("s", bindparam("v", other, Types.numeric(30, 9)))));
            conn.execute(insert(t).values(Map.of("id", 2, "s", "x")).onConflictDoUpdate(List.of(t.c("id")), Map.of("s", literal(LONG))));
            assertThat(conn.execute(select(t.c("s")).orderBy(t.c("id"))).all().stream().map(r -> r.get(0)).toList())
                    .containsExactly(other.toPlainString(), "x");
            conn.execute(insert(t).values(Map.of("id", 1, "s", "x")).onConflictDoUpdate(List.of(t.c("id")), Map.of("s", literal(LONG))));
            assertThat(conn.execute(select(t.c("s")).where(t.c("id").eq(1))).scalar()).isEqualTo(LONG.toPlainString());
        } finally {
            md.dropAll(engine);
        }
    }

    @Test
    void aDecimalStoredIntoOrComparedWithANumericColumnIsRefused() {
        MetaData md = new MetaData();
        Table t = table(md);
        Engine engine = Databases.sqlite();
        md.createAll(engine);
        try (Connection conn = engine.connect()) {
            refused(() -> conn.execute(insert(t), Map.of("id", 1, "n", LONG)));
            refused(() -> conn.execute(insert(t), List.of(Map.of("id", 1, "n", BigDecimal.ONE), Map.of("id", 2, "n", LONG))));
            conn.execute(insert(t), Map.of("id", 1, "n", new BigDecimal("0.1")));
            refused(() -> conn.execute(update(t).values(Map.of("n", LONG))));
            refused(() -> conn.execute(insert(t).values(Map.of("id", 1, "n", BigDecimal.ONE)).onConflictDoUpdate(List.of(t.c("id")), Map.of("n", literal(LONG)))));
            refused(() -> conn.updateRows(t, List.of(t.c("n")), List.of(t.c("id")), List.<Object[]>of(new Object[] {LONG, 1}), List.of()));
            // SQLite compares the text as the REAL it rounds to: 0.10000000000000000001 would match the stored 0.1
            refused(() -> conn.execute(select(t.c("id")).where(t.c("n").eq(new BigDecimal("0.10000000000000000001")))).all());
            refused(() -> conn.execute(select(t.c("id")).where(t.c("n").in(List.of(BigDecimal.ONE, new BigDecimal("0.10000000000000000001"))))).all());
            // each of these rounded silently, or matched the stored 0.1, when only the two cases above were refused
            BigDecimal near = new BigDecimal("0.10000000000000000001");
            refused(() -> conn.execute(insert(t).fromSelect(List.of("id", "n"), select(literal(12), literal(LONG)))));
            refused(() -> conn.execute(update(t).where(t.c("id").eq(1)).values(Map.of("n", func("coalesce", bindparam("v", LONG, Types.numeric(30, 9)), literal(0))))));
            refused(() -> conn.execute(select(t.c("id")).where(t.c("n").between(near, near))).all());
            refused(() -> conn.execute(select(t.c("id")).where(literal(near).eq(t.c("n")))).all());
            refused(() -> conn.execute(select(t.c("id")).where(t.c("n").label("q").eq(near))).all());
            refused(() -> conn.execute(select(t.c("id")).where(t.c("n").isDistinctFrom(near))).all());
            refused(() -> conn.execute(text("INSERT INTO " + t.name() + " (id, n) VALUES (5, :x)"), Map.of("x", LONG)));
            refused(() -> conn.execute(text("SELECT :x"), Map.of("x", LONG)).scalar());
            // a lightweight column typed TEXT over the real NUMERIC column: its declared type proves nothing
            var lightweight = dev.retort.sql.SQL.table(t.name(), column("id", Types.INTEGER), column("n", Types.TEXT));
            refused(() -> conn.execute(select(lightweight.c("id")).where(lightweight.c("n").eq(literal(near)))).all());
            // a selected column inside an expression is not bare
            refused(() -> conn.execute(select(func("coalesce", literal(LONG), literal(0)))).scalar());
            refused(() -> conn.execute(select(t.c("id")).where(t.c("n").eq(select(literal(near)).scalarSubquery()))).all());
            assertThat(conn.execute(select(t.c("n")).where(t.c("id").eq(1))).scalar()).isEqualTo(new BigDecimal("0.1000000000"));
            assertThat(conn.execute(select(t.c("id"))).all()).hasSize(1);
        } finally {
            md.dropAll(engine);
        }
    }
}
