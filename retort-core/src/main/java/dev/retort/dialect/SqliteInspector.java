package dev.retort.dialect;

import dev.retort.types.TypeEngine;
import dev.retort.types.Types;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite's catalog, through its table-valued pragmas: the declared type of each column (JDBC drops
 * the arguments, so {@code VARCHAR(50)} would lose its length), primary keys, unique constraints
 * (their automatic indexes), and partial indexes with the WHERE of their CREATE INDEX. Foreign
 * keys come from JDBC, whose driver also recovers their names from the CREATE TABLE text.
 */
final class SqliteInspector extends Inspector {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteInspector.class);
    /** The type names Retort's SQLite DDL writes, and their common synonyms. */
    private static final Map<String, TypeEngine<?>> NAMES = Map.ofEntries(
            Map.entry("INTEGER", Types.INTEGER), Map.entry("INT", Types.INTEGER), Map.entry("BIGINT", Types.BIGINT),
            Map.entry("SMALLINT", Types.SMALLINT), Map.entry("BOOLEAN", Types.BOOLEAN), Map.entry("BOOL", Types.BOOLEAN),
            Map.entry("FLOAT", Types.FLOAT), Map.entry("REAL", Types.FLOAT), Map.entry("DOUBLE", Types.DOUBLE),
            Map.entry("DOUBLE PRECISION", Types.DOUBLE), Map.entry("TEXT", Types.TEXT), Map.entry("CLOB", Types.TEXT),
            Map.entry("DATE", Types.DATE), Map.entry("TIME", Types.TIME), Map.entry("DATETIME", Types.DATETIME),
            Map.entry("TIMESTAMP", Types.TIMESTAMP), Map.entry("BLOB", Types.LARGE_BINARY), Map.entry("UUID", Types.UUID),
            Map.entry("JSON", Types.JSON), Map.entry("INTERVAL", Types.INTERVAL));
    private static final Pattern VIEW_AS = Pattern.compile("\\bAS\\b(.*)$", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    /** {@code [CONSTRAINT name] CHECK (}; the condition runs to the matching parenthesis. */
    private static final Pattern CHECK = Pattern.compile("(?:\\bCONSTRAINT\\s+(?:(\\w+)|\"((?:[^\"]|\"\")+)\")\\s+)?\\bCHECK\\s*\\(", Pattern.CASE_INSENSITIVE);
    private static final Pattern PARTIAL_WHERE = Pattern.compile("\\bWHERE\\b(.*)$", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /** SQLite calls the database a connection opened {@code main}; attached ones have their own names. */
    @Override
    public String defaultSchema(Connection c) {
        return "main";
    }

    @Override
    public List<String> tableNames(Connection c, String schema) throws SQLException {
        return query(c, "SELECT name FROM " + quote(schema) + ".sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
                rs -> rs.getString(1));
    }

    @Override
    public boolean hasTable(Connection c, String schema, String table) throws SQLException {
        return !query(c, "SELECT 1 FROM " + quote(schema) + ".sqlite_master WHERE type = 'table' AND name = ?", rs -> true, table).isEmpty();
    }

    /**
     * The columns with their declared types. SQLite generates the values of a lone primary key
     * column declared exactly INTEGER: it is the table's rowid.
     */
    @Override
    public List<ColumnInfo> columns(Connection c, String schema, String table) throws SQLException {
        // table_xinfo, unlike table_info, lists generated columns (hidden 2 and 3; 1 is a virtual table's hidden column).
        List<PragmaColumn> rows = query(c, "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_xinfo(?, ?) WHERE hidden IN (0, 2, 3) ORDER BY cid",
                rs -> new PragmaColumn(rs.getString(1), rs.getString(2), rs.getInt(3) != 0, rs.getString(4), rs.getInt(5)), table, schema);
        long keyColumns = rows.stream().filter(r -> r.pk() > 0).count();
        List<ColumnInfo> out = new ArrayList<>();
        for (PragmaColumn r : rows) {
            boolean rowid = keyColumns == 1 && r.pk() > 0 && "INTEGER".equalsIgnoreCase(r.type().trim());
            out.add(new ColumnInfo(r.name(), typeOf(r.type()), !r.notNull(), r.defaultSql(), rowid));
        }
        return out;
    }

    /** A row of {@code PRAGMA table_info}: {@code pk} is the position in the primary key, 0 for none. */
    private record PragmaColumn(String name, String type, boolean notNull, String defaultSql, int pk) {
    }

    /** SQLite keeps no primary key name. */
    @Override
    public ConstraintInfo primaryKey(Connection c, String schema, String table) throws SQLException {
        List<String> columns = query(c, "SELECT name FROM pragma_table_info(?, ?) WHERE pk > 0 ORDER BY pk", rs -> rs.getString(1), table, schema);
        return columns.isEmpty() ? null : new ConstraintInfo(null, columns);
    }

    /** UNIQUE constraints, from their automatic indexes (origin "u"); SQLite keeps no constraint names. */
    @Override
    public List<ConstraintInfo> uniqueConstraints(Connection c, String schema, String table) throws SQLException {
        List<ConstraintInfo> out = new ArrayList<>();
        for (String index : query(c, "SELECT name FROM pragma_index_list(?, ?) WHERE origin = 'u' ORDER BY seq", rs -> rs.getString(1), table, schema)) {
            out.add(new ConstraintInfo(null, indexColumns(c, schema, index)));
        }
        return out;
    }

    /**
     * The indexes made by CREATE INDEX (origin "c"), partial ones with their WHERE. An index on
     * expressions is left out, with a warning: SQLite's catalog does not describe them.
     */
    @Override
    public List<IndexInfo> indexes(Connection c, String schema, String table) throws SQLException {
        List<IndexInfo> out = new ArrayList<>();
        List<ListedIndex> created = query(c, "SELECT name, \"unique\", partial FROM pragma_index_list(?, ?) WHERE origin = 'c' ORDER BY seq",
                rs -> new ListedIndex(rs.getString(1), rs.getInt(2) != 0, rs.getInt(3) != 0), table, schema);
        for (ListedIndex ix : created) {
            List<String> columns = indexColumns(c, schema, ix.name());
            if (columns.contains(null)) {
                LOG.warn("Index {} of {}.{} is on expressions, which SQLite's catalog does not describe: not reflected", ix.name(), schema, table);
                continue;
            }
            Map<String, List<String>> sorting = new LinkedHashMap<>();
            for (String desc : query(c, "SELECT name FROM pragma_index_xinfo(?, ?) WHERE \"key\" = 1 AND \"desc\" = 1", rs -> rs.getString(1), ix.name(), schema)) {
                sorting.put(desc, List.of("desc"));
            }
            out.add(new IndexInfo(ix.name(), ix.unique(), columns, ix.partial() ? partialWhere(c, schema, ix.name()) : null, Map.of(), sorting));
        }
        return out;
    }

    /** A row of {@code PRAGMA index_list}. */
    private record ListedIndex(String name, boolean unique, boolean partial) {
    }

    /** The indexed column names in order; null stands for an expression. */
    private static List<String> indexColumns(Connection c, String schema, String index) throws SQLException {
        return query(c, "SELECT name FROM pragma_index_info(?, ?) ORDER BY seqno", rs -> rs.getString(1), index, schema);
    }

    /** The condition of a partial index: what follows WHERE in its CREATE INDEX. */
    private static String partialWhere(Connection c, String schema, String index) throws SQLException {
        List<String> sql = query(c, "SELECT sql FROM " + quote(schema) + ".sqlite_master WHERE type = 'index' AND name = ?", rs -> rs.getString(1), index);
        Matcher m = PARTIAL_WHERE.matcher(sql.isEmpty() ? "" : sql.get(0));
        return m.find() ? m.group(1).trim() : null;
    }

    @Override
    public List<String> viewNames(Connection c, String schema) throws SQLException {
        return query(c, "SELECT name FROM " + quote(schema) + ".sqlite_master WHERE type = 'view' ORDER BY name", rs -> rs.getString(1));
    }

    /** What follows AS in the view's CREATE VIEW. */
    @Override
    public String viewDefinition(Connection c, String schema, String view) throws SQLException {
        List<String> sql = query(c, "SELECT sql FROM " + quote(schema) + ".sqlite_master WHERE type = 'view' AND name = ?", rs -> rs.getString(1), view);
        Matcher m = VIEW_AS.matcher(sql.isEmpty() ? "" : sql.get(0));
        return m.find() ? m.group(1).trim() : null;
    }

    /** The CHECK constraints of the table's CREATE TABLE text, with their names where given. */
    @Override
    public List<CheckInfo> checkConstraints(Connection c, String schema, String table) throws SQLException {
        String sql = createTable(c, schema, table);
        List<CheckInfo> out = new ArrayList<>();
        Matcher m = CHECK.matcher(sql);
        while (m.find()) {
            int open = m.end() - 1;
            int close = closing(sql, open);
            if (close > 0) {
                String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2).replace("\"\"", "\"") : null;
                out.add(new CheckInfo(name, sql.substring(open + 1, close).trim()));
            }
        }
        return out;
    }

    /**
     * Generated columns: {@code pragma_table_xinfo} marks them hidden (2: virtual, 3: stored);
     * the expression is the parenthesised text after the column's {@code AS} in the CREATE TABLE.
     */
    @Override
    public List<GeneratedInfo> generatedColumns(Connection c, String schema, String table) throws SQLException {
        List<Object[]> hidden = query(c, "SELECT name, hidden FROM pragma_table_xinfo(?, ?) WHERE hidden IN (2, 3) ORDER BY cid",
                rs -> new Object[] {rs.getString(1), rs.getInt(2)}, table, schema);
        if (hidden.isEmpty()) {
            return List.of();
        }
        String sql = createTable(c, schema, table);
        List<GeneratedInfo> out = new ArrayList<>();
        for (Object[] h : hidden) {
            String name = (String) h[0];
            Matcher m = Pattern.compile("(?:\"" + Pattern.quote(name.replace("\"", "\"\"")) + "\"|\\b" + Pattern.quote(name) + "\\b)[^,(]*?\\bAS\\s*\\(",
                    Pattern.CASE_INSENSITIVE).matcher(sql);
            String expression = null;
            if (m.find()) {
                int close = closing(sql, m.end() - 1);
                expression = close > 0 ? sql.substring(m.end(), close).trim() : null;
            }
            out.add(new GeneratedInfo(name, expression, (Integer) h[1] == 3));
        }
        return out;
    }

    private static String createTable(Connection c, String schema, String table) throws SQLException {
        List<String> sql = query(c, "SELECT sql FROM " + quote(schema) + ".sqlite_master WHERE type = 'table' AND name = ?", rs -> rs.getString(1), table);
        return sql.isEmpty() || sql.get(0) == null ? "" : sql.get(0);
    }

    /** The index of the parenthesis closing the one at {@code open}, skipping quoted text; -1 if none. */
    private static int closing(String sql, int open) {
        int depth = 0;
        char quote = 0;
        for (int i = open; i < sql.length(); i++) {
            char ch = sql.charAt(i);
            if (quote != 0) {
                quote = ch == quote ? 0 : quote;
            } else if (ch == '\'' || ch == '"' || ch == '`') {
                quote = ch;
            } else if (ch == '(') {
                depth++;
            } else if (ch == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The Retort type of a declared type: by name, else by SQLite's own affinity rules. */
    static TypeEngine<?> typeOf(String declared) {
        DeclaredType t = DeclaredType.parse(declared);
        switch (t.name()) {
            case "VARCHAR": case "CHAR": case "CHARACTER": case "NVARCHAR": case "NCHAR": case "VARYING CHARACTER": case "NATIVE CHARACTER":
                return t.string();
            case "NUMERIC": case "DECIMAL":
                return t.numeric();
            default:
                TypeEngine<?> named = NAMES.get(t.name());
                return named != null ? named : affinity(t.name());
        }
    }

    /** https://sqlite.org/datatype3.html#determination_of_column_affinity; no declared type keeps values as given. */
    static TypeEngine<?> affinity(String name) {
        if (name.isEmpty()) {
            return Types.NULLTYPE;
        }
        if (name.contains("INT")) {
            return Types.INTEGER;
        }
        if (name.contains("CHAR") || name.contains("CLOB") || name.contains("TEXT")) {
            return Types.TEXT;
        }
        if (name.contains("BLOB")) {
            return Types.LARGE_BINARY;
        }
        if (name.contains("REAL") || name.contains("FLOA") || name.contains("DOUB")) {
            return Types.DOUBLE;
        }
        return Types.NUMERIC;
    }

    private static String quote(String schema) {
        return "\"" + schema.replace("\"", "\"\"") + "\"";
    }
}
