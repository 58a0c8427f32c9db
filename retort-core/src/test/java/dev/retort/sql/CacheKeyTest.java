package dev.retort.sql;

import static dev.retort.sql.SQL.cast;
import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.literal;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.SqlCompiler;
import dev.retort.engine.Engine;
import dev.retort.exc.ArgumentException;
import dev.retort.types.TypeEngine;
import dev.retort.types.TypeKind;
import dev.retort.types.Types;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Cache keys: what enters them, who may take part, and their offline form. */
class CacheKeyTest {
    static final TableClause USERS = table("users", column("id", Types.INTEGER), column("name", Types.STRING));

    @Test
    void theKeyHoldsStructureAndTheValuesAreListedApart() {
        Select a = select(USERS).where(USERS.c("id").in(List.of(1, 2))).limit(5);
        Select b = select(USERS).where(USERS.c("id").in(List.of(3, 4, 5))).limit(10);
        assertThat(a.cacheKey()).isEqualTo(b.cacheKey()).hasSameHashCodeAs(b.cacheKey());
        assertThat(b.cacheKey().bindParams()).extracting(BindParameter::value).containsExactly(List.of(3, 4, 5), 10);
        assertThat(select(USERS.c("id").label("a")).cacheKey()).isNotEqualTo(select(USERS.c("id").label("b")).cacheKey());
        assertThat(select(cast(USERS.c("name"), Types.string(10))).cacheKey()).isNotEqualTo(select(cast(USERS.c("name"), Types.string(20))).cacheKey());
        assertThat(USERS.c("id").gt(1).cacheKey()).isNotEqualTo(USERS.c("id").ge(1).cacheKey());
    }

    @Test
    void sharingANodeIsPartOfTheShape() {
        BindParameter<Integer> once = literal(5);
        Select shared = select(USERS).where(USERS.c("id").eq(once), USERS.c("id").ne(once));
        Select twice = select(USERS).where(USERS.c("id").eq(literal(5)), USERS.c("id").ne(literal(5)));
        assertThat(shared.toString()).isNotEqualTo(twice.toString());
        assertThat(shared.cacheKey()).isNotEqualTo(twice.cacheKey());
        assertThat(shared.cacheKey().bindParams()).hasSize(1);
    }

    @Test
    void sharingIsFoundWhetherOrNotTheSharedNodeWasWalkedBefore() {
        // A walk searches for an earlier occurrence only of nodes some walk has met before: here
        // the shared parameter is new to every walk in one statement, and keyed beforehand in the other.
        BindParameter<Integer> fresh = literal(5);
        Select sharedFresh = select(USERS).where(USERS.c("id").eq(fresh), USERS.c("id").ne(fresh));
        BindParameter<Integer> known = literal(5);
        ColumnElement<Boolean> first = USERS.c("id").eq(known);
        first.cacheKey();
        Select sharedKnown = select(USERS).where(first, USERS.c("id").ne(known));
        Select twice = select(USERS).where(USERS.c("id").eq(literal(5)), USERS.c("id").ne(literal(5)));
        assertThat(fresh.knownKind()).isNull();
        assertThat(known.knownKind()).isNotNull();
        assertThat(sharedFresh.cacheKey()).isEqualTo(sharedKnown.cacheKey()).isNotEqualTo(twice.cacheKey());
        assertThat(sharedFresh.cacheKey().bindParams()).containsExactly(fresh);
        assertThat(sharedKnown.cacheKey().bindParams()).containsExactly(known);
    }

    /** A user-defined construct: {@code abs(x)}, in three variants that differ only in opting in. */
    abstract static class Abs extends ColumnElement<Integer> {
        static final Traversal<Abs> TRAVERSAL = Traversal.of("test_abs", a -> {
            throw new UnsupportedOperationException("not copied in these tests");
        }, Attr.clause("element", abs -> abs.element));

        final ColumnElement<?> element;

        Abs(ColumnElement<?> element) {
            this.element = element;
        }

        @Override
        protected Traversal<?> traversal() {
            return TRAVERSAL;
        }

        @Override
        public String compileWith(SqlCompiler compiler) {
            return "abs(" + compiler.process(element) + ")";
        }

        @Override
        public TypeEngine<Integer> type() {
            return Types.INTEGER;
        }
    }

    static final class UndeclaredAbs extends Abs {
        UndeclaredAbs(ColumnElement<?> element) {
            super(element);
        }
    }

    static final class RefusingAbs extends Abs {
        RefusingAbs(ColumnElement<?> element) {
            super(element);
        }

        @Override
        protected Boolean inheritCache() {
            return false;
        }
    }

