package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.TypeEngine;
import java.util.List;

/**
 * A column of an {@link Alias}, subquery or {@link CTE}: {@code totals.total}. It stands for
 * the column it was derived from ({@link #origin()}), under the alias's name.
 *
 * @param <T> the Java type of the column's values
 */
public final class ColumnProxy<T> extends ColumnElement<T> {
    static final Traversal<ColumnProxy<?>> TRAVERSAL = Traversal.of("column_proxy",
            a -> loaded(a[0], a[1]),
            Attr.clause("parent", ColumnProxy::parent),
            Attr.struct("index", ColumnProxy::index));

    private final Alias parent;
    private final int index;

    /** The column a loaded document names by its alias and position (a document may name a position the alias lacks). */
    private static ColumnProxy<?> loaded(Object alias, Object index) {
        if (!(alias instanceof Alias parent)) {
            // a table or a column there was refused only as "ClassCastException: ... cannot be cast to class ...Alias"
            throw new dev.retort.exc.ArgumentException("column_proxy's 'parent' is an alias, subquery or CTE, not " + alias);
        }
        var columns = parent.columns();
        if (!(index instanceof Integer i) || i < 0 || i >= columns.size()) {
            throw new dev.retort.exc.ArgumentException("column_proxy's 'index' " + index + " is not one of the " + columns.size() + " columns of " + parent.name());
        }
        return columns.get(i);
    }

    ColumnProxy(Alias parent, int index) {
        this.parent = parent;
        this.index = index;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return parent instanceof Excluded ? compiler.visitExcludedColumn(this) : compiler.visitColumnProxy(this);
    }

    /** The alias, subquery or CTE this column belongs to. */
    public Alias parent() {
        return parent;
    }

    /** The position of this column among the parent's columns. */
    public int index() {
        return index;
    }

    /** The key this column is found under. */
    public String key() {
        return parent.exported().get(index).key();
    }

    /** The name rendered after the alias name: a {@code String} or a {@link LabelName}. */
    public Object label() {
        return parent.exported().get(index).label();
    }

    /** The column this one derives from. */
    @SuppressWarnings("unchecked")
    public ColumnElement<T> origin() {
        return (ColumnElement<T>) parent.exported().get(index).origin();
    }

    /**
     * The columns this one derives from: {@link #origin()}, and for a subquery of a UNION (or another set
     * operation) the column at the same position of each further member SELECT, as SQLAlchemy's proxy set
     * holds them ({@code u.c.a} of {@code union(select(t1.c.a), select(t2.c.a))} derives from both).
     */
    public List<ColumnElement<?>> origins() {
        if (parent.element() instanceof CompoundSelect c) {
            return c.memberColumns(parent.exported().get(index).position());
        }
        return List.of(origin());
    }

    @Override
    @SuppressWarnings("unchecked")
    public TypeEngine<T> type() {
        if (parent.element() instanceof CompoundSelect c) {
            return (TypeEngine<T>) c.columnType(parent.exported().get(index).position());
        }
        return origin().type();
    }

    @Override
    public String nonAnonLabel() {
        return label() instanceof String s ? s : null;
    }

    @Override
    public String anonPrefix() {
        // an anonymous label derives from the rendered name (a second "a" of a subquery is a_1, not a_1_1)
        return label() instanceof String s ? s : key();
    }

    @Override
    protected String bindPrefix() {
        // under an anonymous name (max_1) a plain :param_N, as SQLAlchemy's BindParameter keyed by one; else named after
        // SQLAlchemy's key: a table's column keeps its (deduplicated) key (a repeated Table column's is id_1), anything
        // else (a repeated CAST, a lightweight column()) is keyed by its name (id)
        if (!(label() instanceof String name)) {
            return "param";
        }
        ColumnElement<?> base = origin();
        while (base instanceof ColumnProxy<?> p) {
            base = p.origin();
        }
        return parent.element() instanceof TableClause || base instanceof dev.retort.schema.Column<?> ? key() : name;
    }

    @Override
    public boolean isNamedColumn() {
        return true;
    }

    @Override
    public List<FromClause> fromObjects() {
        return List.of(parent);
    }
}
