package dev.retort.conformance;

import static dev.retort.sql.SQL.and;
import static dev.retort.sql.SQL.caseWhen;
import static dev.retort.sql.SQL.cast;
import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.cube;
import static dev.retort.sql.SQL.groupingSets;
import static dev.retort.sql.SQL.rollup;
import static dev.retort.sql.SQL.text;
import static dev.retort.sql.SQL.tuple;
import static dev.retort.sql.SQL.delete;
import static dev.retort.sql.SQL.desc;
import static dev.retort.sql.SQL.asc;
import static dev.retort.sql.SQL.except;
import static dev.retort.sql.SQL.exists;
import static dev.retort.sql.SQL.intersect;
import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.literal;
import static dev.retort.sql.SQL.not;
import static dev.retort.sql.SQL.or;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.union;
import static dev.retort.sql.SQL.unionAll;
import static dev.retort.sql.SQL.update;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.Case;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnClause;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.CompoundSelect;
import dev.retort.sql.CustomOperator;
import dev.retort.sql.Fetch;
import dev.retort.sql.FromClause;
import dev.retort.sql.FunctionCall;
import dev.retort.sql.Over;
import dev.retort.sql.Select;
import dev.retort.sql.SelectBase;
import dev.retort.sql.Tuple;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds Retort statements from the conformance corpus's tree language (see
 * shared/conformance/README.md), using only the public API.
 */
final class CorpusTree {
    final MetaData metadata = new MetaData();
    /** Appended to every table name, so a shared server can hold several copies. */
    private final String suffix;
    final Table users;
    final Table addresses;
    final Table orders;

    CorpusTree() {
        this("");
    }

    CorpusTree(String suffix) {
        this.suffix = suffix;
        users = new Table("users" + suffix, metadata,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("name", Types.string(50)),
            Column.of("age", Types.INTEGER));
        addresses = new Table("addresses" + suffix, metadata,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("email", Types.string(50)),
            Column.of("user_id", Types.INTEGER).foreignKey("users" + suffix + ".id"));
        orders = new Table("orders" + suffix, metadata,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("user_id", Types.INTEGER).foreignKey("users" + suffix + ".id"),
            Column.of("qty", Types.INTEGER),
            Column.of("status", Types.string(20)));
    }

    /** The definitions of {@code with}: FROM clauses, or expressions read by {@code ["var", name]} (one object wherever used). */
    private final Map<String, Object> env = new HashMap<>();

    ClauseElement statement(JsonNode tree) {
        env.clear();
        return (ClauseElement) build(tree);
    }

    static Object value(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isInt()) {
            return n.intValue();
        }
        if (n.isIntegralNumber()) {
            return n.longValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        return n.asText();
    }

    /** A node, or a raw JSON value used as an operand. */
    /**
     * ["likeesc", like|notlike|ilike|notilike, expr, pattern, escape] and
     * ["pattern", contains|...|iendswith, expr, value, autoescape, escape or null].
     */
    private ColumnElement<?> patternNode(JsonNode n) {
        ColumnElement<?> e = expr(n.get(2));
        Object v = operand(n.get(3));
        String kind = n.get(1).asText();
        if (n.get(0).asText().equals("likeesc")) {
            String esc = n.get(4).asText();
            switch (kind) {
                case "like": return e.like(v, esc);
                case "notlike": return e.notLike(v, esc);
                case "ilike": return e.ilike(v, esc);
                default: return e.notIlike(v, esc);
            }
        }
        return SqlalchemySuiteTree.patternNode(kind, e, v, n.get(4).asBoolean(), n.get(5).isNull() ? null : n.get(5).asText());
    }

    private Object operand(JsonNode n) {
        return n.isArray() && n.size() > 0 && n.get(0).isTextual() ? build(n) : value(n);
    }

    private ColumnElement<?> expr(JsonNode n) {
        return (ColumnElement<?>) build(n);
    }

    private ColumnElement<?>[] exprs(JsonNode list) {
        List<ColumnElement<?>> out = new ArrayList<>();
        if (list != null) {
            list.forEach(n -> out.add(expr(n)));
        }
        return out.toArray(new ColumnElement<?>[0]);
    }

