package dev.retort.types;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static dev.retort.sql.SQL.typeCoerce;
import static dev.retort.sql.SQL.union;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.BindParameter;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.CompileOption;
import dev.retort.sql.TableClause;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.TypeDecoratorTest.Money;
import dev.retort.types.TypeDecoratorTest.NullAsEmpty;
import dev.retort.types.TypeDecoratorTest.PassThrough;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The type hooks the compiler calls: {@code bindExpression}/{@code columnExpression} (SQL around
 * parameters and selected columns), {@code coerceComparedValue} (the type a compared plain
 * value is bound as), {@code coerceToIs} (whether {@code eq(null)} is {@code IS NULL}), and
 * literal rendering through the type.
 */
class TypeCompilerHooksTest {
    private static final Dialect SQLITE = Dialects.sqlite();

    /** Text the database passes through one SQL function when bound and through another when selected. */
    static final class Wrapped extends PassThrough {
        private final String bindFunction;
        private final String columnFunction;

        Wrapped(String bindFunction, String columnFunction) {
            super(Types.string(50));
            this.bindFunction = bindFunction;
            this.columnFunction = columnFunction;
        }

        @Override
        public ColumnElement<?> bindExpression(BindParameter<String> bind) {
            return func(bindFunction, bind);
        }

        @Override
        public ColumnElement<?> columnExpression(ColumnElement<String> column) {
            return func(columnFunction, column);
        }

        @Override
        public boolean cacheOk() {
            return true;
        }
    }

    /** Case-insensitive text: lower-cased by the database when bound and when selected. */
    static Wrapped lowerCase() {
        return new Wrapped("lower", "lower");
    }

    /** Lower-cased when bound, upper-cased when read: SQLAlchemy's round-trip fixture. */
    static Wrapped lowerInUpperOut() {
        return new Wrapped("lower", "upper");
    }

    private final TableClause t = table("t", column("name", lowerCase()), column("price", new Money()), column("note", new NullAsEmpty()));

    @Test
    void bindAndColumnExpressionsWrapTheSql() {
        assertThat(select(t.c("name")).where(t.c("name").eq("ABC")).compile(SQLITE).string().replace(" \n", " "))
                .isEqualTo("SELECT lower(t.name) AS name FROM t WHERE t.name = lower(?)");
        assertThat(select(t.c("name").label("n")).compile(SQLITE).string()).startsWith("SELECT lower(t.name) AS n");
        assertThat(insert(t).values(Map.of("name", "ABC")).compile(SQLITE).string()).isEqualTo("INSERT INTO t (name) VALUES (lower(?))");
        assertThat(select(select(t.c("name")).subquery("s")).compile(SQLITE).string().replace(" \n", " "))
                .as("only the columns whose rows are read").isEqualTo("SELECT lower(s.name) AS name FROM (SELECT t.name AS name FROM t) AS s");
    }

    @Test
    void literalsRenderThroughTheDecorator() {
        assertThat(select(t.c("price")).where(t.c("price").eq(new BigDecimal("12.34"))).compile(SQLITE, CompileOption.LITERAL_BINDS).string())
                .endsWith("t.price = 1234");
    }

    @Test
    void aComparedPlainValueIsBoundThroughTheDecorator() {
        var key = select(t).where(t.c("price").eq("12.34")).cacheKey();
        assertThat(key.bindParams().get(0).type()).isInstanceOf(Money.class);
    }

    @Test
    void aTypeMayCompareNullWithEquals() {
        var c = select(t.c("name")).where(t.c("note").eq(null)).compile(SQLITE);
        assertThat(c.string()).endsWith("t.note = ?");
        assertThat(c.params()).containsValue(null);
    }

    @Test
    void onlyNullComparesWithIs() {
        PassThrough everything = new PassThrough(Types.STRING) {
            @Override
            public boolean coerceToIs(Object value) {
                return true;
            }
        };
        assertThatThrownBy(() -> column("x", everything).eq("a")).isInstanceOf(ArgumentException.class).hasMessageContaining("Only null");
        assertThat(select(column("x", everything)).where(column("x", everything).lt("a")).compile(SQLITE).string()).endsWith("x < ?");
    }

    @Test
    void eachItemOfAnInListIsWrapped() {
        var stmt = select(t.c("name")).where(t.c("name").in(List.of("A", "B")));
        assertThat(stmt.compile(Dialects.defaultDialect()).string()).endsWith("t.name IN (lower(:name_1_1), lower(:name_1_2))");
        assertThat(stmt.compile(SQLITE, CompileOption.LITERAL_BINDS).string()).endsWith("t.name IN (lower('A'), lower('B'))");
    }

    @Test
    void everySelectOfAReadCompoundWrapsItsColumns() {
        var u = union(select(t.c("name")), select(t.c("name")));
        assertThat(u.compile(SQLITE).string().replace(" \n", " ")).isEqualTo("SELECT lower(t.name) AS name FROM t UNION SELECT lower(t.name) AS name FROM t");
        assertThat(select(u.subquery("u")).compile(SQLITE).string().replace(" \n", " "))
                .as("in a subquery the outer SELECT wraps").startsWith("SELECT lower(u.name) AS name FROM (SELECT t.name AS name FROM t UNION");
    }

