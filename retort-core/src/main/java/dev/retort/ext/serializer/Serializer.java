package dev.retort.ext.serializer;

import dev.retort.engine.Engine;
import dev.retort.orm.Session;
import dev.retort.sql.ClauseElement;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;

/**
 * An {@link ObjectOutputStream} for object graphs that hold SQL statements: each statement (or
 * table, column, or ORM query) is written in Retort's own format, schema objects as references,
 * so a {@link Deserializer} re-binds them to its {@code MetaData}; engines and sessions are
 * written as references too, re-bound to the deserializer's. Everything else is written by
 * ordinary Java serialization.
 *
 * <pre>{@code
 * try (Serializer out = new Serializer(outputStream)) {
 *     out.writeObject(savedSearch);          // a Serializable holding a Select
 * }
 * }</pre>
 */
public class Serializer extends ObjectOutputStream {
    public Serializer(OutputStream out) throws IOException {
        super(out);
        enableReplaceObject(true);
    }

    @Override
    protected Object replaceObject(Object obj) throws IOException {
        if (obj instanceof ClauseElement e) {
            return new SerializedElement(QuerySerializer.dumps(e));
        }
        if (obj instanceof Engine) {
            return ContextReference.ENGINE;
        }
        if (obj instanceof Session) {
            return ContextReference.SESSION;
        }
        return obj;
    }
}
