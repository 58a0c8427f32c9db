package dev.retort.sql;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.lambdaStmt;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.types.Types;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A lambda reading fields (of its enclosing object, or static) sends their current values, as its spoiled form does. */
class LambdaFieldsTest {
    static final TableClause T = table("lf_t", column("id", Types.INTEGER), column("name", Types.STRING));
    static int staticMin = 1;
    int min = 1;
    String col = "id";

    StatementLambdaElement byField() {
        return lambdaStmt(() -> select(T.c("id")).where(T.c("id").gt(min)));
    }

    StatementLambdaElement byFieldIdentifier() {
        return lambdaStmt(() -> select(T.c(col)));
    }

    static StatementLambdaElement byStatic() {
        return lambdaStmt(() -> select(T.c("id")).where(T.c("id").gt(staticMin)));
    }

    private static String sent(ClauseElement s) {
        Compiled c = s.compile();
        return c.string() + " " + c.bind(Map.of()).values();
    }

    @Test
    void anInstanceFieldChangedBetweenCalls() {
        assertThat(sent(byField())).isEqualTo(sent(byField().spoil()));
        min = 7;
        assertThat(sent(byField())).isEqualTo(sent(byField().spoil())).endsWith("[7]");
        assertThat(sent(byFieldIdentifier())).contains("lf_t.id");
        col = "name";
        assertThat(sent(byFieldIdentifier())).contains("lf_t.name");
    }

    @Test
    void aStaticFieldChangedBetweenCalls() {
        assertThat(sent(byStatic())).isEqualTo(sent(byStatic().spoil()));
        staticMin = 9;
        assertThat(sent(byStatic())).isEqualTo(sent(byStatic().spoil())).endsWith("[9]");
    }

    // Each test below uses fields of its own, so tests share no static state.
    static int staticLimit = 3;
    static long staticOffset = 0;
    List<Integer> ids = List.of(1);
    static final String FIXED = String.valueOf(5);
    static final Holder HOLDER = new Holder();
    final TableClause finalTable = table("lf_final", column("id", Types.INTEGER));
    TableClause table = table("lf_a", column("id", Types.INTEGER));
    boolean newest;
    int threshold = 2;
    int code = 1;
    int offset = 10;
    String kind = "a";
    StringBuilder buffer = new StringBuilder("id");

    /** A mutable object held in a final static field: the lambda reads a field of another object. */
    static final class Holder {
        int n = 1;
    }

    private int threshold() {
        return threshold + 0;
    }

    private int viaTwoCalls() {
        return threshold();
    }

    private static void sendsWhatItsSpoiledFormSends(StatementLambdaElement s) {
        assertThat(sent(s)).isEqualTo(sent(s.spoil()));
    }

    private static LambdaFields fieldsOf(StatementLambdaElement.StatementFn fn) {
        lambdaStmt(fn);
        return LambdaSite.of(fn).fields();
    }

