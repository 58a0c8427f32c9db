package dev.retort.engine;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.JdbcBinder;
import dev.retort.sql.ColumnClause;
import dev.retort.sql.Compiled;
import dev.retort.sql.Select;
import dev.retort.sql.TableClause;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.Databases.TempTable;
import dev.retort.types.TypeEngine;
import dev.retort.types.Types;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The plain readers a result resolves per column (issue #13) return exactly what the type's
 * {@link TypeEngine#getResult} returns, value, Java class, null and refusal alike, for many
 * generated values of every storage read as every plain kind (SQLite's dynamic typing included:
 * text kept in an INTEGER column).
 */
class PlainReaderTest {
    private static final int ROWS = 400;
    private static final List<TypeEngine<?>> PLAIN = List.of(Types.INTEGER, Types.SMALLINT, Types.BIGINT, Types.BOOLEAN,
            Types.FLOAT, Types.DOUBLE, Types.STRING, Types.TEXT, Types.NUMERIC, Types.numeric(19, 2), Types.numeric(30, 0));
    private static final String[] TEXTS = {"0", "1", "-1", "123", "2147483648", "-32769", "70000", "1.5", "-0.0", "1e3",
        "abc", "", " 7", "7 ", "true", "false", "9223372036854775807", "99999999999999999999", "0x10", "١٢", "-.5", "5.", "-", ".",
        "+3", "1.5e-7", "-0.000", "123456789012345678", "1234567890123456789", "0.1234567890123456789"};

    @EachDatabase
    void plainReadersReturnWhatGetResultReturnsForGeneratedValues(Database db) throws Exception {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        // On SQLite the text goes into an INTEGER column: numeric text becomes an integer, the rest stays text.
        String textDdl = db == Database.SQLITE ? "INTEGER" : "VARCHAR(100)";
        try (TempTable tt = new TempTable(db.engine(), "plainread", "k INTEGER, n BIGINT, d DOUBLE PRECISION, x " + textDdl
                + ", b BOOLEAN, m NUMERIC(65, 20)");
                Connection conn = db.engine().connect()) {
            TableClause t = table(tt.name(), column("k", Types.INTEGER), column("n", Types.BIGINT), column("d", Types.DOUBLE),
                    column("x", Types.STRING), column("b", Types.BOOLEAN), column("m", Types.NUMERIC));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int k = 0; k < ROWS; k++) {
                Map<String, Object> row = new HashMap<>();
                row.put("k", k);
                row.put("n", random.nextInt(8) == 0 ? null : aLong(random));
                row.put("d", random.nextInt(8) == 0 ? null : aDouble(random));
                row.put("x", random.nextInt(8) == 0 ? null : random.nextBoolean() ? TEXTS[random.nextInt(TEXTS.length)] : Long.toString(aLong(random)));
                row.put("b", random.nextInt(4) == 0 ? null : random.nextBoolean());
                row.put("m", random.nextInt(8) == 0 ? null : aDecimal(random, db == Database.SQLITE));
                rows.add(row);
            }
            conn.execute(insert(t), rows);
            Dialect dialect = conn.dialect();
            int compared = 0;
            int skipped = 0;
            for (String source : List.of("n", "d", "x", "b", "m")) {
                for (TypeEngine<?> type : PLAIN) {
                    if (db == Database.POSTGRESQL && source.equals("m") && type.kind().isString()) {
                        // PostgreSQL's driver gives a numeric's text as the server wrote it, or once it reads the statement
                        // in binary (from its fifth run) as BigDecimal.toString: the text differs by run, whichever reads it.
                        skipped += ROWS;
                        continue;
                    }
                    ColumnClause<?> c = column(source, type);
                    Select q = select(column("k", Types.INTEGER), c).selectFrom(table(tt.name(), column("k", Types.INTEGER), c))
                            .orderBy(column("k", Types.INTEGER));
                    Compiled compiled = q.compile(dialect);
                    Connection.DeclaredColumns columns = Connection.DeclaredColumns.of(compiled.resultColumns(), dialect);
                    JdbcBinder.Reader reader = columns.readers()[1];
                    assertThat(reader).as("plain reader of %s on %s", type, db).isNotNull();
                    String where = db + " seed " + seed + ", column " + source + " read as " + type;
                    List<String> old = outcomes(conn, compiled, (rs, i) -> type.getResult(rs, i, dialect));
                    List<String> now = outcomes(conn, compiled, reader);
                    assertThat(now).as(where).hasSize(ROWS).isEqualTo(old);
                    if (columns.readersFor(conn) != columns.readers()) {
                        // The connection's own readers: on a UTF-8 SQLite database, those reading text by its bytes.
                        assertThat(outcomes(conn, compiled, columns.readersFor(conn)[1])).as(where + " by the connection's readers").isEqualTo(old);
                    }
                    // Through a result too, which reads with the same readers, but where the column is a double or
                    // a decimal declared whole: then as the binder's inexactWholeReader reads it (DecimalInIntegerTest).
                    boolean inexact = type.kind().isInteger() && (source.equals("d") || source.equals("m"))
                            && dialect.jdbcBinder().readsWholeByColumnType();
                    List<String> expected = inexact ? outcomes(conn, compiled, dialect.jdbcBinder().inexactWholeReader(type.kind(),
                            source.equals("d") ? java.sql.Types.DOUBLE : java.sql.Types.NUMERIC)) : old;
                    if (expected.stream().noneMatch(o -> o.startsWith("!"))) {
                        List<String> viaResult = conn.execute(q).all().stream().map(r -> describe(r.get(1))).toList();
                        assertThat(viaResult).as(where + " through a Result").isEqualTo(expected);
                    }
                    compared += ROWS;
                }
            }
            assertThat(compared + skipped).isEqualTo(5 * PLAIN.size() * ROWS);
        }
    }

    /** A zero (false) and a NULL read apart, though a reader asks the driver whether a value was NULL only for a zero. */
    @EachDatabase
    void zeroAndNullReadApart(Database db) {
        try (TempTable tt = new TempTable(db.engine(), "zeronull", "k INTEGER, i INTEGER, n BIGINT, s SMALLINT, d DOUBLE PRECISION, b BOOLEAN");
                Connection conn = db.engine().connect()) {
            List<ColumnClause<?>> columns = List.of(column("k", Types.INTEGER), column("i", Types.INTEGER), column("n", Types.BIGINT),
                    column("s", Types.SMALLINT), column("d", Types.DOUBLE), column("b", Types.BOOLEAN));
            TableClause t = table(tt.name(), columns.toArray(new ColumnClause<?>[0]));
            Map<String, Object> nulls = new HashMap<>();
            nulls.put("k", 2);
            for (String c : List.of("i", "n", "s", "d", "b")) {
                nulls.put(c, null);
            }
            conn.execute(insert(t), List.of(Map.of("k", 1, "i", 0, "n", 0L, "s", (short) 0, "d", 0.0, "b", false), nulls,
                    Map.of("k", 3, "i", 7, "n", -8L, "s", (short) 9, "d", -0.5, "b", true)));
            List<List<Object>> rows = conn.execute(select(columns.toArray(new ColumnClause<?>[0])).selectFrom(t).orderBy(columns.get(0)))
                    .all().stream().map(Row::toList).toList();
            assertThat(rows).containsExactly(List.of(1, 0, 0L, (short) 0, 0.0, false), Arrays.asList(2, null, null, null, null, null),
                    List.of(3, 7, -8L, (short) 9, -0.5, true));
        }
    }

    @Test
    void typesThatConvertOrHaveAVariantKeepGetResult() {
        Dialect sqlite = Database.SQLITE.engine().dialect();
        List<Compiled.ResultColumn> columns = List.of(
                new Compiled.ResultColumn("a", Types.INTEGER),
                new Compiled.ResultColumn("b", Types.STRING.withVariant(Types.TEXT, "sqlite")),
                new Compiled.ResultColumn("d", Types.JSON),
                new Compiled.ResultColumn("e", Types.INTEGER.evaluatesNone()),
                new Compiled.ResultColumn("f", null));
        JdbcBinder.Reader[] readers = Connection.DeclaredColumns.of(columns, sqlite).readers();
        assertThat(readers[0]).isNotNull();
        assertThat(Arrays.asList(readers).subList(1, readers.length)).containsOnlyNulls();
    }

    @Test
    void aBinderReadingItsOwnWayGetsNoPlainReaders() {
        JdbcBinder own = new JdbcBinder() {
            @Override
            public Object read(ResultSet rs, int i, dev.retort.types.TypeKind kind) throws java.sql.SQLException {
                return super.read(rs, i, kind);
            }
        };
        assertThat(own.plainReader(dev.retort.types.TypeKind.INTEGER)).isNull();
        assertThat(new JdbcBinder().plainReader(dev.retort.types.TypeKind.INTEGER)).isNotNull();
    }

    private static long aLong(SplittableRandom random) {
        long[] edges = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L,
            Short.MAX_VALUE, Short.MIN_VALUE, Short.MAX_VALUE + 1, Short.MIN_VALUE - 1, Long.MAX_VALUE, Long.MIN_VALUE};
        switch (random.nextInt(4)) {
            case 0: return edges[random.nextInt(edges.length)];
            case 1: return random.nextInt(65536) - 32768;
            case 2: return random.nextInt();
            default: return random.nextLong();
        }
    }

    /** Decimals of many scales and sizes, some beyond a long's digits, some whole. */
    private static java.math.BigDecimal aDecimal(SplittableRandom random, boolean sqlite) {
        java.math.BigInteger unscaled = switch (random.nextInt(4)) {
            case 0 -> java.math.BigInteger.valueOf(random.nextInt(2001) - 1000);
            case 1 -> java.math.BigInteger.valueOf(random.nextLong());
            case 2 -> dev.retort.testing.Draws.bigInteger(random.nextInt(100) + 1, random).subtract(java.math.BigInteger.ONE.shiftLeft(random.nextInt(60)));
            default -> java.math.BigInteger.valueOf(random.nextInt(100_000));
        };
        java.math.BigDecimal value = new java.math.BigDecimal(unscaled, random.nextInt(14) - 2);
        // SQLite keeps 15 significant digits of a NUMERIC that is not a 64-bit integer (binding more is refused)
        return sqlite ? value.round(new java.math.MathContext(15)) : value;
    }

    private static double aDouble(SplittableRandom random) {
        switch (random.nextInt(4)) {
            case 0: return random.nextInt(1000) - 500;
            case 1: return (random.nextDouble() - 0.5) * 1e6;
            case 2: return random.nextInt() * 1.0;
            default: return random.nextGaussian() * Math.pow(10, random.nextInt(30) - 15);
        }
    }

    /** What reading column 2 of each row gives: its class and value, or its exception. */
    private static List<String> outcomes(Connection conn, Compiled compiled, JdbcBinder.Reader read) throws Exception {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = conn.jdbc().prepareStatement(compiled.string())) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String o;
                    try {
                        o = describe(read.read(rs, 2));
                    } catch (Exception e) {
                        // A driver's own refusal is worded by the protocol it read in (PostgreSQL's switches to binary
                        // after a statement's fifth run), so only its class is compared; Retort's messages are compared whole.
                        o = "!" + e.getClass().getName() + (e instanceof java.sql.SQLException ? "" : ": " + e.getMessage());
                    }
                    out.add(o);
                }
            }
        }
        return out;
    }

    private static String describe(Object v) {
        return v == null ? "null" : v.getClass().getName() + " " + v;
    }
}
