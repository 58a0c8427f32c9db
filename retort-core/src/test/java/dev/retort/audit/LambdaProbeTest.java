package dev.retort.audit;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.engine.Engine;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Compiled;
import dev.retort.sql.StatementLambdaElement;
import dev.retort.sql.TableClause;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A lambda statement sends what its plain and its spoil()ed forms send, whatever earlier calls
 * of the same call site captured: each probe runs one call site with values that change the SQL's
 * shape and values in turn (limit, column chosen by a captured key, text, labels, frames, casts,
 * IN lists, branches, loops, function names, added criteria), compiled on four dialects.
 */
class LambdaProbeTest {
    static final TableClause T = table("lp_t", column("id", Types.INTEGER), column("name", Types.STRING), column("grp", Types.INTEGER));
    static final List<Dialect> DIALECTS = List.of(Dialects.defaultDialect(), Dialects.sqlite(), Dialects.postgresql(), Dialects.mysql());

    final List<String> failures = new ArrayList<>();

    void check(String name, List<Object> values, Function<Object, StatementLambdaElement> lam, Function<Object, ClauseElement> plain) {
        for (Object v : values) {
            StatementLambdaElement s;
            ClauseElement p;
            try {
                s = lam.apply(v);
                p = plain.apply(v);
            } catch (RuntimeException e) {
                failures.add(name + " v=" + v + ": " + e);
                continue;
            }
            for (Dialect d : DIALECTS) {
                try {
                    Compiled a = s.compile(d);
                    Compiled b = p.compile(d);
                    Compiled c = s.spoil().compile(d);
                    String sa = a.string() + " " + a.params();
                    String sb = b.string() + " " + b.params();
                    String sc = c.string() + " " + c.params();
                    if (!sa.equals(sb) || !sc.equals(sb)) {
                        failures.add(name + " v=" + v + " " + d.name() + ":\n lambda " + sa + "\n plain  " + sb + "\n spoil  " + sc);
                    }
                } catch (RuntimeException e) {
                    failures.add(name + " v=" + v + " " + d.name() + ": " + e);
                }
            }
        }
    }