    @Test
    void typeCoerceWritesNoCastAndTakesTheTypesExpressions() {
        TableClause plain = table("p", column("a", Types.string(50)), column("b", Types.INTEGER), column("c", Types.INTEGER));
        var coerced = typeCoerce(plain.c("a"), lowerInUpperOut());
        assertThat(select(coerced, plain.c("a")).compile(SQLITE).string().replace(" \n", " "))
                .isEqualTo("SELECT upper(p.a) AS a, p.a AS a_1 FROM p");
        assertThat(select(plain.c("a")).where(plain.c("a").eq(typeCoerce("X", lowerInUpperOut()))).compile(SQLITE).string())
                .endsWith("p.a = lower(?)");
        assertThat(select(column("z").floorDiv(typeCoerce(plain.c("b").mul(plain.c("c")), Types.INTEGER))).compile(SQLITE).string())
                .contains("/ (p.b * p.c)");
    }

    @EachDatabase
    void valuesRoundTripThroughBothExpressions(Database db) {
        MetaData md = new MetaData();
        Table h = new Table("lowup_" + UUID.randomUUID().toString().substring(0, 8), md,
                Column.of("id", Types.INTEGER).primaryKey(), Column.of("x", Types.string(50)), Column.of("y", lowerInUpperOut()));
        md.createAll(db.engine());
        try (Connection conn = db.engine().connect()) {
            conn.execute(insert(h), List.of(Map.of("id", 1, "x", "X1", "y", "Y1"), Map.of("id", 2, "x", "X2", "y", "Y2")));
            try (Statement s = conn.jdbc().createStatement(); ResultSet rs = s.executeQuery("SELECT y FROM " + h.name() + " ORDER BY id")) {
                rs.next();
                assertThat(rs.getString(1)).as("stored through lower(?)").isEqualTo("y1");
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
            assertThat(conn.execute(select(h.c("y")).orderBy(h.c("id"))).scalars()).as("read through upper()").containsExactly("Y1", "Y2");
            assertThat(conn.execute(select(h.c("id")).where(h.c("y").in(List.of("Y2", "nothing")))).scalars()).containsExactly(2);
            assertThat(conn.execute(union(select(h.c("y")).where(h.c("id").eq(1)), select(h.c("y")).where(h.c("id").eq(2)))).scalars())
                    .containsExactlyInAnyOrder("Y1", "Y2");
            assertThat(conn.execute(select(typeCoerce(h.c("x"), lowerInUpperOut())).where(h.c("id").eq(1))).scalar())
                    .as("a plain column coerced reads through upper()").isEqualTo("X1");
            List<?> matched = conn.execute(select(h.c("id")).where(h.c("x").eq(typeCoerce("X1", lowerInUpperOut())))).scalars();
            if (db == Database.MARIADB) {
                assertThat(matched).as("MariaDB's default collation ignores case").hasSize(1);
            } else {
                assertThat(matched).as("x1 bound through lower() matches no X1").isEmpty();
            }
            assertThat(conn.execute(insert(h).values(Map.of("id", 3, "x", "X3", "y", "Y3")).returning(h.c("y"))).scalar())
                    .as("RETURNING reads through upper()").isEqualTo("Y3");
        } finally {
            md.dropAll(db.engine());
        }
    }

    @EachDatabase
    void theHooksWorkOnEveryDatabase(Database db) {
        MetaData md = new MetaData();
        Table h = new Table("hooks_" + UUID.randomUUID().toString().substring(0, 8), md,
                Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", lowerCase()),
                Column.of("price", new Money()), Column.of("note", new NullAsEmpty()));
        md.createAll(db.engine());
        try (Connection conn = db.engine().connect()) {
            Map<String, Object> row = new HashMap<>(Map.of("id", 1, "name", "MiXed", "price", new BigDecimal("1.50")));
            row.put("note", null);
            conn.execute(insert(h), row);
            try (Statement s = conn.jdbc().createStatement()) {
                s.executeUpdate("INSERT INTO " + h.name() + " (id, name, note) VALUES (2, 'UPPER', 'x')");
                try (ResultSet rs = s.executeQuery("SELECT name, note FROM " + h.name() + " WHERE id = 1")) {
                    rs.next();
                    assertThat(rs.getString(1)).as("lower(?) ran in the database").isEqualTo("mixed");
                    assertThat(rs.getString(2)).as("null stored as ''").isEqualTo("");
                }
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
            assertThat(conn.execute(select(h.c("name")).where(h.c("id").eq(2))).scalar()).as("lower(name) selected").isEqualTo("upper");
            assertThat(conn.execute(select(h.c("id")).where(h.c("name").eq("MIXED"))).scalars()).containsExactly(1);
            assertThat(conn.execute(select(h.c("id")).where(h.c("price").eq("1.5"))).scalars()).containsExactly(1);
            assertThat(conn.execute(select(h.c("id")).where(h.c("note").eq(null))).scalars()).containsExactly(1);
        } finally {
            md.dropAll(db.engine());
        }
    }
}
