package dev.retort.orm;

import dev.retort.engine.Row;
import dev.retort.exc.ArgumentException;
import dev.retort.sql.BindParameter;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.FunctionCall;
import dev.retort.sql.Operator;
import dev.retort.sql.Select;
import dev.retort.sql.UnaryExpression;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * How a {@link ShardedSession} merges what several shards returned: one sorted, limited list,
 * or combined aggregates.
 */
final class Merging {
    static final Set<String> AGGREGATES = Set.of("count", "sum", "min", "max", "avg", "total", "every", "bool_and", "bool_or",
            "string_agg", "array_agg", "group_concat", "json_agg", "jsonb_agg", "stddev", "variance");
    private static final Set<String> COMBINABLE = Set.of("count", "sum", "min", "max");

    private Merging() {
    }

    /**
     * The aggregate of each column when {@code s} selects aggregates only, null when it selects
     * none; an aggregate that the shards' results cannot be combined into is refused.
     */
    static List<String> aggregates(Select s) {
        List<String> names = new ArrayList<>();
        for (ClauseElement c : s.columns()) {
            FunctionCall<?> f = ShardedSession.aggregate(c);
            names.add(f == null ? null : f.name().toLowerCase(Locale.ROOT));
        }
        if (names.stream().allMatch(n -> n == null)) {
            if (!s.groupByClauses().isEmpty()) {
                throw refused(s, "GROUP BY");
            }
            return null;
        }
        if (!s.groupByClauses().isEmpty() || !s.havingCriteria().isEmpty() || names.contains(null)) {
            throw refused(s, "an aggregate with GROUP BY, HAVING or plain columns");
        }
        for (String n : names) {
            if (!COMBINABLE.contains(n)) {
                throw refused(s, n + "()");
            }
        }
        return names;
    }

    private static ArgumentException refused(Select s, String what) {
        return new ArgumentException("A query across shards cannot combine " + what + " from several databases (count, sum, min and max "
                + "without GROUP BY can); narrow it to one shard or run it on each: " + s);
    }

    /** What each shard runs: with LIMIT n OFFSET m, the first n + m rows, for the merge to skip m of all. */
    static Select perShard(Select s) {
        Integer limit = intValue(s.limitClause());
        Integer offset = intValue(s.offsetClause());
        if (offset == null || offset == 0) {
            return s;
        }
        return limit == null ? s.offset(0) : s.offset(0).limit(limit + offset);
    }

    /** The shards' rows as one list, in the statement's order, with its offset and limit applied. */
    static List<Row> rows(List<List<Row>> parts, Select s, dev.retort.dialect.Dialect dialect) {
        List<Comparator<Row>> keys = new ArrayList<>();
        for (ClauseElement o : s.orderByClauses()) {
            boolean desc = isModified(o, Operator.DESC);
            ClauseElement e = unwrap(o);
            int index = -1;
            for (int i = 0; i < s.columns().size(); i++) {
                ClauseElement c = s.columns().get(i);
                if (c.compare(e) || (c instanceof dev.retort.sql.Label<?> l && (l.element().compare(e) || l.compare(e)))) {
                    index = i;
                    break;
                }
            }
            if (index < 0) {
                throw new ArgumentException("ORDER BY across shards sorts by the selected columns: select " + e + " too");
            }
            int at = index;
            boolean nullsFirst = nullsFirst(o, dialect);
            keys.add((a, b) -> compare(a.get(at), b.get(at), desc, nullsFirst));
        }
        return window(merge(parts, chain(keys), !keys.isEmpty()), s.limitClause(), s.offsetClause());
    }

    /** The comparators one after the other. */
    static <T> Comparator<T> chain(List<Comparator<T>> keys) {
        Comparator<T> order = (a, b) -> 0;
        for (Comparator<T> k : keys) {
            order = order.thenComparing(k);
        }
        return order;
    }

    /** The lists as one, sorted by {@code order} when {@code sorted}. */
    static <T> List<T> merge(List<List<T>> parts, Comparator<T> order, boolean sorted) {
        List<T> all = new ArrayList<>();
        parts.forEach(all::addAll);
        if (sorted) {
            all.sort(order);   // stable: equal keys keep the shards' order
        }
        return all;
    }

    /** {@code all} without its first {@code offset} elements, at most {@code limit} of them. */
    static <T> List<T> window(List<T> all, ClauseElement limit, ClauseElement offset) {
        return window(all, intValue(limit), intValue(offset));
    }

