package dev.retort.sql;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiPredicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The operator modifiers of format 1.9 on the databases (their SQL is checked against
 * SQLAlchemy's by the compiler suite): escaped and autoescaped pattern matches as a property
 * over generated values, regular-expression flags, BETWEEN SYMMETRIC, MATCH, custom unary
 * operators, text as FROM and packaged functions.
 */
class OperatorModifiersOnDatabasesTest {
    /** Names full of the characters LIKE and the escape characters treat specially. */
    private static final List<String> NAMES = List.of("50%_off/x", "a^b_c", "Back\\slash%", "UP_per", "x#y%z", "100%", "__", "%^/\\", "plain");
    private static final String ALPHABET = "aAbBxX%_/^\\#05 ";
    private static final List<String> ESCAPES = List.of("/", "^", "\\", "#");

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /**
     * Autoescaped case-insensitive matches find exactly the rows whose name holds the value
     * literally, whatever wildcard or escape characters it has, with every escape character;
     * the same value escaped by hand with {@code ilike(pattern, escape)} finds the same rows.
     */
    @EachDatabase
    void autoescapedPatternsMatchTheValueLiterally(Database db) {
        RenderingFixesTest.withData(db, (s, c) -> {
            for (int i = 0; i < NAMES.size(); i++) {
                c.execute(insert(s.users).values(Map.of("id", 10 + i, "name", NAMES.get(i))));
            }
            SplittableRandom random = new SplittableRandom(db.ordinal() * 31L + 7);
            List<String> names = new ArrayList<>(List.of("ann", "bob", "cy", "dee"));
            names.addAll(NAMES);
            for (int round = 0; round < 40; round++) {
                String needle = needle(random, names);
                String esc = ESCAPES.get(random.nextInt(ESCAPES.size()));
                ColumnElement<?> name = s.u("name");
                check(c, s, name.icontains(needle, true, esc), needle, (n, v) -> lower(n).contains(lower(v)));
                check(c, s, name.istartsWith(needle, true, esc), needle, (n, v) -> lower(n).startsWith(lower(v)));
                check(c, s, name.iendsWith(needle, true, esc), needle, (n, v) -> lower(n).endsWith(lower(v)));
                String escaped = needle.replace(esc, esc + esc).replace("%", esc + "%").replace("_", esc + "_");
                check(c, s, name.ilike("%" + escaped + "%", esc), needle, (n, v) -> lower(n).contains(lower(v)));
                check(c, s, not(name.icontains(needle, true, esc)), needle, (n, v) -> !lower(n).contains(lower(v)));
            }
        });
    }

    private static String needle(SplittableRandom random, List<String> names) {
        if (random.nextBoolean()) {
            String n = names.get(random.nextInt(names.size()));
            int from = random.nextInt(n.length());
            return n.substring(from, from + 1 + random.nextInt(n.length() - from));
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    private static void check(Connection c, RenderingFixesTest.Schema s, ColumnElement<?> criterion, String needle, BiPredicate<String, String> expected) {
        List<Object> want = new ArrayList<>();
        for (dev.retort.engine.Row r : c.execute(select(s.u("id"), s.u("name"))).all()) {
            if (expected.test((String) r.get(1), needle)) {
                want.add(((Number) r.get(0)).longValue());
            }
        }
        want.sort((a, b) -> String.valueOf(a).compareTo(String.valueOf(b)));
        assertThat(RenderingFixesTest.values(c, select(s.u("id")).where(criterion))).as(needle + ": " + criterion).isEqualTo(want);
    }

    /** Flags are spelt per dialect: PostgreSQL ~* and a 4th REGEXP_REPLACE argument, MariaDB an inline (?i). */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Database.class, names = {"POSTGRESQL", "MARIADB"})
    void regularExpressionFlagsApply(Database db) {
        RenderingFixesTest.withData(db, (s, c) -> {
            assertThat(RenderingFixesTest.values(c, select(s.u("id")).where(s.u("name").regexpMatch("^AN", "i")))).containsExactly(1L);
            assertThat(RenderingFixesTest.values(c, select(s.u("id")).where(not(s.u("name").regexpMatch("^AN", "i"))))).containsExactly(2L, 3L, 4L);
            String flags = db == Database.POSTGRESQL ? "gi" : "i";
            assertThat(c.execute(select(s.u("name").regexpReplace("N", "x", flags)).where(s.u("id").eq(1))).scalar()).isEqualTo("axx");
        });
    }

    /** BETWEEN SYMMETRIC, MATCH (plainto_tsquery) and a packaged function are PostgreSQL's. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Database.class, names = {"POSTGRESQL"})
    void postgresqlOperatorsReturnTheirRows(Database db) {
        RenderingFixesTest.withData(db, (s, c) -> {
            assertThat(RenderingFixesTest.values(c, select(s.u("id")).where(s.u("age").between(31, 6, true)))).containsExactly(1L, 2L, 3L);
            assertThat(RenderingFixesTest.values(c, select(s.u("id")).where(not(s.u("age").between(31, 6, true))))).containsExactly(4L);
            assertThat(RenderingFixesTest.values(c, select(s.u("id")).where(s.u("name").match("ann")))).containsExactly(1L);
            assertThat(c.execute(select(func("upper", s.u("name")).inPackage("pg_catalog")).where(s.u("id").eq(2))).scalar()).isEqualTo("BOB");
        });
    }

    /** Custom prefix and postfix operators, IS against a value and SQL text as FROM. */
    @EachDatabase
    void unaryOperatorsAndTextFromRun(Database db) {
        RenderingFixesTest.withData(db, (s, c) -> {
            assertThat(((Number) c.execute(select(s.u("age").prefixOp(CustomOperator.of("-"))).where(s.u("id").eq(1))).scalar()).intValue()).isEqualTo(-30);
            if (db != Database.MARIADB) {
                // ISNULL as a postfix operator: SQLite and PostgreSQL have it
                assertThat(RenderingFixesTest.values(c, select(s.u("id")).where(s.u("score").postfixOp(CustomOperator.of("ISNULL").comparison(true)))))
                        .containsExactly(3L);
            }
            if (db == Database.SQLITE) {
                // SQLite's IS compares any two values
                assertThat(RenderingFixesTest.values(c, select(s.u("id")).where(s.u("age").is(30)))).containsExactly(1L, 3L);
            }
            assertThat(RenderingFixesTest.values(c, select(s.u("id")).where(s.u("score").isNot(null)))).containsExactly(1L, 2L, 4L);
            assertThat(RenderingFixesTest.values(c, select(column("n", dev.retort.types.Types.INTEGER)).selectFrom(text("(SELECT 7 AS n) AS t"))))
                    .containsExactly(7L);
        });
    }
}
