package dev.retort.ext.serializer;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.CompileException;
import dev.retort.exc.SerializationException;
import dev.retort.orm.ORM;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.types.Types;
import dev.retort.sql.ClauseElement;
import java.util.List;

/**
 * Throws mutated inputs at {@code loads}: a malformed input may only ever raise a
 * {@link SerializationException}, and whatever loads must be a usable tree: it compiles for every
 * built-in dialect (or is refused with a {@link CompileException} or {@link ArgumentException}, as
 * a tree built in code would be) and dumps and loads back, in
 * both protocols, to a tree equal to it, and holds no number past the digit limit. Starts from valid documents of both protocols and from
 * attack-shaped ones (reference, text and number bombs) in SerializerFuzzTestInputs/loads; ORM
 * queries load against classes mapped to the fixtures' tables. The application's own construct
 * {@link FuzzThing} loads only where the loader allows it: a tree loaded without that allowance
 * holds no {@link dev.retort.sql.CustomElement} at all. Mutations draw on a dictionary of
 * kinds, attribute names, entities and limit-sized numbers ({@link SerializerFuzzDictionaryTest}).
 *
 * <p>In {@code mvn verify} it runs in its own surefire execution (JAZZER_FUZZ=1) with a fixed
 * libFuzzer seed and a bounded number of runs, so a build is deterministic;
 * tools/fuzz-campaign.sh runs the same target for hours with a report.
 */
class SerializerFuzzTest {
    /**
     * The fixtures' tables, plus a joined-table hierarchy (people; engineers, managers; bosses
     * under managers), a single-table one (animals) and an adjacency list (nodes), so that
     * mutations reach with_polymorphic lists and FROM clauses, subclass queries and self-referential
     * loads of any depth. A MetaData of its own: FormatFixtureTest.MD stays as its fixtures were written.
     */
    static final MetaData MD = FormatFixtureTest.addTables(new MetaData());
    static final dev.retort.orm.Registry ORM_REGISTRY = new dev.retort.orm.Registry(MD);

