package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.TypeEngine;
import dev.retort.types.Types;

/** The SQL {@code true} or {@code false} constant (1 and 0 where the database lacks them). */
public final class BooleanLiteral extends ColumnElement<Boolean> {
    static final Traversal<BooleanLiteral> TRAVERSAL = Traversal.of("boolean_literal",
            a -> (Boolean) a[0] ? BooleanLiteral.TRUE : BooleanLiteral.FALSE,
            Attr.flag("value", BooleanLiteral::value));
    static final BooleanLiteral TRUE = new BooleanLiteral(true);
    static final BooleanLiteral FALSE = new BooleanLiteral(false);

    private final boolean value;

    static BooleanLiteral of(boolean value) {
        return value ? TRUE : FALSE;
    }

    private BooleanLiteral(boolean value) {
        this.value = value;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitBooleanLiteral(this);
    }

    public boolean value() {
        return value;
    }

    @Override
    public TypeEngine<Boolean> type() {
        return Types.BOOLEAN;
    }

    @Override
    ColumnElement<Boolean> negate() {
        return value ? FALSE : TRUE;
    }
}
