package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.TypeEngine;
import dev.retort.types.Types;

/**
 * A column or label of the enclosing SELECT named by a string, SQLAlchemy's
 * {@code order_by("name")} / {@code group_by("name")}: the compiler resolves the name against
 * the SELECT's columns clause (a label renders as its name) and then against the columns of its
 * FROM clauses (which render as columns: {@code mytable.name}); in a compound SELECT, against the
 * names of its result columns. A name that resolves to nothing is a
 * {@link dev.retort.exc.CompileException}, so the name is never written into SQL as raw text
 * inside a statement. Inside the columns clause itself (a window's ORDER BY) only the FROM
 * columns are candidates.
 *
 * <pre>{@code
 * select(users.c("id"), func("count", orders.c("id")).label("n"))
 *         .groupBy(labelReference("id"))        // GROUP BY users.id
 *         .orderBy(desc(labelReference("n")));  // ORDER BY n DESC
 * }</pre>
 */
public final class LabelReference extends ColumnElement<Object> {
    static final Traversal<LabelReference> TRAVERSAL = Traversal.of("label_reference",
            a -> new LabelReference((String) a[0]),
            Attr.struct("name", LabelReference::name));

    private final String name;

    LabelReference(String name) {
        if (name == null || name.isEmpty()) {
            throw new dev.retort.exc.ArgumentException("A label reference needs a name");
        }
        this.name = Identifiers.check(name, "label reference");
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitLabelReference(this);
    }

    /** The name looked up. */
    public String name() {
        return name;
    }

    @Override
    public TypeEngine<Object> type() {
        return Types.NULLTYPE;
    }
}
