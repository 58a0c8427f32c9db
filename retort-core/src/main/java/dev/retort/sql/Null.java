package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.TypeEngine;
import dev.retort.types.Types;

/** The SQL {@code NULL} keyword. */
public final class Null extends ColumnElement<Object> {
    static final Traversal<Null> TRAVERSAL = Traversal.of("null", a -> Null.INSTANCE);
    static final Null INSTANCE = new Null();

    private Null() {
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return "NULL";
    }

    @Override
    public TypeEngine<Object> type() {
        return Types.NULLTYPE;
    }
}
