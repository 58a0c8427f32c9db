package dev.retort.sql;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Dialects;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditLambdaProbeTest {
    static final TableClause T = table("probe_t", column("id", Types.INTEGER), column("name", Types.STRING));
    static int STATIC_MIN = 1;
    int min = 1;
    String col = "id";
    enum Mode { A, B }

    StatementLambdaElement byField() {
        return lambdaStmt(() -> select(T.c("id")).where(T.c("id").gt(min)));
    }
    StatementLambdaElement byFieldIdent() {
        return lambdaStmt(() -> select(T.c(col)));
    }
    static StatementLambdaElement byStatic() {
        return lambdaStmt(() -> select(T.c("id")).where(T.c("id").gt(STATIC_MIN)));
    }
    static StatementLambdaElement byArray(int[] ids) {
        return lambdaStmt(() -> select(T.c("id")).where(T.c("id").eq(ids[0])));
    }
    static StatementLambdaElement byMode(Mode m, int n) {
        return lambdaStmt(() -> select(T.c("id")).where(switch (m) { case A -> T.c("id").gt(n); case B -> T.c("id").lt(n); }));
    }
    static StatementLambdaElement byThreshold(int n) {
        return lambdaStmt(() -> select(T.c("id")).where(n > 50 ? T.c("id").gt(n) : T.c("id").lt(n)));
    }
    static StatementLambdaElement byDouble(Number n) {
        return lambdaStmt(() -> select(T.c("id")).where(T.c("id", Integer.class).div(n).gt(1)));
    }
    static StatementLambdaElement byText(int n) {
        return lambdaStmt(() -> text("SELECT id FROM probe_t WHERE id > " + n));
    }
    static StatementLambdaElement byLabel(String l) {
        return lambdaStmt(() -> select(T.c("id").label(l)));
    }
    static StatementLambdaElement byLimitSign(int n) {
        return lambdaStmt(() -> select(T.c("id")).limit(Math.abs(n)));
    }
    static StatementLambdaElement byStringChar(String s) {
        return lambdaStmt(() -> select(T.c("id")).where(s.startsWith("%") ? T.c("name").like(s) : T.c("name").eq(s)));
    }
    static StatementLambdaElement byObjLong(Object v) {
        return lambdaStmt(() -> select(T.c("id")).where(T.c("id").eq(v)));
    }
    static StatementLambdaElement byListContent(List<String> names) {
        return lambdaStmt(() -> select(T.c("id")).where(names.contains("x") ? T.c("name").in(names) : T.c("name").notIn(names)));
    }
    static StatementLambdaElement byStringLen(String s) {
        return lambdaStmt(() -> select(T.c("id")).where(s.length() == 2 ? T.c("name").eq(s) : T.c("name").ne(s)));
    }
    static StatementLambdaElement byNested(String s, int n) {
        return lambdaStmt(() -> select(T.c("id"))).add(q -> q.where(n > 3 ? T.c("name").eq(s) : T.c("id").eq(n)));
    }

    private static String sent(ClauseElement s) {
        StringBuilder sb = new StringBuilder();
        for (var d : List.of(Dialects.defaultDialect(), Dialects.postgresql())) {
            Compiled c = s.compile(d);
            sb.append(c.string()).append(' ').append(c.bind(Map.of()).values()).append('\n');
        }
        return sb.toString();
    }

    private static void same(String what, StatementLambdaElement s) {
        String a;
        try {
            a = sent(s);
        } catch (RuntimeException e) {
            System.out.println("PROBE " + what + ": threw " + e);
            return;
        }
        String b = sent(s.spoil());
        System.out.println("PROBE " + what + ": " + (a.equals(b) ? "ok" : "MISMATCH\n  lambda: " + a.replace("\n"," ## ") + "\n  spoiled: " + b.replace("\n"," ## ")));
    }

    @Test
    void probes() {
        same("field 1", byField()); min = 7; same("field 7", byField());
        same("fieldIdent id", byFieldIdent()); col = "name"; same("fieldIdent name", byFieldIdent());
        same("static 1", byStatic()); STATIC_MIN = 9; same("static 9", byStatic());

        same("mode A", byMode(Mode.A, 3)); same("mode B", byMode(Mode.B, 3));
        same("threshold 10", byThreshold(10)); same("threshold 60", byThreshold(60)); same("threshold 51", byThreshold(51));
        same("double 2", byDouble(2)); same("double 2.5", byDouble(2.5)); same("double 2L", byDouble(2L)); same("bigdec", byDouble(new java.math.BigDecimal("2.5")));
        same("text 1", byText(1)); same("text 2", byText(2));
        same("label a", byLabel("a")); same("label b", byLabel("b"));
        same("limit 3", byLimitSign(3)); same("limit -4", byLimitSign(-4));
        same("like a", byStringChar("a")); same("like %a", byStringChar("%a"));
        same("obj 1", byObjLong(1)); same("obj str", byObjLong("x")); same("obj long", byObjLong(5L)); same("obj date", byObjLong(java.time.LocalDate.of(2020, 1, 1)));
        same("list [a]", byListContent(List.of("a"))); same("list [x]", byListContent(List.of("x"))); same("list [a,x]", byListContent(List.of("a", "x")));
        same("len ab", byStringLen("ab")); same("len abc", byStringLen("abc")); same("len ab2", byStringLen("xy"));
        same("nested 1", byNested("a", 1)); same("nested 5", byNested("a", 5));
    }
}
