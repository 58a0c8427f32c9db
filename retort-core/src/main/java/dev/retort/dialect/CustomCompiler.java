package dev.retort.dialect;

import dev.retort.sql.ClauseElement;

/**
 * How a dialect writes a construct of the application's own ({@link dev.retort.sql.CustomElement}):
 * the body of SQLAlchemy's {@code @compiles(MyThing, "postgresql")} function. Children are written
 * with {@code compiler.process(child)}, so their parameters and names take part in the statement.
 *
 * <pre>{@code
 * Dialect pg = Dialects.postgresql().withCompiles(MyFunc.class, (f, c) -> "my_func(" + c.process(f.argument()) + ")");
 * }</pre>
 *
 * @param <N> the construct's class
 */
@FunctionalInterface
public interface CustomCompiler<N extends ClauseElement> {
    /** The SQL of {@code node}, written by {@code compiler}. */
    String compile(N node, SqlCompiler compiler);
}
