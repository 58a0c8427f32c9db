package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code SELECT ... UNION [ALL] SELECT ...}, also INTERSECT and EXCEPT.
 *
 * <pre>{@code
 * union(select(users.c("id")), select(orders.c("user_id"))).orderBy(users.c("id"));
 * }</pre>
 */
public final class CompoundSelect extends SelectBase {
    /** The set operators. */
    public enum Kind {
        UNION("UNION"), UNION_ALL("UNION ALL"), INTERSECT("INTERSECT"), INTERSECT_ALL("INTERSECT ALL"), EXCEPT("EXCEPT"), EXCEPT_ALL("EXCEPT ALL");

        private final String sql;

        Kind(String sql) {
            this.sql = sql;
        }

        public String sql() {
            return sql;
        }
    }

    static final Traversal<CompoundSelect> TRAVERSAL = Traversal.of("compound_select",
            a -> new CompoundSelect((Kind) a[0], BooleanClauseList.castList(a[1]), BooleanClauseList.castList(a[2]), (ClauseElement) a[3], (ClauseElement) a[4], (Fetch) a[5],
                    AddedCtes.of(a[6], a[7])),
            Attr.struct("kind", CompoundSelect::kind),
            Attr.clauses("selects", CompoundSelect::selects),
            Attr.clauses("orderBy", CompoundSelect::orderByClauses),
            Attr.optionalClause("limit", CompoundSelect::limitClause),
            Attr.optionalClause("offset", CompoundSelect::offsetClause),
            Attr.optionalClause("fetch", CompoundSelect::fetchClause).since(8),
            Attr.clauses("addedCtes", CompoundSelect::addedCtes).since(9),
            Attr.struct("addedCtesNestHere", (CompoundSelect c) -> c.added.nestHereAttribute()).since(9));

    private final Kind kind;
    private final List<ClauseElement> selects;
    private final List<ClauseElement> orderBy;
    private final ClauseElement limit;
    private final ClauseElement offset;
    private final Fetch fetch;
    private final AddedCtes added;

    CompoundSelect(Kind kind, List<? extends ClauseElement> selects, List<? extends ClauseElement> orderBy, ClauseElement limit, ClauseElement offset) {
        this(kind, selects, orderBy, limit, offset, null);
    }

    CompoundSelect(Kind kind, List<? extends ClauseElement> selects, List<? extends ClauseElement> orderBy, ClauseElement limit, ClauseElement offset,
            Fetch fetch) {
        this(kind, selects, orderBy, limit, offset, fetch, AddedCtes.NONE);
    }

    private CompoundSelect(Kind kind, List<? extends ClauseElement> selects, List<? extends ClauseElement> orderBy, ClauseElement limit, ClauseElement offset,
            Fetch fetch, AddedCtes added) {
        if (selects.size() < 2) {
            throw new dev.retort.exc.ArgumentException(kind.sql() + " needs at least two SELECTs");
        }
        this.kind = kind;
        this.selects = List.copyOf(selects);
        this.orderBy = List.copyOf(orderBy);
        this.limit = limit;
        this.offset = offset;
        this.fetch = fetch;
        this.added = added;
    }

    /**
     * The label style of the first member, whose labels name the compound's columns (as
     * SQLAlchemy's {@code CompoundSelect.set_label_style}):
     * <pre>{@code
     * union(select(a.c("id")), select(b.c("id"))).labelStyle(LabelStyle.TABLENAME_PLUS_COL)
     * // SELECT a.id AS a_id FROM a UNION SELECT b.id FROM b
     * }</pre>
     */
    public CompoundSelect labelStyle(LabelStyle style) {
        ClauseElement first = selects.get(0);
        ClauseElement styled = first instanceof Select s ? s.labelStyle(style)
                : first instanceof CompoundSelect c ? c.labelStyle(style) : null;
        if (styled == null) {
            throw new dev.retort.exc.ArgumentException("labelStyle: the first member of the compound is a " + first.getClass().getSimpleName()
                    + ", not a SELECT");
        }
        List<ClauseElement> members = new java.util.ArrayList<>(selects);
        members.set(0, styled);
        return new CompoundSelect(kind, members, orderBy, limit, offset, fetch, added);
    }

