package dev.retort.sql;

import static dev.retort.sql.SQL.and;
import static dev.retort.sql.SQL.cast;
import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.delete;
import static dev.retort.sql.SQL.exists;
import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.literal;
import static dev.retort.sql.SQL.literalColumn;
import static dev.retort.sql.SQL.not;
import static dev.retort.sql.SQL.or;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.text;
import static dev.retort.sql.SQL.union;
import static dev.retort.sql.SQL.unionAll;
import static dev.retort.sql.SQL.update;

import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.types.TypeEngine;
import dev.retort.types.Types;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Builds statements from a gene string (each gene one structural choice) and a stream of
 * literal values, for cache-key properties: the same genes with other values give a statement
 * of the same shape; changing one gene changes one detail (a schema, a name, an operator, a
 * join kind, a type, ...). Besides tables, columns and expressions of every kind, it draws the
 * constructs of the last rounds: tables with client-side defaults (constant, supplier, SQL) and
 * on-update values, a {@link CustomElement}, a named VALUES, a LATERAL subquery,
 * {@code FunctionCall.asComparison}; window frames, JSON and ARRAY operators, table-valued
 * functions, expanding and literal-execute parameters, TIMETZ and MySQL ENUM / SET types with a
 * character set; upserts, {@code fromDmlColumn}, {@code returnDefaults} with supplemental
 * columns, multi-table and aliased UPDATE / DELETE; aggregates with FILTER, WITHIN GROUP and
 * their own ORDER BY, EXTRACT, {@code typeCoerce}, COLLATE and custom operators. Public for
 * retort-redis's result-cache properties, which execute the statements that read its schema tables.
 */
public final class StatementGenerator {
    static final int GENES = 48;

    static final String[] SCHEMAS = {null, "tenant_a", "tenant_b", "Tenant_A"};
    static final String[] TABLE_NAMES = {"users", "orders", "Users", "select", "user s"};
    static final String[] COLUMN_NAMES = {"id", "name", "Name", "order", "qty"};
    static final TypeEngine<?>[] TYPES = {Types.INTEGER, Types.string(20), Types.string(50), Types.TEXT, Types.CLOB, Types.BIGINT, Types.TIMETZ, Types.timetz(3),
        dev.retort.types.MysqlTypes.enumOf(dev.retort.types.MysqlTypes.CHAR.charset("utf8mb4").collate("utf8mb4_bin"), "a", "b"),
        dev.retort.types.MysqlTypes.set(dev.retort.types.MysqlTypes.CHAR.charset("latin1"), "r", "w")};
    /** Doubles a literal may hold, the special ones included: not a number, the infinities, minus zero, the extremes. */
    static final double[] DOUBLES = {1.5, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE, 1e300};
    static final String[] FUNCTIONS = {"lower", "upper", "coalesce", "length", "count"};

    /** Schema tables with equal names in several schemas, so that identity alone tells them apart. */
    public final MetaData metadata = new MetaData();
    public final List<Table> schemaTables = new ArrayList<>();
    /** Tables whose INSERTs and UPDATEs take client-side defaults, in two schemas (so that translations reach them). */
    final List<Table> defaultedTables = new ArrayList<>();
    /** A JSON and an integer ARRAY column, for the JSON and ARRAY operators (their indexes and slices are values). */
    final TableClause documents = TableClause.of("documents", null, column("id", Types.INTEGER), column("doc", Types.JSON),
            column("tags", Types.array(Types.INTEGER)));

