package dev.retort.sql;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.dialect.SqlCompiler;
import dev.retort.exc.CompileException;
import dev.retort.exc.SerializationException;
import dev.retort.ext.serializer.LoadOptions;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link CustomElement} with {@link Dialect#withCompiles}: SQLAlchemy's {@code @compiles} for the application's own constructs. */
class CustomElementTest {
    static final TableClause T = table("ce_t", column("x", Types.INTEGER), column("y", Types.INTEGER));

    /** SQLAlchemy's test construct: {@code SOME_COL_THING(expr)} unless a dialect says otherwise. */
    static final class SomeColThing extends CustomElement<Integer> {
        static final Traversal<SomeColThing> TRAVERSAL = declare(SomeColThing.class,
                a -> new SomeColThing((ColumnElement<?>) a[0], (String) a[1]),
                Attr.clause("clause", SomeColThing::clause),
                Attr.struct("mode", SomeColThing::mode));
        private final ColumnElement<?> clause;
        private final String mode;

        SomeColThing(ColumnElement<?> clause, String mode) {
            this.clause = clause;
            this.mode = mode;
        }

        ColumnElement<?> clause() {
            return clause;
        }

        String mode() {
            return mode;
        }

        @Override
        protected Traversal<?> traversal() {
            return TRAVERSAL;
        }

        @Override
        protected Boolean inheritCache() {
            return true;
        }

        @Override
        public dev.retort.types.TypeEngine<Integer> type() {
            return Types.INTEGER;
        }

        @Override
        protected String compileDefault(SqlCompiler c) {
            return "SOME_COL_THING(" + c.process(clause) + ")";
        }
    }

    /** A construct with no default compilation. */
    static class Doubled extends CustomElement<Integer> {
        static final Traversal<Doubled> TRAVERSAL = declare(Doubled.class, a -> new Doubled((ColumnElement<?>) a[0]),
                Attr.clause("arg", Doubled::arg));
        private final ColumnElement<?> arg;

        Doubled(ColumnElement<?> arg) {
            this.arg = arg;
        }

        ColumnElement<?> arg() {
            return arg;
        }

        @Override
        protected Traversal<?> traversal() {
            return TRAVERSAL;
        }
    }

    /** SQLAlchemy's {@code WrapsColumnExpression}: labelled in a SELECT after the expression it wraps. */
    static final class Wrapped extends CustomElement<Integer> implements WrapsColumnExpression {
        static final Traversal<Wrapped> TRAVERSAL = declare(Wrapped.class, a -> new Wrapped((ColumnElement<?>) a[0]),
                Attr.clause("clause", Wrapped::wrappedColumnExpression));
        private final ColumnElement<?> clause;

        Wrapped(ColumnElement<?> clause) {
            this.clause = clause;
        }

        @Override
        public ColumnElement<?> wrappedColumnExpression() {
            return clause;
        }

        @Override
        protected Traversal<?> traversal() {
            return TRAVERSAL;
        }

        @Override
        protected String compileDefault(SqlCompiler c) {
            return "WRAPPED(" + c.process(clause) + ")";
        }
    }

    private static final Dialect PG = Dialects.postgresql().withCompiles(SomeColThing.class,
            (t, c) -> "some_col_thing(" + c.process(t.clause()) + ", '" + t.mode() + "')");

    private static String sql(Compiled c) {
        return c.string().replaceAll("\\s+", " ").trim();
    }

    /** Expected SQL from SQLAlchemy 2.1.1 with the same {@code @compiles} functions. */
    @Test
    void theDialectsCompilationElseTheDefault() {
        Select s = select(new SomeColThing(T.c("x"), "a")).where(T.c("y").eq(5));
        assertThat(sql(s.compile())).isEqualTo("SELECT SOME_COL_THING(ce_t.x) AS anon_1 FROM ce_t WHERE ce_t.y = :y_1");
        assertThat(sql(select(new SomeColThing(T.c("x"), "a")).compile(PG))).isEqualTo("SELECT some_col_thing(ce_t.x, 'a') AS anon_1 FROM ce_t");
        assertThat(Dialects.postgresql().compilesFor(SomeColThing.class)).as("withCompiles leaves the dialect as it was").isNull();
        assertThatThrownBy(() -> select(new Doubled(T.c("x"))).compile()).isInstanceOf(CompileException.class)
                .hasMessageContaining(Doubled.class.getName()).hasMessageContaining("'default'");
        Dialect sqlite = Dialects.sqlite().withCompiles(Doubled.class, (d, c) -> "(" + c.process(d.arg()) + " * 2)");
        assertThat(sql(select(new Doubled(T.c("x"))).compile(sqlite))).isEqualTo("SELECT (ce_t.x * 2) AS anon_1 FROM ce_t");
    }

    /** Expected SQL from SQLAlchemy 2.1.1 with a {@code WrapsColumnExpression} subclass of the same {@code @compiles}. */
    @Test
    void aWrappingConstructIsLabelledAfterTheExpressionItWraps() {
        assertThat(sql(select(new Wrapped(T.c("x")), T.c("y"), new Wrapped(T.c("y"))).compile()))
                .isEqualTo("SELECT WRAPPED(ce_t.x) AS x, ce_t.y, WRAPPED(ce_t.y) AS y__1 FROM ce_t");
        assertThat(sql(select(new Wrapped(T.c("x")), T.c("y")).labelStyle(LabelStyle.TABLENAME_PLUS_COL).compile()))
                .isEqualTo("SELECT WRAPPED(ce_t.x) AS ce_t_x, ce_t.y AS ce_t_y FROM ce_t");
        assertThat(sql(select(new Wrapped(T.c("x").add(1)), T.c("y")).compile()))
                .isEqualTo("SELECT WRAPPED(ce_t.x + :x_1) AS anon_1, ce_t.y FROM ce_t");
    }

    @Test
    void childrenAttributesAndClassEnterCompareCopyAndKey() {
        SomeColThing a = new SomeColThing(T.c("x").add(1), "a");
        assertThat(a.getChildren()).hasSize(1);
        assertThat(select(a).cacheKey()).isEqualTo(select(new SomeColThing(T.c("x").add(2), "a")).cacheKey());
        assertThat(select(a).cacheKey()).isNotEqualTo(select(new SomeColThing(T.c("x").add(1), "b")).cacheKey());
        assertThat(select(a).cacheKey()).isNotEqualTo(select(new SomeColThing(T.c("y").add(1), "a")).cacheKey());
        assertThat(select(a).cacheKey()).isNotEqualTo(select(new Doubled(T.c("x").add(1))).cacheKey());
        assertThat(a.compare(new SomeColThing(T.c("x").add(1), "a"))).isTrue();
        // params() copies through the construct's declared child
        Select p = select(new SomeColThing(T.c("x").add(SQL.bindparam("n")), "a")).params(Map.of("n", 9));
        assertThat(p.compile().params()).containsEntry("n", 9);
    }

    @Test
    void theSerializerLoadsACustomKindOnlyWhenAllowed() {
        Select s = select(new SomeColThing(T.c("x"), "a")).where(T.c("y").eq(5));
        for (Protocol p : Protocol.values()) {
            byte[] data = QuerySerializer.dumps(s, p);
            assertThatThrownBy(() -> QuerySerializer.loads(data)).isInstanceOf(SerializationException.class)
                    .hasMessageContaining("custom:" + SomeColThing.class.getName()).hasMessageContaining("allowCustom");
            Select back = (Select) QuerySerializer.with(LoadOptions.DEFAULTS.allowCustom(SomeColThing.class)).read(data, null);
            assertThat(back.compile(PG).string()).isEqualTo(s.compile(PG).string());
            assertThat(back.cacheKey()).isEqualTo(s.cacheKey());
            // allowing another class does not allow this one
            assertThatThrownBy(() -> QuerySerializer.with(LoadOptions.DEFAULTS.allowCustom(Doubled.class)).read(data, null))
                    .isInstanceOf(SerializationException.class);
        }
    }

    @EachDatabase
    void anEngineOnADialectWithCompilesRunsTheConstruct(Database db) {
        Dialect d = db.engine().dialect().withCompiles(Doubled.class, (x, c) -> "(" + c.process(x.arg()) + " * 2)");
        com.zaxxer.hikari.HikariDataSource ds = new com.zaxxer.hikari.HikariDataSource();
        ds.setJdbcUrl(db.url());
        ds.setAutoCommit(false);
        if (db.user() != null) {
            ds.setUsername(db.user());
        }
        dev.retort.engine.Engine engine = dev.retort.engine.Engine.builder(ds).dialect(d).disposeDataSource(true).build();
        try {
            for (int v : new int[] {21, 5}) {
                Select s = select(new Doubled(SQL.literal(v, Types.INTEGER)).label("v"));
                assertThat(((Number) engine.transaction(c -> c.execute(s).scalar())).intValue()).isEqualTo(2 * v);
            }
        } finally {
            engine.dispose();
        }
    }

    /** {@link Doubled} declared as Retort's own kinds are, without the {@code custom:} prefix. */
    static final class Undeclared extends Doubled {
        static final Traversal<Undeclared> TRAVERSAL = Traversal.of("undeclared_thing", a -> new Undeclared((ColumnElement<?>) a[0]),
                Attr.clause("arg", Undeclared::arg));

        Undeclared(ColumnElement<?> arg) {
            super(arg);
        }

        @Override
        protected Traversal<?> traversal() {
            return TRAVERSAL;
        }
    }

    /**
     * A CustomElement whose kind is declared with {@code Traversal.of} instead of
     * {@link CustomElement#declare} is refused when its class initialises: its kind had no
     * {@code custom:} prefix, so a loader built it from any document, without {@code allowCustom}.
     */
    @Test
    void aCustomElementDeclaredWithoutDeclareIsRefused() {
        assertThatThrownBy(() -> Undeclared.TRAVERSAL.kind()).isInstanceOf(ExceptionInInitializerError.class)
                .cause().isInstanceOf(IllegalStateException.class).hasMessageContaining("CustomElement.declare")
                .hasMessageContaining(Undeclared.class.getName());
        assertThat(Traversal.forKind("undeclared_thing")).isNull();
    }
}