    static final class CacheableAbs extends Abs {
        CacheableAbs(ColumnElement<?> element) {
            super(element);
        }

        @Override
        protected Boolean inheritCache() {
            return true;
        }
    }

    /** A user-defined type, in three variants that differ only in opting in. */
    static class Tag extends TypeEngine<String> {
        @Override
        public Class<String> javaType() {
            return String.class;
        }

        @Override
        public String visitName() {
            return "VARCHAR";
        }

        @Override
        public TypeKind kind() {
            return TypeKind.STRING;
        }
    }

    static final class UndeclaredTag extends Tag {
    }

    static final class RefusingTag extends Tag {
        @Override
        public boolean cacheOk() {
            return false;
        }
    }

    static final class CacheableTag extends Tag {
        @Override
        public boolean cacheOk() {
            return true;
        }
    }

    /** What {@code work} logs on stderr (slf4j-simple's output). */
    private static String stderrOf(Runnable work) {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            work.run();
        } finally {
            System.setErr(stderr);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aConstructThatHasNotSaidIsUncachedWithOneWarningPerClass() {
        String log = stderrOf(() -> {
            assertThat(select(new UndeclaredAbs(literal(-5))).cacheKey()).isNull();
            assertThat(select(new UndeclaredAbs(literal(-6))).cacheKey()).isNull();
        });
        assertThat(log.lines().filter(l -> l.contains(UndeclaredAbs.class.getName()))).hasSize(1);
        assertThat(log).contains("WARN").contains("inheritCache()");
    }

    @Test
    void aConstructThatRefusesIsUncachedSilently() {
        String log = stderrOf(() -> assertThat(select(new RefusingAbs(literal(-5))).cacheKey()).isNull());
        assertThat(log).doesNotContain(RefusingAbs.class.getName());
    }

    @Test
    void aConstructThatOptsInIsKeyedByItsDeclaration() {
        CacheKey k = select(new CacheableAbs(literal(-5))).cacheKey();
        assertThat(k).isNotNull().isEqualTo(select(new CacheableAbs(literal(-7))).cacheKey());
        assertThat(k.bindParams()).extracting(BindParameter::value).containsExactly(-5);
    }

    @Test
    void typesTakePartOnlyWhenTheySayCacheOk() {
        String log = stderrOf(() -> {
            assertThat(select(cast(USERS.c("name"), new UndeclaredTag())).cacheKey()).isNull();
            assertThat(select(literal("x", new UndeclaredTag())).cacheKey()).isNull();
            assertThat(select(cast(USERS.c("name"), new RefusingTag())).cacheKey()).isNull();
            assertThat(select(cast(USERS.c("name"), new CacheableTag())).cacheKey()).isEqualTo(select(cast(USERS.c("name"), new CacheableTag())).cacheKey());
            assertThat(select(cast(USERS.c("name"), Types.STRING.withVariant(new UndeclaredTag(), "sqlite"))).cacheKey()).isNull();
        });
        assertThat(log.lines().filter(l -> l.contains(UndeclaredTag.class.getName()))).hasSize(1);
        assertThat(log).contains("cacheOk()").doesNotContain(RefusingTag.class.getName());
        assertThat(Types.INTEGER.cacheOk()).isTrue();
        assertThat(new Tag().cacheOkDeclared()).isNull();
        assertThat(new RefusingTag().cacheOkDeclared()).isFalse();
        assertThat(new CacheableTag().cacheOkDeclared()).isTrue();
    }

    @Test
    void anUncachedStatementStillExecutes() {
        Engine engine = Engine.create("jdbc:sqlite::memory:");
        try {
            Engine.CacheStats before = engine.compiledCacheStats();
            for (int v : List.of(-5, -6)) {
                Object refused = engine.transaction(c -> c.execute(select(new RefusingAbs(literal(v)))).scalar());
                Object cached = engine.transaction(c -> c.execute(select(new CacheableAbs(literal(v)))).scalar());
                assertThat(List.of(refused, cached)).containsExactly(-v, -v);
            }
            Engine.CacheStats after = engine.compiledCacheStats();
            assertThat(after.uncached() - before.uncached()).isEqualTo(2);
            assertThat(after.hits() - before.hits()).isEqualTo(1);
        } finally {
            engine.dispose();
        }
    }

    /** The statement of the offline-key tests, built afresh each time. */
    static Select offlineStatement(int id, List<String> names, LocalDate day) {
        return select(USERS).where(USERS.c("id").eq(id), USERS.c("name").in(names), USERS.c("name").ne(day));
    }

    static final String OFFLINE_SQL = "'SELECT users.id, users.name \\nFROM users \\nWHERE users.id = :id_1 AND users.name IN (__[POSTCOMPILE_name_1]) AND users.name != :name_2'";

    @Test
    void anOfflineStringIsTheSqlAndTheValuesRenderedStably() {
        Map<CacheKey, String> sqlByShape = new HashMap<>();
        Supplier<Select> build = () -> offlineStatement(5, List.of("a'b", "c"), LocalDate.of(2024, 2, 29));
        Select one = build.get();
        Select two = build.get();
        String text = one.cacheKey().toOfflineString(sqlByShape, one, Map.of());
        assertThat(text).isEqualTo(two.cacheKey().toOfflineString(sqlByShape, two, Map.of()))
                .isEqualTo("(" + OFFLINE_SQL + ", (5, ['a\\'b', 'c'], 'LocalDate:2024-02-29'))");
        Select other = offlineStatement(6, List.of("a'b", "c", "d"), LocalDate.of(2024, 2, 29));
        String otherText = other.cacheKey().toOfflineString(sqlByShape, other, Map.of());
        assertThat(otherText).isNotEqualTo(text).startsWith("(" + OFFLINE_SQL + ", (6, ");
        assertThat(sqlByShape).hasSize(1);
    }

    @Test
    void temporalValuesAreKeyedExactly() {
        Map<CacheKey, String> sqlByShape = new HashMap<>();
        java.util.function.Function<Object, String> offline = v -> {
            Select s = select(USERS).where(USERS.c("name").eq(v));
            return s.cacheKey().toOfflineString(sqlByShape, s, Map.of());
        };
        assertThat(offline.apply(new java.util.Date(1_700_000_000_001L))).isNotEqualTo(offline.apply(new java.util.Date(1_700_000_000_002L)));
        java.sql.Timestamp a = new java.sql.Timestamp(1_700_000_000_000L);
        java.sql.Timestamp b = new java.sql.Timestamp(1_700_000_000_000L);
        b.setNanos(1);
        assertThat(offline.apply(a)).isNotEqualTo(offline.apply(b));
        assertThat(offline.apply(java.time.LocalDateTime.of(2024, 1, 1, 0, 0, 0, 1)))
                .isNotEqualTo(offline.apply(java.time.LocalDateTime.of(2024, 1, 1, 0, 0, 0, 2)));
    }

    @Test
    void parametersReplaceValuesByNameOrStandInForThem() {
        Select named = select(USERS).where(USERS.c("id").eq(SQL.bindparam("uid", 1)));
        assertThat(named.cacheKey().toOfflineString(new HashMap<>(), named, Map.of("uid", 9))).endsWith(", (9,))");
        Select bare = select(USERS);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("b", "5");
        params.put("a", 5);
        assertThat(bare.cacheKey().toOfflineString(new HashMap<>(), bare, params)).endsWith(", (5, '5'))");
        assertThat(bare.cacheKey().toOfflineString(new HashMap<>(), bare, Map.of())).endsWith(", ())");
    }

    @Test
    void mapsRenderInKeyOrderAndObjectsWithoutTextAreRefused() {
        Map<String, Object> hashed = new HashMap<>();
        Map<String, Object> sorted = new TreeMap<>();
        for (String k : List.of("zeta", "alpha", "mu")) {
            hashed.put(k, k.length());
            sorted.put(k, k.length());
        }
        Select a = select(literal(hashed));
        Select b = select(literal(sorted));
        assertThat(a.cacheKey().toOfflineString(new HashMap<>(), a, Map.of())).endsWith("({'alpha': 5, 'mu': 2, 'zeta': 4},))");
        assertThat(a.cacheKey().toOfflineString(new HashMap<>(), a, Map.of())).isEqualTo(b.cacheKey().toOfflineString(new HashMap<>(), b, Map.of()));
        Select opaque = select(literal(new Object()));
        assertThatThrownBy(() -> opaque.cacheKey().toOfflineString(new HashMap<>(), opaque, Map.of()))
                .isInstanceOf(ArgumentException.class).hasMessageContaining("no stable text");
    }

    /** Prints the offline string of the test statement; run in another JVM by the next test. */
    public static void main(String[] args) {
        Select s = offlineStatement(5, List.of("a'b", "c"), LocalDate.of(2024, 2, 29));
        System.out.print(s.cacheKey().toOfflineString(new HashMap<>(), s, Map.of()));
    }

    @Test
    void anotherJvmRendersTheSameOfflineString() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CacheKeyTest.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Select here = offlineStatement(5, List.of("a'b", "c"), LocalDate.of(2024, 2, 29));
        assertThat(out).isEqualTo(here.cacheKey().toOfflineString(new HashMap<>(), here, Map.of()));
    }
}