    @SuppressWarnings("unchecked")
    private Object build(JsonNode n) {
        String op = n.get(0).asText();
        switch (op) {
            case "col": return table(n.get(1).asText()).c(n.get(2).asText());
            case "table": return table(n.get(1).asText());
            case "val": return value(n.get(1));
            case "literal": return literal(value(n.get(1)));
            case "eq": return expr(n.get(1)).eq(operand(n.get(2)));
            case "ne": return expr(n.get(1)).ne(operand(n.get(2)));
            case "lt": return expr(n.get(1)).lt(operand(n.get(2)));
            case "le": return expr(n.get(1)).le(operand(n.get(2)));
            case "gt": return expr(n.get(1)).gt(operand(n.get(2)));
            case "ge": return expr(n.get(1)).ge(operand(n.get(2)));
            case "add": return expr(n.get(1)).add(operand(n.get(2)));
            case "sub": return expr(n.get(1)).sub(operand(n.get(2)));
            case "mul": return expr(n.get(1)).mul(operand(n.get(2)));
            case "mod": return expr(n.get(1)).mod(operand(n.get(2)));
            case "concat": return expr(n.get(1)).concat(operand(n.get(2)));
            case "like": return expr(n.get(1)).like(operand(n.get(2)));
            case "notlike": return expr(n.get(1)).notLike(operand(n.get(2)));
            case "div": return expr(n.get(1)).div(operand(n.get(2)));
            case "floordiv": return expr(n.get(1)).floorDiv(operand(n.get(2)));
            case "isdistinct": return expr(n.get(1)).isDistinctFrom(operand(n.get(2)));
            case "isnotdistinct": return expr(n.get(1)).isNotDistinctFrom(operand(n.get(2)));
            case "distinct": return expr(n.get(1)).distinct();
            case "nullsfirst": return expr(n.get(1)).nullsFirst();
            case "nullslast": return expr(n.get(1)).nullsLast();
            case "filter": return ((FunctionCall<?>) expr(n.get(1))).filter(expr(n.get(2)));
            case "collate": return expr(n.get(1)).collate(n.get(2).asText());
            case "bitand": return expr(n.get(1)).bitwiseAnd(operand(n.get(2)));
            case "bitor": return expr(n.get(1)).bitwiseOr(operand(n.get(2)));
            case "bitxor": return expr(n.get(1)).bitwiseXor(operand(n.get(2)));
            case "lshift": return expr(n.get(1)).bitwiseLShift(operand(n.get(2)));
            case "rshift": return expr(n.get(1)).bitwiseRShift(operand(n.get(2)));
            case "bitnot": return expr(n.get(1)).bitwiseNot();
            case "likeesc": case "pattern": return patternNode(n);
            case "betweensym": return expr(n.get(1)).between(operand(n.get(2)), operand(n.get(3)), true);
            case "is": return expr(n.get(1)).is(operand(n.get(2)));
            case "isnot": return expr(n.get(1)).isNot(operand(n.get(2)));
            case "prefixop": return expr(n.get(2)).prefixOp(CustomOperator.of(n.get(1).asText()));
            case "postfixop": return expr(n.get(2)).postfixOp(CustomOperator.of(n.get(1).asText()).comparison(n.get(3).asBoolean()));
            case "op": return expr(n.get(2)).op(n.get(1).asText(), operand(n.get(3)));
            case "boolop": return expr(n.get(2)).boolOp(n.get(1).asText(), operand(n.get(3)));
            case "tuple": return tuple(operands(tail(n, 1)));
            case "tuplein": return ((Tuple) build(n.get(1))).in(rows(n.get(2)));
            case "tuplenotin": return ((Tuple) build(n.get(1))).notIn(rows(n.get(2)));
            case "withingroup": return ((FunctionCall<?>) build(n.get(1))).withinGroup(exprs(n.get(2)));
            case "values": return dev.retort.sql.SQL.values(columns(n.get(2))).data(rows(n.get(3))).alias(n.get(1).asText());
            case "textsel": return text(n.get(1).asText()).columns(columns(n.get(2)));
            case "rollup": return rollup(exprs(tail(n, 1)));
            case "cube": return cube(exprs(tail(n, 1)));
            case "grouping_sets": return groupingSets(exprs(tail(n, 1)));
            case "compound": {
                List<SelectBase> members = new ArrayList<>();
                n.get(2).forEach(m -> members.add((SelectBase) build(m)));
                SelectBase[] ms = members.toArray(new SelectBase[0]);
                String kind = n.get(1).asText();
                CompoundSelect c = kind.equals("union") ? union(ms) : kind.equals("union_all") ? unionAll(ms)
                        : kind.equals("intersect") ? intersect(ms) : except(ms);
                JsonNode spec = n.get(3);
                if (spec.has("order_by")) {
                    c = c.orderBy(exprs(spec.get("order_by")));
                }
                if (spec.has("limit") && !spec.get("limit").isNull()) {
                    c = c.limit(spec.get("limit").intValue());
                }
                if (spec.has("fetch")) {
                    c = c.fetch(spec.get("fetch").intValue());
                }
                return c;
            }
            case "and": return and(criteria(tail(n, 1)));
            case "or": return or(criteria(tail(n, 1)));
            case "not": return not(expr(n.get(1)));
            case "in": return expr(n.get(1)).in(values(n.get(2)));
            case "notin": return expr(n.get(1)).notIn(values(n.get(2)));
            case "insub": return expr(n.get(1)).in((SelectBase) build(n.get(2)));
            case "between": return expr(n.get(1)).between(operand(n.get(2)), operand(n.get(3)));
            case "isnull": return expr(n.get(1)).isNull();
            case "isnotnull": return expr(n.get(1)).isNotNull();
            case "func": {
                List<Object> args = new ArrayList<>();
                for (int i = 2; i < n.size(); i++) {
                    args.add(operand(n.get(i)));
                }
                return func(n.get(1).asText(), args.toArray());
            }
            case "cast": return n.get(2).asText().equals("INTEGER") ? cast(expr(n.get(1)), Types.INTEGER) : cast(expr(n.get(1)), Types.STRING);
            case "label": return expr(n.get(1)).label(n.get(2).asText());
            case "case": {
                Case<Object> c = null;
                for (JsonNode w : n.get(1)) {
                    ColumnElement<Boolean> cond = (ColumnElement<Boolean>) expr(w.get(0));
                    c = c == null ? caseWhen(cond, operand(w.get(1))) : c.when(cond, operand(w.get(1)));
                }
                return n.size() > 2 && !n.get(2).isNull() ? c.otherwise(operand(n.get(2))) : c;
            }
            case "over": {
                Over<?> o = ((FunctionCall<?>) expr(n.get(1))).over();
                JsonNode spec = n.get(2);
                if (spec.has("partition_by")) {
                    o = o.partitionBy(exprs(spec.get("partition_by")));
                }
                if (spec.has("order_by")) {
                    o = o.orderBy(exprs(spec.get("order_by")));
                }
                if (spec.has("rows") && !spec.get("rows").isNull()) {
                    o = o.rows(bound(spec.get("rows").get(0)), bound(spec.get("rows").get(1)));
                }
                if (spec.has("range_") && !spec.get("range_").isNull()) {
                    o = o.range(bound(spec.get("range_").get(0)), bound(spec.get("range_").get(1)));
                }
                return o;
            }
            case "desc": return desc(expr(n.get(1)));
            case "asc": return asc(expr(n.get(1)));
            case "exists": return exists((SelectBase) build(n.get(1)));
            case "scalar": return ((SelectBase) build(n.get(1))).scalarSubquery();
            case "join": {
                FromClause left = (FromClause) build(n.get(1));
                FromClause right = (FromClause) build(n.get(2));
                boolean outer = n.get(4).asBoolean();
                if (n.get(3).isNull()) {
                    return outer ? left.outerJoin(right) : left.join(right);
                }
                ColumnElement<Boolean> on = (ColumnElement<Boolean>) expr(n.get(3));
                return outer ? left.outerJoin(right, on) : left.join(right, on);
            }
            case "select": return select(n.get(1));
            case "with": {
                for (JsonNode def : n.get(1)) {
                    env.put(def.get(0).asText(), build(def.get(1)));
                }
                return build(n.get(2));
            }
            case "ref": return from(n.get(1)).c(n.get(2).asText());
            case "fromref": return from(n.get(1));
            case "var": return env.get(n.get(1).asText());
            case "tcol": return column(n.get(1).asText(), type(n.get(2)));
            case "list": return values(n.get(1));
            case "item": return expr(n.get(1)).item(value(n.get(2)));
            case "itemtext": return expr(n.get(1)).itemText(value(n.get(2)));
            case "path": return expr(n.get(1)).path(values(n.get(2)).toArray());
            case "pathtext": return expr(n.get(1)).pathText(values(n.get(2)).toArray());
            case "slice": return expr(n.get(1)).slice(n.get(2).intValue(), n.get(3).intValue());
            case "jsonas": {
                ColumnElement<?> e = expr(n.get(1));
                switch (n.get(2).asText()) {
                    case "integer": return e.asInteger();
                    case "float": return e.asDouble();
                    case "boolean": return e.asBoolean();
                    default: return e.asString();
                }
            }
            case "haskey": return expr(n.get(1)).hasKey(operand(n.get(2)));
            case "hasall": return expr(n.get(1)).hasAll(operand(n.get(2)));
            case "hasany": return expr(n.get(1)).hasAny(operand(n.get(2)));
            case "pgcontains": return expr(n.get(1)).contains(operand(n.get(2)));
            case "containedby": return expr(n.get(1)).containedBy(operand(n.get(2)));
            case "overlap": return expr(n.get(1)).overlap(operand(n.get(2)));
            case "alias": {
                FromClause from = (FromClause) build(n.get(1));
                return n.get(2).isNull() ? from.alias() : from.alias(n.get(2).asText());
            }
            case "refpos": return from(n.get(1)).columns().get(n.get(2).intValue());
            case "anonlabel": return expr(n.get(1)).label(null);
            case "lateral": return ((SelectBase) build(n.get(1))).lateral(n.get(2).isNull() ? null : n.get(2).asText());
            case "tablesample": return dev.retort.sql.SQL.tablesample((FromClause) build(n.get(1)), operand(n.get(2)),
                    n.get(3).asText(), n.get(4).isNull() ? null : expr(n.get(4)));
            case "any": return dev.retort.sql.SQL.any(expr(n.get(1)));
            case "all": return dev.retort.sql.SQL.all(expr(n.get(1)));
            case "typecoerce": return dev.retort.sql.SQL.typeCoerce(operand(n.get(1)), type(n.get(2)));
            case "literalcol": return n.get(2).isNull() ? dev.retort.sql.SQL.literalColumn(n.get(1).asText())
                    : dev.retort.sql.SQL.literalColumn(n.get(1).asText(), type(n.get(2)));
            case "subquery": return ((SelectBase) build(n.get(1))).subquery(n.get(2).isNull() ? null : n.get(2).asText());
            case "cte": return ((SelectBase) build(n.get(1))).cte(n.get(2).asText());
            case "union": return union(selects(n));
            case "union_all": return unionAll(selects(n));
            case "update": {
                JsonNode spec = n.get(2);
                var u = update(table(n.get(1).asText())).where(exprs(spec.get("where")));
                return u.values(valueMap(spec.get("values")));
            }
            case "delete": return delete(table(n.get(1).asText())).where(exprs(n.get(2).get("where")));
            case "insert": return insert(table(n.get(1).asText())).values(valueMap(n.get(2).get("values")));
            default: throw new IllegalArgumentException("Unknown corpus node " + op);
        }
    }

