package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;

/**
 * SQL text as a FROM clause, SQLAlchemy's {@code select(...).select_from(text("a JOIN b ON ..."))}:
 * written as given (its {@code :name} parameters bound); it exports no columns (format 1.9).
 * Built by {@link Select#selectFrom(TextClause)}.
 *
 * <pre>{@code
 * select(column("foo")).selectFrom(text("bat"));        // SELECT foo FROM bat
 * }</pre>
 */
public final class TextFrom extends OpaqueFrom {
    static final Traversal<TextFrom> TRAVERSAL = Traversal.of("text_from",
            a -> new TextFrom((TextClause) a[0]),
            Attr.clause("text", TextFrom::text));

    private final TextClause text;

    TextFrom(TextClause text) {
        if (text == null) {
            // Only a loaded tree can lack it.
            throw new dev.retort.exc.ArgumentException("A textual FROM clause needs its text");
        }
        this.text = text;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.process(text);
    }

    public TextClause text() {
        return text;
    }
}
