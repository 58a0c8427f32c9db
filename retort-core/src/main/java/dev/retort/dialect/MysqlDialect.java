package dev.retort.dialect;

import dev.retort.schema.Constraint;
import dev.retort.schema.DialectKwArgs;
import dev.retort.schema.Index;
import dev.retort.schema.PrimaryKeyConstraint;
import dev.retort.schema.Table;
import dev.retort.sql.BinaryExpression;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnClause;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.FunctionCall;
import dev.retort.sql.Operator;
import dev.retort.sql.UnaryExpression;
import dev.retort.types.EnumType;
import dev.retort.types.MysqlType;
import dev.retort.types.SpelledType;
import dev.retort.types.SqlType;
import dev.retort.types.TypeEngine;
import dev.retort.types.TypeKind;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * MySQL and MariaDB: backquoted identifiers, {@code concat()} for {@code ||}, booleans as
 * 0/1, backslashes escaped in literals, CAST to {@code CHAR}/{@code SIGNED}, UUIDs as 32 hex
 * digits, timestamps stored in UTC. MariaDB also has RETURNING on INSERT and DELETE.
 *
 * <p>Dialect-specific options, as in SQLAlchemy: on a {@link Table} {@code mysql_engine},
 * {@code mysql_charset}, {@code mysql_collate}, {@code mysql_row_format},
 * {@code mysql_auto_increment}, {@code mysql_comment}, and {@code mysql_partition_by} /
 * {@code mysql_subpartition_by} (such as {@code HASH(id)}; checked, see
 * {@link SqlCompiler#partitionSpec}) with {@code mysql_partitions} / {@code mysql_subpartitions}
 * (a positive count); on an {@link Index} {@code mysql_length} (prefix length: one for every
 * column, or a map by column name), {@code mysql_prefix} ({@code FULLTEXT} or {@code SPATIAL}),
 * {@code mysql_with_parser} (a full-text parser's name) and {@code mysql_using}; on a
 * primary key {@code mysql_using}. Both dialects accept them as {@code mysql_*}; MariaDB also
 * as {@code mariadb_*}, which wins over the {@code mysql_} spelling. (SQLAlchemy 2.1 ignores
 * most {@code mysql_*} options on MariaDB; here one schema serves both.)
 */
final class MysqlDialect extends BuiltInDialect {
    private static final JdbcBinder BINDER = new MysqlJdbcBinder();
    /**
     * Table options in the order CREATE TABLE writes them, whatever order they were given in:
     * COLLATE after CHARSET, as MySQL needs, and last, where SQLAlchemy's ordering puts it.
     */
    /** A collation name MySQL reads bare. */
    private static final java.util.regex.Pattern PLAIN_COLLATION = java.util.regex.Pattern.compile("[A-Za-z0-9_]+");
    private static final List<String> TABLE_OPTIONS = List.of("engine", "charset", "row_format", "auto_increment", "comment", "collate");
    private static final Set<Integer> DISCONNECT_CODES = Set.of(1053, 1927, 2006, 2013, 2014, 2045, 2055, 4031);
    private static final ConstructArguments ARGUMENTS = declareTableOptions(ConstructArguments.builder().on(Table.class))
            .on(Table.class).arg("partition_by").arg("partitions").arg("subpartition_by").arg("subpartitions")
            .on(Index.class).arg("using").arg("length").arg("prefix").arg("with_parser")
            .on(PrimaryKeyConstraint.class).arg("using")
            .build();
    private static final Set<String> INDEX_PREFIXES = Set.of("FULLTEXT", "SPATIAL");
    private static final Pattern ON_UPDATE = Pattern.compile("ON +UPDATE", Pattern.CASE_INSENSITIVE);
    private static final Pattern TIMESTAMP_DEFAULT = Pattern.compile("\\bnow\\(\\d+\\)|\\bcurrent_timestamp\\(\\d+\\)", Pattern.CASE_INSENSITIVE);
    /** A DATETIME(n) / TIMESTAMP(n) column type with fractional seconds: n. */
    private static final Pattern FRACTIONAL_TYPE = Pattern.compile("(?:DATETIME|TIMESTAMP)\\(([1-6])\\)", Pattern.CASE_INSENSITIVE);
    /**
     * A default that is only the current time, with or without ON UPDATE of it: MySQL's automatic initialization,
     * whose precision must be the column's (an expression default such as {@code now() + interval 1 day} has no such rule).
     */
    private static final Pattern CURRENT_TIME_ONLY = Pattern.compile(
            "\\s*(?:current_timestamp|now|localtime|localtimestamp)(?:\\s*\\(\\s*\\))?"
            + "(?:\\s+on\\s+update\\s+(?:current_timestamp|now|localtime|localtimestamp)(?:\\s*\\(\\s*\\))?)?\\s*",
            Pattern.CASE_INSENSITIVE);
    /** CURRENT_TIMESTAMP and its synonyms written without a precision (bare or with empty parentheses). */
    private static final Pattern CURRENT_TIME = Pattern.compile(
            "\\b(current_timestamp|now|localtime|localtimestamp)\\b(?:\\s*\\(\\s*\\))?(?!\\s*\\()", Pattern.CASE_INSENSITIVE);

    /** Whether ON DUPLICATE KEY UPDATE refers to the inserted row by alias (MySQL 8.0.20 and later). */
    private final boolean insertRowAlias;

    MysqlDialect(String name) {
        this(name, false);
    }

    MysqlDialect(String name, boolean insertRowAlias) {
        // MariaDB has INSERT/DELETE ... RETURNING; its UPDATE has none, which the database reports.
        super(name, BINDER, new MysqlInspector(name.equals("mariadb")), name.equals("mariadb"), ARGUMENTS);
        this.insertRowAlias = insertRowAlias;
    }

    @Override
    public int maxBindParameters() {
        return 65535;
    }

    @Override
    public boolean supportsUpdateReturning() {
        return false;
    }

    @Override
    public boolean supportsNativeBoolean() {
        return false;
    }

    @Override
    public boolean supportsNativeEnum() {
        return true;
    }

    /** MariaDB has sequences (10.3 and later); MySQL has none. */
    @Override
    public boolean supportsSequences() {
        return name().equals("mariadb");
    }

    /**
     * {@code true} / {@code false}, as SQLAlchemy writes them here: IS and IS NOT take only a
     * truth keyword on MySQL and MariaDB ({@code flag IS 1} is a syntax error).
     */
    @Override
    protected String renderBoolean(boolean b) {
        return b ? "true" : "false";
    }

    /** As SQLAlchemy reads the DB-API's lastrowid: the server reports the key without RETURNING. */
    @Override
    public boolean insertKeysFromGeneratedKeys() {
        return true;
    }

    /**
     * Adds the client's and server's lost-connection codes: 2006 (server has gone away), 2013
     * (lost connection during query), 2014, 2045, 2055, 4031 (disconnected for inactivity), 1927
     * (connection killed), 1053 (server shutdown in progress).
     */
    @Override
    protected boolean isDisconnectError(SQLException e) {
        return super.isDisconnectError(e) || DISCONNECT_CODES.contains(e.getErrorCode());
    }

    /** Adds 1213 (deadlock) and 1205 (lock wait timeout) to SQLSTATE 40001. */
    @Override
    protected boolean isSerializationFailureError(SQLException e) {
        return super.isSerializationFailureError(e) || e.getErrorCode() == 1213 || e.getErrorCode() == 1205;
    }

    /** MySQL and MariaDB refuse a longer table, column or CTE name. */
    @Override
    public int maxIdentifierLength() {
        return 64;
    }

    @Override
    public SqlCompiler newCompiler() {
        return new MysqlCompiler(this);
    }

    private static ConstructArguments.Builder declareTableOptions(ConstructArguments.Builder b) {
        TABLE_OPTIONS.forEach(b::arg);
        return b;
    }

    @Override
    protected Set<String> reservedWords() {
        return name().equals("mariadb") ? ReservedWords.MARIADB : ReservedWords.MYSQL;
    }

    @Override
    protected char quoteChar() {
        return '`';
    }

    @Override
    public String typeDdl(TypeEngine<?> type) {
        if (type.dialectImpl(this) instanceof EnumType<?> e && e.isNativeEnum()) {
            StringJoiner labels = new StringJoiner(",", "ENUM(", ")");
            e.labels().forEach(l -> labels.add(quoteString(l)));
            return labels.toString();
        }
        if (type.dialectImpl(this) instanceof SpelledType<?> s) {
            return spelledDdl(s);
        }
        if (type.dialectImpl(this) instanceof MysqlType<?> m) {
            return m.mysqlDdl(name());
        }
        if (type.dialectImpl(this) instanceof SqlType<?> s) {
            switch (s.kind()) {
                case JSONB: return "JSON";
                case STRING: return s.length() == null ? "VARCHAR(255)" : "VARCHAR(" + s.length() + ")";
                case BOOLEAN: return "BOOL";
                case FLOAT: return s.precision() == null ? "DOUBLE" : "FLOAT" + precisionDdl(s);
                case DOUBLE: return "DOUBLE";
                case BINARY: return s.length() == null ? "LONGBLOB" : "BLOB(" + s.length() + ")";
                case DATETIME:
                case TIMESTAMP: return "DATETIME" + fsp(s);
                case TIME:
                case TIMETZ: return "TIME" + fsp(s);
                case UUID: return "CHAR(32)";
                case JSON: return "JSON";
                default: break;
            }
        }
        return super.typeDdl(type);
    }

    /**
     * The fractional seconds a date-time or time keeps: its precision, 6 (microseconds) when it has
     * none; none written for 0, MySQL's default, as MySQL reports it and SQLAlchemy writes it.
     */
    private static String fsp(SqlType<?> s) {
        int fsp = s.precision() == null ? 6 : s.precision();
        return fsp == 0 ? "" : "(" + fsp + ")";
    }

    /** SQLAlchemy's MySQL spellings: NATIONAL for NCHAR and NVARCHAR; VARCHAR-like types need a length. */
    private String spelledDdl(SpelledType<?> s) {
        String name = s.visitName();
        if (s.length() == null && (name.equals("NVARCHAR") || name.equals("VARBINARY"))) {
            throw new dev.retort.exc.CompileException(name + " requires a length on dialect " + name());
        }
        String spelled = switch (name) {
            case "NCHAR" -> "NATIONAL CHAR";
            case "NVARCHAR" -> "NATIONAL VARCHAR";
            default -> name;
        };
        // a collated VARCHAR without a length is VARCHAR(255), as Types.STRING is here
        String args = name.equals("VARCHAR") && s.length() == null ? "(255)" : s.argumentsDdl();
        return spelled + args + (s.collation() == null ? "" : " COLLATE " + collationName(s.collation()));
    }

    /**
     * MySQL writes a collation's name as given (utf8mb4_bin), as SQLAlchemy does; any other text
     * is quoted as an identifier, so that a name from a loaded query cannot end the clause.
     */
    @Override
    protected String collationName(String collation) {
        return PLAIN_COLLATION.matcher(collation).matches() ? collation : quoteIdentifier(collation);
    }

    /** Inside the CAST, and only for CHAR, as SQLAlchemy's MySQL compiler writes it. */
    @Override
    public String castCollation(TypeEngine<?> type) {
        return "";
    }

    @Override
    public String castTypeName(TypeEngine<?> type) {
        // MySQL casts to no ENUM or SET type: their labels are text (SQLAlchemy leaves the CAST out)
        if (type.dialectImpl(this) instanceof EnumType<?> e) {
            return e.length() == null ? "CHAR" : "CHAR(" + e.length() + ")";
        }
        if (type.dialectImpl(this) instanceof dev.retort.types.NamedType<?> n && (n.name().regionMatches(true, 0, "SET(", 0, 4) || n.name().regionMatches(true, 0, "ENUM(", 0, 5))) {
            return "CHAR";
        }
        if (type.dialectImpl(this) instanceof MysqlType<?> m) {
            return m.mysqlCast(name());
        }
        if (type.dialectImpl(this) instanceof SpelledType<?> s) {
            switch (s.kind()) {
                case DOUBLE: return "DOUBLE";   // REAL, DOUBLE PRECISION: as Types.DOUBLE
                case STRING:
                case TEXT: return "CHAR" + s.argumentsDdl() + (s.visitName().equals("CHAR") && s.collation() != null ? " COLLATE " + collationName(s.collation()) : "");
                case BINARY: return "BINARY";
                case NUMERIC: return "DECIMAL" + s.argumentsDdl();
                default: break;
            }
        }
        if (type.dialectImpl(this) instanceof SqlType<?> s) {
            switch (s.kind()) {
                case STRING:
                case TEXT:
                case UUID:
                case JSON: return s.length() == null ? "CHAR" : "CHAR(" + s.length() + ")";
                case INTEGER:
                case BIGINT:
                case SMALLINT:
                // INTERVAL is kept as microseconds in a BIGINT here (SQLAlchemy keeps a DATETIME after 1970-01-01)
                case INTERVAL: return "SIGNED INTEGER";   // SQLAlchemy's spelling; the same type to MySQL
                case BOOLEAN: return "SIGNED";
                case FLOAT:
                case DOUBLE: return "DOUBLE";
                case NUMERIC: return s.precision() == null ? "DECIMAL" : "DECIMAL(" + s.precision() + ", " + s.scale() + ")";
                case DATETIME:
                case TIMESTAMP: return s.precision() == null ? "DATETIME" : "DATETIME" + fsp(s);   // none given: DATETIME, as SQLAlchemy casts
                case BINARY: return "BINARY";
                default: break;
            }
        }
        return super.castTypeName(type);
    }

    @Override
    protected String quoteString(String s) {
        return super.quoteString(s.replace("\\", "\\\\"));
    }

    /** MySQL spells concatenation as a function and needs a LIMIT for OFFSET. */
    static final class MysqlCompiler extends SqlCompiler {
        MysqlCompiler(Dialect d) {
            super(d);
        }

        /** SQLAlchemy's {@code mysql_limit}: the count inline. */
        @Override
        protected String dmlLimit(int rows) {
            return " LIMIT " + rows;
        }

        /** An index hint follows the table it is for: {@code FROM users USE INDEX (ix_name)}. */
        @Override
        protected String fromHint(String sql, String hint) {
            return sql + " " + hint;
        }

        @Override
        protected void checkViewOptions(boolean temporary, boolean orReplace, boolean materialized) {
            if (temporary) {
                throw unsupportedView("TEMPORARY VIEW");
            }
            if (materialized) {
                throw unsupportedView("MATERIALIZED VIEW");
            }
        }

        // ---- upsert ----

        @Override
        public String visitOnConflict(dev.retort.sql.OnConflict oc) {
            throw upsertUnavailable("ON CONFLICT", "onDuplicateKeyUpdate");
        }

        /**
         * From MySQL 8.0.20, where {@code VALUES(col)} is deprecated, the inserted row is named by
         * an alias ({@code AS new}, or {@code new_1} for a table called new) as SQLAlchemy names
         * it; an INSERT from a SELECT has no row to alias and keeps {@code VALUES(col)}.
         */
        @Override
        public String visitOnDuplicateKey(dev.retort.sql.OnDuplicateKey d) {
            String clause = super.visitOnDuplicateKey(d);
            return rowAlias() ? "AS " + rowAliasName() + " " + clause : clause;
        }

        @Override
        protected String insertedValue(dev.retort.sql.ColumnProxy<?> column) {
            return rowAlias() ? rowAliasName() + "." + columnName((dev.retort.sql.ColumnClause<?>) column.origin()) : super.insertedValue(column);
        }

        private boolean rowAlias() {
            return ((MysqlDialect) dialect).insertRowAlias && upsertStatement().fromSelectStatement() == null;
        }

        private String rowAliasName() {
            return upsertStatement().table().name().equalsIgnoreCase("new") ? "new_1" : "new";
        }

        /**
         * A JSON element as a BOOLEAN ({@code asBoolean()}): MySQL casts no text to a boolean, and
         * MariaDB's JSON_EXTRACT gives text, so the unquoted element is compared with {@code 'true'}.
         */
        @Override
        public String visitCast(dev.retort.sql.Cast<?> c) {
            if (c.element() instanceof dev.retort.sql.BinaryExpression<?> b
                    && (b.operator() == dev.retort.sql.Operator.GETITEM_TEXT || b.operator() == dev.retort.sql.Operator.GETPATH_TEXT)
                    && ((ColumnElement<?>) b.left()).type().kind().isJson()) {
                return c.type().kind() == TypeKind.BOOLEAN ? "(" + process(b) + " = 'true')" : jsonElementAs(c.type(), b);
            }
            return super.visitCast(c);
        }

        /**
         * {@code asInteger()}, {@code asDouble()}, {@code asString()} as SQLAlchemy's MySQL compiler writes its
         * {@code as_integer()} ...: a JSON null is NULL, else the element cast ({@code SIGNED INTEGER}), plus a
         * zero-valued decimal (a float: CAST to FLOAT is MySQL 8.0.17+) or unquoted. Each part is processed in
         * the order it appears, for the positional parameters.
         */
        private String jsonElementAs(TypeEngine<?> type, dev.retort.sql.BinaryExpression<?> b) {
            String head = "CASE JSON_EXTRACT(" + process(b.left()) + ", " + process(b.right()) + ") WHEN 'null' THEN NULL ";
            String extract = "JSON_EXTRACT(" + process(b.left()) + ", " + process(b.right()) + ")";
            switch (type.kind()) {
                case INTEGER:
                case BIGINT:
                    return head + "ELSE CAST(" + extract + " AS SIGNED INTEGER) END";
                case FLOAT:
                case DOUBLE:
                    return head + "ELSE " + extract + "+0.0000000000000000000000 END";
                case STRING:
                case TEXT:
                    return head + "ELSE JSON_UNQUOTE(" + extract + ") END";
                default:
                    return head + "ELSE " + extract + " END";
            }
        }

        /** No arrays here. */
        @Override
        protected String arrayOperator(dev.retort.sql.Operator op, String left, String right) {
            throw unsupportedArrayOperator(op);
        }

        @Override
        public String visitArrayLiteral(dev.retort.sql.ArrayLiteral<?> a) {
            throw new dev.retort.exc.CompileException("ARRAY[...] (SQL.array) is PostgreSQL only, not available on dialect " + dialect().name());
        }

        /** {@code DATE_ADD(ts, INTERVAL ? MICROSECOND)}: intervals are bound as microseconds here. */
        @Override
        protected String intervalArithmetic(dev.retort.sql.Operator op, String left, String interval) {
            return (op == dev.retort.sql.Operator.ADD ? "DATE_ADD(" : "DATE_SUB(") + left + ", INTERVAL " + interval + " MICROSECOND)";
        }

        /** Microseconds, as INTERVAL values are kept here. */
        @Override
        protected String timeDifference(String later, String earlier) {
            return "TIMESTAMPDIFF(MICROSECOND, " + earlier + ", " + later + ")";
        }

        /** {@code JSON_EXTRACT(data, ?)}; as text unquoted (a JSON null comes back as the text {@code null}). */
        @Override
        protected String item(dev.retort.sql.BinaryExpression<?> b, String left, String key, boolean text) {
            String extract = super.item(b, left, key, true);
            return text ? "JSON_UNQUOTE(" + extract + ")" : extract;
        }

        /** MySQL's locking clause as SQLAlchemy writes it: OF and key-share are left out (MariaDB has neither). */
        @Override
        public String visitForUpdate(dev.retort.sql.ForUpdate f) {
            return (f.isRead() ? " LOCK IN SHARE MODE" : " FOR UPDATE") + (f.isNowait() ? " NOWAIT" : f.isSkipLocked() ? " SKIP LOCKED" : "");
        }

        /** {@code concat(a, b, c)}: MySQL's {@code ||} is OR unless PIPES_AS_CONCAT is set. */
        @Override
        protected String concatAll(List<String> parts) {
            return "concat(" + String.join(", ", parts) + ")";
        }

        /** MySQL: {@code REGEXP_LIKE(x, p, flags)}; MariaDB has no REGEXP_LIKE: inline {@code (?flags)}. */
        @Override
        protected String regexpMatch(String left, String right, boolean negated, String flags) {
            return dialect.name().equals("mariadb") ? regexpMatch(left, inlineFlags(right, flags), negated)
                    : super.regexpMatch(left, right, negated, flags);
        }

        @Override
        protected String regexpReplace(String left, String pattern, String replacement, String flags) {
            return dialect.name().equals("mariadb") ? "REGEXP_REPLACE(" + left + ", " + inlineFlags(pattern, flags) + ", " + replacement + ")"
                    : super.regexpReplace(left, pattern, replacement, flags);
        }

        /** The database has no BETWEEN SYMMETRIC (SQLAlchemy writes it all the same): refused, not sent. */
        @Override
        protected String betweenSymmetric(String left, String bounds, boolean negated) {
            throw unsupported("BETWEEN SYMMETRIC");
        }

        /** A FULLTEXT search, in boolean mode unless another modifier is given, as SQLAlchemy's {@code match} on MySQL. */
        @Override
        protected String match(String left, String right, boolean negated, dev.retort.sql.BinaryExpression<?> binary) {
            return (negated ? "NOT " : "") + "MATCH (" + left + ") AGAINST (" + right + binary.matchModifier().sql() + ")";
        }

        /** As SQLAlchemy's MySQL dialect: {@code milliseconds} is written {@code millisecond}. */
        @Override
        protected String extractField(String field) {
            return field.equalsIgnoreCase("milliseconds") ? "millisecond" : field;
        }

        /** The NULL-safe equality operator. */
        @Override
        protected String distinctFrom(String left, String right, boolean distinct) {
            return distinct ? "NOT (" + left + " <=> " + right + ")" : left + " <=> " + right;
        }

        @Override
        protected String nullsOrder(String inner, dev.retort.sql.Operator op) {
            throw unsupported(op.sql() + " in ORDER BY");
        }

        @Override
        public String visitFunctionFilter(dev.retort.sql.FunctionFilter<?> f) {
            throw unsupported("An aggregate FILTER (WHERE ...)");
        }

        /** MySQL's rows are {@code ROW(...)} (8.0.19+); MariaDB cannot name a derived table's columns: the rows are SELECTs. */
        @Override
        public String visitValues(dev.retort.sql.Values v) {
            return dialect.name().equals("mariadb") ? valuesAsSelects(v) : super.visitValues(v);
        }

        @Override
        protected String valuesRow(String row) {
            return "ROW" + row;
        }

        @Override
        protected String valuesColumns(dev.retort.sql.Values v) {
            return dialect.name().equals("mariadb") ? "" : super.valuesColumns(v);
        }

        /** Every derived table needs a name on MySQL and MariaDB. */
        @Override
        public String visitUnnamedValues(dev.retort.sql.UnnamedValues v) {
            throw unsupported("VALUES in FROM without a name");
        }

        /** MySQL and MariaDB have no functions in FROM but JSON_TABLE, whose syntax is its own. */
        @Override
        public String visitTableValuedAlias(dev.retort.sql.TableValuedAlias t) {
            throw unsupported("A table-valued function in FROM");
        }

        @Override
        public String visitFunctionFrom(dev.retort.sql.FunctionFrom f) {
            throw unsupported("A function in FROM");
        }

        @Override
        public String visitScalarFunctionColumn(dev.retort.sql.ScalarFunctionColumn<?> c) {
            throw unsupported("A field of a function's row ((fn(...)).field)");
        }

        /** Neither MySQL nor MariaDB has TABLESAMPLE: refused here rather than by the database's syntax error. */
        @Override
        public String visitTableSample(dev.retort.sql.TableSample t) {
            throw unsupported("TABLESAMPLE");
        }

        /** MySQL has LATERAL (8.0.14+); MariaDB has not. */
        @Override
        public String visitLateral(dev.retort.sql.Lateral l) {
            if (dialect.name().equals("mariadb")) {
                throw unsupported("LATERAL");
            }
            return super.visitLateral(l);
        }

        /** MariaDB has ordered-set aggregates as window functions (with OVER); MySQL has none. */
        @Override
        public String visitWithinGroup(dev.retort.sql.WithinGroup<?> w) {
            if (!dialect.name().equals("mariadb")) {
                throw unsupported("WITHIN GROUP");
            }
            return super.visitWithinGroup(w);
        }

        /** As SQLAlchemy's MySQL dialect spells it. */
        @Override
        protected String innerJoin() {
            return " INNER JOIN ";
        }

        /** MySQL's {@code /} is true division already; FLOOR makes floor division. */
        @Override
        protected String trueDivision(String left, ColumnElement<?> right) {
            return left + " / " + process(right);
        }

        @Override
        protected String floorDivision(String left, ColumnElement<?> dividend, ColumnElement<?> right) {
            return "FLOOR(" + left + " / " + process(right) + ")";
        }

        @Override
        protected String aggregateStrings(String expr, String separator, String orderBy) {
            return "group_concat(" + expr + orderBy + " SEPARATOR " + separator + ")";
        }

        @Override
        protected String genericFunction(String name, List<ClauseElement> arguments) {
            if (name.equals("random")) {
                return call("rand", arguments);
            }
            if (name.equals("sysdate") && arguments.isEmpty()) {
                return "SYSDATE()";
            }
            return super.genericFunction(name, arguments);
        }

        /**
         * MySQL and MariaDB roll up the whole GROUP BY list: {@code GROUP BY a, b WITH ROLLUP}, as
         * SQLAlchemy writes {@code rollup(a, b)} (so a ROLLUP must be the GROUP BY's only item);
         * they have no CUBE or GROUPING SETS.
         */
        @Override
        protected String groupingFunction(String keyword, List<ClauseElement> arguments) {
            if (!keyword.equals("ROLLUP")) {
                throw unsupported(keyword);
            }
            return list(arguments) + " WITH ROLLUP";
        }

        /** The multi-table forms: {@code UPDATE a, b SET a.x=...} and {@code DELETE FROM a USING a, b}. */
        @Override
        protected String updateTables(dev.retort.sql.FromClause target, List<dev.retort.sql.FromClause> extra) {
            return extra.isEmpty() ? dmlTarget(target) : dmlTarget(target) + ", " + fromList(extra);
        }

        /** MySQL's multi-table UPDATE: {@code UPDATE a JOIN b ON ... SET a.x=...}. */
        @Override
        protected String dmlTarget(dev.retort.sql.FromClause target) {
            return target instanceof dev.retort.sql.Join j ? process(j) : super.dmlTarget(target);
        }

        @Override
        protected String rowSetTarget(dev.retort.sql.Tuple row, dev.retort.sql.FromClause target, List<dev.retort.sql.FromClause> extra) {
            throw unsupported("SET of a row value ((a, b) = ...)");
        }

        @Override
        protected String setTarget(ColumnClause<?> column, dev.retort.sql.FromClause target, List<dev.retort.sql.FromClause> extra) {
            boolean own = isTargetTable(column.table(), target);
            if (!own && extra.stream().noneMatch(f -> f.fromObjects().contains(column.table()))) {
                throw new dev.retort.exc.CompileException("A multi-table UPDATE sets column '" + column.name() + "' of table '" + column.table().name()
                        + "' only when the statement's criteria name that table");
            }
            if (extra.isEmpty() && !(target instanceof dev.retort.sql.Join)) {
                return super.setTarget(column, target, extra);
            }
            String table = own && target instanceof dev.retort.sql.Alias a ? aliasText(a.renderedName()) : tableName(column.table());
            return table + "." + columnName(column);
        }

        @Override
        protected String updateFrom(List<dev.retort.sql.FromClause> extra) {
            return "";
        }

        /**
         * An alias target of a multi-table DELETE is named by its alias before USING
         * ({@code DELETE FROM a1 USING t1 AS a1, t2}), as SQLAlchemy writes it; MariaDB (before
         * 11.6) has no alias in the single-table form, so there the alias always takes this form.
         */
        /** MariaDB's multi-table DELETE, the form its alias DELETE takes (see {@link #deleteFrom}), has no RETURNING. */
        @Override
        public String visitDelete(dev.retort.sql.Delete d) {
            if (dialect.name().equals("mariadb") && d.target() instanceof dev.retort.sql.Alias && !d.returningColumns().isEmpty()) {
                throw unsupported("DELETE of an alias with RETURNING (written as a multi-table DELETE)");
            }
            return super.visitDelete(d);
        }

        @Override
        protected String deleteFrom(dev.retort.sql.FromClause target, List<dev.retort.sql.FromClause> extra) {
            if (target instanceof dev.retort.sql.Alias a && (!extra.isEmpty() || dialect.name().equals("mariadb"))) {
                return aliasText(a.renderedName()) + (extra.isEmpty() ? " USING " + dmlTarget(target) : deleteUsing(target, extra));
            }
            return super.deleteFrom(target, extra);
        }

        @Override
        protected String deleteUsing(dev.retort.sql.FromClause target, List<dev.retort.sql.FromClause> extra) {
            // The target is listed first, unless a join of the list holds it already.
            boolean joined = extra.stream().anyMatch(f -> f.fromObjects().contains(target));
            return " USING " + (joined ? "" : dmlTarget(target) + ", ") + fromList(extra);
        }

        /**
         * An expression default in parentheses (MySQL 8.0.13+, MariaDB 10.2+), except the forms MySQL
         * takes bare: {@code ... ON UPDATE ...} and {@code now(n)} / {@code current_timestamp(n)}.
         */
        @Override
        protected String defaultClause(String text) {
            return isExpressionDefault(text) && !ON_UPDATE.matcher(text).find() && !TIMESTAMP_DEFAULT.matcher(text).lookingAt()
                    ? "(" + text + ")" : text;
        }

        /**
         * The default of a DATETIME(n) / TIMESTAMP(n) column names the current time at the column's precision: MySQL
         * wants one precision throughout the column definition ({@code DATETIME(6) DEFAULT CURRENT_TIMESTAMP} is an
         * "Invalid default value"), and Types.DATETIME is DATETIME(6) here where SQLAlchemy's DateTime is DATETIME.
         * MariaDB takes either; one schema serves both. Any other default (an expression, a literal) is written as given.
         */
        @Override
        protected String serverDefaultSpec(dev.retort.schema.Column<?> c) {
            if (c.serverDefault() == null) {
                return "";
            }
            String text = defaultText(c);
            java.util.regex.Matcher fractional = FRACTIONAL_TYPE.matcher(columnType(c));
            if (fractional.matches() && CURRENT_TIME_ONLY.matcher(text).matches()) {
                text = CURRENT_TIME.matcher(text).replaceAll("$1(" + fractional.group(1) + ")");
            }
            return " DEFAULT " + defaultClause(text);
        }

        /**
         * {@code name TYPE [GENERATED ...] [NOT NULL | NULL] [COMMENT '...'] [AUTO_INCREMENT | DEFAULT x]},
         * the order SQLAlchemy's MySQL dialect writes (MySQL and MariaDB take the attributes in any order).
         * As there, a key with a server default is not AUTO_INCREMENT.
         */
        @Override
        protected String columnSpec(dev.retort.schema.Column<?> c) {
            String type = columnType(c);
            StringBuilder sb = new StringBuilder(columnName(c)).append(' ').append(type).append(computedSpec(c));
            if (!c.isNullable()) {
                sb.append(" NOT NULL");
            } else if (type.toUpperCase(Locale.ROOT).startsWith("TIMESTAMP")) {
                // Without explicit_defaults_for_timestamp (MariaDB's default before 10.10) a TIMESTAMP
                // column not said to be NULL is NOT NULL, the first one defaulting to the current time.
                sb.append(" NULL");
            }
            if (c.comment() != null) {
                sb.append(" COMMENT ").append(commentLiteral(c.comment()));
            }
            // A key a sequence numbers (MariaDB) is not AUTO_INCREMENT too.
            boolean autoIncrement = c.isAutoincrement() && c.serverDefault() == null && !dialect.usesSequence(c);
            return sb.append(autoIncrement ? " AUTO_INCREMENT" : serverDefaultSpec(c)).toString();
        }

        // ---- ALTER TABLE (schema changes) ----

        /** MySQL names what a constraint is when dropping it: a unique constraint is an index, a check is dropped by DROP CHECK (MariaDB: DROP CONSTRAINT). */
        @Override
        public String visitDropConstraint(dev.retort.schema.DropConstraint dc) {
            dev.retort.schema.Constraint c = dc.constraint();
            boolean mariadb = dialect.name().equals("mariadb");
            if (dc.isIfExists() && !mariadb) {
                throw new dev.retort.exc.CompileException("MySQL has no DROP ... IF EXISTS for constraint " + c.name() + " of " + dc.table().name());
            }
            // MariaDB's IF EXISTS follows the keyword; a primary key has no name to look for.
            String ifExists = dc.isIfExists() && !(c instanceof dev.retort.schema.PrimaryKeyConstraint) ? "IF EXISTS " : "";
            String what;
            if (c instanceof dev.retort.schema.ForeignKeyConstraint) {
                what = "FOREIGN KEY " + ifExists + quote(c.name());
            } else if (c instanceof dev.retort.schema.UniqueConstraint) {
                what = "INDEX " + ifExists + quote(c.name());
            } else if (c instanceof dev.retort.schema.PrimaryKeyConstraint) {
                what = "PRIMARY KEY";
            } else {
                what = (mariadb ? "CONSTRAINT " : "CHECK ") + ifExists + quote(c.name());
            }
            return "ALTER TABLE " + tableName(dc.table()) + " DROP " + what;
        }

        /** MySQL restates the whole column: {@code ALTER TABLE t MODIFY c TYPE [DEFAULT x] [NOT NULL]}. */
        @Override
        public String visitAlterColumn(dev.retort.schema.AlterColumn ac) {
            return "ALTER TABLE " + tableName(ac.table()) + " MODIFY " + columnSpec(ac.column());
        }

        /** {@code ALTER TABLE t COMMENT '...'} ({@code ''} removes it). */
        @Override
        public String visitSetTableComment(dev.retort.schema.SetTableComment sc) {
            String comment = sc.table().comment();
            return "ALTER TABLE " + tableName(sc.table()) + " COMMENT " + commentLiteral(comment == null ? "" : comment);
        }

        /** MySQL keeps a column's comment in its definition: the column is restated. */
        @Override
        public String visitSetColumnComment(dev.retort.schema.SetColumnComment sc) {
            return "ALTER TABLE " + tableName(sc.table()) + " MODIFY " + columnSpec(sc.column());
        }

        // ---- end of ALTER TABLE ----

        @Override
        public String visitDropIndex(dev.retort.schema.DropIndex di) {
            return super.visitDropIndex(di) + " ON " + tableName(di.index().table());
        }

        // ---- DDL options (as SQLAlchemy's MySQLDDLCompiler renders them) ----

        /** MariaDB's own spelling first, then the {@code mysql_} one the two dialects share. */
        @Override
        protected Object option(DialectKwArgs<?> construct, String argument) {
            Object own = super.option(construct, argument);
            return own != null || dialect.name().equals("mysql") ? own : construct.dialectOption("mysql", argument);
        }

        @Override
        protected String tableOptions(Table t) {
            StringJoiner out = new StringJoiner(" ");
            for (String arg : TABLE_OPTIONS) {
                Object v = option(t, arg);
                if (v == null && arg.equals("comment")) {
                    v = t.comment();
                }
                if (v == null) {
                    continue;
                }
                switch (arg) {
                    case "comment": out.add("COMMENT=" + dialect.renderLiteral(TypeKind.STRING, v.toString())); break;
                    case "collate": out.add("COLLATE " + sqlWord(t, arg, v)); break;
                    default: out.add(arg.toUpperCase(Locale.ROOT) + "=" + sqlWord(t, arg, v)); break;
                }
            }
            // After the other options, as SQLAlchemy orders them: a method, then a count.
            String partitionBy = partitionSpec(t, "partition_by");
            if (partitionBy != null) {
                out.add("PARTITION BY " + partitionBy);
            }
            partitionCount(t, "partitions", out);
            String subpartitionBy = partitionSpec(t, "subpartition_by");
            if (subpartitionBy != null) {
                out.add("SUBPARTITION BY " + subpartitionBy);
            }
            partitionCount(t, "subpartitions", out);
            return out.toString();
        }

        /** {@code PARTITIONS n} / {@code SUBPARTITIONS n} for a count given as a positive integer or its digits. */
        private void partitionCount(Table t, String argument, StringJoiner out) {
            Object v = option(t, argument);
            if (v == null) {
                return;
            }
            if (!v.toString().matches("[1-9][0-9]{0,8}")) {
                throw badOption(t, argument, "must be a positive integer, got '" + v + "'");
            }
            out.add(argument.toUpperCase(Locale.ROOT) + " " + v);
        }

        @Override
        protected String indexKeyword(Index ix) {
            String prefix = optionWord(ix, "prefix");
            if (prefix == null) {
                return "INDEX";
            }
            if (!INDEX_PREFIXES.contains(prefix.toUpperCase(Locale.ROOT))) {
                throw badOption(ix, "prefix", "must be FULLTEXT or SPATIAL, got '" + prefix + "'");
            }
            return prefix.toUpperCase(Locale.ROOT) + " INDEX";
        }

        /** The element with its prefix length: {@code name(10)}. */
        @Override
        protected String indexElement(Index ix, ColumnElement<?> element) {
            String text = super.indexElement(ix, element);
            // MySQL takes an expression as a key part only in parentheses: (x + y), (lower(x)), (-x).
            if (element instanceof BinaryExpression<?> || element instanceof FunctionCall<?>
                    || element instanceof UnaryExpression<?> u && u.operator() != Operator.DESC && u.operator() != Operator.ASC) {
                text = "(" + text + ")";
            }
            Object length = option(ix, "length");
            if (length instanceof Map<?, ?> byColumn) {
                length = element instanceof ColumnClause<?> c && byColumn.containsKey(c.name()) ? byColumn.get(c.name()) : byColumn.get(text);
            }
            if (length == null) {
                return text;
            }
            if (!(length instanceof Integer n) || n <= 0) {
                throw badOption(ix, "length", "must be a positive Integer or a map of them by column name, got '" + length + "'");
            }
            return text + "(" + n + ")";
        }

        /** {@code WITH PARSER name} (a full-text parser), then {@code USING method}. */
        @Override
        protected String indexOptions(Index ix) {
            String parser = optionWord(ix, "with_parser");
            return (parser == null ? "" : " WITH PARSER " + parser) + using(ix);
        }

        /** MariaDB's {@code nextval(name)}; MySQL has no sequences and refuses it. */
        @Override
        public String visitNextValue(dev.retort.sql.NextValue<?> nv) {
            return dialect.supportsSequences() ? "nextval(" + sequenceName(nv.sequenceSchema(), nv.sequenceName()) + ")" : super.visitNextValue(nv);
        }

        /** MariaDB spells NO CYCLE as {@code NOCYCLE}; SQLAlchemy writes it so for MySQL too. */
        @Override
        protected String identityOptions(Long increment, Long start, Long minValue, Long maxValue, boolean noMinValue, boolean noMaxValue,
                Long cache, Boolean cycle) {
            return super.identityOptions(increment, start, minValue, maxValue, noMinValue, noMaxValue, cache, cycle).replace("NO CYCLE", "NOCYCLE");
        }

        /** MariaDB takes no constraint name in a column's definition: a named CHECK joins the table's constraints there. */
        @Override
        protected boolean checkInColumn(dev.retort.schema.CheckConstraint ck) {
            return ck.name() == null || !dialect.name().equals("mariadb");
        }

        /** MySQL and MariaDB have no identity columns: AUTO_INCREMENT generates keys instead. */
        @Override
        protected boolean supportsIdentityColumns() {
            return false;
        }

        /** MySQL parses MATCH and then ignores the key's ON DELETE / ON UPDATE actions: refused, as SQLAlchemy does. */
        @Override
        protected String foreignKeyMatch(dev.retort.schema.ForeignKeyConstraint f) {
            if (f.match() != null) {
                throw new dev.retort.exc.CompileException("MySQL ignores the MATCH of foreign key " + f
                        + " and with it the key's ON DELETE / ON UPDATE actions; leave MATCH unset for " + dialect.name());
            }
            return "";
        }

        @Override
        protected String constraintSpec(Constraint c) {
            String spec = super.constraintSpec(c);
            return c instanceof PrimaryKeyConstraint && spec != null ? spec + using(c) : spec;
        }

        private String using(DialectKwArgs<?> construct) {
            String using = optionWord(construct, "using");
            return using == null ? "" : " USING " + using;
        }

        /** MariaDB (10.6+) has FETCH FIRST ... ONLY and WITH TIES, not PERCENT; MySQL has no FETCH. */
        @Override
        public String fetchClause(dev.retort.sql.Fetch f, ClauseElement offset) {
            if (dialect.name().equals("mariadb")) {
                refuseFetch(f, false, true);
                return fetchClause(f, offset, false);
            }
            return fetchAsLimit(f, offset);
        }

        @Override
        protected String limitOffset(ClauseElement limit, ClauseElement offset) {
            // MySQL's own LIMIT offset, count; no LIMIT means the largest count, as SQLAlchemy writes it.
            if (offset != null) {
                String off = process(offset);
                return "\n LIMIT " + off + ", " + (limit == null ? "18446744073709551615" : process(limit));
            }
            return super.limitOffset(limit, offset);
        }
    }
}
