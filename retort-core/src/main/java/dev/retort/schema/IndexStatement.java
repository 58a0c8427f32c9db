package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.exc.ArgumentException;
import dev.retort.sql.Traversal;
import java.util.function.BiFunction;

/** What {@link CreateIndex} and {@link DropIndex} share: the index they name, which must be part of a table. */
abstract class IndexStatement<S extends IndexStatement<S>> extends GuardedDdl<Index, S> {
    IndexStatement(Index index, boolean guarded, Traversal<S> kind, BiFunction<SqlCompiler, S, String> visit) {
        super(checked(index), guarded, kind, visit);
    }

    private static Index checked(Index index) {
        if (index.table() == null) {
            throw new ArgumentException("Index '" + index.name() + "' is not part of a table");
        }
        return index;
    }

    public Index index() {
        return target();
    }
}