    /** Invariant: whatever the fields held at earlier calls, each call sends what its spoiled form sends. */
    @Test
    void anyFieldValuesSendWhatTheSpoiledFormSends() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(13);
        StatementLambdaElement.StatementFn fn = () -> {
            Select q = select(T.c(col)).where(T.c("id").gt(min + staticOffset)).where(T.c("id").in(ids));
            return newest ? q.orderBy(T.c("id").desc()) : q;
        };
        for (int round = 0; round < 200; round++) {
            switch (random.nextInt(4)) {
                case 0 -> min = random.nextInt(5) - 2;
                case 1 -> col = random.nextBoolean() ? "id" : "name";
                case 2 -> newest = random.nextBoolean();
                default -> ids = random.nextBoolean() ? List.of(random.nextInt(3)) : List.of(1, 2, random.nextInt(9));
            }
            staticOffset = random.nextInt(3);
            sendsWhatItsSpoiledFormSends(lambdaStmt(fn));
        }
    }

    @Test
    void aStaticNonFinalFieldKeysByValue() {
        StatementLambdaElement.StatementFn fn = () -> select(T.c("id")).where(T.c("id").lt(staticLimit));
        for (int v : new int[] {3, 4, 3, 11}) {
            staticLimit = v;
            StatementLambdaElement s = lambdaStmt(fn);
            sendsWhatItsSpoiledFormSends(s);
            assertThat(sent(s)).endsWith("[" + v + "]");
        }
    }

    @Test
    void aStaticFinalFieldNeedsNoKey() {
        StatementLambdaElement.StatementFn fn = () -> select(T.c("id")).where(T.c("name").eq(FIXED));
        assertThat(fieldsOf(fn)).isNull();
        assertThat(sent(lambdaStmt(fn))).endsWith("[5]");
    }

    @Test
    void aLambdaWithoutFieldReadsIsUnchanged() {
        int local = 4;
        StatementLambdaElement.StatementFn fn = () -> select(T.c("id")).where(T.c("id").gt(local));
        assertThat(fieldsOf(fn)).isNull();
        assertThat(sent(lambdaStmt(fn))).endsWith("[4]");
    }

    @Test
    void aFinalFieldHoldingATableStaysFixedWhileANonFinalOneKeysByItsStructure() {
        StatementLambdaElement.StatementFn fixed = () -> select(finalTable.c("id"));
        assertThat(fieldsOf(fixed)).isNull();
        assertThat(sent(lambdaStmt(fixed))).contains("lf_final");
        StatementLambdaElement.StatementFn moving = () -> select(table.c("id"));
        assertThat(sent(lambdaStmt(moving))).contains("lf_a.id");
        table = table("lf_b", column("id", Types.INTEGER));
        StatementLambdaElement s = lambdaStmt(moving);
        sendsWhatItsSpoiledFormSends(s);
        assertThat(sent(s)).contains("lf_b.id").doesNotContain("lf_a");
    }

    @Test
    void aFieldInABranch() {
        StatementLambdaElement.StatementFn fn = () -> newest ? select(T.c("id")).orderBy(T.c("id").desc()) : select(T.c("id"));
        assertThat(sent(lambdaStmt(fn))).doesNotContain("DESC");
        newest = true;
        assertThat(sent(lambdaStmt(fn))).contains("DESC");
        sendsWhatItsSpoiledFormSends(lambdaStmt(fn));
    }

    @Test
    void aMethodOfThisReadingAField() {
        StatementLambdaElement.StatementFn direct = () -> select(T.c("id")).where(T.c("id").gt(threshold()));
        StatementLambdaElement.StatementFn deeper = () -> select(T.c("id")).where(T.c("id").gt(viaTwoCalls()));
        assertThat(sent(lambdaStmt(direct))).endsWith("[2]");
        assertThat(sent(lambdaStmt(deeper))).endsWith("[2]");
        threshold = 8;
        assertThat(sent(lambdaStmt(direct))).endsWith("[8]");
        assertThat(sent(lambdaStmt(deeper))).endsWith("[8]");
    }

    @Test
    void aLambdaNestedInTheLambdaReadingAField() {
        StatementLambdaElement.StatementFn fn = () -> {
            java.util.function.IntSupplier nested = () -> offset + 1;
            return select(T.c("id")).where(T.c("id").gt(nested.getAsInt()));
        };
        assertThat(sent(lambdaStmt(fn))).endsWith("[11]");
        offset = 20;
        assertThat(sent(lambdaStmt(fn))).endsWith("[21]");
    }

    /** An inner class whose lambda reads a field of its outer object. */
    final class Inner {
        StatementLambdaElement byOuterField() {
            return lambdaStmt(() -> select(T.c("id")).where(T.c("id").gt(threshold)));
        }
    }

    @Test
    void anInnerClasssLambdaReadingAnOuterField() {
        Inner inner = new Inner();
        assertThat(sent(inner.byOuterField())).endsWith("[2]");
        threshold = 6;
        assertThat(sent(inner.byOuterField())).endsWith("[6]");
        sendsWhatItsSpoiledFormSends(inner.byOuterField());
    }

    @Test
    void switchesInTheLambdaAreFollowed() {
        // A dense switch compiles to tableswitch, a sparse one and a switch on strings to lookupswitch.
        StatementLambdaElement.StatementFn fn = () -> {
            String c = switch (code) {
                case 1 -> "id";
                case 2 -> "name";
                case 3 -> "id";
                default -> "name";
            };
            long big = switch (kind) {
                case "a" -> 10_000_000_000L;
                case "b" -> 20_000_000_000L;
                default -> 1L;
            };
            int sparse = switch (code) {
                case 1 -> 1;
                case 1000 -> 2;
                default -> 3;
            };
            return select(T.c(c)).where(T.c("id").lt(big + sparse));
        };
        assertThat(sent(lambdaStmt(fn))).contains("lf_t.id").endsWith("[10000000001]");
        code = 2;
        kind = "b";
        StatementLambdaElement s = lambdaStmt(fn);
        sendsWhatItsSpoiledFormSends(s);
        assertThat(sent(s)).contains("lf_t.name").endsWith("[20000000003]");
    }

    @Test
    void aFieldThatCannotKeyIsRefusedNamingIt() {
        StatementLambdaElement.StatementFn fn = () -> select(T.c(buffer.toString()));
        assertThatThrownBy(() -> lambdaStmt(fn)).isInstanceOf(ArgumentException.class).hasMessageContaining("'buffer'")
                .hasMessageContaining(getClass().getName());
        // Told the closure does not matter, the lambda is cached and its field taken as fixed, as before.
        assertThat(sent(lambdaStmt(fn, LambdaOptions.builder().trackClosureVariables(false).build()))).contains("lf_t.id");
    }

    @Test
    void aFieldOfAnotherObjectIsRefusedNamingIt() {
        StatementLambdaElement.StatementFn fn = () -> select(T.c("id")).where(T.c("id").gt(HOLDER.n));
        assertThatThrownBy(() -> lambdaStmt(fn)).isInstanceOf(ArgumentException.class).hasMessageContaining("'n' of " + Holder.class.getName());
    }

    @Test
    void withoutReadableBytecodeTheClasssPlainFieldsKey() {
        // No such method: the code cannot be followed, so the fields are guessed from the class.
        LambdaFields guessed = LambdaFields.of(LambdaFieldsTest.class, "absent", "()V", true, "absent");
        assertThat(guessed).isNotNull();
        Object[] values = guessed.values(new Object[] {this}, true);
        assertThat(List.of(values)).contains(1, "id", 2, "a").doesNotContain(buffer);
    }

    /** The instruction walk ends exactly at the end of every method of every class of Retort and of some JDK classes. */
    @Test
    void everyMethodOfManyClassFilesIsWalkedToItsEnd() throws IOException {
        List<byte[]> files = new ArrayList<>();
        Path classes = Path.of(StatementLambdaElement.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        try (Stream<Path> walk = Files.walk(classes)) {
            for (Path p : walk.filter(f -> f.toString().endsWith(".class")).toList()) {
                files.add(Files.readAllBytes(p));
            }
        }
        for (Class<?> c : List.of(String.class, java.util.HashMap.class, java.math.BigDecimal.class, java.util.regex.Pattern.class,
                java.time.LocalDate.class, java.util.concurrent.ConcurrentHashMap.class)) {
            try (InputStream in = ClassFiles.open(c)) {
                files.add(in.readAllBytes());
            }
        }
        int methods = 0;
        for (byte[] f : files) {
            ClassFiles.Parsed parsed = ClassFiles.parse(f);
            for (byte[] code : parsed.code().values()) {
                ClassFiles.members(code, parsed, (op, member) -> assertThat(member.name()).isNotEmpty());
                methods++;
            }
        }
        assertThat(methods).isGreaterThan(5000);
    }
}
