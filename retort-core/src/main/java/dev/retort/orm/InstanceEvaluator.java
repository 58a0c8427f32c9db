package dev.retort.orm;

import dev.retort.schema.Column;
import dev.retort.sql.BinaryExpression;
import dev.retort.sql.BindParameter;
import dev.retort.sql.BooleanClauseList;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Grouping;
import dev.retort.sql.Null;
import dev.retort.sql.Operator;
import dev.retort.sql.UnaryExpression;
import java.math.BigDecimal;
import java.util.Collection;

/**
 * Evaluates a Core expression over the columns of one mapped table against an instance in
 * memory, with SQL's three-valued logic (null is unknown): the seeds' "evaluate" strategy of
 * bulk UPDATE and DELETE, which tells which of the session's instances the statement matched.
 * Comparisons, IN, IS [NOT] NULL, AND/OR/NOT and + - * are understood; anything else raises
 * {@link CannotEvaluate}, and the caller falls back to expiring.
 */
final class InstanceEvaluator {
    /** The expression has a construct this evaluator does not understand. */
    static final class CannotEvaluate extends RuntimeException {
        CannotEvaluate(Object what) {
            super("cannot evaluate " + what + " in memory", null, false, false);
        }
    }

    private final Mapper<?> mapper;

    InstanceEvaluator(Mapper<?> mapper) {
        this.mapper = mapper;
    }

    /** Whether {@code criterion} is true for the instance of {@code st}. */
    boolean matches(ClauseElement criterion, InstanceState st) {
        return Boolean.TRUE.equals(value(criterion, st));
    }

    Object value(ClauseElement e, InstanceState st) {
        if (e instanceof Column<?> c && c.table() == mapper.table()) {
            return mapper.columnProp(c).get(st.instance, st);
        }
        if (e instanceof BindParameter<?> b) {
            return b.effectiveValue();
        }
        if (e instanceof Null) {
            return null;
        }
        if (e instanceof Grouping<?> g) {
            return value(g.element(), st);
        }
        if (e instanceof UnaryExpression<?> u && u.operator() == Operator.NOT) {
            Object v = value(u.element(), st);
            return v == null ? null : !(Boolean) v;
        }
        if (e instanceof BooleanClauseList l && (l.operator() == Operator.AND || l.operator() == Operator.OR)) {
            boolean and = l.operator() == Operator.AND;
            Boolean out = and;
            for (ClauseElement part : l.clauses()) {
                Object v = value(part, st);
                if (v == null) {
                    out = null;
                } else if ((Boolean) v != and) {
                    return !and;
                }
            }
            return out;
        }
        if (e instanceof BinaryExpression<?> b) {
            return binary(b.operator(), value(b.left(), st), b.right(), st);
        }
        throw new CannotEvaluate(e);
    }

    private Object binary(Operator op, Object left, ClauseElement rightNode, InstanceState st) {
        switch (op) {
            case IS, IS_NOT, IS_DISTINCT_FROM, IS_NOT_DISTINCT_FROM -> {
                Object right = value(rightNode, st);
                boolean same = left == null || right == null ? left == right : compare(left, right) == 0;
                return (op == Operator.IS || op == Operator.IS_NOT_DISTINCT_FROM) == same;
            }
            case IN, NOT_IN -> {
                Object right = value(rightNode, st);
                if (left == null || !(right instanceof Collection<?> values)) {
                    if (right instanceof Collection<?>) {
                        return null;
                    }
                    throw new CannotEvaluate(rightNode);
                }
                boolean found = false;
                for (Object v : values) {
                    found |= v != null && compare(left, v) == 0;
                }
                return found == (op == Operator.IN);
            }
            case EQ, NE, LT, LE, GT, GE -> {
                Object right = value(rightNode, st);
                if (left == null || right == null) {
                    return null;
                }
                int c = compare(left, right);
                return switch (op) {
                    case EQ -> c == 0;
                    case NE -> c != 0;
                    case LT -> c < 0;
                    case LE -> c <= 0;
                    case GT -> c > 0;
                    default -> c >= 0;
                };
            }
            case ADD, SUB, MUL -> {
                Object right = value(rightNode, st);
                if (left == null || right == null) {
                    return null;
                }
                return arithmetic(op, left, right);
            }
            default -> throw new CannotEvaluate(op);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return decimal(x).compareTo(decimal(y));
        }
        if (a instanceof Comparable ca && a.getClass() == b.getClass()) {
            return ca.compareTo(b);
        }
        throw new CannotEvaluate(a + " against " + b);
    }

    private static BigDecimal decimal(Number n) {
        return n instanceof BigDecimal d ? d : n instanceof Double || n instanceof Float ? BigDecimal.valueOf(n.doubleValue()) : BigDecimal.valueOf(n.longValue());
    }

    /** {@code a op b} in the type of {@code a} (the column's), as the database would keep it. */
    private static Object arithmetic(Operator op, Object a, Object b) {
        if (!(a instanceof Number x) || !(b instanceof Number y)) {
            throw new CannotEvaluate(a + " " + op + " " + b);
        }
        BigDecimal l = decimal(x);
        BigDecimal r = decimal(y);
        BigDecimal out = op == Operator.ADD ? l.add(r) : op == Operator.SUB ? l.subtract(r) : l.multiply(r);
        if (a instanceof Integer) {
            return out.intValueExact();
        }
        if (a instanceof Long) {
            return out.longValueExact();
        }
        if (a instanceof Double) {
            return out.doubleValue();
        }
        if (a instanceof BigDecimal) {
            return out;
        }
        throw new CannotEvaluate(a);
    }
}
