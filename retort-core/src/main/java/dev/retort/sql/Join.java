package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code left [LEFT OUTER | FULL OUTER] JOIN right ON onclause}. Without an explicit condition
 * the ON clause is inferred from foreign keys between the two sides.
 */
public final class Join extends FromClause {
    static final Traversal<Join> TRAVERSAL = Traversal.of("join",
            a -> new Join((FromClause) a[0], (FromClause) a[1], (ColumnElement<?>) a[2], (Boolean) a[3], (Boolean) a[4]),
            Attr.clause("left", Join::left),
            Attr.clause("right", Join::right),
            Attr.optionalClause("onclause", Join::onclause),
            Attr.flag("isOuter", Join::isOuter),
            Attr.flag("full", Join::isFull));

    private final FromClause left;
    private final FromClause right;
    private final ColumnElement<?> onclause;
    private final boolean outer;
    private final boolean full;

    Join(FromClause left, FromClause right, ColumnElement<?> onclause, boolean outer, boolean full) {
        this.left = left;
        this.right = right;
        this.onclause = onclause != null ? onclause : inferCondition(left, right);
        this.outer = outer;
        this.full = full;
    }

    /**
     * The condition joining {@code a} to {@code b} through foreign keys: referenced column equals
     * referencing column, for each key found. When {@code a} is itself a join, keys to its
     * right-hand side are preferred.
     */
    static ColumnElement<Boolean> inferCondition(FromClause a, FromClause b) {
        List<ColumnElement<?>> crit = new ArrayList<>();
        if (a instanceof Join j) {
            crit = conditions(j.right, b);
        }
        if (crit.isEmpty()) {
            crit = conditions(a, b);
        }
        if (crit.isEmpty()) {
            throw new dev.retort.exc.ArgumentException("Can't find any foreign key relationships between " + a.describe() + " and " + b.describe() + "; give the join an ON clause");
        }
        return BooleanClauseList.combine(Operator.AND, crit);
    }

    private static List<ColumnElement<?>> conditions(FromClause a, FromClause b) {
        List<ColumnElement<?>> crit = new ArrayList<>();
        for (ForeignKeyPair fk : b.foreignKeys()) {
            ColumnElement<?> col = a.correspondingColumn(fk.referent());
            if (col != null) {
                crit.add(col.eq(fk.parent()));
            }
        }
        if (a != b) {
            for (ForeignKeyPair fk : a.foreignKeys()) {
                ColumnElement<?> col = b.correspondingColumn(fk.referent());
                if (col != null) {
                    crit.add(col.eq(fk.parent()));
                }
            }
        }
        return crit;
    }

    /** Whether {@code a} and {@code b} can be joined through a foreign key. */
    static boolean canJoin(FromClause a, FromClause b) {
        return !conditions(a, b).isEmpty();
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitJoin(this);
    }

    public FromClause left() {
        return left;
    }

    public FromClause right() {
        return right;
    }

    public ColumnElement<?> onclause() {
        return onclause;
    }

    public boolean isOuter() {
        return outer;
    }

    public boolean isFull() {
        return full;
    }

    @Override
    public String name() {
        return null;
    }

    @Override
    public List<? extends ColumnElement<?>> columns() {
        List<ColumnElement<?>> out = new ArrayList<>(left.columns());
        out.addAll(right.columns());
        return out;
    }

    @Override
    public List<ForeignKeyPair> foreignKeys() {
        List<ForeignKeyPair> out = new ArrayList<>(left.foreignKeys());
        out.addAll(right.foreignKeys());
        return out;
    }

    @Override
    public ColumnElement<?> correspondingColumn(ColumnElement<?> column) {
        ColumnElement<?> c = left.correspondingColumn(column);
        return c != null ? c : right.correspondingColumn(column);
    }

    @Override
    public List<FromClause> fromObjects() {
        List<FromClause> out = new ArrayList<>();
        out.add(this);
        out.addAll(left.fromObjects());
        out.addAll(right.fromObjects());
        return out;
    }

    @Override
    List<FromClause> hiddenFroms() {
        List<FromClause> out = new ArrayList<>(left.fromObjects());
        out.addAll(right.fromObjects());
        return out;
    }

    @Override
    protected String describe() {
        return "join of " + left.describe() + " and " + right.describe();
    }
}
