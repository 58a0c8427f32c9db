package dev.retort.conformance;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.Attr;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.CustomElement;
import dev.retort.sql.Traversal;
import dev.retort.sql.WrapsColumnExpression;

/**
 * A ported test's own construct with {@code @compiles} (the suite tree's {@code ["custom_template",
 * prefix, suffix, clause, wraps]}): its one child written between the text SQLAlchemy's function
 * puts around it, {@code SOME_COL_THING(} and {@code )}. {@link Wrapping} is one that is also a
 * {@code WrapsColumnExpression}, labelled after its child in a SELECT.
 */
class TemplateConstruct extends CustomElement<Object> {
    static final Traversal<TemplateConstruct> TRAVERSAL = declare(TemplateConstruct.class,
            a -> new TemplateConstruct((String) a[0], (String) a[1], (ColumnElement<?>) a[2]),
            Attr.struct("prefix", TemplateConstruct::prefix), Attr.struct("suffix", TemplateConstruct::suffix),
            Attr.clause("clause", TemplateConstruct::clause));
    private final String prefix;
    private final String suffix;
    private final ColumnElement<?> clause;

    TemplateConstruct(String prefix, String suffix, ColumnElement<?> clause) {
        this.prefix = prefix;
        this.suffix = suffix;
        this.clause = clause;
    }

    String prefix() {
        return prefix;
    }

    String suffix() {
        return suffix;
    }

    ColumnElement<?> clause() {
        return clause;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    protected String compileDefault(SqlCompiler compiler) {
        return prefix + compiler.process(clause) + suffix;
    }

    /** A template construct labelled after its child. */
    static final class Wrapping extends TemplateConstruct implements WrapsColumnExpression {
        static final Traversal<Wrapping> TRAVERSAL = declare(Wrapping.class,
                a -> new Wrapping((String) a[0], (String) a[1], (ColumnElement<?>) a[2]),
                Attr.struct("prefix", Wrapping::prefix), Attr.struct("suffix", Wrapping::suffix),
                Attr.clause("clause", Wrapping::clause));

        Wrapping(String prefix, String suffix, ColumnElement<?> clause) {
            super(prefix, suffix, clause);
        }

        @Override
        public ColumnElement<?> wrappedColumnExpression() {
            return clause();
        }

        @Override
        protected Traversal<?> traversal() {
            return TRAVERSAL;
        }
    }
}
