package dev.retort.sql;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A key is walked against the last key of its root's kind and shares that key's tokens when
 * it matches them all: whatever was keyed before, and in whatever order, a statement gets the
 * key (tokens, hash, parameters) that a walk from scratch gives it.
 */
class CacheKeyReuseTest {
    static final TableClause USERS = table("users", column("id", Types.INTEGER), column("name", Types.STRING));

    /** The key of {@code s} walked with nothing to match, as for the first statement of its kind. */
    private static CacheKey fresh(ClauseElement s) {
        s.nodeKind().lastKey = null;
        return CacheKey.generate(s);
    }

    private static void assertSameKey(CacheKey walked, CacheKey reference) {
        assertThat(walked.key()).isEqualTo(reference.key());
        assertThat(walked).isEqualTo(reference).hasSameHashCodeAs(reference);
        assertThat(reference).isEqualTo(walked);
        assertThat(walked.bindParams()).isEqualTo(reference.bindParams());
    }

    @Test
    void generatedStatementsInAnyOrderGetTheKeyOfAWalkFromScratch() {
        StatementGenerator gen = new StatementGenerator();
        SplittableRandom r = new SplittableRandom(20261206L);
        List<ClauseElement> statements = new ArrayList<>();
        while (statements.size() < 600) {
            int[] genes = StatementGenerator.genes(r);
            for (int i = 0; i < 3; i++) {
                // twins and mutants: equal keys, and keys that share a long prefix
                ClauseElement s = gen.build(i == 2 ? StatementGenerator.mutate(genes, r) : genes, new SplittableRandom(r.nextLong()));
                if (s != null) {
                    statements.add(s);
                }
            }
        }
        dev.retort.testing.Draws.shuffle(statements, r);
        List<ClauseElement> ordered = new ArrayList<>(statements.subList(0, 300));
        ordered.sort((a, b) -> Integer.compare(hash(a), hash(b)));
        // shuffled (mostly diverging walks), then sorted (runs of equal shapes, which share tokens)
        List<ClauseElement> all = new ArrayList<>(statements.subList(300, statements.size()));
        all.addAll(ordered);
        for (ClauseElement s : all) {
            CacheKey walked = CacheKey.generate(s);
            if (walked == CacheKey.NO_CACHE) {
                continue;
            }
            assertSameKey(walked, fresh(s));
        }
    }

    private static int hash(ClauseElement s) {
        CacheKey k = s.cacheKey();
        return k == null ? 0 : k.hashCode();
    }

    @Test
    void aStatementThatIsAPrefixOrAnExtensionOfTheLastOneGetsItsOwnTokens() {
        Select shorter = select(USERS).where(USERS.c("id").eq(1));
        Select longer = shorter.where(USERS.c("name").eq("x"));
        Select longerTwin = select(USERS).where(USERS.c("id").eq(2)).where(USERS.c("name").eq("y"));
        CacheKey first = CacheKey.generate(shorter);
        CacheKey extended = CacheKey.generate(longer);
        Select shorterTwin = select(USERS).where(USERS.c("id").eq(3));
        CacheKey shortAgain = CacheKey.generate(shorterTwin);
        CacheKey twin = CacheKey.generate(longerTwin);
        assertThat(extended).isNotEqualTo(first);
        assertThat(shortAgain).isEqualTo(first).isNotEqualTo(extended);
        assertThat(twin).isEqualTo(extended).isNotEqualTo(shortAgain);
        assertSameKey(shortAgain, fresh(shorterTwin));
        assertSameKey(twin, fresh(longerTwin));
        assertThat(twin.bindParams()).extracting(BindParameter::value).containsExactly(2, "y");
    }

    @Test
    void threadsKeyingDifferentShapesAtOnceEachGetTheirOwnKey() throws Exception {
        List<java.util.function.IntFunction<Select>> shapes = List.of(
                i -> select(USERS).where(USERS.c("id").eq(i)),
                i -> select(USERS).where(USERS.c("id").eq(i), USERS.c("name").like("n" + i)),
                i -> select(USERS.c("name")).where(USERS.c("id").eq(i), USERS.c("name").in(List.of("a", "b"))).limit(3),
                i -> select(USERS).where(USERS.c("id").eq(i)).orderBy(USERS.c("name")));
        List<List<Object>> expected = new ArrayList<>();
        for (var shape : shapes) {
            expected.add(fresh(shape.apply(0)).key());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                done.add(pool.submit(() -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    int checked = 0;
                    for (int i = 0; i < 20_000; i++) {
                        int which = r.nextInt(shapes.size());
                        CacheKey k = shapes.get(which).apply(i).cacheKey();
                        assertThat(k.key()).isEqualTo(expected.get(which));
                        assertThat(k.bindParams().get(0).value()).isEqualTo(i);
                        checked++;
                    }
                    return checked;
                }));
            }
            for (Future<Integer> f : done) {
                assertThat(f.get()).isEqualTo(20_000);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