    /** As {@link Select#addCte}: CTEs declared in the WITH clause whether or not a member refers to them. */
    public CompoundSelect addCte(CTE... ctes) {
        return new CompoundSelect(kind, selects, orderBy, limit, offset, fetch, added.plus(ctes, false));
    }

    /** As {@link Select#addNestedCte}: declared in this compound's own WITH clause. */
    public CompoundSelect addNestedCte(CTE... ctes) {
        return new CompoundSelect(kind, selects, orderBy, limit, offset, fetch, added.plus(ctes, true));
    }

    /** The CTEs given to {@link #addCte} and {@link #addNestedCte}, in order. */
    public List<CTE> addedCtes() {
        return added.ctes();
    }

    /** For each of {@link #addedCtes()}: whether it was given to {@link #addNestedCte}. */
    public List<Boolean> addedCtesNestHere() {
        return added.nestHere();
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitCompoundSelect(this);
    }

    public Kind kind() {
        return kind;
    }

    /** The member statements. */
    public List<ClauseElement> selects() {
        return selects;
    }

    public List<ClauseElement> orderByClauses() {
        return orderBy;
    }

    public ClauseElement limitClause() {
        return limit;
    }

    public ClauseElement offsetClause() {
        return offset;
    }

    /** The FETCH FIRST clause, or null. */
    public Fetch fetchClause() {
        return fetch;
    }

    /** {@code FETCH FIRST n ROWS ONLY} after the compound; replaces a {@link #limit}. See {@link Fetch}. */
    public CompoundSelect fetch(int count) {
        return fetch(Fetch.first(count));
    }

    /** The standard row limit with its options. */
    public CompoundSelect fetch(Fetch clause) {
        return new CompoundSelect(kind, selects, orderBy, null, offset, clause, added);
    }

    @Override
    public List<SelectColumn> selectColumns() {
        return ((SelectBase) selects.get(0)).selectColumns();
    }

    /** The column at {@code index} of each member SELECT, in order (a nested set operation's members in place). */
    List<ColumnElement<?>> memberColumns(int index) {
        List<ColumnElement<?>> out = new ArrayList<>();
        for (ClauseElement m : selects) {
            if (m instanceof CompoundSelect inner) {
                out.addAll(inner.memberColumns(index));
            } else if (m instanceof SelectBase s && index < s.selectColumns().size()) {
                out.add(s.selectColumns().get(index).column());
            }
        }
        return out;
    }

    /**
     * The type of result column {@code index}: the first SELECT's, when every member's column there
     * is of the same kind; otherwise the database decides it, and values are read as they come.
     */
    public dev.retort.types.TypeEngine<?> columnType(int index) {
        dev.retort.types.TypeEngine<?> first = selectColumns().get(index).column().type();
        for (ClauseElement m : selects) {
            List<SelectColumn> cols = ((SelectBase) m).selectColumns();
            boolean same = index < cols.size() && cols.get(index).column().type().kind() == first.kind()
                    && !(m instanceof CompoundSelect inner && inner.columnType(index).kind() != first.kind());
            if (!same) {
                return Types.NULLTYPE;
            }
        }
        return first;
    }

    public CompoundSelect orderBy(ClauseElement... clauses) {
        List<ClauseElement> o = new ArrayList<>(orderBy);
        o.addAll(List.of(clauses));
        return new CompoundSelect(kind, selects, o, limit, offset, fetch, added);
    }

    public CompoundSelect limit(int n) {
        return new CompoundSelect(kind, selects, orderBy, new BindParameter<>(null, "param", n, Types.INTEGER, true, false), offset, null, added);
    }

    public CompoundSelect offset(int n) {
        return new CompoundSelect(kind, selects, orderBy, limit, new BindParameter<>(null, "param", n, Types.INTEGER, true, false), fetch, added);
    }

    @Override
    public CompoundSelect params(Map<String, ?> values) {
        return (CompoundSelect) super.params(values);
    }
}