    static {
        ORM_REGISTRY.mapImperatively(FuzzUser.class, MD.tables().get("users"),
                java.util.Map.of("orders", dev.retort.orm.ORM.relationship(FuzzOrder.class)));
        ORM_REGISTRY.mapImperatively(FuzzOrder.class, MD.tables().get("orders"));
        Table people = new Table("people", MD, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(40)),
                Column.of("type", Types.string(20)));
        Table engineers = new Table("engineers", MD, Column.of("id", Types.INTEGER).primaryKey().foreignKey("people.id"),
                Column.of("language", Types.string(20)));
        Table managers = new Table("managers", MD, Column.of("id", Types.INTEGER).primaryKey().foreignKey("people.id"),
                Column.of("title", Types.string(20)));
        Table bosses = new Table("bosses", MD, Column.of("id", Types.INTEGER).primaryKey().foreignKey("managers.id"),
                Column.of("golf", Types.string(20)));
        ORM_REGISTRY.mapImperatively(FuzzPerson.class, people, java.util.Map.of(), ORM.polymorphicOn(people.c("type")).identity("person"));
        ORM_REGISTRY.mapImperatively(FuzzEngineer.class, engineers, java.util.Map.of(), ORM.inherits(FuzzPerson.class).identity("engineer"));
        ORM_REGISTRY.mapImperatively(FuzzManager.class, managers, java.util.Map.of(), ORM.inherits(FuzzPerson.class).identity("manager"));
        ORM_REGISTRY.mapImperatively(FuzzBoss.class, bosses, java.util.Map.of(), ORM.inherits(FuzzManager.class).identity("boss"));
        Table animals = new Table("animals", MD, Column.of("id", Types.INTEGER).primaryKey(), Column.of("kind", Types.string(10)),
                Column.of("bark", Types.string(20)), Column.of("purr", Types.INTEGER));
        ORM_REGISTRY.mapImperatively(FuzzAnimal.class, animals, java.util.Map.of(), ORM.polymorphicOn(animals.c("kind")).identity("animal"));
        ORM_REGISTRY.mapImperatively(FuzzDog.class, animals, java.util.Map.of(), ORM.inherits(FuzzAnimal.class).identity("dog"));
        ORM_REGISTRY.mapImperatively(FuzzCat.class, animals, java.util.Map.of(), ORM.inherits(FuzzAnimal.class).identity("cat"));
        Table nodes = new Table("nodes", MD, Column.of("id", Types.INTEGER).primaryKey(), Column.of("parent_id", Types.INTEGER).foreignKey("nodes.id"),
                Column.of("label", Types.string(20)));
        ORM_REGISTRY.mapImperatively(FuzzNode.class, nodes, java.util.Map.of("children", ORM.relationship(FuzzNode.class).backref("parent")));
    }

    public static class FuzzUser {
        Integer id;
        String name;
        java.time.LocalDate born;
        java.math.BigDecimal score;
        List<FuzzOrder> orders;
    }

    public static class FuzzOrder {
        Integer id;
        Integer user_id;
        java.util.UUID ref;
        java.time.OffsetDateTime at;
    }

    public static class FuzzPerson {
        Integer id;
        String name;
        String type;
    }

    public static class FuzzEngineer extends FuzzPerson {
        String language;
    }

    public static class FuzzManager extends FuzzPerson {
        String title;
    }

    public static class FuzzBoss extends FuzzManager {
        String golf;
    }

    public static class FuzzAnimal {
        Integer id;
        String kind;
    }

    public static class FuzzDog extends FuzzAnimal {
        String bark;
    }

    public static class FuzzCat extends FuzzAnimal {
        Integer purr;
    }

    public static class FuzzNode {
        Integer id;
        Integer parent_id;
        String label;
        FuzzNode parent;
        List<FuzzNode> children;
    }

    /**
     * The application's own column construct ({@link dev.retort.sql.CustomElement}) that the fuzz
     * target's second loader allows: {@code FUZZ_THING(arg, scale)}.
     */
    static final class FuzzThing extends dev.retort.sql.CustomElement<Integer> {
        static final dev.retort.sql.Traversal<FuzzThing> TRAVERSAL = declare(FuzzThing.class,
                a -> new FuzzThing((dev.retort.sql.ColumnElement<?>) a[0], (Integer) a[1]),
                dev.retort.sql.Attr.clause("arg", FuzzThing::arg), dev.retort.sql.Attr.struct("scale", FuzzThing::scale));
        private final dev.retort.sql.ColumnElement<?> arg;
        private final int scale;

        FuzzThing(dev.retort.sql.ColumnElement<?> arg, int scale) {
            this.arg = java.util.Objects.requireNonNull(arg, "arg");
            this.scale = scale;
        }

        dev.retort.sql.ColumnElement<?> arg() {
            return arg;
        }

        int scale() {
            return scale;
        }

        @Override
        protected dev.retort.sql.Traversal<?> traversal() {
            return TRAVERSAL;
        }

        @Override
        protected Boolean inheritCache() {
            return true;
        }

        @Override
        protected String compileDefault(dev.retort.dialect.SqlCompiler c) {
            return "FUZZ_THING(" + c.process(arg) + ", " + scale + ")";
        }
    }

    /**
     * Seeds of the constructs of format 1.16's round, by file name under SerializerFuzzTestInputs/loads:
     * the custom element, {@code asComparison}, a named VALUES, a LATERAL subquery, hints, a
     * client-side default's parameter ({@link #main} writes each in both protocols).
     */
    static java.util.Map<String, ClauseElement> lastRoundSeeds() {
        Table users = MD.tables().get("users");
        var v = dev.retort.sql.SQL.values(dev.retort.sql.SQL.column("a", Types.INTEGER), dev.retort.sql.SQL.column("b", Types.string(10)))
                .named("v").data(List.of(List.of(1, "x"), List.of(2, "y"))).cte();
        var lat = dev.retort.sql.SQL.select(users.c("id").label("lid")).where(users.c("id").gt(1)).limit(1).lateral("l");
        var m = new java.util.LinkedHashMap<String, ClauseElement>();
        m.put("custom-element", dev.retort.sql.SQL.select(new FuzzThing(users.c("id"), 3)).where(new FuzzThing(users.c("id"), 1).gt(2)));
        m.put("function-comparison-values-lateral", dev.retort.sql.SQL.select(users.c("id"), v.c("b"))
                .join(v, dev.retort.sql.SQL.func("is_in", users.c("id"), v.c("a")).asComparison(1, 2)).join(lat, dev.retort.sql.SQL.trueLiteral()));
        m.put("hints", dev.retort.sql.SQL.select(users.c("id")).withHint(users, "USE INDEX (ix_name)", "mysql").withStatementHint("x"));
        return m;
    }

    /**
     * The ORM seeds of the hierarchies and the adjacency list, by file name under
     * SerializerFuzzTestInputs/loads ({@link #main} writes each in both protocols).
     */
    static java.util.Map<String, ClauseElement> hierarchySeeds() {
        var wp = ORM.withPolymorphic(FuzzPerson.class, List.of(FuzzEngineer.class, FuzzManager.class));
        var flat = ORM.withPolymorphic(FuzzPerson.class, List.of(FuzzManager.class, FuzzBoss.class), ORM.Aliasing.FLAT);
        var pets = ORM.withPolymorphic(FuzzAnimal.class, List.of(FuzzDog.class, FuzzCat.class));
        var children = ORM.<List<FuzzNode>>attr(FuzzNode.class, "children");
        var parent = ORM.<FuzzNode>attr(FuzzNode.class, "parent");
        var m = new java.util.LinkedHashMap<String, ClauseElement>();
        m.put("orm-joined-with-polymorphic", ORM.select(wp).where(wp.of(FuzzManager.class).attr("title").isNotNull())
                .orderBy(wp.attr("id")));
        m.put("orm-joined-flat-subclass", ORM.select(flat).where(flat.of(FuzzBoss.class).attr("golf").eq("links")));
        m.put("orm-joined-subclass", ORM.select(FuzzBoss.class).where(ORM.attr(FuzzBoss.class, "title").eq("cto")));
        m.put("orm-single-table", ORM.select(pets).where(pets.of(FuzzDog.class).attr("bark").isNotNull()));
        m.put("orm-single-subclass", ORM.select(FuzzCat.class).where(ORM.attr(FuzzCat.class, "purr").gt(1)));
        m.put("orm-self-joined", ORM.select(FuzzNode.class).options(ORM.joinedLoad(children, 2)));
        m.put("orm-self-selectin", ORM.select(FuzzNode.class).options(ORM.selectinLoad(children, 3), ORM.joinedLoad(parent)));
        return m;
    }

    /**
     * Writes {@link #hierarchySeeds}, {@link #lastRoundSeeds} and format 1.17's documents ({@link HostileNewestKindsTest#documents})
     * into {@code args[0]} (the loads seed directory), as JSON and binary.
     */
    public static void main(String[] args) throws java.io.IOException {
        var seeds = new java.util.LinkedHashMap<>(hierarchySeeds());
        seeds.putAll(lastRoundSeeds());
        HostileNewestKindsTest.documents().forEach((name, doc) -> seeds.put("v1.17-" + name, doc));
        for (var e : seeds.entrySet()) {
            java.nio.file.Files.write(java.nio.file.Path.of(args[0], e.getKey() + ".json"), QuerySerializer.dumps(e.getValue(), Protocol.JSON));
            java.nio.file.Files.write(java.nio.file.Path.of(args[0], e.getKey() + ".bin"), QuerySerializer.dumps(e.getValue(), Protocol.BINARY));
        }
    }

    private static final int SMALL_DIGITS = 1_000;
    private static final SerializerLimits SMALL_LIMITS = new SerializerLimits(64 * 1024, 100, 5_000).withMaxChars(1_000_000).withMaxDigits(SMALL_DIGITS);
    private static final QuerySerializer SMALL = QuerySerializer.withLimits(SMALL_LIMITS);
    /** {@link #SMALL} that also builds {@link FuzzThing}s. */
    private static final QuerySerializer SMALL_CUSTOM = QuerySerializer.with(LoadOptions.DEFAULTS.limits(SMALL_LIMITS).allowCustom(FuzzThing.class));
    /** Default limits, {@link FuzzThing}s allowed: the round trips. */
    private static final QuerySerializer CUSTOM = QuerySerializer.with(LoadOptions.DEFAULTS.allowCustom(FuzzThing.class));
    private static final List<Dialect> DIALECTS = List.of(Dialects.defaultDialect(), Dialects.sqlite(), Dialects.postgresql(),
            Dialects.mysql(), Dialects.mariadb());

    @FuzzTest(maxExecutions = 60_000, maxDuration = "10m")
    @DictionaryFile(resourcePath = "SerializerFuzzTest.dict")
    void loads(byte[] input) {
        check(input);
    }

    /** The entry point of Jazzer's own command line, for long campaigns (tools/fuzz-campaign.sh). */
    public static void fuzzerTestOneInput(byte[] input) {
        check(input);
    }

    /**
     * Every number anywhere in a loaded tree (an attribute, a bound value, a range's bound) is
     * within maxDigits: a codec that parsed numbers of its own once let a million digits through.
     */
    private static void numbersWithinTheLimit(ClauseElement root) {
        for (Object o : reachable(root)) {
            java.math.BigDecimal d = o instanceof java.math.BigInteger i ? new java.math.BigDecimal(i) : o instanceof java.math.BigDecimal n ? n : null;
            if (d != null && (d.precision() > SMALL_DIGITS || Math.abs((long) d.scale()) > SMALL_DIGITS)) {
                throw new AssertionError("A number past maxDigits loaded: " + d.precision() + " digits, scale " + d.scale());
            }
        }
    }

    /**
     * The size of a tree counting each reference to a shared node as a copy (as the loader's
     * limits do) plus the characters of its strings, saturating: the SQL a tree compiles to is
     * bounded by it, so a few bytes may not make megabytes (a loaded joined load of depth 2,000
     * made 507 KB of SQL and compiled for 30 s).
     */
    private static long expandedSize(Object o, java.util.Map<Object, Long> memo) {
        if (o instanceof String str) {
            return 1 + str.length();
        }
        if (!(o instanceof ClauseElement || o instanceof java.util.Collection<?> || o instanceof java.util.Map<?, ?>)) {
            return 1;
        }
        Long known = memo.get(o);
        if (known != null) {
            return known;
        }
        memo.put(o, 1L);   // a cycle counts once
        List<Object> parts = new java.util.ArrayList<>();
        if (o instanceof ClauseElement c) {
            java.util.Arrays.stream(c.declaration().values(c)).filter(java.util.Objects::nonNull).forEach(parts::add);
            parts.addAll(c.getChildren());
            if (c instanceof dev.retort.sql.BindParameter<?> b && b.value() != null) {
                parts.add(b.value());
            }
        } else if (o instanceof java.util.Collection<?> l) {
            l.stream().filter(java.util.Objects::nonNull).forEach(parts::add);
        } else if (o instanceof java.util.Map<?, ?> m) {
            m.values().stream().filter(java.util.Objects::nonNull).forEach(parts::add);
        }
        long size = 1;
        for (Object p : parts) {
            size = Math.min(Long.MAX_VALUE / 4, size + expandedSize(p, memo));
        }
        memo.put(o, size);
        return size;
    }

    /** SQL characters a unit of {@link #expandedSize} may compile to: an entity renders all its columns, a join its ON clause. */
    private static final int SQL_PER_UNIT = 256;

    /**
     * A loaded with_polymorphic entity lists what {@link ORM#withPolymorphic} makes of the nearest
     * class (itself, or one it inherits from, for a view such as {@code wp.of(Manager)}) of which
     * every listed class is a subclass: no unrelated class, not the base, none twice, in hierarchy order.
     */
    private static void polymorphicListsAsBuilt(ClauseElement root) {
        for (Object o : reachable(root)) {
            if (!(o instanceof dev.retort.orm.AliasedEntity<?> a)) {
                continue;
            }
            Object[] values = a.declaration().values(a);
            if (!Boolean.TRUE.equals(values[2]) || !(values[0] instanceof dev.retort.orm.Mapper<?> m) || !(values[3] instanceof List<?> listed)) {
                continue;
            }
            List<Class<?>> classes = listed.stream().<Class<?>>map(l -> ((dev.retort.orm.Mapper<?>) l).mappedClass()).toList();
            dev.retort.orm.Mapper<?> base = m;
            while (base != null && !subclassesOf(base.mappedClass(), classes)) {
                base = base.inherits();
            }
            List<?> made;
            try {
                if (base == null) {
                    throw new ArgumentException("no class of " + m.entityName() + "'s hierarchy is one they all inherit from");
                }
                var built = ORM.withPolymorphic(base.mappedClass(), classes);
                made = (List<?>) built.declaration().values(built)[3];
            } catch (ArgumentException refused) {
                throw new AssertionError("A with_polymorphic " + m.entityName() + " loaded listing " + classes + ", which ORM.withPolymorphic refuses: "
                        + refused.getMessage());
            }
            if (!made.equals(listed)) {
                throw new AssertionError("A with_polymorphic " + m.entityName() + " loaded listing " + listed + "; ORM.withPolymorphic makes " + made);
            }
        }
    }

    private static boolean subclassesOf(Class<?> base, List<Class<?>> classes) {
        return classes.stream().allMatch(c -> c != base && base.isAssignableFrom(c));
    }

    /** Every object a tree holds: its nodes, their attribute values and children, bound values, and what collections hold. */
    private static java.util.Set<Object> reachable(ClauseElement root) {
        java.util.Deque<Object> todo = new java.util.ArrayDeque<>(List.of(root));
        java.util.Set<Object> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        while (!todo.isEmpty()) {
            Object o = todo.pop();
            if (!seen.add(o)) {
                continue;
            }
            if (o instanceof ClauseElement c) {
                java.util.Arrays.stream(c.declaration().values(c)).filter(java.util.Objects::nonNull).forEach(todo::push);
                c.getChildren().forEach(todo::push);
                if (c instanceof dev.retort.sql.BindParameter<?> b && b.value() != null) {
                    todo.push(b.value());
                }
            } else if (o instanceof dev.retort.types.Range<?> r) {
                java.util.stream.Stream.of(r.lower(), r.upper()).filter(java.util.Objects::nonNull).forEach(todo::push);
            } else if (o instanceof java.util.Collection<?> l) {
                l.stream().filter(java.util.Objects::nonNull).forEach(todo::push);
            } else if (o instanceof java.util.Map<?, ?> m) {
                m.values().stream().filter(java.util.Objects::nonNull).forEach(todo::push);
            }
        }
        return seen;
    }

    /** Quoted names and string literals (a quote inside doubled, a backslash too where it escapes). */
    private static final java.util.regex.Pattern QUOTED = java.util.regex.Pattern.compile("'(?:[^']|'')*+'|\"(?:[^\"]|\"\")*+\"|`(?:[^`]|``)*+`");
    private static final QuerySerializer NO_RAW_SQL = QuerySerializer.with(LoadOptions.DEFAULTS.limits(SMALL_LIMITS).allowRawSql(false)
            .allowCustom(FuzzThing.class));

    /**
     * Whether the input loads only with raw SQL allowed: a tree without any must compile to one
     * statement, so a string written into the SQL unquoted (a loaded window's exclude was) shows as a {@code ;}.
     */
    private static boolean holdsRawSql(byte[] input) {
        try {
            NO_RAW_SQL.read(input, MD);
            return false;
        } catch (SerializationException e) {
            return true;
        }
    }

    /** No node of a tree loaded without {@code allowCustom} is the application's own: the allow-list is the only way in. */
    private static void noCustomElements(Object loaded) {
        if (loaded instanceof ClauseElement root) {
            for (Object o : reachable(root)) {
                if (o instanceof dev.retort.sql.CustomElement<?> c) {
                    throw new AssertionError("A loader without allowCustom built a " + c.getClass().getName());
                }
            }
        }
    }

    static void check(byte[] input) {
        FuzzThing.TRAVERSAL.kind();   // its kind is declared before any input loads
        Object loaded;
        try {
            loaded = SMALL.read(input, MD);
            noCustomElements(loaded);
        } catch (SerializationException refused) {
            try {
                loaded = SMALL_CUSTOM.read(input, MD);
            } catch (SerializationException expected) {
                return;   // the only exception a malformed input may cause
            }
        }
        if (!(loaded instanceof ClauseElement e)) {
            return;   // a bare value (a number, a string) is a valid document too
        }
        numbersWithinTheLimit(e);
        polymorphicListsAsBuilt(e);
        long maxSql = SQL_PER_UNIT * expandedSize(e, new java.util.IdentityHashMap<>());
        boolean rawSql = holdsRawSql(input);
        for (Dialect d : DIALECTS) {
            String sql;
            try {
                sql = e.compile(d).string();
            } catch (CompileException | ArgumentException refused) {
                // a construct this dialect cannot express, or a value it needs first (an IN list's values), said so
                continue;
            }
            if (sql.length() > maxSql) {
                throw new AssertionError("A loaded tree of size " + maxSql / SQL_PER_UNIT + " compiles to " + sql.length() + " characters on " + d.name());
            }
            if (!rawSql && QUOTED.matcher(sql).replaceAll("").contains(";")) {
                throw new AssertionError("A tree without raw SQL compiles to a second statement on " + d.name() + ": " + sql);
            }
        }
        for (Protocol p : Protocol.values()) {
            // Default limits: the other protocol may spell the same tree in more bytes.
            Object back = CUSTOM.read(QuerySerializer.dumps(e, p), MD);
            if (!(back instanceof ClauseElement b) || !b.compare(e)) {
                throw new AssertionError("A loaded tree does not survive a " + p + " round trip: " + e);
            }
        }
    }
}
