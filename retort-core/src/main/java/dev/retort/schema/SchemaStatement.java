package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.exc.ArgumentException;
import dev.retort.sql.Traversal;
import java.util.function.BiFunction;

/** What {@link CreateSchema} and {@link DropSchema} share: the schema they name. */
abstract class SchemaStatement<S extends SchemaStatement<S>> extends GuardedDdl<String, S> {
    /** {@code what} names the statement in the message when {@code name} is missing: "CREATE SCHEMA". */
    SchemaStatement(String name, String what, boolean guarded, Traversal<S> kind, BiFunction<SqlCompiler, S, String> visit) {
        super(checked(name, what), guarded, kind, visit);
    }

    private static String checked(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new ArgumentException(what + " needs a schema name");
        }
        return name;
    }

    /** The schema's name, quoted as needed when written. */
    public String name() {
        return target();
    }
}
