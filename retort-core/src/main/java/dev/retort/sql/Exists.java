package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.TypeEngine;
import dev.retort.types.Types;
import java.util.List;

/** {@code EXISTS (SELECT ...)}. */
public final class Exists extends ColumnElement<Boolean> {
    static final Traversal<Exists> TRAVERSAL = Traversal.of("exists",
            a -> new Exists((SelectBase) a[0]),
            Attr.clause("element", Exists::element));

    private final SelectBase element;

    Exists(SelectBase element) {
        this.element = element;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return "EXISTS (" + compiler.process(element) + ")";
    }

    public SelectBase element() {
        return element;
    }

    @Override
    public TypeEngine<Boolean> type() {
        return Types.BOOLEAN;
    }

    @Override
    public ColumnElement<Boolean> selfGroup(Operator against) {
        return Operator.isPrecedent(Operator.EXISTS, against) ? new Grouping<>(this) : this;
    }

    @Override
    public List<FromClause> fromObjects() {
        return List.of();
    }
}