    private Select select(JsonNode spec) {
        List<Object> cols = new ArrayList<>();
        spec.get("cols").forEach(c -> cols.add(build(c)));
        Select s = dev.retort.sql.SQL.select(cols.toArray());
        if (spec.has("from") && !spec.get("from").isNull()) {
            s = s.selectFrom((FromClause) build(spec.get("from")));
        }
        if (spec.has("where")) {
            for (JsonNode w : spec.get("where")) {
                s = s.where(expr(w));
            }
        }
        if (spec.has("group_by")) {
            s = s.groupBy(exprs(spec.get("group_by")));
        }
        if (spec.has("having")) {
            for (JsonNode h : spec.get("having")) {
                s = s.having(expr(h));
            }
        }
        if (spec.has("order_by")) {
            s = s.orderBy(exprs(spec.get("order_by")));
        }
        if (spec.has("limit") && !spec.get("limit").isNull()) {
            s = s.limit(spec.get("limit").intValue());
        }
        if (spec.has("offset") && !spec.get("offset").isNull()) {
            s = s.offset(spec.get("offset").intValue());
        }
        if (spec.has("fetch") && !spec.get("fetch").isNull()) {
            Fetch fetch = Fetch.first(spec.get("fetch").intValue());
            s = s.fetch(spec.path("fetch_ties").asBoolean() ? fetch.withTies() : fetch);
        }
        if (spec.has("distinct_on")) {
            s = s.distinctOn(exprs(spec.get("distinct_on")));
        }
        if (spec.has("distinct") && spec.get("distinct").asBoolean()) {
            s = s.distinct();
        }
        if (spec.has("for_update") && spec.get("for_update").asBoolean()) {
            s = s.withForUpdate();
        }
        if (spec.has("correlate")) {
            // [] is SQLAlchemy's correlate(None): no auto-correlation
            s = s.correlate(froms(spec.get("correlate")));
        }
        if (spec.has("correlate_except")) {
            s = s.correlateExcept(froms(spec.get("correlate_except")));
        }
        return s;
    }

