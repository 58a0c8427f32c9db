package dev.retort.dialect;

import dev.retort.schema.Sequence;
import dev.retort.types.MysqlTypes;
import dev.retort.types.TypeEngine;
import dev.retort.types.Types;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MySQL and MariaDB: a schema is a database (a JDBC catalog). Columns come from
 * {@code information_schema.COLUMNS}, whose {@code COLUMN_TYPE} keeps what JDBC's type codes
 * lose ({@code tinyint(1)} is a BOOLEAN, {@code int unsigned} needs a BIGINT); on MariaDB a JSON
 * column is a LONGTEXT with a {@code json_valid} check, found in
 * {@code information_schema.CHECK_CONSTRAINTS}. Keys and indexes come through JDBC: a unique
 * constraint and a unique index are the same thing here, so unique indexes are reported as unique
 * constraints; the index InnoDB adds for a foreign key, named after it, is left out, because
 * creating the key creates it again.
 */
final class MysqlInspector extends Inspector {
    private static final Map<String, TypeEngine<?>> NAMES = Map.ofEntries(
            Map.entry("BOOL", Types.BOOLEAN), Map.entry("BOOLEAN", Types.BOOLEAN), Map.entry("MEDIUMINT", Types.INTEGER),
            Map.entry("FLOAT", Types.FLOAT), Map.entry("DOUBLE", Types.DOUBLE), Map.entry("DOUBLE PRECISION", Types.DOUBLE),
            Map.entry("REAL", Types.DOUBLE), Map.entry("TINYTEXT", Types.TEXT), Map.entry("TEXT", Types.TEXT),
            Map.entry("MEDIUMTEXT", Types.TEXT), Map.entry("LONGTEXT", Types.TEXT), Map.entry("DATE", Types.DATE),
            Map.entry("TIME", Types.TIME), Map.entry("DATETIME", Types.DATETIME), Map.entry("TIMESTAMP", Types.TIMESTAMP),
            Map.entry("TINYBLOB", Types.LARGE_BINARY), Map.entry("BLOB", Types.LARGE_BINARY),
            Map.entry("MEDIUMBLOB", Types.LARGE_BINARY), Map.entry("LONGBLOB", Types.LARGE_BINARY), Map.entry("BINARY", Types.LARGE_BINARY),
            Map.entry("VARBINARY", Types.LARGE_BINARY), Map.entry("JSON", Types.JSON), Map.entry("UUID", Types.UUID));
    private static final Pattern JSON_CHECK = Pattern.compile("json_valid\\(`((?:[^`]|``)+)`\\)", Pattern.CASE_INSENSITIVE);

    private final boolean mariadb;

    MysqlInspector(boolean mariadb) {
        this.mariadb = mariadb;
    }

    @Override
    protected boolean schemasAreCatalogs() {
        return true;
    }

    @Override
    public String defaultSchema(Connection c) throws SQLException {
        return c.getCatalog();
    }

    /** A row of {@code information_schema.COLUMNS}, with the collation of its table. */
    private record SchemaColumn(String name, String columnType, boolean nullable, String defaultSql, String extra, String charset,
            String collation, String tableCollation) {
    }

