package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Traversal;
import java.util.function.BiFunction;

/**
 * What the DDL statements on one schema object share: the object they name, whether they are
 * guarded ({@code IF NOT EXISTS} for a CREATE, {@code IF EXISTS} for a DROP; an ALTER never is),
 * their node kind and the compiler method that writes them. Each statement's public accessors
 * name both ({@code index()}, {@code isIfExists()}).
 *
 * @param <T> the schema object named
 * @param <S> the statement itself
 */
abstract class GuardedDdl<T, S extends GuardedDdl<T, S>> extends ClauseElement {
    private final T target;
    private final boolean guarded;
    private final Traversal<S> kind;
    private final BiFunction<SqlCompiler, S, String> visit;

    /** {@code kind}: the statement's {@code TRAVERSAL}; {@code visit}: its compiler method, {@code SqlCompiler::visitDropIndex}. */
    GuardedDdl(T target, boolean guarded, Traversal<S> kind, BiFunction<SqlCompiler, S, String> visit) {
        this.target = target;
        this.guarded = guarded;
        this.kind = kind;
        this.visit = visit;
    }

    /** The schema object this statement names. */
    final T target() {
        return target;
    }

    /** Whether the statement is written with {@code IF NOT EXISTS} (a CREATE) or {@code IF EXISTS} (a DROP). */
    final boolean guarded() {
        return guarded;
    }

    @Override
    protected final Traversal<?> traversal() {
        return kind;
    }

    @Override
    @SuppressWarnings("unchecked")
    public final String compileWith(SqlCompiler compiler) {
        return visit.apply(compiler, (S) this);
    }
}
