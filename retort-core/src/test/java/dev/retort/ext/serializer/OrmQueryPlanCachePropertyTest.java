package dev.retort.ext.serializer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.orm.ORM;
import dev.retort.orm.Query;
import dev.retort.orm.QueryPlanProbe;
import dev.retort.orm.QueryableAttribute;
import dev.retort.orm.Registry;
import dev.retort.testing.Draws;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The registry's kept query plans ({@link Registry#queryPlanCacheSize}) never change an answer: queries of
 * one shape with other values (twins of {@link OrmConstructsGenerator}'s, and of {@link #extra}'s: criteria of
 * select-in and joined loads, loader criteria, a hybrid method's arguments, LIMIT / OFFSET, populateExisting)
 * run in shuffled order through a warm plan cache send the statements (their loads' too) with the parameters
 * and read the rows they send and read with every plan made afresh.
 */
class OrmQueryPlanCachePropertyTest {
    private static final Registry REGISTRY = OrmConstructsGenerator.REGISTRY;

    @Test
    void queriesReusingKeptPlansSendAndReadWhatFreshPlansDo() throws java.io.IOException {
        long seed = Long.getLong("retort.property.seed", System.nanoTime());
        SplittableRandom r = new SplittableRandom(seed);
        java.nio.file.Path file = java.nio.file.Files.createTempFile("plans", ".db");
        dev.retort.engine.Engine engine = dev.retort.engine.Engine.create("jdbc:sqlite:" + file);
        List<String> sent = new ArrayList<>();
        try {
            OrmConstructsGenerator.MD.createAll(engine);
            engine.inTransaction(c -> OrmConstructsGenerator.rows().forEach(c::execute));
            engine.addListener((dev.retort.engine.ExecutionListener) (sql, params) -> sent.add(sql + " " + params));
            List<Query<?>> queries = new ArrayList<>();
            for (int b = 0; b < Integer.getInteger("retort.property.bases", 120) / 2; b++) {
                int[] genes = OrmCacheKeyPropertyTest.genes(r);
                long structure = r.nextLong();
                for (int twin = 0; twin < 3; twin++) {
                    SplittableRandom values = new SplittableRandom(r.nextLong());
                    queries.add(b % 2 == 0 ? new OrmConstructsGenerator(genes, values).build() : extra(new SplittableRandom(structure), values));
                }
            }
            Draws.shuffle(queries, r);
            REGISTRY.queryPlanCacheSize(500);
            long before = QueryPlanProbe.reused(REGISTRY);
            List<String> kept = readAll(engine, queries, sent);
            long reused = QueryPlanProbe.reused(REGISTRY) - before;
            REGISTRY.queryPlanCacheSize(0);
            List<String> fresh = readAll(engine, queries, sent);
            for (int i = 0; i < queries.size(); i++) {
                assertThat(kept.get(i)).as("%s (seed %d)", queries.get(i), seed).isEqualTo(fresh.get(i));
            }
            System.out.printf("OrmQueryPlanCachePropertyTest: %d queries, %d took a kept plan (seed %d)%n", queries.size(), reused, seed);
            assertThat(reused).as("seed %d", seed).isGreaterThan(queries.size() / 5);
        } finally {
            REGISTRY.queryPlanCacheSize(500);
            engine.dispose();
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    /** Shapes differing only in options, or in populateExisting, have keys of their own: a kept plan is never another's. */
    @Test
    void optionsAndPopulateExistingAreInTheKey() {
        QueryableAttribute<Object> notes = ORM.attr(OrmConstructsGenerator.CkEdge.class, "notes");
        List<Query<?>> shapes = List.of(ORM.select(OrmConstructsGenerator.CkEdge.class),
                ORM.select(OrmConstructsGenerator.CkEdge.class).populateExisting(),
                ORM.select(OrmConstructsGenerator.CkEdge.class).options(ORM.joinedLoad(notes)),
                ORM.select(OrmConstructsGenerator.CkEdge.class).options(ORM.selectinLoad(notes)),
                ORM.select(OrmConstructsGenerator.CkEdge.class).options(ORM.selectinLoad(notes.and(ORM.attr(OrmConstructsGenerator.CkNote.class, "pos").gt(1)))),
                ORM.select(OrmConstructsGenerator.CkEdge.class).options(ORM.defer(ORM.attr(OrmConstructsGenerator.CkEdge.class, "name"))));
        for (int i = 0; i < shapes.size(); i++) {
            for (int j = i + 1; j < shapes.size(); j++) {
                assertThat(shapes.get(i).cacheKey()).as("%s vs %s", shapes.get(i), shapes.get(j)).isNotEqualTo(shapes.get(j).cacheKey());
            }
        }
    }

    /** Each query's statements with their parameters, then its rows. */
    private static List<String> readAll(dev.retort.engine.Engine engine, List<Query<?>> queries, List<String> sent) {
        List<String> out = new ArrayList<>();
        for (Query<?> q : queries) {
            sent.clear();
            String rows = OrmCacheKeyPropertyTest.read(engine, q);
            out.add(sent + " -> " + rows);
        }
        return out;
    }

    /**
     * An edge query whose shape {@code structure} draws and whose values {@code values} draws: select-in and joined loads
     * with criteria, loader criteria, a hybrid method, a page, populateExisting.
     */
    private static Query<?> extra(SplittableRandom structure, SplittableRandom values) {
        Class<?> edge = OrmConstructsGenerator.CkEdge.class;
        Class<?> note = OrmConstructsGenerator.CkNote.class;
        Query<?> q = ORM.select(edge);
        q = switch (structure.nextInt(3)) {
            case 0 -> q.where(ORM.attr(edge, "x1").lt(values.nextInt(9)));
            case 1 -> q.where(ORM.call(edge, "near", values.nextInt(9), values.nextInt(9)));
            default -> q;
        };
        QueryableAttribute<Object> notes = ORM.attr(edge, "notes");
        q = switch (structure.nextInt(5)) {
            case 0 -> q.options(ORM.selectinLoad(notes.and(ORM.attr(note, "body").ne("b" + values.nextInt(9)))));
            case 1 -> q.options(ORM.joinedLoad(notes.and(ORM.attr(note, "pos").gt(values.nextInt(5)))));
            case 2 -> q.options(ORM.selectinLoad(notes));
            case 3 -> q.options(ORM.joinedLoad(ORM.attr(edge, "descendants")));
            default -> q;
        };
        if (structure.nextInt(2) == 0) {
            q = q.options(ORM.withLoaderCriteria(note, ORM.attr(note, "body").ne("c" + values.nextInt(9))));
        }
        if (structure.nextInt(3) == 0) {
            q = q.populateExisting();
        }
        q = q.orderBy(ORM.attr(edge, "id"));
        return switch (structure.nextInt(4)) {
            case 0 -> q.limit(1 + values.nextInt(5));
            case 1 -> q.offset(values.nextInt(5));
            case 2 -> q.limit(1 + values.nextInt(5)).offset(values.nextInt(5));
            default -> q;
        };
    }
}
