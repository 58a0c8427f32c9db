package dev.retort.sql;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.JdbcBinder;
import dev.retort.dialect.SqlCompiler;
import dev.retort.engine.Connection;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.MetaData;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import org.junit.jupiter.api.Test;

/**
 * A custom operator's options beyond precedence, comparison and type (format 1.12):
 * {@code naturalSelfPrecedent}, {@code eagerGrouping} and {@code visitName}. The expected SQL
 * is SQLAlchemy 2.1.1's for the same expressions ({@code operators.custom_op(...)}).
 */
class CustomOperatorOptionsTest {
    private static final TableClause T = table("t", column("x", Types.INTEGER), column("y", Types.INTEGER), column("z", Types.INTEGER));
    private static final CustomOperator ARROW = CustomOperator.of("->").precedence(15);
    private static final CustomOperator PLUS9 = CustomOperator.of("+").precedence(9);

    private static ColumnElement<Integer> c(String name) {
        return T.c(name, Integer.class);
    }

    @Test
    void aNaturallySelfPrecedentOperatorChainsWithoutParentheses() {
        CustomOperator natural = ARROW.naturalSelfPrecedent(true);
        assertThat(c("x").op(natural, c("y")).op(natural, c("z")).toString()).isEqualTo("t.x -> t.y -> t.z");
        assertThat(c("x").op(natural, c("y")).op(natural, c("z")).add(1).toString()).isEqualTo("t.x -> t.y -> t.z + :param_1");
        // without the option an operand of the same precedence is grouped
        assertThat(c("x").op(ARROW, c("y")).op(ARROW, c("z")).toString()).isEqualTo("(t.x -> t.y) -> t.z");
    }

    @Test
    void anEagerlyGroupingOperatorIsParenthesisedInsideAnotherOperator() {
        CustomOperator eager = PLUS9.eagerGrouping(true);
        assertThat(select(c("x").op(eager, 1).mul(2)).toString()).isEqualTo("SELECT (t.x + :x_1) * :param_1 AS anon_1 \nFROM t");
        assertThat(select(c("x").op(PLUS9, 1).mul(2)).toString()).isEqualTo("SELECT t.x + :x_1 * :param_1 AS anon_1 \nFROM t");
        assertThat(select(c("x").op(eager, 1)).toString()).isEqualTo("SELECT t.x + :x_1 AS anon_1 \nFROM t");
        assertThat(select(func("abs", c("x").op(eager, 1)).mul(2)).toString()).isEqualTo("SELECT abs((t.x + :x_1)) * :abs_1 AS anon_1 \nFROM t");
        assertThat(select(c("x")).where(c("x").op(eager, 1).eq(4)).toString()).isEqualTo("SELECT t.x \nFROM t \nWHERE (t.x + :x_1) = :param_1");
        CustomOperator both = ARROW.naturalSelfPrecedent(true).eagerGrouping(true);
        assertThat(c("x").op(both, c("y")).op(both, c("z")).toString()).isEqualTo("(t.x -> t.y) -> t.z");
        assertThat(select(c("x").op(both, c("y")).op(both, c("z")).add(1)).toString())
                .isEqualTo("SELECT ((t.x -> t.y) -> t.z) + :param_1 AS anon_1 \nFROM t");
    }

    /** A dialect with its own rendering of the operators named "myop", as SQLAlchemy's visit_myop_op_binary / _unary. */
    static final class MyDialect extends Dialect {
        @Override
        public String name() {
            return "mine";
        }

        @Override
        public SqlCompiler newCompiler() {
            return new SqlCompiler(this) {
                @Override
                protected String customBinary(CustomOp<?> b) {
                    return "myop".equals(b.operator().visitName()) ? "|" + process(b.left()) + "| ->" + process(b.right()) + "<-" : null;
                }

                @Override
                protected String customUnary(CustomUnaryOp<?> u) {
                    if (!"myop".equals(u.operator().visitName())) {
                        return null;
                    }
                    return u.isPostfix() ? process(u.element()) + "->|" : "|->" + process(u.element());
                }
            };
        }

        @Override
        public JdbcBinder jdbcBinder() {
            return new JdbcBinder();
        }
    }

    @Test
    void aVisitNameIsRenderedByTheDialectThatKnowsIt() {
        CustomOperator myop = CustomOperator.of("---").precedence(15).naturalSelfPrecedent(true).eagerGrouping(true).visitName("myop");
        ColumnElement<String> q = column("q", Types.STRING);
        ColumnElement<String> y = column("y", Types.STRING);
        assertThat(q.op(myop, y).toString()).isEqualTo("q --- y");
        assertThat(q.op(myop, y).compile(new MyDialect()).string()).isEqualTo("|q| ->y<-");
        ColumnElement<Object> zqr = column("zqr");
        assertThat(zqr.postfixOp(myop.returnType(Types.FLOAT)).toString()).isEqualTo("zqr ---");
        assertThat(zqr.postfixOp(myop).compile(new MyDialect()).string()).isEqualTo("zqr->|");
        assertThat(zqr.prefixOp(myop).toString()).isEqualTo("--- zqr");
        assertThat(zqr.prefixOp(myop).compile(new MyDialect()).string()).isEqualTo("|->zqr");
        // another name falls back to the operator's text
        assertThat(q.op(myop.visitName("other"), y).compile(new MyDialect()).string()).isEqualTo("q --- y");
    }

    @Test
    void theOptionsRoundTripAndKeyTheStatement() {
        CustomOperator all = ARROW.naturalSelfPrecedent(true).eagerGrouping(true).visitName("arrow");
        Select stmt = select(c("x").op(all, c("y")).op(all, c("z")).add(1), c("x").prefixOp(all));
        for (Protocol p : Protocol.values()) {
            ClauseElement back = (ClauseElement) QuerySerializer.loads(QuerySerializer.dumps(stmt, p), new MetaData());
            assertThat(back.compare(stmt)).isTrue();
            assertThat(back.toString()).isEqualTo(stmt.toString());
        }
        assertThat(select(c("x").op(ARROW.eagerGrouping(true), 1)).cacheKey()).isNotEqualTo(select(c("x").op(ARROW, 1)).cacheKey());
        assertThat(select(c("x").op(ARROW.naturalSelfPrecedent(true), 1)).cacheKey()).isNotEqualTo(select(c("x").op(ARROW, 1)).cacheKey());
        assertThat(select(c("x").op(ARROW.visitName("a"), 1)).cacheKey()).isNotEqualTo(select(c("x").op(ARROW, 1)).cacheKey());
    }

    /**
     * An operator declared tighter than {@code *} but meaning {@code +} computes what it means
     * only with eager grouping: {@code (x + 1) * 2} rather than {@code x + 1 * 2}.
     */
    @EachDatabase
    void eagerGroupingDecidesTheValueOnTheDatabases(Database db) {
        try (Connection conn = db.engine().connect()) {
            ColumnElement<Integer> three = literal(3, Types.INTEGER);
            assertThat(((Number) conn.execute(select(three.op(PLUS9.eagerGrouping(true), 1).mul(2))).scalar()).intValue()).isEqualTo(8);
            assertThat(((Number) conn.execute(select(three.op(PLUS9, 1).mul(2))).scalar()).intValue()).isEqualTo(5);
        }
    }
}
