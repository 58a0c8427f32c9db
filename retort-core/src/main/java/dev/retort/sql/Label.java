package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.TypeEngine;

/**
 * {@code element AS name}. A label without a name is anonymous: the compiler names it
 * ({@code anon_1}, {@code count_1}).
 *
 * @param <T> the Java type of the labelled expression
 */
public final class Label<T> extends ColumnElement<T> {
    static final Traversal<Label<?>> TRAVERSAL = Traversal.of("label",
            a -> new Label<>((String) a[0], (ColumnElement<?>) a[1]),
            Attr.struct("name", Label::name),
            Attr.clause("element", Label::element));

    private final String name;
    private final ColumnElement<T> element;

    @SuppressWarnings("unchecked")
    Label(String name, ColumnElement<?> element) {
        this.name = Identifiers.check(name, "label");
        this.element = (ColumnElement<T>) element;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitLabel(this);
    }

    /** The label's name, or null when anonymous. */
    public String name() {
        return name;
    }

    public ColumnElement<T> element() {
        return element;
    }

    @Override
    public TypeEngine<T> type() {
        return element.type();
    }

    @Override
    public String nonAnonLabel() {
        return name;
    }

    @Override
    public String anonPrefix() {
        return name != null ? name : element.anonPrefix();
    }

    /**
     * Outside a columns clause a label renders as its element alone, so the element must be
     * grouped against the enclosing operator: {@code f - (f - f).label("x")} is {@code f - (f - f)}.
     */
    @Override
    public ColumnElement<T> selfGroup(Operator against) {
        ColumnElement<T> grouped = element.selfGroup(against);
        return grouped == element ? this : new Label<>(name, grouped);
    }

    /** Looks through the label, so that {@code not(x.eq(func("any", a).label("q")))} keeps its meaning too. */
    @Override
    boolean isCollectionAggregate() {
        return element.isCollectionAggregate();
    }

    @Override
    public boolean isNamedColumn() {
        return true;
    }
}