    @Override
    public List<ColumnInfo> columns(Connection c, String schema, String table) throws SQLException {
        List<SchemaColumn> rows = query(c, "SELECT c.COLUMN_NAME, c.COLUMN_TYPE, c.IS_NULLABLE, c.COLUMN_DEFAULT, c.EXTRA, c.CHARACTER_SET_NAME,"
                        + " c.COLLATION_NAME, t.TABLE_COLLATION FROM information_schema.COLUMNS c JOIN information_schema.TABLES t"
                        + " ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME"
                        + " WHERE c.TABLE_SCHEMA = ? AND c.TABLE_NAME = ? ORDER BY c.ORDINAL_POSITION",
                rs -> new SchemaColumn(rs.getString(1), rs.getString(2), "YES".equals(rs.getString(3)), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8)), schema, table);
        Set<String> json = mariadb && !rows.isEmpty() ? jsonChecked(c, schema, table) : Set.of();
        List<ColumnInfo> out = new ArrayList<>();
        for (SchemaColumn r : rows) {
            boolean generated = r.extra().toLowerCase(Locale.ROOT).contains("auto_increment");
            TypeEngine<?> type = json.contains(r.name()) ? Types.JSON : generated ? generatedTypeOf(r.columnType()) : typeOf(r.columnType());
            String own = json.contains(r.name()) || !type.variants().isEmpty() ? null : ownSpelling(r);
            type = own == null ? type : withOwnVariant(type, own);
            // MariaDB writes a column without a default as the SQL text NULL.
            String defaultSql = "NULL".equals(r.defaultSql()) ? null : r.defaultSql();
            out.add(new ColumnInfo(r.name(), type, r.nullable(), defaultSql, generated));
        }
        return out;
    }

    /** The columns with MariaDB's JSON check, {@code json_valid(`name`)}. */
    private static Set<String> jsonChecked(Connection c, String schema, String table) throws SQLException {
        Set<String> out = new HashSet<>();
        for (String clause : query(c, "SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ?",
                rs -> rs.getString(1), schema, table)) {
            Matcher m = JSON_CHECK.matcher(clause);
            if (m.matches()) {
                out.add(m.group(1).replace("``", "`"));
            }
        }
        return out;
    }

    @Override
    public List<String> viewNames(Connection c, String schema) throws SQLException {
        return query(c, "SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME", rs -> rs.getString(1), schema);
    }

    @Override
    public String viewDefinition(Connection c, String schema, String view) throws SQLException {
        List<String> found = query(c, "SELECT VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?", rs -> rs.getString(1), schema, view);
        return found.isEmpty() ? null : found.get(0);
    }

    /** From {@code information_schema.CHECK_CONSTRAINTS}, except MariaDB's own JSON checks, which make a column JSON. */
    @Override
    public List<CheckInfo> checkConstraints(Connection c, String schema, String table) throws SQLException {
        return query(c, "SELECT CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ?"
                + " ORDER BY CONSTRAINT_NAME", rs -> new CheckInfo(rs.getString(1), rs.getString(2)), schema, table)
                .stream().filter(ck -> !(mariadb && JSON_CHECK.matcher(ck.sql()).matches())).toList();
    }

    @Override
    public String tableComment(Connection c, String schema, String table) throws SQLException {
        // A view has no comment; information_schema says 'VIEW' in its place.
        List<String> found = query(c, "SELECT TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND TABLE_TYPE <> 'VIEW'",
                rs -> rs.getString(1), schema, table);
        return found.isEmpty() ? null : blankToNull(found.get(0));
    }

    @Override
    public Map<String, String> columnComments(Connection c, String schema, String table) throws SQLException {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String[] row : query(c, "SELECT COLUMN_NAME, COLUMN_COMMENT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                + " ORDER BY ORDINAL_POSITION", rs -> new String[] {rs.getString(1), rs.getString(2)}, schema, table)) {
            if (blankToNull(row[1]) != null) {
                out.put(row[0], row[1]);
            }
        }
        return out;
    }

    /** {@code engine}, {@code charset} and {@code collate}, from {@code information_schema.TABLES} and its collation's character set. */
    @Override
    public Map<String, Object> tableOptions(Connection c, String schema, String table) throws SQLException {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (String[] row : query(c, "SELECT t.ENGINE, co.CHARACTER_SET_NAME, t.TABLE_COLLATION FROM information_schema.TABLES t"
                + " LEFT JOIN information_schema.COLLATIONS co ON co.COLLATION_NAME = t.TABLE_COLLATION WHERE t.TABLE_SCHEMA = ? AND t.TABLE_NAME = ?",
                rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}, schema, table)) {
            String[] names = {"engine", "charset", "collate"};
            for (int i = 0; i < names.length; i++) {
                if (row[i] != null) {
                    out.put(names[i], row[i]);
                }
            }
        }
        return out;
    }

    /** Generated columns ({@code EXTRA} says VIRTUAL, STORED or PERSISTENT GENERATED) with {@code GENERATION_EXPRESSION}. */
    @Override
    public List<GeneratedInfo> generatedColumns(Connection c, String schema, String table) throws SQLException {
        return query(c, "SELECT COLUMN_NAME, EXTRA, GENERATION_EXPRESSION FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                + " AND EXTRA LIKE '%GENERATED%' ORDER BY ORDINAL_POSITION", rs -> {
                    String extra = rs.getString(2).toUpperCase(Locale.ROOT);
                    return new GeneratedInfo(rs.getString(1), rs.getString(3), extra.contains("STORED") || extra.contains("PERSISTENT"));
                }, schema, table);
    }

    /** MariaDB's sequences (10.3 and later); MySQL has none. */
    @Override
    public List<String> sequenceNames(Connection c, String schema) throws SQLException {
        return mariadb ? query(c, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'SEQUENCE' ORDER BY TABLE_NAME",
                rs -> rs.getString(1), schema) : List.of();
    }

    /**
     * MariaDB's sequence is a table of one row holding its options, read with a SELECT of it;
     * MariaDB's defaults are a CACHE of 1000, a greatest value of 9223372036854775806 and a least of -9223372036854775807.
     */
    @Override
    public Sequence sequence(Connection c, String schema, String sequence) throws SQLException {
        if (!sequenceNames(c, schema).contains(sequence)) {
            return null;
        }
        String table = "`" + schema.replace("`", "``") + "`.`" + sequence.replace("`", "``") + "`";
        return query(c, "SELECT start_value, increment, minimum_value, maximum_value, cache_size, cycle_option FROM " + table,
                rs -> new SequenceRow(sequence, rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getBoolean(6),
                        GREATEST, LEAST, CACHE).sequence()).get(0);
    }

    /** MariaDB's defaults for a sequence: its greatest and least values and its CACHE. */
    private static final long GREATEST = Long.MAX_VALUE - 1;
    private static final long LEAST = -Long.MAX_VALUE;
    private static final long CACHE = 1000;

    /** Without a type, which MariaDB's CREATE SEQUENCE does not take here. */
    @Override
    public Sequence storedSequence(Sequence declared) {
        return mariadb ? explicit(declared, GREATEST, LEAST, CACHE).dataType(null) : declared;
    }

    @Override
    public List<ConstraintInfo> uniqueConstraints(Connection c, String schema, String table) throws SQLException {
        return super.indexes(c, schema, table).stream().filter(IndexInfo::unique).map(ix -> new ConstraintInfo(ix.name(), ix.elements())).toList();
    }

    @Override
    public List<IndexInfo> indexes(Connection c, String schema, String table) throws SQLException {
        List<ForeignKeyInfo> keys = foreignKeys(c, schema, table);
        Map<String, Map<String, Object>> options = indexOptions(c, schema, table);
        return super.indexes(c, schema, table).stream()
                .filter(ix -> !ix.unique())
                .filter(ix -> keys.stream().noneMatch(fk -> ix.name().equals(fk.name()) && ix.elements().equals(fk.columns())))
                .map(ix -> ix.withOptions(options.getOrDefault(ix.name(), Map.of())))
                .toList();
    }

    /**
     * The options that recreate each index: {@code prefix} for a FULLTEXT or SPATIAL index,
     * {@code length} (by column) for prefix lengths, from {@code information_schema.STATISTICS}.
     */
    private static Map<String, Map<String, Object>> indexOptions(Connection c, String schema, String table) throws SQLException {
        record Stat(String index, String column, String type, Integer subPart) {
        }
        Map<String, Map<String, Object>> out = new java.util.HashMap<>();
        for (Stat st : query(c, "SELECT INDEX_NAME, COLUMN_NAME, INDEX_TYPE, SUB_PART FROM information_schema.STATISTICS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY INDEX_NAME, SEQ_IN_INDEX",
                rs -> new Stat(rs.getString(1), rs.getString(2), rs.getString(3), (Integer) rs.getObject(4, Integer.class)), schema, table)) {
            Map<String, Object> o = out.computeIfAbsent(st.index(), k -> new java.util.LinkedHashMap<>());
            if (st.type().equals("FULLTEXT") || st.type().equals("SPATIAL")) {
                o.put("prefix", st.type());
            }
            if (st.subPart() != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> lengths = (Map<String, Object>) o.computeIfAbsent("length", k -> new java.util.LinkedHashMap<String, Object>());
                lengths.put(st.column(), st.subPart());
            }
        }
        return out;
    }

    private static final Pattern LABEL = Pattern.compile("'((?:[^'\\\\]|''|\\\\.)*)'", Pattern.DOTALL);

    /**
     * The labels of {@code enum('a','b')}, quotes and backslash escapes undone: the catalog writes
     * a label's backslash as {@code \\} and its newline as {@code \n}.
     */
    private static List<String> labels(String columnType) {
        List<String> out = new ArrayList<>();
        Matcher m = LABEL.matcher(columnType);
        while (m.find()) {
            out.add(unescape(m.group(1)));
        }
        return out;
    }

    /** The text of a MySQL string literal's body: {@code ''} and the backslash escapes undone. */
    private static String unescape(String body) {
        StringBuilder sb = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char ch = body.charAt(i);
            if (ch == '\\' && i + 1 < body.length()) {
                char next = body.charAt(++i);
                sb.append(switch (next) {
                    case '0' -> '\0';
                    case 'b' -> '\b';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    case 'Z' -> (char) 26;
                    default -> next;
                });
            } else {
                sb.append(ch);
                i += ch == '\'' ? 1 : 0;
            }
        }
        return sb.toString();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static TypeEngine<?> withOwnVariant(TypeEngine type, String columnType) {
        return type.withVariant(Types.named("mysql", columnType, type.kind()), "mysql");
    }

    /** Fractional seconds MySQL keeps other than the 6 of Retort's DATETIME and TIME: {@code datetime(3)}, {@code time} (none). */
    private static final Pattern OWN_FSP = Pattern.compile("(?i)(datetime|time)(\\([0-5]\\))?");
    private static final Pattern UNSIGNED_OR_ZEROFILL = Pattern.compile("(?i).*\\b(unsigned|zerofill)\\b.*");
    /**
     * Types Retort's standard types do not write: a TINYINT that is no BOOLEAN is a SMALLINT, a
     * MEDIUMTEXT a TEXT, a CHAR a VARCHAR, MySQL's single-precision FLOAT a DOUBLE, a TINYBLOB a BLOB.
     */
    private static final Set<String> OWN_SIZES = Set.of("TINYINT", "MEDIUMINT", "TINYTEXT", "MEDIUMTEXT", "LONGTEXT", "CHAR", "FLOAT",
            "TINYBLOB", "MEDIUMBLOB");

    /**
     * The column's type as MySQL declares it when that says more than the type Retort chose
     * writes again: {@code UNSIGNED} or {@code ZEROFILL}, fractional seconds other than 6, a
     * character set or collation other than the table's ({@code varchar(10) CHARACTER SET
     * latin1 COLLATE latin1_bin}); null otherwise. It becomes the type's MySQL variant, so that
     * creating the table again creates the same column.
     */
    private static String ownSpelling(SchemaColumn r) {
        String type = r.columnType();
        DeclaredType declared = DeclaredType.parse(type);
        boolean bool = declared.name().equals("TINYINT") && Integer.valueOf(1).equals(declared.intArg(0));
        // BIT(1) is a BOOLEAN kept as BIT.
        boolean own = UNSIGNED_OR_ZEROFILL.matcher(type).matches() || OWN_FSP.matcher(type).matches()
                || OWN_SIZES.contains(declared.name()) && !bool || declared.name().equals("BIT") && Integer.valueOf(1).equals(declared.intArg(0));
        if (r.collation() != null && r.tableCollation() != null && !r.collation().equals(r.tableCollation())) {
            return type + " CHARACTER SET " + r.charset() + " COLLATE " + r.collation();
        }
        return own ? type : null;
    }

    /**
     * The type of an AUTO_INCREMENT column: an UNSIGNED BIGINT is a BIGINT here, not the
     * NUMERIC(20, 0) that holds all its values, so that the column stays an autoincrement integer
     * (its MySQL variant keeps {@code UNSIGNED}); a generated key does not reach 2^63.
     */
    private static TypeEngine<?> generatedTypeOf(String columnType) {
        DeclaredType t = DeclaredType.parse(columnType);
        return t.name().equals("BIGINT") ? Types.BIGINT : typeOf(columnType);
    }

    /** The Retort type of a {@code COLUMN_TYPE}; an unsigned integer takes the next wider type. */
    static TypeEngine<?> typeOf(String columnType) {
        DeclaredType t = DeclaredType.parse(columnType);
        boolean one = Integer.valueOf(1).equals(t.intArg(0));
        switch (t.name()) {
            case "TINYINT": return one && !t.unsigned() ? Types.BOOLEAN : Types.SMALLINT;
            case "BIT": return one ? Types.BOOLEAN : t.intArg(0) == null ? MysqlTypes.BIT : MysqlTypes.BIT.length(t.intArg(0));
            case "SMALLINT": return t.unsigned() ? Types.INTEGER : Types.SMALLINT;
            case "INT": case "INTEGER": return t.unsigned() ? Types.BIGINT : Types.INTEGER;
            case "BIGINT": return t.unsigned() ? Types.numeric(20, 0) : Types.BIGINT;
            case "DECIMAL": case "NUMERIC": return t.numeric();
            case "VARCHAR": case "CHAR": return t.string();
            case "ENUM": return Types.enumOf(null, labels(columnType).toArray(new String[0]));
            case "SET": return Types.named("mysql", columnType);
            case "YEAR": return t.intArg(0) == null ? MysqlTypes.YEAR : MysqlTypes.YEAR.displayWidth(t.intArg(0));
            // MySQL's own TIMESTAMP converts through the session time zone and has a narrower
            // range than the DATETIME Retort writes for TIMESTAMP: kept as itself here.
            case "TIMESTAMP": return withOwnVariant(Types.TIMESTAMP, columnType);
            default: return NAMES.getOrDefault(t.name(), Types.NULLTYPE);
        }
    }
}
