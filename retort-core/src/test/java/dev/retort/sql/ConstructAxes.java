package dev.retort.sql;

import static dev.retort.sql.SQL.bindparam;
import static dev.retort.sql.SQL.cast;
import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.excluded;
import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.literal;
import static dev.retort.sql.SQL.literalColumn;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static dev.retort.sql.SQL.text;
import static dev.retort.sql.SQL.tuple;
import static dev.retort.sql.SQL.typeCoerce;

import dev.retort.sql.CacheKeyAdversarialTest.Variant;
import dev.retort.types.TypeEngine;
import dev.retort.types.Types;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * More axes for {@link CacheKeyAdversarialTest}, compiled on every dialect (not run on SQLite): IN lists of drawn
 * lengths and element types (expanding, tuples, nulls), literal-execute values of every type, a bind's Java type
 * and null against IS NULL, text() with bindparams of other types, LIMIT / OFFSET / FETCH as expressions, FOR UPDATE
 * variants, CTEs recursive or not and their dialect prefixes, window frames, JSON paths of keys and indexes,
 * CAST and type_coerce sizes, anonymous and explicit labels, hints and dialect prefixes, ON CONFLICT's index_where,
 * collations. Twins of a variant whose name ends in "?" may differ in key: their values shape the SQL or its
 * types (an IN list's element type, ON CONFLICT's index_where written inline, a frame's CURRENT ROW).
 */
final class ConstructAxes {
    private ConstructAxes() {
    }

    private static final TableClause T = table("ax", column("id", Types.INTEGER), column("qty", Types.INTEGER), column("name", Types.string(20)),
            column("doc", Types.JSON), column("amt", Types.numeric(10, 2)));

    private static Variant v(String name, Function<SplittableRandom, ClauseElement> build) {
        return new Variant(name, build);
    }

    private static int n(SplittableRandom r) {
        return r.nextInt(9);
    }

    /** Up to {@code max} elements drawn by {@code element}. */
    private static <E> List<E> some(SplittableRandom r, int max, Function<SplittableRandom, E> element) {
        List<E> out = new ArrayList<>();
        for (int k = r.nextInt(max + 1); k > 0; k--) {
            out.add(element.apply(r));
        }
        return out;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static List<List<Variant>> axes() {
        ColumnClause<Object> id = (ColumnClause<Object>) (ColumnClause<?>) T.c("id");
        ColumnClause<Object> qty = (ColumnClause<Object>) (ColumnClause<?>) T.c("qty");
        ColumnClause<Object> name = (ColumnClause<Object>) (ColumnClause<?>) T.c("name");
        ColumnClause<Object> doc = (ColumnClause<Object>) (ColumnClause<?>) T.c("doc");
        ColumnClause<Object> amt = (ColumnClause<Object>) (ColumnClause<?>) T.c("amt");
        return List.of(
            // IN lists: lengths, element types, tuples, expanding
            List.of(v("in ints", r -> select(id).where(qty.in(some(r, 4, ConstructAxes::n)))),
                    v("in longs", r -> select(id).where(qty.in(some(r, 4, x -> (long) n(x))))),
                    v("in decimals?", r -> select(id).where(qty.in(some(r, 4, x -> BigDecimal.valueOf(n(x), x.nextInt(3)))))),
                    v("in strings?", r -> select(id).where(qty.in(some(r, 4, x -> "" + n(x))))),
                    v("in mixed?", r -> select(id).where(qty.in(some(r, 4, x -> x.nextBoolean() ? (Object) n(x) : (Object) ("" + n(x)))))),
                    v("in with null", r -> select(id).where(qty.in(some(r, 3, x -> x.nextBoolean() ? null : n(x))))),
                    v("expanding ints", r -> select(id).where(qty.in(bindparam("ids", (Object) some(r, 4, ConstructAxes::n)).expanding()))),
                    v("expanding strs", r -> select(id).where(qty.in(bindparam("ids", (Object) some(r, 4, x -> "s" + n(x))).expanding()))),
                    v("expanding typed", r -> select(id).where(qty.in(bindparam("ids", (Object) some(r, 4, ConstructAxes::n), (TypeEngine) Types.BIGINT).expanding()))),
                    v("not in", r -> select(id).where(qty.notIn(some(r, 4, ConstructAxes::n)))),
                    v("tuple in?", r -> select(id).where(tuple(id, qty).in(some(r, 3, x -> tuple(n(x), n(x)))))),
                    v("tuple in lists", r -> select(id).where(tuple(id, qty).in(some(r, 3, x -> List.of(n(x), n(x)))))),
                    v("tuple in strs?", r -> select(id).where(tuple(id, name).in(some(r, 3, x -> tuple(n(x), "s" + n(x)))))),
                    v("tuple in mixed?", r -> select(id).where(tuple(id, name).in(some(r, 3, x -> tuple(x.nextBoolean() ? n(x) : (long) n(x), x.nextBoolean() ? null : "s" + n(x)))))),
                    v("tuple not in?", r -> select(id).where(tuple(id, qty).notIn(some(r, 3, x -> tuple(n(x), n(x))))))),
            // literal execute / inline values of types
            List.of(v("lx int", r -> select(id).where(qty.eq(bindparam("p", n(r)).literalExecute()))),
                    v("lx long", r -> select(id).where(qty.eq(bindparam("p", (long) n(r)).literalExecute()))),
                    v("lx str", r -> select(id).where(qty.eq(bindparam("p", "" + n(r)).literalExecute()))),
                    v("lx dec", r -> select(id).where(qty.eq(bindparam("p", BigDecimal.valueOf(n(r), r.nextInt(3))).literalExecute()))),
                    v("lx null?", r -> select(id).where(qty.eq(bindparam("p", r.nextBoolean() ? null : n(r)).literalExecute()))),
                    v("lx bool", r -> select(id).where(qty.eq(bindparam("p", r.nextBoolean()).literalExecute()))),
                    v("lx date", r -> select(id).where(qty.eq(bindparam("p", java.time.LocalDate.of(2020, 1, 1 + n(r))).literalExecute()))),
                    v("lx ts", r -> select(id).where(qty.eq(bindparam("p", java.time.LocalDateTime.of(2020, 1, 1 + n(r), 1, 2)).literalExecute()))),
                    v("lx odt", r -> select(id).where(qty.eq(bindparam("p", java.time.OffsetDateTime.of(2020, 1, 1 + n(r), 1, 2, 3, 0, java.time.ZoneOffset.ofHours(n(r)))).literalExecute()))),
                    v("lx bytes", r -> select(id).where(qty.eq(bindparam("p", new byte[] {(byte) n(r)}).literalExecute()))),
                    v("lx typed str", r -> select(id).where(qty.eq(bindparam("p", "" + n(r), Types.string(5)).literalExecute()))),
                    v("lx limit", r -> select(id).limit(bindparam("p", 1 + n(r)).literalExecute())),
                    v("lx in", r -> select(id).where(qty.in(bindparam("p", (Object) some(r, 3, ConstructAxes::n)).literalExecute()))),
                    v("lx in strs", r -> select(id).where(name.in(bindparam("p", (Object) some(r, 3, x -> "s" + n(x))).literalExecute())))),
            // bind value types, nulls, IS NULL
            List.of(v("bp int", r -> select(id).where(qty.eq(bindparam("p", n(r))))),
                    v("bp long", r -> select(id).where(qty.eq(bindparam("p", (long) n(r))))),
                    v("bp dec", r -> select(id).where(qty.eq(bindparam("p", BigDecimal.valueOf(n(r), r.nextInt(3)))))),
                    v("bp str", r -> select(id).where(qty.eq(bindparam("p", "" + n(r))))),
                    v("bp null?", r -> select(id).where(qty.eq(bindparam("p", r.nextBoolean() ? null : n(r))))),
                    v("eq null?", r -> select(id).where(qty.eq(r.nextBoolean() ? null : n(r)))),
                    v("ne null?", r -> select(id).where(qty.ne(r.nextBoolean() ? null : n(r)))),
                    v("idf null?", r -> select(id).where(qty.isDistinctFrom(r.nextBoolean() ? null : n(r)))),
                    v("amt eq dec", r -> select(id).where(amt.eq(BigDecimal.valueOf(n(r), r.nextInt(4))))),
                    v("amt eq long", r -> select(id).where(amt.eq((long) n(r)))),
                    v("amt eq str", r -> select(id).where(amt.eq("" + n(r)))),
                    v("amt eq double", r -> select(id).where(amt.eq(n(r) + 0.25))),
                    v("select lit dec", r -> select(literal(BigDecimal.valueOf(n(r), r.nextInt(4))).label("x"))),
                    v("select lit null?", r -> select(literal(r.nextBoolean() ? null : n(r)).label("x"))),
                    v("in select lit", r -> select(id).where(literal(n(r)).in(List.of(1, 2)))),
                    v("between", r -> select(id).where(qty.between(n(r), (long) n(r)))),
                    v("between null?", r -> select(id).where(qty.between(r.nextBoolean() ? null : n(r), n(r))))),
            // text() with bindparams
            List.of(v("text", r -> select(id).where(text("qty = :p").bindparams(Map.of("p", n(r))))),
                    v("text long", r -> select(id).where(text("qty = :p").bindparams(Map.of("p", (long) n(r))))),
                    v("text str", r -> select(id).where(text("qty = :p").bindparams(Map.of("p", "" + n(r))))),
                    v("text dec", r -> select(id).where(text("qty = :p").bindparams(Map.of("p", BigDecimal.valueOf(n(r), 2))))),
                    v("text nobind", r -> select(id).where(text("qty = :p"))),
                    v("text typed", r -> select(id).where(text("qty = :p").bindparams(Map.of("p", bindparam("p", (long) n(r), Types.BIGINT))))),
                    v("text typed str", r -> select(id).where(text("qty = :p").bindparams(Map.of("p", bindparam("p", "" + n(r), Types.string(3)))))),
                    v("text two", r -> select(id).where(text("qty = :p and id = :q").bindparams(Map.of("p", n(r), "q", n(r))))),
                    v("text two swapped", r -> select(id).where(text("qty = :q and id = :p").bindparams(Map.of("p", n(r), "q", n(r))))),
                    v("text lit?", r -> select(id).where(text("qty = " + n(r)))),
                    v("text cols", r -> text("select :p as x").bindparams(Map.of("p", n(r))).columns(column("x", Types.INTEGER))),
                    v("text cols str", r -> text("select :p as x").bindparams(Map.of("p", n(r))).columns(column("x", Types.STRING)))),
            // LIMIT / OFFSET / FETCH as expressions
            List.of(v("limit int", r -> select(id).limit(1 + n(r))),
                    v("limit literal", r -> select(id).limit(literal(1 + n(r)))),
                    v("limit literal long", r -> select(id).limit(literal((long) 1 + n(r)))),
                    v("limit bindparam", r -> select(id).limit(bindparam("lim", 1 + n(r)))),
                    v("limit literalColumn?", r -> select(id).limit(literalColumn("" + (1 + n(r))))),
                    v("limit expr", r -> select(id).limit(literal(1 + n(r)).add(literal(n(r))))),
                    v("limit scalar", r -> select(id).limit(select(func("max", qty)).where(qty.gt(n(r))).scalarSubquery())),
                    v("offset expr", r -> select(id).offset(literal(n(r)).mul(2))),
                    v("offset int", r -> select(id).offset(n(r))),
                    v("limit offset", r -> select(id).limit(1 + n(r)).offset(literal(n(r)))),
                    v("fetch", r -> select(id).orderBy(id).fetch(1 + n(r))),
                    v("fetch ties", r -> select(id).orderBy(id).fetch(Fetch.first(1 + n(r)).withTies())),
                    v("fetch pct", r -> select(id).orderBy(id).fetch(Fetch.first(1 + n(r)).percent())),
                    v("fetch expr", r -> select(id).orderBy(id).fetch(Fetch.first(literal(1 + n(r)))))),
            // FOR UPDATE
            List.of(v("fu", r -> select(id).where(qty.eq(n(r))).withForUpdate()),
                    v("fu share", r -> select(id).where(qty.eq(n(r))).withForUpdate(ForUpdate.share())),
                    v("fu nowait", r -> select(id).where(qty.eq(n(r))).withForUpdate(ForUpdate.update().nowait())),
                    v("fu skip", r -> select(id).where(qty.eq(n(r))).withForUpdate(ForUpdate.update().skipLocked())),
                    v("fu keyshare", r -> select(id).where(qty.eq(n(r))).withForUpdate(ForUpdate.share().keyShare())),
                    v("fu nokeyupd", r -> select(id).where(qty.eq(n(r))).withForUpdate(ForUpdate.update().keyShare())),
                    v("fu of t", r -> select(id).where(qty.eq(n(r))).withForUpdate(ForUpdate.update().of(T))),
                    v("fu of col", r -> select(id).where(qty.eq(n(r))).withForUpdate(ForUpdate.update().of(qty))),
                    v("fu share of", r -> select(id).where(qty.eq(n(r))).withForUpdate(ForUpdate.share().of(T).nowait())),
                    v("no fu", r -> select(id).where(qty.eq(n(r))))),
            // CTE recursive
            List.of(v("cte", r -> { CTE c = select(id).where(qty.gt(n(r))).cte("c"); return select(c.c("id")); }),
                    v("cte rec", r -> { CTE c = select(id).where(qty.gt(n(r))).cteRecursive("c"); return select(c.c("id")); }),
                    v("cte rec union", r -> { CTE c = select(id).where(qty.gt(n(r))).cteRecursive("c"); CTE u = c.unionAll(select(c.c("id").add(1)).where(c.c("id").lt(n(r)))); return select(u.c("id")); }),
                    v("cte union", r -> { CTE c = select(id).where(qty.gt(n(r))).cte("c"); CTE u = c.unionAll(select(c.c("id").add(1)).where(c.c("id").lt(n(r)))); return select(u.c("id")); }),
                    v("cte rec union distinct", r -> { CTE c = select(id).where(qty.gt(n(r))).cteRecursive("c"); CTE u = c.union(select(c.c("id").add(1)).where(c.c("id").lt(n(r)))); return select(u.c("id")); }),
                    v("cte nesting", r -> { CTE c = select(id).where(qty.gt(n(r))).cte("c").nesting(); return select(c.c("id")); }),
                    v("cte anon", r -> { CTE c = select(id).where(qty.gt(n(r))).cte(); return select(c.c("id")); }),
                    v("cte prefix", r -> { CTE c = select(id).where(qty.gt(n(r))).cte("c").prefixWith("MATERIALIZED"); return select(c.c("id")); }),
                    v("cte prefix pg", r -> { CTE c = select(id).where(qty.gt(n(r))).cte("c").prefixWithDialect("postgresql", "MATERIALIZED"); return select(c.c("id")); }),
                    v("cte prefix pg not", r -> { CTE c = select(id).where(qty.gt(n(r))).cte("c").prefixWithDialect("postgresql", "NOT MATERIALIZED"); return select(c.c("id")); }),
                    v("cte prefix mysql", r -> { CTE c = select(id).where(qty.gt(n(r))).cte("c").prefixWithDialect("mysql", "MATERIALIZED"); return select(c.c("id")); })),
            // window frames
            List.of(v("rows", r -> select(func("sum", qty).over().orderBy(id).rows(-1 - n(r), 1 + n(r)))),
                    v("range", r -> select(func("sum", qty).over().orderBy(id).range(-1 - n(r), 1 + n(r)))),
                    v("groups", r -> select(func("sum", qty).over().orderBy(id).groups(-1 - n(r), 1 + n(r)))),
                    v("rows unb?", r -> select(func("sum", qty).over().orderBy(id).rows(null, n(r)))),
                    v("rows 0", r -> select(func("sum", qty).over().orderBy(id).rows(0, null))),
                    v("rowsBetween prec", r -> select(func("sum", qty).over().orderBy(id).rowsBetween(Over.preceding(n(r)), Over.currentRow()))),
                    v("rowsBetween prec long", r -> select(func("sum", qty).over().orderBy(id).rowsBetween(Over.preceding((long) n(r)), Over.currentRow()))),
                    v("rowsBetween prec expr", r -> select(func("sum", qty).over().orderBy(id).rowsBetween(Over.preceding(literal(n(r))), Over.currentRow()))),
                    v("rangeBetween interval", r -> select(func("sum", qty).over().orderBy(id).rangeBetween(Over.preceding(java.time.Duration.ofDays(1 + n(r))), Over.currentRow()))),
                    v("rangeBetween dec", r -> select(func("sum", qty).over().orderBy(id).rangeBetween(Over.preceding(BigDecimal.valueOf(n(r), 1)), Over.currentRow()))),
                    v("rows excl?", r -> select(func("sum", qty).over().orderBy(id).rows(-1 - n(r), 0).exclude(r.nextBoolean() ? "TIES" : "GROUP"))),
                    v("rows excl current", r -> select(func("sum", qty).over().orderBy(id).rows(-1 - n(r), 0).exclude("CURRENT ROW"))),
                    v("partition", r -> select(func("sum", qty).over().partitionBy(name).orderBy(id).rows(-1 - n(r), 0))),
                    v("filter over", r -> select(func("sum", qty).filter(qty.gt(n(r))).over().orderBy(id)))),
            // JSON paths
            List.of(v("item str", r -> select(doc.item("k" + n(r)))),
                    v("item int", r -> select(doc.item(n(r)))),
                    v("item numstr", r -> select(doc.item("" + n(r)))),
                    v("itemText str", r -> select(doc.itemText("k" + n(r)))),
                    v("itemText int", r -> select(doc.itemText(n(r)))),
                    v("path mix", r -> select(doc.path("k" + n(r), n(r)))),
                    v("path strs", r -> select(doc.path("k" + n(r), "" + n(r)))),
                    v("path ints", r -> select(doc.path(n(r), n(r)))),
                    v("path len", r -> select(doc.path(java.util.stream.Stream.concat(java.util.stream.Stream.of("k"), some(r, 2, x -> "k" + n(x)).stream()).toArray()))),
                    v("pathText mix", r -> select(doc.pathText("k" + n(r), n(r)))),
                    v("path quoted", r -> select(doc.path("a\"b" + n(r), "c.d"))),
                    v("item asInt", r -> select(doc.item("k" + n(r)).asInteger())),
                    v("item asStr", r -> select(doc.item("k" + n(r)).asString())),
                    v("item eq", r -> select(id).where(doc.item("k" + n(r)).asString().eq("v" + n(r)))),
                    v("item eq int", r -> select(id).where(doc.item(n(r)).asInteger().eq(n(r))))),
            // cast / type_coerce with lengths and precision
            List.of(v("cast num 10 2", r -> select(cast(qty.add(n(r)), Types.numeric(10, 2)))),
                    v("cast num 10 3", r -> select(cast(qty.add(n(r)), Types.numeric(10, 3)))),
                    v("cast num 12", r -> select(cast(qty.add(n(r)), Types.numeric(12, 0)))),
                    v("tc num 10 2", r -> select(typeCoerce(qty.add(n(r)), Types.numeric(10, 2)))),
                    v("tc num 10 3", r -> select(typeCoerce(qty.add(n(r)), Types.numeric(10, 3)))),
                    v("tc str 5", r -> select(typeCoerce(qty.add(n(r)), Types.string(5)))),
                    v("tc str 6", r -> select(typeCoerce(qty.add(n(r)), Types.string(6)))),
                    v("tc lit dec", r -> select(typeCoerce(literal(BigDecimal.valueOf(n(r), 2)), Types.numeric(10, 2)))),
                    v("tc lit dec 3", r -> select(typeCoerce(literal(BigDecimal.valueOf(n(r), 2)), Types.numeric(10, 3)))),
                    v("tc bind int as str", r -> select(id).where(name.eq(typeCoerce(n(r), Types.STRING)))),
                    v("tc bind int as int", r -> select(id).where(name.eq(typeCoerce(n(r), Types.INTEGER)))),
                    v("tc bind int as json", r -> select(id).where(doc.eq(typeCoerce(n(r), Types.JSON)))),
                    v("cast bind", r -> select(cast(n(r), Types.string(4)))),
                    v("cast bind 5", r -> select(cast(n(r), Types.string(5)))),
                    v("cast bind ts", r -> select(cast("2020-01-0" + (1 + n(r)), Types.TIMESTAMP))),
                    v("cast bind dt", r -> select(cast("2020-01-0" + (1 + n(r)), Types.DATETIME))),
                    v("cast collate", r -> select(cast(name, Types.string(5)).collate("C"))),
                    v("cast collate2", r -> select(cast(name, Types.string(5)).collate("POSIX")))),
            // labels / anon names
            List.of(v("anon lit", r -> select(literal(n(r)))),
                    v("anon lit2", r -> select(literal(n(r)), literal(n(r)))),
                    v("anon func", r -> select(func("count", qty), func("count", id))),
                    v("anon func max", r -> select(func("max", qty), func("max", id))),
                    v("label a", r -> select(qty.add(n(r)).label("a"))),
                    v("label a2", r -> select(qty.add(n(r)).label("a"), id.label("b"))),
                    v("label ab", r -> select(qty.add(n(r)).label("b"), id.label("a"))),
                    v("sub anon", r -> select(select(id).where(qty.eq(n(r))).subquery().c("id"))),
                    v("sub named", r -> select(select(id).where(qty.eq(n(r))).subquery("s").c("id"))),
                    v("sub named2", r -> select(select(id).where(qty.eq(n(r))).subquery("s2").c("id"))),
                    v("two subs anon", r -> { Alias a1 = select(id).where(qty.eq(n(r))).subquery(); Alias a2 = select(id).subquery(); return select(a1.c("id"), a2.c("id")); }),
                    v("same sub twice", r -> { Alias a1 = select(id).where(qty.eq(n(r))).subquery(); return select(a1.c("id"), a1.c("id").label("x")); }),
                    v("scalar labelled", r -> select(select(func("max", qty)).where(qty.gt(n(r))).scalarSubquery())),
                    v("scalar labelled2", r -> select(select(func("max", qty)).where(qty.gt(n(r))).scalarSubquery().label("m")))),
            // hints and dialect prefixes
            List.of(v("hint", r -> select(id).where(qty.eq(n(r))).withHint(T, "USE INDEX (ix)")),
                    v("hint mysql", r -> select(id).where(qty.eq(n(r))).withHint(T, "USE INDEX (ix)", "mysql")),
                    v("hint pg", r -> select(id).where(qty.eq(n(r))).withHint(T, "USE INDEX (ix)", "postgresql")),
                    v("hint other", r -> select(id).where(qty.eq(n(r))).withHint(T, "USE INDEX (iy)", "mysql")),
                    v("shint", r -> select(id).where(qty.eq(n(r))).withStatementHint("X")),
                    v("shint mysql", r -> select(id).where(qty.eq(n(r))).withStatementHint("X", "mysql")),
                    v("prefix", r -> select(id).where(qty.eq(n(r))).prefixWith("SQL_NO_CACHE")),
                    v("prefix mysql", r -> select(id).where(qty.eq(n(r))).prefixWithDialect("mysql", "SQL_NO_CACHE")),
                    v("prefix pg", r -> select(id).where(qty.eq(n(r))).prefixWithDialect("postgresql", "SQL_NO_CACHE")),
                    v("suffix mysql", r -> select(id).where(qty.eq(n(r))).suffixWithDialect("mysql", "X")),
                    v("suffix sqlite", r -> select(id).where(qty.eq(n(r))).suffixWithDialect("sqlite", "X")),
                    v("plain", r -> select(id).where(qty.eq(n(r))))),
            // ON CONFLICT index_where and friends
            List.of(v("oc nothing", r -> insert(T).values(Map.of("id", n(r), "qty", n(r))).onConflictDoNothing(id)),
                    v("oc nothing where?", r -> insert(T).values(Map.of("id", n(r), "qty", n(r))).onConflictDoNothing(ConflictTarget.of(id).where(qty.gt(n(r))))),
                    v("oc nothing where2?", r -> insert(T).values(Map.of("id", n(r), "qty", n(r))).onConflictDoNothing(ConflictTarget.of(id).where(qty.lt(n(r))))),
                    v("oc nothing where lit?", r -> insert(T).values(Map.of("id", n(r), "qty", n(r))).onConflictDoNothing(ConflictTarget.of(id).where(qty.gt(literal(n(r)))))),
                    v("oc nothing where null", r -> insert(T).values(Map.of("id", n(r), "qty", n(r))).onConflictDoNothing(ConflictTarget.of(id).where(qty.isNull()))),
                    v("oc update", r -> insert(T).values(Map.of("id", n(r), "qty", n(r))).onConflictDoUpdate(List.of(id), Map.of("qty", n(r)))),
                    v("oc update where?", r -> insert(T).values(Map.of("id", n(r), "qty", n(r))).onConflictDoUpdate(ConflictTarget.of(id).where(qty.gt(n(r))), Map.of("qty", n(r)), null)),
                    v("oc update setwhere", r -> insert(T).values(Map.of("id", n(r), "qty", n(r))).onConflictDoUpdate(ConflictTarget.of(id), Map.of("qty", n(r)), qty.gt(n(r)))),
                    v("oc update both?", r -> insert(T).values(Map.of("id", n(r), "qty", n(r))).onConflictDoUpdate(ConflictTarget.of(id).where(qty.gt(n(r))), Map.of("qty", n(r)), qty.gt(n(r)))),
                    v("oc update excluded", r -> insert(T).values(Map.of("id", n(r), "qty", n(r))).onConflictDoUpdate(List.of(id), Map.of("qty", excluded(T).c("qty").add(n(r))))),
                    v("oc constraint", r -> insert(T).values(Map.of("id", n(r), "qty", n(r))).onConflictDoNothing(ConflictTarget.constraint("pk_a"))),
                    v("oc constraint b", r -> insert(T).values(Map.of("id", n(r), "qty", n(r))).onConflictDoNothing(ConflictTarget.constraint("pk_b"))),
                    v("odku", r -> insert(T).values(Map.of("id", n(r), "qty", n(r))).onDuplicateKeyUpdate(Map.of("qty", n(r)))),
                    v("odku expr", r -> insert(T).values(Map.of("id", n(r), "qty", n(r))).onDuplicateKeyUpdate(Map.of("qty", qty.add(n(r)))))),
            // collations
            List.of(v("coll eq", r -> select(id).where(name.collate("C").eq("n" + n(r)))),
                    v("coll eq rhs", r -> select(id).where(name.eq(literal("n" + n(r)).collate("C")))),
                    v("coll eq rhs bind", r -> select(id).where(name.eq(bindparam("p", "n" + n(r)).collate("C")))),
                    v("coll order", r -> select(id).orderBy(name.collate("C"))),
                    v("coll quoted", r -> select(id).orderBy(name.collate("en-US"))),
                    v("coll quoted2", r -> select(id).orderBy(name.collate("en_US"))),
                    v("coll in", r -> select(id).where(name.collate("C").in(some(r, 3, x -> "n" + n(x))))))
        );
    }
}
