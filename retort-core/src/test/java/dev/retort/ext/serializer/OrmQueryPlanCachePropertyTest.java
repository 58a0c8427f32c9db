package dev.retort.ext.serializer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.orm.LoaderCriteria;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The registry's kept query plans ({@link Registry#queryPlanCacheSize}) never change an answer: queries of
 * one shape with other values run in shuffled order through a warm plan cache send the statements (their loads'
 * and the lazy loads' of the instances they return too) with the parameters, and read the rows and the object
 * graphs, that they send and read with every plan made afresh. Each {@link Situation} draws the queries of one
 * kind of input a plan depends on besides its query's key (see {@code QueryPlans}).
 */
class OrmQueryPlanCachePropertyTest {
    private static final Registry REGISTRY = OrmConstructsGenerator.REGISTRY;
    private static final PathModel MODEL = new PathModel();

    /** What the drawn queries exercise. */
    enum Situation {
        /** Twins of {@link OrmConstructsGenerator}'s queries and of {@link #extra}'s. */
        CONSTRUCTS,
        /**
         * Loader criteria given as a lambda: one lambda object whose criterion's value changes between queries, or a new
         * capturing lambda per query; and the session's loader criteria, which are not in the key.
         */
        LAMBDA_CRITERIA,
        /** The same select-in statement run under different load paths (the mapping's joined default stops where its class is on the path). */
        LOAD_PATH,
        /** Queries of an aliased entity (a new alias per query, or one alias shared) with loader option paths on it that lazy loads continue. */
        ALIASED_OPTIONS,
        /** All of the above drawn together on the path model. */
        MIXED
    }

    /**
     * A drawn query, the value the shared lambda's criterion (and the session's criteria) read while it runs, whether its
     * instances' object graphs are read, and whether its session has loader criteria.
     */
    private record Drawn(Query<?> query, int tenant, boolean graph, boolean sessionCriteria) {
    }

    /** What the shared loader criteria lambda reads: the current query's tenant (a value not in any query's key). */
    private final int[] tenant = new int[1];
    /** One lambda object for every query (keyed by identity, as a non-capturing lambda is), its criterion's value made while planning. */
    private final LoaderCriteria.Criterion sharedCriterion = m -> m.<String>attr("body").ne("b" + tenant[0]);

    @ParameterizedTest
    @EnumSource(Situation.class)
    void queriesReusingKeptPlansSendAndReadWhatFreshPlansDo(Situation situation) throws java.io.IOException {
        long seed = Long.getLong("retort.property.seed", System.nanoTime());
        SplittableRandom r = new SplittableRandom(seed);
        java.nio.file.Path file = java.nio.file.Files.createTempFile("plans", ".db");
        dev.retort.engine.Engine engine = dev.retort.engine.Engine.create("jdbc:sqlite:" + file);
        PathModel model = MODEL;
        List<String> sent = new ArrayList<>();
        try {
            OrmConstructsGenerator.MD.createAll(engine);
            engine.inTransaction(c -> OrmConstructsGenerator.rows().forEach(c::execute));
            model.fill(engine);
            engine.addListener((dev.retort.engine.ExecutionListener) (sql, params) -> sent.add(sql + " " + params));
            List<Drawn> queries = new ArrayList<>();
            for (int b = 0; b < Integer.getInteger("retort.property.bases", 120) / 2; b++) {
                int[] genes = OrmCacheKeyPropertyTest.genes(r);
                long structure = r.nextLong();
                for (int twin = 0; twin < 3; twin++) {
                    SplittableRandom values = new SplittableRandom(r.nextLong());
                    queries.add(situation == Situation.CONSTRUCTS
                            ? new Drawn(b % 2 == 0 ? new OrmConstructsGenerator(genes, values).build() : extra(new SplittableRandom(structure), values), 0, false, false)
                            : model.draw(situation, new SplittableRandom(structure), values, sharedCriterion));
                }
            }
            Draws.shuffle(queries, r);
            REGISTRY.queryPlanCacheSize(500);
            model.registry.queryPlanCacheSize(500);
            long before = QueryPlanProbe.reused(REGISTRY) + QueryPlanProbe.reused(model.registry);
            List<String> kept = readAll(engine, queries, sent);
            long reused = QueryPlanProbe.reused(REGISTRY) + QueryPlanProbe.reused(model.registry) - before;
            REGISTRY.queryPlanCacheSize(0);
            model.registry.queryPlanCacheSize(0);
            List<String> fresh = readAll(engine, queries, sent);
            for (int i = 0; i < queries.size(); i++) {
                assertThat(kept.get(i)).as("%s: %s, tenant %d (seed %d)", situation, queries.get(i).query(), queries.get(i).tenant(), seed).isEqualTo(fresh.get(i));
            }
            System.out.printf("OrmQueryPlanCachePropertyTest %s: %d queries, %d plans kept and reused (seed %d)%n", situation, queries.size(), reused, seed);
            if (situation == Situation.CONSTRUCTS) {
                // how many twins share a kept plan varies by seed (31 of 180 at seed 7368245616215); a tenth shows reuse is drawn
                assertThat(reused).as("seed %d", seed).isGreaterThan(queries.size() / 10);
            }
        } finally {
            REGISTRY.queryPlanCacheSize(0);
            model.registry.queryPlanCacheSize(0);
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

    /** Each query's statements with their parameters (its lazy loads' too), then its rows (and their object graphs). */
    private List<String> readAll(dev.retort.engine.Engine engine, List<Drawn> queries, List<String> sent) {
        List<String> out = new ArrayList<>();
        for (Drawn d : queries) {
            sent.clear();
            tenant[0] = d.tenant();
            String rows = d.graph() ? PathModel.read(engine, d) : OrmCacheKeyPropertyTest.read(engine, d.query());
            out.add(sent + " -> " + rows);
        }
        return out;
    }

    /**
     * An edge query whose shape {@code structure} draws and whose values {@code values} draws: select-in and joined loads
     * with criteria (an IN list of drawn length among them), self-referential loads of a drawn depth, noload, deferred
     * and load-only columns, loader criteria, a hybrid method, a page, populateExisting, yieldPer of a drawn size.
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
        QueryableAttribute<Object> descendants = ORM.attr(edge, "descendants");
        q = switch (structure.nextInt(11)) {
            case 0 -> q.options(ORM.selectinLoad(notes.and(ORM.attr(note, "body").ne("b" + values.nextInt(9)))));
            case 1 -> q.options(ORM.joinedLoad(notes.and(ORM.attr(note, "pos").gt(values.nextInt(5)))));
            case 2 -> q.options(ORM.selectinLoad(notes));
            case 3 -> q.options(ORM.joinedLoad(descendants));
            // a self-referential eager load's depth, drawn with the values: twins differ in it alone
            case 4 -> q.options(ORM.joinedLoad(descendants, 1 + values.nextInt(3)));
            case 5 -> q.options(ORM.selectinLoad(descendants, 1 + values.nextInt(3)));
            case 6 -> q.options(ORM.noLoad(notes), ORM.defer(ORM.attr(edge, "name")));
            case 7 -> q.options(ORM.loadOnly(ORM.attr(edge, "x1")), ORM.selectinLoad(notes));
            case 8 -> q.options(ORM.defer(ORM.attr(edge, "path")), ORM.joinedLoad(notes), ORM.undeferAll());
            case 9 -> q.options(ORM.joinedLoad(notes.and(ORM.attr(note, "body").in(List.of("b1", "b2", "b3").subList(0, values.nextInt(4))))));
            default -> q;
        };
        if (structure.nextInt(2) == 0) {
            q = q.options(ORM.withLoaderCriteria(note, ORM.attr(note, "body").ne("c" + values.nextInt(9))));
        }
        if (structure.nextInt(3) == 0) {
            q = q.populateExisting();
        }
        if (structure.nextInt(4) == 0) {
            q = q.yieldPer(1 + values.nextInt(3));
        }
        q = q.orderBy(ORM.attr(edge, "id"));
        return switch (structure.nextInt(4)) {
            case 0 -> q.limit(1 + values.nextInt(5));
            case 1 -> q.offset(values.nextInt(5));
            case 2 -> q.limit(1 + values.nextInt(5)).offset(values.nextInt(5));
            default -> q;
        };
    }

    /**
     * Groups of parents of children, each child also in a group, which the mapping joins by default: where a child is
     * loaded below its group ({@code selectinLoad(Group.parents).selectinLoad(Parent.children)}) that join stops, where it
     * is loaded below a parent alone it does not.
     */
    static final class PathModel {
        /** A group of parents. */
        public static class PcGroup {
            Integer id;
            String name;
            List<PcParent> parents;
        }

        /** A parent of children. */
        public static class PcParent {
            Integer id;
            Integer groupId;
            Integer v;
            List<PcChild> children;
        }

        /** A child, in a group the mapping loads by a join. */
        public static class PcChild {
            Integer id;
            Integer parentId;
            Integer groupId;
            String body;
            PcGroup group;
        }

        final String suffix = "_" + java.util.UUID.randomUUID().toString().substring(0, 8);
        final dev.retort.schema.MetaData md = new dev.retort.schema.MetaData();
        final dev.retort.schema.Table groups = new dev.retort.schema.Table("pc_group" + suffix, md,
                dev.retort.schema.Column.of("id", dev.retort.types.Types.INTEGER).primaryKey(), dev.retort.schema.Column.of("name", dev.retort.types.Types.string(20)));
        final dev.retort.schema.Table parents = new dev.retort.schema.Table("pc_parent" + suffix, md,
                dev.retort.schema.Column.of("id", dev.retort.types.Types.INTEGER).primaryKey(),
                dev.retort.schema.Column.of("group_id", dev.retort.types.Types.INTEGER).foreignKey("pc_group" + suffix + ".id"),
                dev.retort.schema.Column.of("v", dev.retort.types.Types.INTEGER));
        final dev.retort.schema.Table children = new dev.retort.schema.Table("pc_child" + suffix, md,
                dev.retort.schema.Column.of("id", dev.retort.types.Types.INTEGER).primaryKey(),
                dev.retort.schema.Column.of("parent_id", dev.retort.types.Types.INTEGER).foreignKey("pc_parent" + suffix + ".id"),
                dev.retort.schema.Column.of("group_id", dev.retort.types.Types.INTEGER).foreignKey("pc_group" + suffix + ".id"),
                dev.retort.schema.Column.of("body", dev.retort.types.Types.string(20)));
        final Registry registry = new Registry(md);
        /** One alias of parents that every query drawing a shared alias selects. */
        final dev.retort.orm.AliasedEntity<PcParent> sharedAlias;

        PathModel() {
            registry.mapImperatively(PcGroup.class, groups, java.util.Map.of("parents", ORM.relationship(PcParent.class)));
            registry.mapImperatively(PcParent.class, parents, java.util.Map.of("children", ORM.relationship(PcChild.class)));
            registry.mapImperatively(PcChild.class, children, java.util.Map.of("group", ORM.relationship(PcGroup.class).lazy("joined")));
            sharedAlias = ORM.aliased(PcParent.class);
        }

        void fill(dev.retort.engine.Engine engine) {
            md.createAll(engine);
            List<java.util.Map<String, Object>> g = new ArrayList<>();
            List<java.util.Map<String, Object>> p = new ArrayList<>();
            List<java.util.Map<String, Object>> c = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                g.add(java.util.Map.of("id", i, "name", "g" + i));
            }
            for (int i = 1; i <= 6; i++) {
                p.add(java.util.Map.of("id", i, "group_id", 1 + i % 3, "v", i));
            }
            for (int i = 1; i <= 12; i++) {
                c.add(java.util.Map.of("id", i, "parent_id", 1 + i % 6, "group_id", 1 + i * 7 % 3, "body", "b" + i % 4));
            }
            engine.inTransaction(x -> {
                x.execute(dev.retort.sql.SQL.insert(groups), g);
                x.execute(dev.retort.sql.SQL.insert(parents), p);
                x.execute(dev.retort.sql.SQL.insert(children), c);
            });
        }

        /**
         * A query of {@code situation} whose shape {@code structure} draws and whose values {@code values} draws: of parents,
         * of groups loading parents and their children select-in, of children, or of an alias of parents (new or shared);
         * with loader option paths lazy loads go on with, loader criteria of children given as a lambda, and the session's own.
         */
        Drawn draw(Situation situation, SplittableRandom structure, SplittableRandom values, LoaderCriteria.Criterion shared) {
            int root = switch (situation) {
                case LOAD_PATH -> structure.nextInt(3);
                case ALIASED_OPTIONS -> 3;
                default -> structure.nextInt(4);
            };
            QueryableAttribute<Object> childGroup = ORM.attr(PcChild.class, "group");
            QueryableAttribute<Object> parentChildren = ORM.attr(PcParent.class, "children");
            Query<?> q;
            switch (root) {
                case 0 -> {
                    q = ORM.select(PcParent.class).where(ORM.attr(PcParent.class, "v").lt(values.nextInt(8))).orderBy(ORM.attr(PcParent.class, "id"));
                    q = switch (structure.nextInt(3)) {
                        case 0 -> q.options(ORM.selectinLoad(parentChildren));
                        case 1 -> q.options(ORM.defaultLoad(parentChildren).lazyLoad(childGroup));
                        default -> q;
                    };
                }
                case 1 -> {
                    q = ORM.select(PcGroup.class).where(ORM.attr(PcGroup.class, "id").le(values.nextInt(4))).orderBy(ORM.attr(PcGroup.class, "id"));
                    QueryableAttribute<Object> groupParents = ORM.attr(PcGroup.class, "parents");
                    q = q.options(structure.nextInt(2) == 0 ? ORM.selectinLoad(groupParents).selectinLoad(parentChildren) : ORM.selectinLoad(groupParents));
                }
                case 2 -> q = ORM.select(PcChild.class).where(ORM.attr(PcChild.class, "id").lt(values.nextInt(14))).orderBy(ORM.attr(PcChild.class, "id"));
                default -> {
                    dev.retort.orm.AliasedEntity<PcParent> a = structure.nextInt(3) == 0 ? sharedAlias : ORM.aliased(PcParent.class);
                    q = ORM.select(a).where(a.attr("v").lt(values.nextInt(8))).orderBy(a.attr("id"));
                    QueryableAttribute<Object> children = a.attr("children");
                    q = switch (structure.nextInt(4)) {
                        case 0 -> q.options(ORM.defaultLoad(children).lazyLoad(childGroup));
                        case 1 -> q.options(ORM.selectinLoad(children).lazyLoad(childGroup));
                        case 2 -> q.options(ORM.joinedLoad(children));
                        default -> q.options(ORM.lazyLoad(children.and(ORM.attr(PcChild.class, "id").gt(values.nextInt(9)))));
                    };
                }
            }
            int lambda = situation == Situation.LAMBDA_CRITERIA ? structure.nextInt(2) : situation == Situation.MIXED ? structure.nextInt(3) : 2;
            if (lambda == 0) {
                q = q.options(ORM.withLoaderCriteria(PcChild.class, shared));
            } else if (lambda == 1) {
                String body = "b" + values.nextInt(4);
                q = q.options(ORM.withLoaderCriteria(PcChild.class, m -> m.<String>attr("body").ne(body)));
            }
            // drawn with the values: not part of the key, twins differ in it
            boolean sessionCriteria = situation != Situation.LOAD_PATH && situation != Situation.ALIASED_OPTIONS && values.nextInt(3) == 0;
            return new Drawn(q, values.nextInt(4), true, sessionCriteria);
        }

        /** The rows of the query, each instance with the instances it reaches (loading them lazily as they are read). */
        static String read(dev.retort.engine.Engine engine, Drawn d) {
            try (dev.retort.orm.Session session = dev.retort.orm.SessionFactory.of(engine).open()) {
                if (d.sessionCriteria()) {
                    // with a value, or without one (a criterion whose statement has no parameter the query's key lacks)
                    session.addLoaderCriteria(ORM.withLoaderCriteria(PcChild.class, d.tenant() % 2 == 0 ? ORM.attr(PcChild.class, "body").ne("b" + d.tenant())
                            : ORM.attr(PcChild.class, "id").gt(ORM.attr(PcChild.class, "parent_id"))));
                }
                return session.execute(d.query()).all().stream()
                        .map(row -> row.toList().stream().map(v -> render(v, 0, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()))).toList())
                        .toList().toString();
            }
        }

        private static String render(Object v, int depth, java.util.Set<Object> seen) {
            if (v instanceof List<?> list) {
                return depth > 3 ? "[..]" : list.stream().map(x -> render(x, depth + 1, seen)).toList().toString();
            }
            if (v == null || v.getClass().getEnclosingClass() != PathModel.class) {
                return String.valueOf(v);
            }
            StringBuilder out = new StringBuilder(v.getClass().getSimpleName());
            if (!seen.add(v)) {
                return out.append('^').toString();
            }
            out.append('{');
            for (java.lang.reflect.Field f : v.getClass().getDeclaredFields()) {
                try {
                    f.setAccessible(true);
                    out.append(f.getName()).append('=').append(render(f.get(v), depth + 1, seen)).append(' ');
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
            return out.append('}').toString();
        }
    }
}
