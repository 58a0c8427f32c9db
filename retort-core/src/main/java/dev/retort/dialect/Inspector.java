package dev.retort.dialect;

import dev.retort.schema.Sequence;
import dev.retort.types.TypeEngine;
import dev.retort.types.Types;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a database describes its tables, for reflection ({@code MetaData.reflect}). The base reads
 * JDBC's {@link DatabaseMetaData} only and maps JDBC type codes to Retort's types; each built-in
 * dialect's subclass reads the database's own catalog where JDBC falls short (declared type
 * names, unique constraints, partial indexes) and maps its type names back to Retort's types.
 * A dialect hands out its inspector from {@link Dialect#inspector()}; one registered through
 * {@code ServiceLoader} gets this JDBC-only base unless it overrides that.
 *
 * <pre>{@code
 * try (Connection conn = engine.connect()) {
 *     Inspector inspector = engine.dialect().inspector();
 *     String schema = inspector.defaultSchema(conn.jdbc());
 *     for (String table : inspector.tableNames(conn.jdbc(), schema)) {
 *         inspector.columns(conn.jdbc(), schema, table).forEach(c -> System.out.println(table + "." + c.name() + " " + c.type()));
 *     }
 * }
 * }</pre>
 *
 * Names are passed and returned as the database stores them. {@code schema} is never null: a
 * caller asking about the connection's own schema passes {@link #defaultSchema}. Inspectors are
 * stateless and shared.
 */
public class Inspector {
    private static final String[] TABLE_TYPES = {"TABLE"};

    /** A column: its type mapped to Retort's, its DEFAULT as SQL text (or null), and whether the database generates its values. */
    public record ColumnInfo(String name, TypeEngine<?> type, boolean nullable, String defaultSql, boolean autoincrement) {
    }

    /** A primary key or unique constraint: its name (null when the database keeps none) and its columns in key order. */
    public record ConstraintInfo(String name, List<String> columns) {
        public ConstraintInfo {
            columns = List.copyOf(columns);
        }
    }

    /**
     * A foreign key: {@code columns.get(i)} references {@code referredColumns.get(i)} of
     * {@code referredSchema.referredTable}; {@code onDelete}/{@code onUpdate} are actions such as
     * "CASCADE", or null for the default (NO ACTION).
     */
    public record ForeignKeyInfo(String name, List<String> columns, String referredSchema, String referredTable,
                                 List<String> referredColumns, String onDelete, String onUpdate) {
        public ForeignKeyInfo {
            columns = List.copyOf(columns);
            referredColumns = List.copyOf(referredColumns);
        }
    }

    /**
     * An index that no constraint created: its elements are column names or, for an expression,
     * the expression's SQL; {@code where} is a partial index's condition as SQL, or null;
     * {@code options} are dialect options that recreate it (MySQL's {@code prefix}, {@code length});
     * {@code columnSorting} is SQLAlchemy's {@code column_sorting}: for each element not in the
     * default order, its words among {@code "desc"}, {@code "nulls_first"} and {@code "nulls_last"}
     * ({@code {"created": ["desc", "nulls_last"]}}; NULLS FIRST/LAST on PostgreSQL only).
     *
     * <pre>{@code
     * inspector.indexes(conn.jdbc(), null, "events").get(0).columnSorting();   // {created=[desc]}
     * }</pre>
     */
    public record IndexInfo(String name, boolean unique, List<String> elements, String where, Map<String, Object> options,
            Map<String, List<String>> columnSorting) {
        public IndexInfo {
            elements = List.copyOf(elements);
            options = Map.copyOf(options);
            columnSorting = Map.copyOf(columnSorting);
        }

        public IndexInfo(String name, boolean unique, List<String> elements, String where, Map<String, Object> options) {
            this(name, unique, elements, where, options, Map.of());
        }

        public IndexInfo(String name, boolean unique, List<String> elements, String where) {
            this(name, unique, elements, where, Map.of());
        }

        /** This index with dialect options (argument names without the dialect prefix: {@code "prefix"}, {@code "length"}). */
        public IndexInfo withOptions(Map<String, Object> options) {
            return new IndexInfo(name, unique, elements, where, options, columnSorting);
        }

        /** This index with its elements' sort orders (see {@link IndexInfo}). */
        public IndexInfo withColumnSorting(Map<String, List<String>> columnSorting) {
            return new IndexInfo(name, unique, elements, where, options, columnSorting);
        }
    }

    /** A CHECK constraint: its name (null when the database keeps none) and its condition as SQL, without the outer parentheses. */
    public record CheckInfo(String name, String sql) {
    }

    /**
     * A column whose values the database computes: from {@code expression} ({@code GENERATED
     * ALWAYS AS (expression)}, stored or computed on read), or, with a null expression, an
     * identity column ({@code GENERATED ... AS IDENTITY}).
     */
    public record GeneratedInfo(String column, String expression, boolean stored) {
        /** Whether this is an identity column rather than a computed one. */
        public boolean identity() {
            return expression == null;
        }
    }

    /** The schema a connection works in: what an unqualified table name refers to. */
    public String defaultSchema(Connection c) throws SQLException {
        return c.getSchema();
    }

    /** The names of the schema's tables (not views). */
    public List<String> tableNames(Connection c, String schema) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        List<String> out = new ArrayList<>();
        try (ResultSet rs = md.getTables(catalog(schema), schemaPattern(md, schema), "%", TABLE_TYPES)) {
            while (rs.next()) {
                out.add(rs.getString("TABLE_NAME"));
            }
        }
        return out;
    }

    /** Whether the schema has a table of exactly this name. */
    public boolean hasTable(Connection c, String schema, String table) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        try (ResultSet rs = md.getTables(catalog(schema), schemaPattern(md, schema), pattern(md, table), TABLE_TYPES)) {
            while (rs.next()) {
                if (table.equals(rs.getString("TABLE_NAME"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The table's columns in order; empty when there is no such table. */
    public List<ColumnInfo> columns(Connection c, String schema, String table) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        List<ColumnInfo> out = new ArrayList<>();
        try (ResultSet rs = md.getColumns(catalog(schema), schemaPattern(md, schema), pattern(md, table), "%")) {
            while (rs.next()) {
                if (!table.equals(rs.getString("TABLE_NAME"))) {
                    continue;
                }
                boolean generated = "YES".equals(rs.getString("IS_AUTOINCREMENT"));
                TypeEngine<?> type = type(rs.getString("TYPE_NAME"), rs.getInt("DATA_TYPE"), rs.getInt("COLUMN_SIZE"), rs.getInt("DECIMAL_DIGITS"));
                // A generated column's default is the database's own generator (nextval of its
                // sequence); createAll recreates that from autoincrement, not from the text.
                String defaultSql = generated ? null : rs.getString("COLUMN_DEF");
                out.add(new ColumnInfo(rs.getString("COLUMN_NAME"), type, rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls, defaultSql, generated));
            }
        }
        return out;
    }

    /** The primary key, or null when the table has none. */
    public ConstraintInfo primaryKey(Connection c, String schema, String table) throws SQLException {
        Map<Integer, String> bySeq = new TreeMap<>();
        String name = null;
        DatabaseMetaData md = c.getMetaData();
        try (ResultSet rs = md.getPrimaryKeys(catalog(schema), jdbcSchema(schema), table)) {
            while (rs.next()) {
                bySeq.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
                name = rs.getString("PK_NAME");
            }
        }
        return bySeq.isEmpty() ? null : new ConstraintInfo(blankToNull(name), new ArrayList<>(bySeq.values()));
    }

    /** The foreign keys, composite ones as one key each. */
    public List<ForeignKeyInfo> foreignKeys(Connection c, String schema, String table) throws SQLException {
        // Rows come one per column pair; a key's rows share FK_NAME or, where the database
        // leaves keys unnamed (SQLite), follow each other from KEY_SEQ 1.
        Map<String, KeyRows> keys = new LinkedHashMap<>();
        DatabaseMetaData md = c.getMetaData();
        try (ResultSet rs = md.getImportedKeys(catalog(schema), jdbcSchema(schema), table)) {
            KeyRows current = null;
            while (rs.next()) {
                String name = blankToNull(rs.getString("FK_NAME"));
                int seq = rs.getInt("KEY_SEQ");
                if (name != null || seq == 1 || current == null) {
                    String id = name != null ? name : "#" + keys.size();
                    current = keys.get(id);
                    if (current == null) {
                        current = new KeyRows(name, rs.getString(schemasAreCatalogs() ? "PKTABLE_CAT" : "PKTABLE_SCHEM"), rs.getString("PKTABLE_NAME"),
                                action(rs.getShort("DELETE_RULE")), action(rs.getShort("UPDATE_RULE")));
                        keys.put(id, current);
                    }
                }
                current.columns.put(seq, rs.getString("FKCOLUMN_NAME"));
                current.referred.put(seq, rs.getString("PKCOLUMN_NAME"));
            }
        }
        return keys.values().stream().map(KeyRows::info).toList();
    }

    /** The rows of one foreign key, gathered by KEY_SEQ. */
    private static final class KeyRows {
        private final String name;
        private final String referredSchema;
        private final String referredTable;
        private final String onDelete;
        private final String onUpdate;
        private final Map<Integer, String> columns = new TreeMap<>();
        private final Map<Integer, String> referred = new TreeMap<>();

        KeyRows(String name, String referredSchema, String referredTable, String onDelete, String onUpdate) {
            this.name = name;
            this.referredSchema = referredSchema;
            this.referredTable = referredTable;
            this.onDelete = onDelete;
            this.onUpdate = onUpdate;
        }

        ForeignKeyInfo info() {
            return new ForeignKeyInfo(name, new ArrayList<>(columns.values()), referredSchema, referredTable, new ArrayList<>(referred.values()), onDelete, onUpdate);
        }
    }

    /**
     * The unique constraints. JDBC has no call for them (their indexes come back as indexes), so
     * the base finds none and reports those indexes from {@link #indexes}.
     */
    public List<ConstraintInfo> uniqueConstraints(Connection c, String schema, String table) throws SQLException {
        return List.of();
    }

    /** The indexes, except the primary key's (and, in subclasses, other constraints' own). */
    public List<IndexInfo> indexes(Connection c, String schema, String table) throws SQLException {
        ConstraintInfo pk = primaryKey(c, schema, table);
        Map<String, IndexInfo> byName = new LinkedHashMap<>();
        Map<String, Map<Integer, String>> elements = new LinkedHashMap<>();
        Map<String, Map<String, List<String>>> sorting = new LinkedHashMap<>();
        DatabaseMetaData md = c.getMetaData();
        try (ResultSet rs = md.getIndexInfo(catalog(schema), jdbcSchema(schema), table, false, false)) {
            while (rs.next()) {
                String name = rs.getString("INDEX_NAME");
                if (name == null || rs.getShort("TYPE") == DatabaseMetaData.tableIndexStatistic) {
                    continue;
                }
                byName.putIfAbsent(name, new IndexInfo(name, !rs.getBoolean("NON_UNIQUE"), List.of(), blankToNull(rs.getString("FILTER_CONDITION"))));
                elements.computeIfAbsent(name, k -> new TreeMap<>()).put((int) rs.getShort("ORDINAL_POSITION"), rs.getString("COLUMN_NAME"));
                if ("D".equals(rs.getString("ASC_OR_DESC")) && rs.getString("COLUMN_NAME") != null) {
                    sorting.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(rs.getString("COLUMN_NAME"), List.of("desc"));
                }
            }
        }
        List<IndexInfo> out = new ArrayList<>();
        byName.forEach((name, ix) -> {
            List<String> cols = new ArrayList<>(elements.get(name).values());
            boolean primaryKeys = pk != null && (name.equals(pk.name()) || ix.unique() && cols.equals(pk.columns()));
            if (!primaryKeys) {
                out.add(new IndexInfo(name, ix.unique(), cols, ix.where(), Map.of(), sorting.getOrDefault(name, Map.of())));
            }
        });
        return out;
    }

    // ---- beyond JDBC: the built-in dialects read these from their catalogs; the base finds none ----

    /** The names of the schema's views. */
    public List<String> viewNames(Connection c, String schema) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        List<String> out = new ArrayList<>();
        try (ResultSet rs = md.getTables(catalog(schema), schemaPattern(md, schema), "%", new String[] {"VIEW"})) {
            while (rs.next()) {
                out.add(rs.getString("TABLE_NAME"));
            }
        }
        return out;
    }

    /** The names of the schema's materialized views (PostgreSQL's; none elsewhere); SQLAlchemy's {@code get_materialized_view_names}. */
    public List<String> materializedViewNames(Connection c, String schema) throws SQLException {
        return List.of();
    }

    /** Whether the schema has a view of this name (PostgreSQL: a materialized one too). */
    public boolean hasView(Connection c, String schema, String view) throws SQLException {
        return viewNames(c, schema).contains(view);
    }

    /** A view's defining query (its SELECT), or null when the database does not say. */
    public String viewDefinition(Connection c, String schema, String view) throws SQLException {
        return null;
    }

    /** The CHECK constraints of a table (not those of its columns' domains). */
    public List<CheckInfo> checkConstraints(Connection c, String schema, String table) throws SQLException {
        return List.of();
    }

    /** The table's comment, or null. */
    public String tableComment(Connection c, String schema, String table) throws SQLException {
        return null;
    }

    /** The comments of the table's columns, by column name; columns without one are left out. */
    public Map<String, String> columnComments(Connection c, String schema, String table) throws SQLException {
        return Map.of();
    }

    /**
     * The table's storage options, as this dialect's table arguments without the dialect prefix
     * ({@code engine}, {@code charset}, {@code collate} on MySQL; {@code with}, {@code tablespace}
     * on PostgreSQL), so that {@code createAll} recreates them.
     */
    public Map<String, Object> tableOptions(Connection c, String schema, String table) throws SQLException {
        return Map.of();
    }

    /** The columns whose values the database computes or generates as an identity. */
    public List<GeneratedInfo> generatedColumns(Connection c, String schema, String table) throws SQLException {
        return List.of();
    }

    /** The names of the schema's sequences; SQLAlchemy's {@code get_sequence_names}. */
    public List<String> sequenceNames(Connection c, String schema) throws SQLException {
        return List.of();
    }

    /**
     * The schema's sequences that no column owns: those a model declares ({@code Sequence}), not
     * PostgreSQL's of serial and identity columns, which come and go with their column. What a
     * migration compares.
     */
    public List<String> standaloneSequenceNames(Connection c, String schema) throws SQLException {
        return sequenceNames(c, schema);
    }

    /** Whether the schema has a sequence of this name; SQLAlchemy's {@code has_sequence}. */
    public boolean hasSequence(Connection c, String schema, String sequence) throws SQLException {
        return sequenceNames(c, schema).contains(sequence);
    }

    /**
     * The schema's enum types with their labels (PostgreSQL's {@code CREATE TYPE ... AS ENUM}; none
     * elsewhere); SQLAlchemy's {@code get_enums}. Their schema is left unset (it is the one asked about).
     *
     * <pre>{@code
     * inspector.enums(conn.jdbc(), "public");   // [Types.enumOf("mood", "sad", "ok", "happy")]
     * }</pre>
     */
    public List<dev.retort.types.EnumType<String>> enums(Connection c, String schema) throws SQLException {
        return List.of();
    }

    /**
     * The schema's domains with their base types and options (PostgreSQL's; none elsewhere);
     * SQLAlchemy's {@code get_domains}.
     *
     * <pre>{@code
     * inspector.domains(conn.jdbc(), "public");   // [Types.domain("positive", Types.INTEGER).notNull(true).check("VALUE > 0")]
     * }</pre>
     */
    public List<dev.retort.types.DomainType<?>> domains(Connection c, String schema) throws SQLException {
        return List.of();
    }

    /**
     * A sequence of the schema with its options, or null when there is none of that name (or the
     * database has no sequences). Options at the database's own defaults for the sequence's type
     * and direction are left unset, so the sequence's {@code CREATE SEQUENCE} is as short as the
     * one that made it; its schema is left unset too (it is the one asked about).
     *
     * <pre>{@code
     * Sequence s = inspector.sequence(conn.jdbc(), "public", "order_no");   // start(1000).increment(10).cycle(true)
     * }</pre>
     */
    public Sequence sequence(Connection c, String schema, String sequence) throws SQLException {
        return null;
    }

    /**
     * {@code declared} as this database keeps it: every option set, those it leaves unset at the
     * database's defaults (CYCLE false), so that two sequences are alike when their stored forms
     * are equal. What a migration compares; the base, for a database without sequences, returns it as given.
     *
     * <pre>{@code
     * inspector.storedSequence(new Sequence("s").increment(-1));
     * // PostgreSQL: AS BIGINT INCREMENT BY -1 START WITH -1 MINVALUE -9223372036854775808 MAXVALUE -1 CACHE 1 NO CYCLE
     * }</pre>
     */
    public Sequence storedSequence(Sequence declared) {
        return declared;
    }

    /** {@code d} with every option set, the unset ones from the database's defaults (as {@link SequenceRow} takes them). */
    protected static Sequence explicit(Sequence d, long defaultMax, long defaultMin, long defaultCache) {
        long increment = d.increment() == null ? 1 : d.increment();
        boolean ascending = increment > 0;
        long min = d.minValue() != null && !d.noMinValue() ? d.minValue() : ascending ? 1 : defaultMin;
        long max = d.maxValue() != null && !d.noMaxValue() ? d.maxValue() : ascending ? defaultMax : -1;
        long start = d.start() != null ? d.start() : ascending ? min : max;
        return new Sequence(d.name(), d.schema(), start, increment, min, max, false, false, d.cache() == null ? defaultCache : d.cache(),
                Boolean.TRUE.equals(d.cycle()), d.dataType(), d.optional());
    }

    /** What a database reports of a sequence, and its defaults (for an ascending sequence the greatest, a descending one the least value). */
    protected record SequenceRow(String name, long start, long increment, long min, long max, long cache, boolean cycle,
            long defaultMax, long defaultMin, long defaultCache) {
        /** The sequence with the options that differ from the defaults. */
        Sequence sequence() {
            Sequence s = new Sequence(name);
            boolean ascending = increment > 0;
            long expectedMin = ascending ? 1 : defaultMin;
            long expectedMax = ascending ? defaultMax : -1;
            if (increment != 1) {
                s = s.increment(increment);
            }
            if (min != expectedMin) {
                s = s.minValue(min);
            }
            if (max != expectedMax) {
                s = s.maxValue(max);
            }
            if (start != (ascending ? min : max)) {
                s = s.start(start);
            }
            if (cache != defaultCache) {
                s = s.cache(cache);
            }
            return cycle ? s.cycle(true) : s;
        }
    }

    /**
     * The Retort type of a column as JDBC describes it. The base goes by the JDBC type code;
     * subclasses go by the database's own type names first.
     */
    protected TypeEngine<?> type(String typeName, int jdbcType, int size, int digits) {
        switch (jdbcType) {
            case java.sql.Types.INTEGER: return Types.INTEGER;
            case java.sql.Types.BIGINT: return Types.BIGINT;
            case java.sql.Types.SMALLINT:
            case java.sql.Types.TINYINT: return Types.SMALLINT;
            case java.sql.Types.BOOLEAN:
            case java.sql.Types.BIT: return Types.BOOLEAN;
            case java.sql.Types.REAL: return Types.FLOAT;
            case java.sql.Types.FLOAT:
            case java.sql.Types.DOUBLE: return Types.DOUBLE;
            case java.sql.Types.NUMERIC:
            case java.sql.Types.DECIMAL: return size > 0 ? Types.numeric(size, Math.max(0, digits)) : Types.NUMERIC;
            case java.sql.Types.CHAR:
            case java.sql.Types.NCHAR:
            case java.sql.Types.VARCHAR:
            case java.sql.Types.NVARCHAR: return size > 0 && size < Integer.MAX_VALUE ? Types.string(size) : Types.STRING;
            case java.sql.Types.LONGVARCHAR:
            case java.sql.Types.LONGNVARCHAR:
            case java.sql.Types.CLOB:
            case java.sql.Types.NCLOB: return Types.TEXT;
            case java.sql.Types.DATE: return Types.DATE;
            case java.sql.Types.TIME:
            case java.sql.Types.TIME_WITH_TIMEZONE: return Types.TIME;
            case java.sql.Types.TIMESTAMP: return Types.DATETIME;
            case java.sql.Types.TIMESTAMP_WITH_TIMEZONE: return Types.TIMESTAMP;
            case java.sql.Types.BINARY:
            case java.sql.Types.VARBINARY:
            case java.sql.Types.LONGVARBINARY:
            case java.sql.Types.BLOB: return Types.LARGE_BINARY;
            default: return Types.NULLTYPE;
        }
    }

    /** Whether the database's schemas are JDBC catalogs (MySQL's databases) rather than JDBC schemas. */
    protected boolean schemasAreCatalogs() {
        return false;
    }

    /** The JDBC catalog argument for a schema. */
    protected final String catalog(String schema) {
        return schemasAreCatalogs() ? schema : null;
    }

    /** The JDBC schema argument for a schema, where JDBC takes a name (keys and indexes). */
    protected final String jdbcSchema(String schema) {
        return schemasAreCatalogs() ? null : schema;
    }

    /** The JDBC schema argument for a schema, where JDBC takes a pattern (tables and columns): the name with its wildcards escaped. */
    protected final String schemaPattern(DatabaseMetaData md, String schema) throws SQLException {
        return schemasAreCatalogs() ? null : pattern(md, schema);
    }

    /** A name as a JDBC search pattern that matches only itself ({@code _} and {@code %} escaped). */
    protected static String pattern(DatabaseMetaData md, String name) throws SQLException {
        if (name == null) {
            return null;
        }
        String escape = md.getSearchStringEscape();
        return escape == null || escape.isEmpty() ? name
                : name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }

    /** Reads one row of a catalog query. */
    @FunctionalInterface
    protected interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Runs a catalog query with parameters and reads every row. */
    protected static <T> List<T> query(Connection c, String sql, RowReader<T> reader, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(reader.read(rs));
                }
            }
            return out;
        }
    }

    /** The SQL words of a JDBC referential action; NO ACTION, the default, is null. */
    private static String action(short rule) {
        switch (rule) {
            case DatabaseMetaData.importedKeyCascade: return "CASCADE";
            case DatabaseMetaData.importedKeyRestrict: return "RESTRICT";
            case DatabaseMetaData.importedKeySetNull: return "SET NULL";
            case DatabaseMetaData.importedKeySetDefault: return "SET DEFAULT";
            default: return null;
        }
    }

    /** The string, or null when it is null or blank (drivers report "no name" either way). */
    protected static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
