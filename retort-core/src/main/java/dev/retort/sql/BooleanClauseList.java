package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.TypeEngine;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code a AND b AND c} or {@code a OR b}. Built by {@link SQL#and} and {@link SQL#or}, which
 * flatten nested lists of the same operator and group the members against it.
 */
public final class BooleanClauseList extends ColumnElement<Boolean> {
    static final Traversal<BooleanClauseList> TRAVERSAL = Traversal.of("boolean_list",
            a -> new BooleanClauseList((Operator) a[0], castList(a[1])),
            Attr.struct("operator", BooleanClauseList::operator),
            Attr.clauses("clauses", BooleanClauseList::clauses));

    private final Operator operator;
    private final List<ClauseElement> clauses;

    BooleanClauseList(Operator operator, List<? extends ClauseElement> clauses) {
        // Checked here, not only in combine(): the serializer builds lists through this constructor.
        if (operator != Operator.AND && operator != Operator.OR) {
            throw new dev.retort.exc.ArgumentException("A boolean clause list joins with AND or OR, not " + operator);
        }
        if (clauses.size() < 2) {
            throw new dev.retort.exc.ArgumentException(operator + " list needs at least two criteria, has " + clauses.size());
        }
        this.operator = operator;
        this.clauses = List.copyOf(clauses);
    }

    @SuppressWarnings("unchecked")
    static List<ClauseElement> castList(Object o) {
        return (List<ClauseElement>) o;
    }

    /**
     * Combines criteria with AND or OR: one criterion is returned as it is, nested lists of the
     * same operator are flattened, and each member is grouped against the operator. As
     * SQLAlchemy, the constant that cannot change the result ({@code true} in AND, {@code false}
     * in OR) is dropped unless it is all there is, and the one that decides it alone replaces
     * the whole list.
     */
    static ColumnElement<Boolean> combine(Operator op, List<? extends ClauseElement> given) {
        if (given.isEmpty()) {
            throw new dev.retort.exc.ArgumentException(op + " needs at least one criterion");
        }
        BooleanLiteral neutral = BooleanLiteral.of(op == Operator.AND);
        List<ClauseElement> criteria = new ArrayList<>();
        for (ClauseElement c : given) {
            if (c == neutral.negate()) {
                return neutral.negate();
            }
            if (c != neutral) {
                criteria.add(c);
            }
        }
        if (criteria.isEmpty()) {
            return neutral;
        }
        if (criteria.size() == 1) {
            return asBoolean(criteria.get(0)).selfGroup(Operator.AS_BOOLEAN);
        }
        List<ClauseElement> flat = new ArrayList<>();
        for (ClauseElement c : criteria) {
            ColumnElement<?> g = asBoolean(c).selfGroup(op);
            if (g instanceof BooleanClauseList b && b.operator == op) {
                flat.addAll(b.clauses);
            } else {
                flat.add(g);
            }
        }
        return new BooleanClauseList(op, flat);
    }

    @SuppressWarnings("unchecked")
    private static ColumnElement<Boolean> asBoolean(ClauseElement c) {
        if (c instanceof ColumnElement<?> e) {
            return (ColumnElement<Boolean>) e;
        }
        throw new dev.retort.exc.ArgumentException("Not a boolean criterion: " + c.getClass().getSimpleName());
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitBooleanClauseList(this);
    }

    public Operator operator() {
        return operator;
    }

    public List<ClauseElement> clauses() {
        return clauses;
    }

    @Override
    public TypeEngine<Boolean> type() {
        return Types.BOOLEAN;
    }

    @Override
    public ColumnElement<Boolean> selfGroup(Operator against) {
        return clauses.size() > 1 && Operator.isPrecedent(operator, against) ? new Grouping<>(this) : this;
    }
}