    static <T> List<T> window(List<T> all, Integer limit, Integer offset) {
        int from = Math.min(all.size(), offset == null ? 0 : offset);
        int to = limit == null ? all.size() : Math.min(all.size(), from + limit);
        return all.subList(from, to);
    }

    /** The shards' one-row aggregate results combined into one row. */
    static Row combine(List<List<Row>> parts, List<String> aggregates) {
        List<String> keys = parts.stream().filter(p -> !p.isEmpty()).findFirst().map(p -> p.get(0).keys()).orElseThrow();
        List<Object> combined = new ArrayList<>();
        for (int i = 0; i < aggregates.size(); i++) {
            String name = aggregates.get(i);
            BiFunction<Object, Object, Object> op = switch (name) {
                case "count", "sum" -> Merging::add;
                case "min" -> (a, b) -> compare(a, b, false, false) <= 0 ? a : b;
                default -> (a, b) -> compare(a, b, false, false) >= 0 ? a : b;
            };
            Object acc = null;
            boolean first = true;
            for (List<Row> p : parts) {
                Object v = p.get(0).get(i);
                if (v == null) {
                    continue;   // sum/min/max of no rows is NULL: that shard adds nothing
                }
                acc = first ? v : op.apply(acc, v);
                first = false;
            }
            combined.add(acc == null && name.equals("count") ? 0L : acc);
        }
        return Row.of(keys, List.of(combined)).get(0);
    }

    private static Object add(Object a, Object b) {
        if (a instanceof BigDecimal || b instanceof BigDecimal) {
            return new BigDecimal(a.toString()).add(new BigDecimal(b.toString()));
        }
        if (a instanceof Double || a instanceof Float || b instanceof Double || b instanceof Float) {
            return ((Number) a).doubleValue() + ((Number) b).doubleValue();
        }
        long sum = Math.addExact(((Number) a).longValue(), ((Number) b).longValue());
        return a instanceof Integer && b instanceof Integer && sum == (int) sum ? (Object) (int) sum : (Object) sum;
    }

    /** Orders two values for ORDER BY; NULL comes first when {@code nullsFirst} (see {@link #nullsFirst}). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compare(Object a, Object b, boolean desc, boolean nullsFirst) {
        if (a == null || b == null) {
            int n = a == b ? 0 : a == null ? 1 : -1;
            return nullsFirst ? -n : n;
        }
        int c;
        if (a instanceof Number x && b instanceof Number y && a.getClass() != b.getClass()) {
            c = new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString()));
        } else {
            c = ((Comparable) a).compareTo(b);
        }
        return desc ? -c : c;
    }

    /** Whether an ORDER BY clause carries the modifier {@code op} (DESC, NULLS FIRST, ...). */
    static boolean isModified(ClauseElement o, Operator op) {
        while (o instanceof UnaryExpression<?> u) {
            if (u.operator() == op) {
                return true;
            }
            o = u.element();
        }
        return false;
    }

    /**
     * Where an ORDER BY clause puts NULL: as it says (NULLS FIRST/LAST), else where the shards'
     * database does, so that the merge agrees with each shard's LIMIT: PostgreSQL sorts NULL as
     * larger than any value, SQLite and MySQL/MariaDB as smaller.
     */
    static boolean nullsFirst(ClauseElement o, dev.retort.dialect.Dialect dialect) {
        if (isModified(o, Operator.NULLS_FIRST) || isModified(o, Operator.NULLS_LAST)) {
            return isModified(o, Operator.NULLS_FIRST);
        }
        boolean nullsLargest = "postgresql".equals(dialect.name());
        return isModified(o, Operator.DESC) == nullsLargest;
    }

    /** The expression an ORDER BY clause sorts by, without DESC/ASC/NULLS modifiers. */
    static ClauseElement unwrap(ClauseElement o) {
        while (o instanceof UnaryExpression<?> u && (u.operator() == Operator.DESC || u.operator() == Operator.ASC
                || u.operator() == Operator.NULLS_FIRST || u.operator() == Operator.NULLS_LAST)) {
            o = u.element();
        }
        return o;
    }

    static Integer intValue(ClauseElement c) {
        if (c == null) {
            return null;
        }
        if (c instanceof BindParameter<?> p && p.value() instanceof Number n) {
            return n.intValue();
        }
        throw new ArgumentException("A query across shards needs a plain number for LIMIT/OFFSET, got " + c);
    }
}