    public StatementGenerator() {
        for (String schema : new String[] {null, "tenant_a", "tenant_b"}) {
            for (String name : new String[] {"users", "orders"}) {
                schemaTables.add(new Table(name, schema, metadata, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(50)),
                        Column.of("qty", Types.INTEGER)));
            }
        }
        for (String schema : new String[] {null, "tenant_a"}) {
            // A supplier of a constant: the properties compare values sent by two compilations.
            defaultedTables.add(new Table("docs", schema, metadata, Column.of("id", Types.INTEGER).primaryKey(),
                    Column.of("name", Types.string(50)).defaultValue("unnamed"),
                    Column.of("qty", Types.INTEGER).defaultValue((java.util.function.Supplier<Integer>) () -> 7).onUpdate(SQL.literal(0)),
                    Column.of("stamp", Types.string(40)).defaultValue(func("now")).onUpdate((java.util.function.Supplier<String>) () -> "later")));
        }
    }

    /** Random genes. */
    public static int[] genes(SplittableRandom r) {
        int[] g = new int[GENES];
        for (int i = 0; i < g.length; i++) {
            g[i] = r.nextInt(1 << 16);
        }
        return g;
    }

    /** {@code genes} with one gene changed. */
    static int[] mutate(int[] genes, SplittableRandom r) {
        int[] g = genes.clone();
        int i = r.nextInt(g.length);
        int old = g[i];
        while (g[i] == old) {
            g[i] = r.nextInt(1 << 16);
        }
        return g;
    }

    /**
     * The statement for {@code genes}, with literal values drawn from {@code values}; null when
     * the genes describe a statement the API refuses to build (a join without a usable ON clause).
     */
    public ClauseElement build(int[] genes, SplittableRandom values) {
        try {
            return new Build(genes, values).statement();
        } catch (dev.retort.exc.ArgumentException e) {
            return null;
        }
    }

    private final class Build {
        private final int[] genes;
        private final SplittableRandom values;
        private int next;
        private final FromClause primary;
        private final FromClause secondary;

        Build(int[] genes, SplittableRandom values) {
            this.genes = genes;
            this.values = values;
            this.primary = table();
            this.secondary = pick(3) == 0 ? primary : table();
        }

        int pick(int n) {
            return genes[next++ % genes.length] % n;
        }

        FromClause table() {
            switch (pick(6)) {
                case 0:
                case 1:
                    return schemaTables.get(pick(schemaTables.size()));
                case 2:
                    return defaultedTables.get(pick(defaultedTables.size()));
                default:
                    break;
            }
            ColumnClause<?>[] cols = new ColumnClause<?>[1 + pick(3)];
            for (int i = 0; i < cols.length; i++) {
                // Distinct names: the first gets "id", the others a pick from the rest.
                cols[i] = i == 0 ? column(COLUMN_NAMES[pick(2) == 0 ? 0 : 3], TYPES[pick(TYPES.length)])
                        : column(COLUMN_NAMES[i == 1 ? 1 + pick(2) : 4], TYPES[pick(TYPES.length)]);
            }
            TableClause t = TableClause.of(TABLE_NAMES[pick(TABLE_NAMES.length)], SCHEMAS[pick(SCHEMAS.length)], cols);
            if (pick(4) != 0) {
                return t;
            }
            // a TABLESAMPLE is an alias too: system(n) or bernoulli(n), with or without a seed
            return pick(3) != 0 ? t.alias(pick(2) == 0 ? "a1" : "a2")
                    : t.tablesample(pick(2) == 0 ? (Object) (1 + pick(2)) : func(pick(2) == 0 ? "bernoulli" : "system", 1 + pick(2)),
                            pick(2) == 0 ? "a1" : null, pick(2) == 0 ? null : literal(pick(2)));
        }

        ColumnElement<?> col(FromClause from) {
            List<? extends ColumnElement<?>> cs = from.columns();
            return cs.get(pick(cs.size()));
        }

        Object value() {
            switch (pick(7)) {
                // the values stream, not the genes, decides whether a number crosses the 32-bit
                // boundary: a cached form must bind 2^31 as it binds 5 (SQLAlchemy types the
                // literal BigInteger then, Retort by the Java class)
                case 0: return values.nextInt(4) == 0 ? (values.nextInt(2) == 0 ? Integer.MAX_VALUE : Integer.MIN_VALUE) : values.nextInt(1000) - 500;
                case 1: return "v" + values.nextInt(100);
                case 2: return LocalDate.ofEpochDay(values.nextInt(20_000));
                case 3: return values.nextInt(4) == 0 ? (values.nextInt(2) == 0 ? 1L << 31 : -(1L << 31) - 1) + values.nextInt(3) : (long) values.nextInt();
                // numbers whose text is long or whose exponent is large, within the loader's digit limit
                // (SerializerLimits.maxDigits), which the JSON protocol writes as text and literals render; the genes
                // decide whether an integer fits BIGINT (its type, and a literal past it is refused) and which double
                case 4: return new BigDecimal(new BigInteger(1 + values.nextInt(values.nextInt(8) == 0 ? 3_000 : 60), new java.util.Random(values.nextLong())),
                        values.nextInt(8) == 0 ? values.nextInt(-9_999, 10_000) : values.nextInt(-3, 6));
                case 5: return (pick(2) == 0 ? BigInteger.valueOf(values.nextLong())
                        : BigInteger.ONE.shiftLeft(63).add(new BigInteger(1 + values.nextInt(3_000), new java.util.Random(values.nextLong()))))
                        .multiply(BigInteger.valueOf(values.nextBoolean() ? 1 : -1));
                default: return DOUBLES[pick(DOUBLES.length)] * (values.nextInt(3) == 0 ? 0.5 + values.nextDouble() : 1);
            }
        }

        ColumnElement<?> expr(int depth) {
            FromClause f = pick(2) == 0 ? primary : secondary;
            switch (depth <= 0 ? pick(2) : pick(16)) {
                case 0: return col(f);
                case 1: return literal(value());
                case 2: return func(FUNCTIONS[pick(FUNCTIONS.length)], expr(depth - 1));
                case 3: return cast(expr(depth - 1), TYPES[pick(TYPES.length)]);
                case 4: return pick(2) == 0 ? literalColumn(pick(2) == 0 ? "1" : "2") : literalColumn("'x'", Types.STRING);
                case 5: return col(f).add(literal(values.nextInt(9)));
                case 6: return col(f).concat(pick(2) == 0 ? "s" + values.nextInt(9) : col(f));
                case 7: return col(f).label(pick(2) == 0 ? "l1" : "l2");
                case 8: return new CustomElementTest.SomeColThing(expr(depth - 1), pick(2) == 0 ? "a" : null);
                case 9: return scalarFromValues();
                case 10: return modified(f, depth);
                case 11: return window(f);
                case 12: return json();
                case 13: return arrayOf();
                case 14: return func("json_array_length", documents.c("doc")).scalarTableValued(pick(2) == 0 ? "n" : "m", Types.INTEGER);
                default: return SQL.caseWhen(cond(depth - 1), value()).otherwise(value());
            }
        }

        ColumnElement<Boolean> cond(int depth) {
            ColumnElement<?> c = col(pick(2) == 0 ? primary : secondary);
            switch (depth <= 0 ? pick(11) : pick(17)) {
                case 0: return c.eq(value());
                case 1: return c.ne(value());
                case 2: return c.lt(value());
                case 3: return c.gt(value());
                case 4: return c.like("p" + values.nextInt(9) + "%");
                case 5: return c.in(List.of(value(), value()).subList(0, 1 + values.nextInt(2)));
                case 6: return c.notIn(List.of(value(), value()));
                case 7: return pick(2) == 0 ? c.isNull() : c.isNotNull();
                // post-compile parameters: their values are rendered into the SQL when it is bound
                case 8: return c.in(SQL.bindparam(pick(2) == 0 ? "ids" : "other_ids", (Object) List.of(value(), value()).subList(0, 1 + values.nextInt(2))).expanding());
                case 9: return c.eq(SQL.bindparam(pick(2) == 0 ? "lx" : null, value()).literalExecute());
                case 10: return jsonOrArrayCondition();
                case 11: return and(cond(depth - 1), cond(depth - 1));
                case 12: return or(cond(depth - 1), cond(depth - 1));
                case 13: return not(cond(depth - 1));
                case 14: return c.in(correlated(select(col(secondary)).where(cond(0))));
                case 15: return func(pick(2) == 0 ? "is_in_span" : "overlaps", col(primary), col(secondary), expr(0))
                        .asComparison(1 + pick(3), 1 + pick(3));
                default:
                    if (pick(2) == 0) {
                        return exists(correlated(select(col(secondary)).where(cond(0))));
                    }
                    return c.eq(text("qty + :q").bindparams(Map.of("q", values.nextInt(9))));
            }
        }

        /**
         * An aggregate with FILTER, WITHIN GROUP or its own ORDER BY, an EXTRACT, a type coercion, a COLLATE or a custom
         * operator: kinds the serializer round trip and the cache keys had not met (found missing by listing the kinds
         * the generated statements' dumps hold).
         */
        ColumnElement<?> modified(FromClause f, int depth) {
            FunctionCall<?> agg = func(pick(2) == 0 ? "count" : "percentile_cont", col(f));
            switch (pick(7)) {
                case 0: return agg.filter(cond(depth - 1));
                case 1: return agg.withinGroup(pick(2) == 0 ? col(f) : col(f).desc());
                case 2: return agg.aggregateOrderBy(col(f).asc());
                case 3: return SQL.extract(pick(2) == 0 ? "year" : "month", col(f));
                case 4: return SQL.typeCoerce(expr(depth - 1), TYPES[pick(TYPES.length)]);
                case 5: return col(f).collate(pick(2) == 0 ? "C" : "utf8mb4_bin");
                default: return col(f).op(pick(2) == 0 ? "&" : "||/", literal(values.nextInt(9)));
            }
        }

        /** A frame's start (at or before the current row) or end (at or after it): unbounded, the current row, or a distance drawn as a value. */
        Integer frameBound(int sign) {
            switch (pick(4)) {
                case 0: return null;
                case 1: return 0;
                default: return sign * (1 + values.nextInt(3));
            }
        }

        /** A window function: partitions, order, a ROWS / RANGE / GROUPS frame whose distances are values, an EXCLUDE. */
        ColumnElement<?> window(FromClause f) {
            Over<?> o = func(pick(2) == 0 ? "sum" : "row_number", col(f)).over();
            if (pick(2) == 0) {
                o = o.partitionBy(col(f));
            }
            if (pick(3) != 0) {
                o = o.orderBy(col(f));
            }
            switch (pick(6)) {
                case 0: o = o.rows(frameBound(-1), frameBound(1)); break;
                case 1: o = o.range(frameBound(-1), frameBound(1)); break;
                case 2: o = o.groups(frameBound(-1), frameBound(1)); break;
                case 3: o = o.rowsBetween(Over.preceding(values.nextInt(5)), pick(2) == 0 ? Over.following(values.nextInt(5)) : Over.currentRow()); break;
                case 4: o = o.rangeBetween(Over.unbounded(), Over.following(values.nextInt(5))); break;
                default: break;
            }
            return o.frameUnit() != null && pick(3) == 0 ? o.exclude(pick(2) == 0 ? "CURRENT ROW" : "TIES") : o;
        }

        /** Indexes, keys and paths into a JSON column: each a value. */
        ColumnElement<?> json() {
            ColumnElement<?> doc = documents.c("doc");
            Object key = pick(2) == 0 ? "k" + values.nextInt(9) : values.nextInt(9);
            switch (pick(5)) {
                case 0: return doc.item(key);
                case 1: return doc.itemText(key);
                case 2: return doc.path("k" + values.nextInt(9), values.nextInt(9));
                case 3: return doc.pathText(key, "z");
                default: return doc.item(key).asInteger();
            }
        }

        /** An element or a slice of an ARRAY column, its bounds values. */
        ColumnElement<?> arrayOf() {
            ColumnElement<?> tags = documents.c("tags");
            return pick(2) == 0 ? tags.item(1 + values.nextInt(5)) : tags.slice(1 + values.nextInt(3), 3 + values.nextInt(3));
        }

        ColumnElement<Boolean> jsonOrArrayCondition() {
            ColumnElement<?> doc = documents.c("doc");
            ColumnElement<?> tags = documents.c("tags");
            switch (pick(6)) {
                case 0: return doc.hasKey("k" + values.nextInt(9));
                case 1: return doc.item("k" + values.nextInt(9)).asString().eq("v" + values.nextInt(9));
                case 2: return tags.anyEq(values.nextInt(9));
                case 3: return tags.contains(List.of(values.nextInt(9)));
                case 4: return tags.overlap(SQL.array(values.nextInt(9), values.nextInt(9)));
                default: return tags.item(1 + values.nextInt(3)).eq(values.nextInt(9));
            }
        }

        /** A table-valued function in FROM: columns named or not, WITH ORDINALITY, rendered derived, LATERAL. */
        FromClause tableValued() {
            FunctionCall<?> fn = func(pick(2) == 0 ? "json_each" : "generate_series", pick(2) == 0 ? documents.c("doc") : literal(values.nextInt(9)));
            TableValuedAlias tv = pick(3) == 0 ? fn.alias(pick(2) == 0 ? "tv" : "other") : fn.tableValued("key", "value");
            if (pick(3) == 0) {
                tv = tv.withOrdinality("ord");
            }
            if (pick(3) == 0) {
                tv = tv.renderDerived(pick(2) == 0);
            }
            return pick(3) == 0 ? tv.lateral() : tv;
        }

        /** A named VALUES (SQLAlchemy's {@code values(..., name="v")}) read as a CTE or subquery: one of its columns, as a scalar subquery. */
        ColumnElement<?> scalarFromValues() {
            Values v = SQL.values(column("a", Types.INTEGER), column("b", Types.string(20)))
                    .data(List.of(List.of(values.nextInt(9), "r" + values.nextInt(9)), List.of(values.nextInt(9), "s")));
            v = pick(3) == 0 ? v : v.named(pick(2) == 0 ? "v" : "some name");
            FromClause from = pick(2) == 0 ? v.cte() : v.subquery();
            return select(from.columns().get(pick(2))).limit(1).scalarSubquery();
        }

        /** A subquery's correlation: automatic, none, to one table, or all but one. */
        Select correlated(Select s) {
            switch (pick(6)) {
                case 0: return s.correlate();
                case 1: return s.correlate(pick(2) == 0 ? primary : secondary);
                case 2: return s.correlateExcept();
                case 3: return s.correlateExcept(pick(2) == 0 ? primary : secondary);
                default: return s;
            }
        }

        Select randomSelect() {
            List<Object> cols = new ArrayList<>();
            int n = 1 + pick(3);
            for (int i = 0; i < n; i++) {
                cols.add(pick(3) == 0 ? col(primary) : expr(2));
            }
            Select s = select(cols.toArray());
            if (secondary != primary && pick(2) == 0) {
                ColumnElement<Boolean> on = col(primary).eq(col(secondary));
                s = pick(2) == 0 ? s.join(secondary, on) : s.outerJoin(secondary, on);
            }
            if (pick(6) == 0) {
                // A LATERAL subquery correlated to the primary FROM clause, joined on true.
                Lateral l = select(col(secondary).label("lc")).where(col(secondary).eq(col(primary))).limit(1 + pick(2)).lateral(pick(2) == 0 ? "lt" : null);
                s = s.join(l, SQL.trueLiteral());
            }
            if (pick(6) == 0) {
                FromClause tv = tableValued();
                s = pick(2) == 0 || tv.columns().isEmpty() ? s.join(tv, SQL.trueLiteral()) : s.addColumns(tv.columns().get(0));
            }
            if (pick(3) != 0) {
                s = s.where(cond(2));
            }
            if (pick(3) == 0) {
                s = s.groupBy(col(primary));
            }
            if (pick(2) == 0) {
                ColumnElement<?> o = col(primary);
                s = s.orderBy(pick(2) == 0 ? o.desc() : o.asc());
            }
            if (pick(3) == 0) {
                s = s.limit(1 + values.nextInt(20));
            }
            if (pick(4) == 0) {
                s = s.offset(values.nextInt(20));
            }
            if (pick(5) == 0) {
                s = s.distinct();
            }
            if (pick(4) == 0) {
                s = s.labelStyle(pick(2) == 0 ? LabelStyle.TABLENAME_PLUS_COL : LabelStyle.NONE);
            }
            return s;
        }

        ClauseElement statement() {
            switch (pick(8)) {
                case 0: {
                    Select b = select(col(primary)).where(cond(1));
                    // A compound needs equal column counts.
                    Select left = select(col(primary)).where(cond(1));
                    return pick(2) == 0 ? union(left, b) : unionAll(left, b, select(col(primary)));
                }
                case 1:
                    return derived(randomSelect());
                case 2:
                    return dml();
                case 3: {
                    // A data-modifying CTE, added to a SELECT (its value parameters are then anonymous).
                    CTE w = pick(2) == 0 ? ((DmlStatement) dml()).cte("w") : ((DmlStatement) dml()).cte();
                    Select s = select(col(primary));
                    return pick(2) == 0 ? s.addCte(w) : s.addNestedCte(w);
                }
                default:
                    return randomSelect();
            }
        }

        /** A SELECT reading {@code inner} as a subquery, a CTE (named or not, nesting or not) or an added CTE. */
        ClauseElement derived(Select inner) {
            switch (pick(5)) {
                case 0: {
                    CTE c = pick(2) == 0 ? inner.cte("c") : inner.cte();
                    return select(c.columns().get(0));
                }
                case 1: {
                    CTE c = pick(2) == 0 ? inner.cte("c").nesting() : inner.cte("c");
                    Alias sq = select(c.columns().get(0)).subquery("sq");
                    return select(sq.columns().get(0));
                }
                case 2: {
                    Select s = select(col(primary));
                    return pick(2) == 0 ? s.addCte(inner.cte("c")) : s.addNestedCte(inner.cte("c"));
                }
                default: {
                    Alias sq = pick(2) == 0 ? inner.subquery("sq") : inner.subquery();
                    return select(sq.columns().get(0));
                }
            }
        }

        ClauseElement dml() {
            TableClause t = primary instanceof TableClause tc ? tc : (TableClause) ((Alias) primary).element();
            List<? extends ColumnClause<?>> cols = t.columns();
            switch (pick(3)) {
                case 0: {
                    if (pick(3) == 0) {
                        return returnDefaults(insert(t), t);
                    }
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (ColumnClause<?> c : cols) {
                        if (pick(2) == 0 || row.isEmpty()) {
                            row.put(c.key(), value());
                        }
                    }
                    if (pick(4) == 0) {
                        // SQLAlchemy's from_dml_column(): another column's value in this INSERT, or an error when it has none
                        row.put(cols.get(pick(cols.size())).key(), SQL.fromDmlColumn(cols.get(pick(cols.size()))));
                    }
                    Insert i = pick(5) == 0 ? insert(t).values(List.of(row, row)) : insert(t).values(row);
                    return returnDefaults(upsert(i, t), t);
                }
                case 1: {
                    // an UPDATE of the table, of an alias of it, or of it with another table (multi-table UPDATE)
                    FromClause target = pick(4) == 0 ? t.alias(pick(2) == 0 ? "u1" : "u2") : t;
                    List<? extends ColumnElement<?>> tcols = target.columns();
                    Map<Object, Object> set = new LinkedHashMap<>();
                    set.put(cols.get(pick(cols.size())).key(), pick(2) == 0 ? value() : tcols.get(0).add(1));
                    if (pick(4) == 0 && target == t) {
                        set.put(cols.get(pick(cols.size())).key(), SQL.fromDmlColumn(cols.get(pick(cols.size()))));
                    }
                    Update u = update(target).values(set);
                    if (secondary != primary && target == t && pick(3) == 0) {
                        u = u.where(tcols.get(0).eq(col(secondary)));
                    }
                    u = pick(2) == 0 ? u.where(tcols.get(0).eq(value())) : u;
                    return returnDefaults(u, t);
                }
                default: {
                    Delete d = pick(4) == 0 ? delete(t.alias(pick(2) == 0 ? "d1" : "d2")) : delete(t);
                    List<? extends ColumnElement<?>> dcols = d.target().columns();
                    if (secondary != primary && d.target() == t && pick(3) == 0) {
                        d = pick(2) == 0 ? d.using(secondary).where(dcols.get(0).eq(col(secondary))) : d.where(dcols.get(0).eq(col(secondary)));
                    }
                    d = pick(3) == 0 ? d : d.where(dcols.get(pick(dcols.size())).gt(value()));
                    return returnDefaults(d, t);
                }
            }
        }

        /** An upsert: ON CONFLICT DO NOTHING / DO UPDATE (PostgreSQL, SQLite), ON DUPLICATE KEY UPDATE (MySQL, MariaDB), or none. */
        Insert upsert(Insert i, TableClause t) {
            ColumnClause<?> c = t.columns().get(pick(t.columns().size()));
            Map<Object, Object> set = new LinkedHashMap<>();
            set.put(c.key(), pick(2) == 0 ? value() : SQL.excluded(t).c(c.key()));
            switch (pick(6)) {
                case 0: return i.onConflictDoNothing(pick(2) == 0 ? new Object[0] : new Object[] {t.columns().get(0)});
                case 1: return i.onConflictDoUpdate(List.of(t.columns().get(0)), set);
                case 2: return i.onConflictDoUpdate(ConflictTarget.of(t.columns().get(0)), set, t.columns().get(0).gt(value()));
                case 3: return i.onDuplicateKeyUpdate(set);
                default: return i;
            }
        }

        /** {@code returnDefaults()}: none, of every default, of some columns, with supplemental columns; or a plain RETURNING. */
        <D extends DmlStatement> D returnDefaults(D dml, TableClause t) {
            List<? extends ColumnClause<?>> cols = t.columns();
            Object chosen = cols.get(pick(cols.size()));
            Object other = cols.get(pick(cols.size()));
            Object r;
            switch (pick(8)) {
                case 0: r = withReturnDefaults(dml, List.of(), List.of()); break;
                case 1: r = withReturnDefaults(dml, List.of(chosen), List.of()); break;
                case 2: r = withReturnDefaults(dml, List.of(), List.of(chosen)); break;
                case 3: r = withReturnDefaults(dml, List.of(chosen), List.of(other)); break;
                case 4: r = dml instanceof Insert i ? i.returning(chosen) : dml instanceof Update u ? u.returning(chosen) : ((Delete) dml).returning(chosen); break;
                default: r = dml;
            }
            @SuppressWarnings("unchecked")
            D d = (D) r;
            return d;
        }

        private DmlStatement withReturnDefaults(DmlStatement dml, List<?> cols, List<?> supplemental) {
            return dml instanceof Insert i ? i.returnDefaults(cols, supplemental) : dml instanceof Update u ? u.returnDefaults(cols, supplemental)
                    : ((Delete) dml).returnDefaults(cols, supplemental);
        }
    }
}
