package dev.retort.sql;

import dev.retort.dialect.CustomCompiler;
import dev.retort.dialect.SqlCompiler;
import dev.retort.exc.CompileException;
import java.util.function.Function;

/**
 * A column expression of the application's own, compiled per dialect: SQLAlchemy's user
 * {@code ColumnElement} subclass with {@code @compiles(MyThing)} / {@code @compiles(MyThing, "postgresql")}.
 * A subclass declares itself once with {@link #declare} (its kind is {@code custom:} and its class
 * name; its children and every field that shapes its SQL are attributes), so that comparison,
 * copying and cache keys follow as for Retort's own nodes. Its SQL comes from the
 * {@link CustomCompiler} a dialect has for its class ({@link dev.retort.dialect.Dialect#withCompiles}),
 * else from {@link #compileDefault}, which refuses unless overridden. It joins the compiled cache
 * when it says so ({@link #inheritCache()}). The serializer writes it; a loader builds it only
 * when its class is allowed ({@code LoadOptions.allowCustom(SomeColThing.class)}).
 *
 * <pre>{@code
 * final class SomeColThing extends CustomElement<Object> {
 *     static final Traversal<SomeColThing> TRAVERSAL = declare(SomeColThing.class,
 *             a -> new SomeColThing((ColumnElement<?>) a[0]), Attr.clause("clause", SomeColThing::clause));
 *     private final ColumnElement<?> clause;
 *     SomeColThing(ColumnElement<?> clause) { this.clause = clause; }
 *     ColumnElement<?> clause() { return clause; }
 *     @Override protected Traversal<?> traversal() { return TRAVERSAL; }
 *     @Override protected Boolean inheritCache() { return true; }
 *     @Override protected String compileDefault(SqlCompiler c) { return "SOME_COL_THING(" + c.process(clause) + ")"; }
 * }
 * Dialect pg = Dialects.postgresql().withCompiles(SomeColThing.class, (t, c) -> "some_col_thing(" + c.process(t.clause()) + ")");
 * select(new SomeColThing(t.c("x"))).compile(pg);     // SELECT some_col_thing(t.x) AS anon_1 FROM t
 * }</pre>
 *
 * @param <T> the Java type of the expression's value
 */
public abstract class CustomElement<T> extends ColumnElement<T> {
    /** The prefix of every custom node kind's name. */
    public static final String KIND_PREFIX = "custom:";

    protected CustomElement() {
    }

    /**
     * Declares the node kind of {@code type}, named {@code custom:} and the class's name, with
     * {@code factory} building a node from the attribute values in declaration order (see
     * {@link Traversal#of(String, Function, Attr[])}). Called once, in a static field of the class.
     */
    @SafeVarargs
    protected static <N extends CustomElement<?>> Traversal<N> declare(Class<N> type, Function<Object[], N> factory, Attr<N>... attrs) {
        return Traversal.of(KIND_PREFIX + type.getName(), factory, attrs);
    }

    /** The expression's type; {@code NullType} unless overridden. */
    @Override
    @SuppressWarnings("unchecked")
    public dev.retort.types.TypeEngine<T> type() {
        return (dev.retort.types.TypeEngine<T>) dev.retort.types.Types.NULLTYPE;
    }

    /** The SQL of the dialect's {@link CustomCompiler} for this class (or a superclass), else {@link #compileDefault}. */
    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public final String compileWith(SqlCompiler compiler) {
        CustomCompiler c = compiler.dialect().compilesFor(getClass());
        return c != null ? c.compile(this, compiler) : compileDefault(compiler);
    }

    /**
     * The SQL where the dialect has no {@link CustomCompiler} for this class: SQLAlchemy's
     * {@code @compiles(MyThing)} without a dialect. By default it refuses with a
     * {@link CompileException} naming the class and the dialect.
     */
    protected String compileDefault(SqlCompiler compiler) {
        throw new CompileException("No compilation for " + getClass().getName() + " on dialect '" + compiler.dialect().name()
                + "'; register one with Dialect.withCompiles(" + getClass().getSimpleName() + ".class, ...) or override compileDefault");
    }
}
