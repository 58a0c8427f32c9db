package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import java.util.List;

/**
 * The {@code ON DUPLICATE KEY UPDATE col = value, ...} of an upsert on MySQL and MariaDB, built
 * by {@link Insert#onDuplicateKeyUpdate}. The inserted row's values are
 * {@code excluded(t).c("col")}, rendered as each server version takes them.
 */
public final class OnDuplicateKey extends ClauseElement {
    static final Traversal<OnDuplicateKey> TRAVERSAL = Traversal.of("on_duplicate_key",
            a -> new OnDuplicateKey(BooleanClauseList.castList(a[0]), BooleanClauseList.castList(a[1])),
            Attr.clauses("columns", OnDuplicateKey::setColumns),
            Attr.clauses("values", OnDuplicateKey::setValues));

    private final List<ClauseElement> columns;
    private final List<ClauseElement> values;

    OnDuplicateKey(List<? extends ClauseElement> columns, List<? extends ClauseElement> values) {
        if (columns.isEmpty() || columns.size() != values.size()) {
            throw new dev.retort.exc.ArgumentException("ON DUPLICATE KEY UPDATE needs at least one column and a value for each");
        }
        this.columns = List.copyOf(columns);
        this.values = List.copyOf(values);
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitOnDuplicateKey(this);
    }

    /** The columns SET, in table order. */
    public List<ClauseElement> setColumns() {
        return columns;
    }

    /** The values SET, parallel to {@link #setColumns()}. */
    public List<ClauseElement> setValues() {
        return values;
    }
}
