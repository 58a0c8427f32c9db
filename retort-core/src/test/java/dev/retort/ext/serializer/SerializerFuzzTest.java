package dev.retort.ext.serializer;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.CompileException;
import dev.retort.exc.SerializationException;
import dev.retort.schema.MetaData;
import dev.retort.sql.ClauseElement;
import java.util.List;

/**
 * Throws mutated inputs at {@code loads}: a malformed input may only ever raise a
 * {@link SerializationException}, and whatever loads must be a usable tree: it compiles for every
 * built-in dialect (or is refused with a {@link CompileException} or {@link ArgumentException}, as
 * a tree built in code would be) and dumps and loads back, in
 * both protocols, to a tree equal to it, and holds no number past the digit limit. Starts from valid documents of both protocols and from
 * attack-shaped ones (reference, text and number bombs) in SerializerFuzzTestInputs/loads; ORM
 * queries load against classes mapped to the fixtures' tables.
 *
 * <p>In {@code mvn verify} it runs in its own surefire execution (JAZZER_FUZZ=1) with a fixed
 * libFuzzer seed and a bounded number of runs, so a build is deterministic;
 * tools/fuzz-campaign.sh runs the same target for hours with a report.
 */
class SerializerFuzzTest {
    private static final MetaData MD = FormatFixtureTest.MD;
    /** Classes mapped to MD's users and orders, so that seeds of ORM queries (orm_query, orm_join) load. */
    static final dev.retort.orm.Registry ORM_REGISTRY = new dev.retort.orm.Registry(MD);

    static {
        ORM_REGISTRY.mapImperatively(FuzzUser.class, FormatFixtureTest.USERS,
                java.util.Map.of("orders", dev.retort.orm.ORM.relationship(FuzzOrder.class)));
        ORM_REGISTRY.mapImperatively(FuzzOrder.class, FormatFixtureTest.ORDERS);
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
    private static final int SMALL_DIGITS = 1_000;
    private static final QuerySerializer SMALL = QuerySerializer.withLimits(new SerializerLimits(64 * 1024, 100, 5_000)
            .withMaxChars(1_000_000).withMaxDigits(SMALL_DIGITS));
    private static final List<Dialect> DIALECTS = List.of(Dialects.defaultDialect(), Dialects.sqlite(), Dialects.postgresql(),
            Dialects.mysql(), Dialects.mariadb());

    @FuzzTest(maxExecutions = 60_000, maxDuration = "10m")
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
        java.util.Deque<Object> todo = new java.util.ArrayDeque<>(List.of(root));
        java.util.Set<Object> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        int max = SMALL_DIGITS;
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
            } else if (o instanceof java.math.BigDecimal d) {
                if (d.precision() > max || Math.abs((long) d.scale()) > max) {
                    throw new AssertionError("A number past maxDigits loaded: " + d.precision() + " digits, scale " + d.scale());
                }
            } else if (o instanceof java.math.BigInteger i) {
                todo.push(new java.math.BigDecimal(i));
            } else if (o instanceof dev.retort.types.Range<?> r) {
                java.util.stream.Stream.of(r.lower(), r.upper()).filter(java.util.Objects::nonNull).forEach(todo::push);
            } else if (o instanceof java.util.Collection<?> l) {
                l.stream().filter(java.util.Objects::nonNull).forEach(todo::push);
            } else if (o instanceof java.util.Map<?, ?> m) {
                m.values().stream().filter(java.util.Objects::nonNull).forEach(todo::push);
            }
        }
    }

    /** Quoted names and string literals (a quote inside doubled, a backslash too where it escapes). */
    private static final java.util.regex.Pattern QUOTED = java.util.regex.Pattern.compile("'(?:[^']|'')*+'|\"(?:[^\"]|\"\")*+\"|`(?:[^`]|``)*+`");
    private static final QuerySerializer NO_RAW_SQL = QuerySerializer.with(LoadOptions.DEFAULTS.limits(new SerializerLimits(64 * 1024, 100, 5_000)
            .withMaxChars(1_000_000).withMaxDigits(SMALL_DIGITS)).allowRawSql(false));

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

    static void check(byte[] input) {
        Object loaded;
        try {
            loaded = SMALL.read(input, MD);
        } catch (SerializationException expected) {
            return;   // the only exception a malformed input may cause
        }
        if (!(loaded instanceof ClauseElement e)) {
            return;   // a bare value (a number, a string) is a valid document too
        }
        numbersWithinTheLimit(e);
        boolean rawSql = holdsRawSql(input);
        for (Dialect d : DIALECTS) {
            String sql;
            try {
                sql = e.compile(d).string();
            } catch (CompileException | ArgumentException refused) {
                // a construct this dialect cannot express, or a value it needs first (an IN list's values), said so
                continue;
            }
            if (!rawSql && QUOTED.matcher(sql).replaceAll("").contains(";")) {
                throw new AssertionError("A tree without raw SQL compiles to a second statement on " + d.name() + ": " + sql);
            }
        }
        for (Protocol p : Protocol.values()) {
            // Default limits: the other protocol may spell the same tree in more bytes.
            Object back = QuerySerializer.loads(QuerySerializer.dumps(e, p), MD);
            if (!(back instanceof ClauseElement b) || !b.compare(e)) {
                throw new AssertionError("A loaded tree does not survive a " + p + " round trip: " + e);
            }
        }
    }
}