    /** "INTEGER", "VARCHAR", "JSON", "JSONB" or "INTARRAY" (an array of INTEGER). */
    private static dev.retort.types.TypeEngine<?> type(JsonNode name) {
        switch (name.asText()) {
            case "INTEGER": return Types.INTEGER;
            case "JSON": return Types.JSON;
            case "JSONB": return Types.JSONB;
            case "INTARRAY": return Types.array(Types.INTEGER);
            default: return Types.STRING;
        }
    }

    private FromClause from(JsonNode name) {
        return (FromClause) env.get(name.asText());
    }

    private FromClause[] froms(JsonNode names) {
        List<FromClause> out = new ArrayList<>();
        names.forEach(t -> out.add(table(t.asText())));
        return out.toArray(new FromClause[0]);
    }

    private SelectBase[] selects(JsonNode n) {
        List<SelectBase> out = new ArrayList<>();
        for (int i = 1; i < n.size(); i++) {
            out.add((SelectBase) build(n.get(i)));
        }
        return out.toArray(new SelectBase[0]);
    }

    private Map<String, Object> valueMap(JsonNode values) {
        Map<String, Object> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = values.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), operand(e.getValue()));
        }
        return out;
    }

    /** Criteria of AND / OR: a plain boolean is the constant true / false (SQLAlchemy's coercion). */
    private ColumnElement<?>[] criteria(JsonNode list) {
        List<ColumnElement<?>> out = new ArrayList<>();
        list.forEach(n -> {
            Object o = operand(n);
            out.add(o instanceof Boolean b ? (b ? dev.retort.sql.SQL.trueLiteral() : dev.retort.sql.SQL.falseLiteral()) : (ColumnElement<?>) o);
        });
        return out.toArray(new ColumnElement<?>[0]);
    }

    private Object[] operands(JsonNode list) {
        List<Object> out = new ArrayList<>();
        list.forEach(v -> out.add(operand(v)));
        return out.toArray();
    }

    /** {@code [[name, "INTEGER" | "VARCHAR"], ...]}: the columns of a VALUES or a textual SELECT. */
    private static ColumnClause<?>[] columns(JsonNode list) {
        List<ColumnClause<?>> out = new ArrayList<>();
        list.forEach(c -> out.add(c.get(1).asText().equals("INTEGER") ? column(c.get(0).asText(), Types.INTEGER) : column(c.get(0).asText(), Types.STRING)));
        return out.toArray(new ColumnClause<?>[0]);
    }

    private static List<List<Object>> rows(JsonNode list) {
        List<List<Object>> out = new ArrayList<>();
        list.forEach(r -> out.add(values(r)));
        return out;
    }

    private static List<Object> values(JsonNode list) {
        List<Object> out = new ArrayList<>();
        list.forEach(v -> out.add(value(v)));
        return out;
    }

    private static JsonNode tail(JsonNode n, int from) {
        com.fasterxml.jackson.databind.node.ArrayNode a = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        for (int i = from; i < n.size(); i++) {
            a.add(n.get(i));
        }
        return a;
    }

    private static Integer bound(JsonNode n) {
        return n == null || n.isNull() ? null : n.intValue();
    }

    private Table table(String name) {
        return metadata.table(name + suffix);
    }
}
