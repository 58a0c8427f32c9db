package dev.retort.sql;

import static dev.retort.sql.SQL.*;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Equal cache keys mean the same SQL, hand-picked: families of statements differing in one
 * detail the key might miss (escape of a pattern, collation, identifier case, CAST type, the
 * type of a bind, window frame, FOR UPDATE variant, DISTINCT ON, upsert target and SET,
 * RETURNING, JSON path, lightweight tables' types and schema, text, ...). Within a family, any two
 * statements with equal keys must send the same SQL, values and result columns on every
 * dialect when the second is bound into the first one's compiled form (the engine's hit path).
 */
class CacheKeyFamiliesTest {
    static final List<Dialect> DIALECTS = List.of(Dialects.defaultDialect(), Dialects.sqlite(), Dialects.postgresql(), Dialects.mysql(), Dialects.mariadb());
    final MetaData md = new MetaData();
    final Table t = new Table("kt", md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(20)),
            Column.of("Name", Types.string(20)), Column.of("hits", Types.INTEGER), Column.of("j", Types.JSON), Column.of("d", Types.DATE));
    final Table o = new Table("ko", md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(20)));

    static String outcome(ClauseElement s, Dialect d) {
        try {
            Compiled c = s.compile(d);
            var b = c.bind(Map.of());
            return b.sql().replace("\n", " ") + " | " + b.values() + " | " + b.types() + " | " + c.resultColumns();
        } catch (RuntimeException e) {
            return "error " + e.getClass().getSimpleName();
        }
    }

    static String viaFirst(ClauseElement first, ClauseElement s, Dialect d) {
        try {
            Compiled c = first.compile(d);
            var b = c.bind(c.positionsIn(first.cacheKey()), s.cacheKey(), Map.of());
            return b.sql().replace("\n", " ") + " | " + b.values() + " | " + b.types() + " | " + c.resultColumns();
        } catch (RuntimeException e) {
            return "error " + e.getClass().getSimpleName() + " " + e.getMessage();
        }
    }

    int problems;

    void family(String what, List<Supplier<ClauseElement>> variants) {
        List<ClauseElement> built = new ArrayList<>();
        for (Supplier<ClauseElement> v : variants) {
            try {
                built.add(v.get());
            } catch (RuntimeException e) {
                throw new AssertionError(what + ": " + e, e);
            }
        }
        for (int i = 0; i < built.size(); i++) {
            for (int j = i + 1; j < built.size(); j++) {
                ClauseElement a = built.get(i), b = built.get(j);
                CacheKey ka = a.cacheKey(), kb = b.cacheKey();
                if (ka == null || kb == null || !ka.equals(kb)) {
                    continue;
                }
                for (Dialect d : DIALECTS) {
                    String alone = outcome(b, d);
                    String hit = viaFirst(a, b, d);
                    if (!alone.equals(hit) && !alone.startsWith("error")) {
                        problems++;
                        System.out.println("CacheKeyFamiliesTest: " + what + " [" + i + "," + j + "] on " + d.name() + ":\n  alone: " + alone + "\n  hit:   " + hit);
                    }
                }
            }
        }
    }

    @Test
    void equalKeysInEachFamilySendTheSameSql() {
        var id = t.c("id", Integer.class);
        var name = t.c("name", String.class);
        family("like escape", List.of(() -> select(t.c("id")).where(name.contains("a%b", true)), () -> select(t.c("id")).where(name.contains("ab", true)),
                () -> select(t.c("id")).where(name.startsWith("a_", true)), () -> select(t.c("id")).where(name.startsWith("ab", true)),
                () -> select(t.c("id")).where(name.contains("ab")), () -> select(t.c("id")).where(name.contains("a%"))));
        family("collate", List.of(() -> select(name.collate("C")), () -> select(name.collate("POSIX")), () -> select(name.collate("c"))));
        family("quote case", List.of(() -> select(t.c("Name")), () -> select(t.c("name")), () -> select(column("Name")), () -> select(column("name")),
                () -> select(table("X", column("a")).c("a")), () -> select(table("x", column("a")).c("a"))));
        family("cast", List.of(() -> select(cast(id, Types.string(10))), () -> select(cast(id, Types.string(20))), () -> select(cast(id, Types.numeric(10, 2))),
                () -> select(cast(id, Types.numeric(12, 2))), () -> select(cast(id, Types.numeric(10, 3))), () -> select(cast(id, Types.STRING)), () -> select(cast(id, Types.TEXT))));
        family("bind type", List.of(() -> select(id.div(2)), () -> select(id.div(2.5)), () -> select(id.div(2L)), () -> select(id.div(new java.math.BigDecimal("2.5"))),
                () -> select(literal(1)), () -> select(literal("a")), () -> select(literal(1L)), () -> select(literal(1.5)), () -> select(literal(true)),
                () -> select(literal(java.time.LocalDate.of(2020, 1, 1))), () -> select(literal(1L, Types.BIGINT)), () -> select(literal("x", Types.TEXT)),
                () -> select(t.c("id")).where(t.c("j").eq(Map.of("a", 1))), () -> select(t.c("id")).where(t.c("j").eq(List.of(1))),
                () -> select(t.c("id")).where(t.c("d").eq(java.time.LocalDate.of(2020, 1, 1))), () -> select(t.c("id")).where(t.c("d").eq("2020-01-01"))));
        family("frames", List.of(() -> select(func("sum", id).over().rows(-2, 1)), () -> select(func("sum", id).over().rows(-3, 1)), () -> select(func("sum", id).over().rows(null, 1)),
                () -> select(func("sum", id).over().range(-2, 1)), () -> select(func("sum", id).over().groups(-2, 1)), () -> select(func("sum", id).over().rows(0, null)),
                () -> select(func("sum", id).over().rows(-2, 2)), () -> select(func("sum", id).over().rows(2, 3)), () -> select(func("sum", id).over().rows(-3, -2))));
        family("for update", List.of(() -> select(id).withForUpdate(), () -> select(id).withForUpdate(ForUpdate.share()), () -> select(id).withForUpdate(ForUpdate.update().nowait()),
                () -> select(id).withForUpdate(ForUpdate.update().skipLocked()), () -> select(id).withForUpdate(ForUpdate.update().of(t)), () -> select(id).withForUpdate(ForUpdate.update().of(o)),
                () -> select(id).withForUpdate(ForUpdate.share().keyShare()), () -> select(id).withForUpdate(ForUpdate.update().keyShare()), () -> select(id).withForUpdate(ForUpdate.update().of(t.c("id"))),
                () -> select(id).withForUpdate(ForUpdate.update().of(t.c("name")))));
        family("distinct on", List.of(() -> select(id).distinctOn(id), () -> select(id).distinctOn(name), () -> select(id).distinct(), () -> select(id).distinctOn(id, name), () -> select(id)));
        family("upsert", List.of(() -> insert(t).values(Map.of("id", 1, "hits", 1)).onConflictDoNothing(t.c("id")),
                () -> insert(t).values(Map.of("id", 1, "hits", 1)).onConflictDoNothing(t.c("name")),
                () -> insert(t).values(Map.of("id", 1, "hits", 1)).onConflictDoNothing(),
                () -> insert(t).values(Map.of("id", 1, "hits", 1)).onConflictDoUpdate(List.of(t.c("id")), Map.of("hits", 2)),
                () -> insert(t).values(Map.of("id", 1, "hits", 1)).onConflictDoUpdate(List.of(t.c("id")), Map.of("name", "x")),
                () -> insert(t).values(Map.of("id", 1, "hits", 1)).onConflictDoUpdate(List.of(t.c("name")), Map.of("hits", 2)),
                () -> insert(t).values(Map.of("id", 1, "hits", 1)).onConflictDoUpdate(List.of(t.c("id")), Map.of("hits", t.c("hits").add(excluded(t).c("hits")))),
                () -> insert(t).values(Map.of("id", 1, "hits", 1)).onConflictDoUpdate(List.of(t.c("id")), Map.of("hits", t.c("hits").add(excluded(t).c("id")))),
                () -> insert(t).values(Map.of("id", 1, "hits", 1)).onDuplicateKeyUpdate(Map.of("hits", 2)),
                () -> insert(t).values(Map.of("id", 1, "hits", 1)).onDuplicateKeyUpdate(Map.of("name", 2))));
        family("returning", List.of(() -> insert(t).values(Map.of("id", 1)).returning(t.c("id")), () -> insert(t).values(Map.of("id", 1)).returning(t.c("name")),
                () -> insert(t).values(Map.of("id", 1)).returning(t.c("id"), t.c("name")), () -> insert(t).values(Map.of("id", 1)),
                () -> update(t).values(Map.of("hits", 1)).returning(t.c("id")), () -> update(t).values(Map.of("hits", 1)).returning(t.c("hits")),
                () -> delete(t).returning(t.c("id")), () -> delete(t).returning(t.c("name"))));
        family("insert values keys", List.of(() -> insert(t).values(Map.of("id", 1)), () -> insert(t).values(Map.of("hits", 1)), () -> insert(t).values(Map.of("id", 1, "hits", 2)),
                () -> insert(t).values(List.of(Map.of("id", 1), Map.of("id", 2))), () -> insert(t).values(List.of(Map.of("id", 1), Map.of("id", 2), Map.of("id", 3))),
                () -> insert(t).values(Map.of("id", t.c("hits").add(1))), () -> insert(t).values(Map.of("id", 1, "name", "x")), () -> insert(t).values(Map.of("id", 1, "Name", "x"))));
        family("update values", List.of(() -> update(t).values(Map.of("hits", 1)), () -> update(t).values(Map.of("id", 1)), () -> update(t).values(Map.of("hits", t.c("hits").add(1))),
                () -> update(t).values(Map.of("hits", o.c("id"))).where(t.c("id").eq(o.c("id"))), () -> update(t).values(Map.of("hits", 1)).where(t.c("id").eq(o.c("id")))));
        family("limits", List.of(() -> select(id).limit(1), () -> select(id).limit(0), () -> select(id).offset(1), () -> select(id).limit(1).offset(2), () -> select(id).fetch(3),
                () -> select(id).fetch(Fetch.first(3).withTies()), () -> select(id).fetch(Fetch.first(3).percent())));
        family("in", List.of(() -> select(id).where(id.in(List.of(1, 2))), () -> select(id).where(id.in(List.of(1, 2, 3))), () -> select(id).where(id.in(List.of())),
                () -> select(id).where(id.notIn(List.of())), () -> select(id).where(id.in(java.util.Arrays.asList(1, null))), () -> select(id).where(id.in(List.of("a"))),
                () -> select(id).where(tuple(id, name).in(List.of(List.of(1, "a")))), () -> select(id).where(tuple(id, name).in(List.of(List.of(1, "a"), List.of(2, "b")))),
                () -> select(id).where(tuple(id, name).in(List.of()))));
        family("eq null", List.of(() -> select(id).where(name.eq(null)), () -> select(id).where(name.eq("a")), () -> select(id).where(name.ne(null)), () -> select(id).where(name.eq(literal(null)))));
        family("funcs", List.of(() -> select(func("count", id)), () -> select(func("COUNT", id)), () -> select(func("Count", id)), () -> select(func("max", id)),
                () -> select(func("count", id).label("n")), () -> select(func("count", id).label("N")), () -> select(func("count", literal(1))), () -> select(func("count", literalColumn("*")))));
        family("text", List.of(() -> text("select :a"), () -> text("select :b"), () -> text("select :a").bindparams(Map.of("a", 1)), () -> text("select :a").bindparams(Map.of("a", "x")),
                () -> text("select 1"), () -> text("select 2"), () -> text("SELECT 1"), () -> select(text("1")), () -> select(text("2"))));
        family("json", List.of(() -> select(t.c("j").item("a")), () -> select(t.c("j").item("b")), () -> select(t.c("j").item(1)), () -> select(t.c("j").itemText("a")),
                () -> select(t.c("j").path("a", "b")), () -> select(t.c("j").path("a", 1)), () -> select(t.c("j").item("a").asInteger()), () -> select(t.c("j").item("a").asString())));
        family("lightweight", List.of(() -> select(table("lt", column("a")).c("a")), () -> select(table("lt", column("a", Types.INTEGER)).c("a")),
                () -> select(table("lt", column("a", Types.STRING)).c("a")), () -> select(TableClause.of("lt", "s1", column("a")).c("a")),
                () -> select(TableClause.of("lt", "S1", column("a")).c("a")), () -> insert(table("lt", column("a"), column("b"))), () -> insert(table("lt", column("a"))),
                () -> insert(table("lt", column("a", Types.DATE)))));
        family("like/regex", List.of(() -> select(id).where(name.like("a")), () -> select(id).where(name.ilike("a")), () -> select(id).where(name.regexpMatch("a")),
                () -> select(id).where(name.notLike("a")), () -> select(id).where(name.notIlike("a"))));
        family("extract", List.of(() -> select(extract("year", t.c("d"))), () -> select(extract("month", t.c("d"))), () -> select(extract("YEAR", t.c("d")))));
        family("ops", List.of(() -> select(id.op("&", 1)), () -> select(id.op("|", 1)), () -> select(id.boolOp("&&", 1)), () -> select(id.boolOp("@>", 1)),
                () -> select(id.bitwiseAnd(1)), () -> select(id.bitwiseLShift(1)), () -> select(id.bitwiseRShift(1))));
        family("order", List.of(() -> select(id).orderBy(id.nullsFirst()), () -> select(id).orderBy(id.nullsLast()), () -> select(id).orderBy(id.desc().nullsFirst()),
                () -> select(id).orderBy(id.desc()), () -> select(id).orderBy(id.asc()), () -> select(id).orderBy(id)));
        family("aliases", List.of(() -> select(t.alias("a").c("id")), () -> select(t.alias("b").c("id")), () -> select(t.alias().c("id")), () -> select(select(id).subquery("a").c("id")),
                () -> select(select(id).subquery("b").c("id")), () -> select(select(id).cte("a").c("id")), () -> select(select(id).cte("b").c("id")), () -> select(select(id).lateral("a").c("id"))));
        family("case", List.of(() -> select(caseWhen(id.gt(1), "a")), () -> select(caseWhen(id.gt(1), "a").otherwise("b")), () -> select(caseWhen(id.gt(1), 1).otherwise(2)),
                () -> select(caseWhen(id.gt(1), id).otherwise(2)), () -> select(caseWhen(id.gt(1), "a").when(id.gt(2), "b"))));
        family("filter/within", List.of(() -> select(func("count", id).filter(id.gt(1))), () -> select(func("count", id).filter(id.gt(1), id.lt(3))),
                () -> select(func("percentile_cont", 0.5).withinGroup(id)), () -> select(func("percentile_cont", 0.5).withinGroup(id.desc()))));
        family("params", List.of(() -> select(id).where(id.eq(bindparam("x"))), () -> select(id).where(id.eq(bindparam("y"))), () -> select(id).where(id.eq(bindparam("x", 1))),
                () -> select(id).where(id.eq(bindparam("x", "a"))), () -> select(id).where(id.eq(bindparam("x"))).params(Map.of("x", 5)),
                () -> select(id).where(id.eq(bindparam("x", 1L, Types.BIGINT))), () -> select(id).where(id.eq(bindparam("x", "1", Types.STRING)))));
        org.assertj.core.api.Assertions.assertThat(problems).as("pairs with equal keys sending other SQL").isZero();
    }
}