    @Test
    void probes() {
        check("limit", List.of(1, 2, 1), v -> { int n = (Integer) v; return lambdaStmt(() -> select(T).limit(n)); }, v -> select(T).limit((Integer) v));
        check("offset", List.of(1, 2, 1), v -> { int n = (Integer) v; return lambdaStmt(() -> select(T).limit(5).offset(n)); }, v -> select(T).limit(5).offset((Integer) v));
        check("colkey", List.of("id", "name", "id"), v -> { String k = (String) v; return lambdaStmt(() -> select(T.c(k))); }, v -> select(T.c((String) v)));
        check("text", List.of("1", "2", "1"), v -> { String k = (String) v; return lambdaStmt(() -> text("select " + k)); }, v -> text("select " + v));
        check("literalColumn", List.of("a", "b", "a"), v -> { String k = (String) v; return lambdaStmt(() -> select(literalColumn(k))); }, v -> select(literalColumn((String) v)));
        check("label", List.of("a", "b", "a"), v -> { String k = (String) v; return lambdaStmt(() -> select(T.c("id").label(k))); }, v -> select(T.c("id").label((String) v)));
        check("rows", List.of(1, 2, 1), v -> { int n = (Integer) v; return lambdaStmt(() -> select(func("max", T.c("id")).over().orderBy(T.c("id")).rows(-n, 0))); },
                v -> select(func("max", T.c("id")).over().orderBy(T.c("id")).rows(-(Integer) v, 0)));
        check("castlen", List.of(5, 6, 5), v -> { int n = (Integer) v; return lambdaStmt(() -> select(cast(T.c("name"), Types.string(n)))); },
                v -> select(cast(T.c("name"), Types.string((Integer) v))));
        check("inlist", List.of(List.of(1), List.of(1, 2), List.of(3)), v -> { @SuppressWarnings("unchecked") List<Integer> l = (List<Integer>) v; return lambdaStmt(() -> select(T).where(T.c("id").in(l))); },
                v -> select(T).where(T.c("id").in((List<?>) v)));
        check("ternaryCol", List.of(true, false, true), v -> { boolean b = (Boolean) v; return lambdaStmt(() -> select(b ? T.c("id") : T.c("name"))); },
                v -> select((Boolean) v ? T.c("id") : T.c("name")));
        check("blockIf", List.of(true, false, true), v -> { boolean b = (Boolean) v; return lambdaStmt(() -> { var q = select(T); if (b) { q = q.where(T.c("id").eq(1)); } return q; }); },
                v -> { var q = select(T); if ((Boolean) v) { q = q.where(T.c("id").eq(1)); } return q; });
        check("nullEq", java.util.Arrays.asList(1, null, 1), v -> { Integer x = (Integer) v; return lambdaStmt(() -> select(T).where(T.c("id").eq(x))); },
                v -> select(T).where(T.c("id").eq((Integer) v)));
        check("literal", List.of(1, 2, 1), v -> { int n = (Integer) v; return lambdaStmt(() -> select(literal(n))); }, v -> select(literal((Integer) v)));
        check("twice", List.of(1, 2, 1), v -> { int n = (Integer) v; return lambdaStmt(() -> select(T).where(T.c("id").gt(n)).where(T.c("grp").lt(n))); },
                v -> select(T).where(T.c("id").gt((Integer) v)).where(T.c("grp").lt((Integer) v)));
        check("sum", List.of(1, 2, 1), v -> { int n = (Integer) v; int m = 3; return lambdaStmt(() -> select(T).where(T.c("id").eq(n + m))); },
                v -> select(T).where(T.c("id").eq((Integer) v + 3)));
        check("bindparamName", List.of("a", "b", "a"), v -> { String k = (String) v; return lambdaStmt(() -> select(T).where(T.c("id").eq(bindparam(k, 1)))); },
                v -> select(T).where(T.c("id").eq(bindparam((String) v, 1))));
        check("bindparamValue", List.of(1, 2, 1), v -> { int n = (Integer) v; return lambdaStmt(() -> select(T).where(T.c("id").eq(bindparam("x", n)))); },
                v -> select(T).where(T.c("id").eq(bindparam("x", (Integer) v))));
        check("tableName", List.of("a", "b", "a"), v -> { String k = (String) v; return lambdaStmt(() -> select(table(k, column("id")))); },
                v -> select(table((String) v, column("id"))));
        check("subqueryName", List.of("a", "b", "a"), v -> { String k = (String) v; return lambdaStmt(() -> select(select(T).subquery(k))); },
                v -> select(select(T).subquery((String) v)));
        check("insertValues", List.of(1, 2, 1), v -> { int n = (Integer) v; return lambdaStmt(() -> insert(T).values(java.util.Map.of("id", n))); },
                v -> insert(T).values(java.util.Map.of("id", v)));
        check("updateExpr", List.of(1, 2, 1), v -> { int n = (Integer) v; return lambdaStmt(() -> update(T).values(java.util.Map.of("grp", T.c("grp").add(n))).where(T.c("id").eq(n))); },
                v -> update(T).values(java.util.Map.of("grp", T.c("grp").add(v))).where(T.c("id").eq(v)));
        check("like", List.of("a", "b", "a"), v -> { String k = (String) v; return lambdaStmt(() -> select(T).where(T.c("name").like(k + "%"))); },
                v -> select(T).where(T.c("name").like(v + "%")));
        check("distinctFlag", List.of(true, false, true), v -> { boolean b = (Boolean) v; return lambdaStmt(() -> b ? select(T).distinct() : select(T)); },
                v -> (Boolean) v ? select(T).distinct() : select(T));
        check("stringSwitch", List.of("id", "name", "id"), v -> { String k = (String) v; return lambdaStmt(() -> select(T).orderBy(k.equals("id") ? T.c("id") : T.c("name"))); },
                v -> select(T).orderBy(v.equals("id") ? T.c("id") : T.c("name")));
        check("caseThen", List.of("x", "y", "x"), v -> { String k = (String) v; return lambdaStmt(() -> select(caseWhen(T.c("id").gt(1), k).otherwise("z"))); },
                v -> select(caseWhen(T.c("id").gt(1), v).otherwise("z")));
        check("funcName", List.of("max", "min", "max"), v -> { String k = (String) v; return lambdaStmt(() -> select(func(k, T.c("id")))); },
                v -> select(func((String) v, T.c("id"))));
        check("longVal", List.of(1L, 2L, 1L), v -> { long n = (Long) v; return lambdaStmt(() -> select(T).where(T.c("id").eq(n))); },
                v -> select(T).where(T.c("id").eq(v)));
        check("charVal", List.of('a', 'b', 'a'), v -> { char n = (Character) v; return lambdaStmt(() -> select(T).where(T.c("name").eq(String.valueOf(n)))); },
                v -> select(T).where(T.c("name").eq(String.valueOf(v))));
        check("compareInt", List.of(1, 5, 1), v -> { int n = (Integer) v; return lambdaStmt(() -> n > 3 ? select(T.c("id")) : select(T.c("name"))); },
                v -> (Integer) v > 3 ? select(T.c("id")) : select(T.c("name")));
        check("loopIn", List.of(1, 3, 1), v -> { int n = (Integer) v; return lambdaStmt(() -> { var q = select(T); for (int i = 0; i < n; i++) { q = q.where(T.c("id").ne(i)); } return q; }); },
                v -> { var q = select(T); for (int i = 0; i < (Integer) v; i++) { q = q.where(T.c("id").ne(i)); } return q; });
        check("enumName", List.of(java.time.DayOfWeek.MONDAY, java.time.DayOfWeek.TUESDAY, java.time.DayOfWeek.MONDAY),
                v -> { java.time.DayOfWeek k = (java.time.DayOfWeek) v; return lambdaStmt(() -> select(T).where(T.c("name").eq(k.name()))); },
                v -> select(T).where(T.c("name").eq(((java.time.DayOfWeek) v).name())));
        check("strLen", List.of("ab", "abc", "ab"), v -> { String k = (String) v; return lambdaStmt(() -> k.length() > 2 ? select(T.c("id")) : select(T.c("name"))); },
                v -> ((String) v).length() > 2 ? select(T.c("id")) : select(T.c("name")));
        check("addCriteria", List.of(1, 2, 1), v -> { int n = (Integer) v; return lambdaStmt(() -> select(T)).add(q -> ((dev.retort.sql.Select) q).limit(n)); },
                v -> select(T).limit((Integer) v));
        check("addCriteriaIf", List.of(true, false, true), v -> { boolean b = (Boolean) v; return lambdaStmt(() -> select(T)).add(q -> b ? ((dev.retort.sql.Select) q).where(T.c("id").eq(1)) : q); },
                v -> (Boolean) v ? select(T).where(T.c("id").eq(1)) : select(T));
        assertThat(failures).isEmpty();
    }
}
