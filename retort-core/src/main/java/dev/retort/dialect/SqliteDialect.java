package dev.retort.dialect;

import dev.retort.schema.CheckConstraint;
import dev.retort.schema.Column;
import dev.retort.schema.Constraint;
import dev.retort.schema.DialectKwArgs;
import dev.retort.schema.Index;
import dev.retort.schema.PrimaryKeyConstraint;
import dev.retort.schema.Table;
import dev.retort.schema.UniqueConstraint;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.Delete;
import dev.retort.sql.FromClause;
import dev.retort.sql.SQL;
import dev.retort.sql.Select;
import dev.retort.sql.TableClause;
import dev.retort.types.EnumType;
import dev.retort.types.SqlType;
import dev.retort.types.TypeEngine;
import dev.retort.types.TypeKind;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

/**
 * SQLite: dates and times as ISO text, booleans as 0/1, UUIDs as 32 hex digits, RETURNING
 * (SQLite 3.35+), LIMIT always with OFFSET (a bound -1 for a missing LIMIT, 0 for a missing OFFSET).
 *
 * <p>Dialect-specific options, as in SQLAlchemy: on a {@link Table} {@code sqlite_autoincrement}
 * ({@code INTEGER PRIMARY KEY AUTOINCREMENT}), {@code sqlite_with_rowid} (false: WITHOUT ROWID)
 * and {@code sqlite_strict}; on an {@link Index} {@code sqlite_where} (a partial index); on a
 * primary key, unique or check constraint {@code sqlite_on_conflict}; on a {@link Column}
 * {@code sqlite_on_conflict_primary_key}, {@code sqlite_on_conflict_unique} (for the
 * single-column constraints it is part of) and {@code sqlite_on_conflict_not_null}. A conflict
 * resolution is one of ROLLBACK, ABORT, FAIL, IGNORE, REPLACE.
 */
final class SqliteDialect extends BuiltInDialect {
    private static final JdbcBinder BINDER = new SqliteJdbcBinder();
    private static final ConstructArguments ARGUMENTS = ConstructArguments.builder()
            .on(Table.class).arg("autoincrement", false).arg("with_rowid", true).arg("strict", false)
            .on(Index.class).arg("where")
            .on(Column.class).arg("on_conflict_primary_key").arg("on_conflict_unique").arg("on_conflict_not_null")
            .on(PrimaryKeyConstraint.class, UniqueConstraint.class, CheckConstraint.class).arg("on_conflict")
            .on(dev.retort.schema.CreateView.class).arg("if_not_exists", false)
            .build();
    private static final Set<TypeKind> INTEGERS = Set.of(TypeKind.INTEGER, TypeKind.BIGINT, TypeKind.SMALLINT);
    private static final Set<String> CONFLICT_RESOLUTIONS = Set.of("ROLLBACK", "ABORT", "FAIL", "IGNORE", "REPLACE");

    SqliteDialect() {
        super("sqlite", BINDER, new SqliteInspector(), true, ARGUMENTS);
    }

    @Override
    public boolean supportsNativeBoolean() {
        return false;
    }

    @Override
    public boolean supportsUpdateFromValues() {
        return true;
    }

    /** One UPDATE joining the rows' VALUES costs less than the driver's batch (see {@link Dialect#prefersUpdateFromValues()}). */
    @Override
    public boolean prefersUpdateFromValues() {
        return true;
    }

    @Override
    public int maxBindParameters() {
        return 32766;
    }

    @Override
    protected Set<String> reservedWords() {
        return ReservedWords.SQLITE;
    }

    /** As SQLAlchemy reads the DB-API's lastrowid: the server reports the key without RETURNING. */
    @Override
    public boolean insertKeysFromGeneratedKeys() {
        return true;
    }

    @Override
    public SqlCompiler newCompiler() {
        return new SqliteCompiler(this);
    }

    @Override
    public String typeDdl(TypeEngine<?> type) {
        if (type.dialectImpl(this) instanceof SqlType<?> s && s.kind() == TypeKind.UUID) {
            return "CHAR(32)";
        }
        if (type.dialectImpl(this) instanceof SqlType<?> s && s.kind() == TypeKind.INTERVAL) {
            // Microseconds under a name with INTEGER affinity ("INT" in it), so that reflection gives INTERVAL back.
            return "INTERVAL";
        }
        return super.typeDdl(type);
    }

    /**
     * {@code PRAGMA query_only}: sqlite-jdbc's {@code setReadOnly} works only in its explicit
     * read-only mode, which would begin every other transaction with {@code BEGIN IMMEDIATE}
     * (taking the write lock for readers too); the pragma makes the connection refuse writes.
     */
    @Override
    public void setReadOnly(java.sql.Connection c, boolean readOnly) throws java.sql.SQLException {
        try (java.sql.Statement s = c.createStatement()) {
            s.execute(queryOnly(readOnly));
        }
    }

    @Override
    public String readOnlyInitSql() {
        return queryOnly(true);
    }

    @Override
    public boolean isReadOnly(java.sql.Connection c) throws java.sql.SQLException {
        try (java.sql.Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery("PRAGMA query_only")) {
            return rs.next() && rs.getInt(1) != 0;
        }
    }

    /** The statement that turns read-only mode on or off. */
    private static String queryOnly(boolean readOnly) {
        return "PRAGMA query_only = " + (readOnly ? 1 : 0);
    }

    @Override
    protected String formatTemporal(TypeKind kind, Object value) {
        return SqliteJdbcBinder.format(kind, value);
    }

    /** SQLite's DDL options (as SQLAlchemy's SQLiteDDLCompiler renders them). */
    static final class SqliteCompiler extends SqlCompiler {
        SqliteCompiler(Dialect d) {
            super(d);
        }

        /** The JSON element compared with a scalar parameter that {@link #visitBinary} is writing, or null. */
        private dev.retort.sql.BinaryExpression<?> comparedElement;

        /**
         * {@code JSON_EXTRACT(data, ?) = ?}: a JSON element compared ({@code =}, {@code <}, IN ...)
         * with a scalar parameter, which binds as itself (31, 'ann'), is compared as the SQL value
         * JSON_EXTRACT gives (31, 'ann'). SQLAlchemy writes the element's JSON text,
         * {@code JSON_QUOTE(JSON_EXTRACT(data, ?))} ('31', '"ann"'), which never equals the value
         * and sorts above every number: a deliberate difference (JsonScalarComparisonTest).
         */
        @Override
        public String visitBinary(dev.retort.sql.BinaryExpression<?> b) {
            if (!b.operator().comparesValues()) {
                return super.visitBinary(b);
            }
            dev.retort.sql.BinaryExpression<?> outer = comparedElement;
            comparedElement = b.left() instanceof dev.retort.sql.BinaryExpression<?> e && isJsonElement(e)
                    && b.right() instanceof dev.retort.sql.BindParameter<?> p && p.type() != null && !p.type().kind().isJson()
                    && p.type().kind() != TypeKind.NULL ? e : null;
            try {
                return super.visitBinary(b);
            } finally {
                comparedElement = outer;
            }
        }

        private static boolean isJsonElement(dev.retort.sql.BinaryExpression<?> e) {
            return (e.operator() == dev.retort.sql.Operator.GETITEM || e.operator() == dev.retort.sql.Operator.GETPATH)
                    && ((ColumnElement<?>) e.left()).type().kind().isJson();
        }

        @Override
        protected String item(dev.retort.sql.BinaryExpression<?> b, String left, String key, boolean text) {
            return super.item(b, left, key, text || b == comparedElement);
        }

        /**
         * A decimal's parameter binds as its exact text, unchecked ({@link SqliteExactDecimal}), only
         * where SQLite provably keeps that text: a bare column of the outermost SELECT, or stored into,
         * or compared with, a table's column whose declared type has TEXT affinity. Anywhere else
         * NUMERIC affinity may turn it into a REAL, so the binder refuses more than 15 digits.
         */
        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public TypeEngine<?> boundType(TypeEngine<?> type, ColumnElement<?> target, boolean selected) {
            if (type.dialectImpl(dialect).kind() != TypeKind.NUMERIC) {
                return type;
            }
            ColumnElement<?> column = target;
            while (column instanceof dev.retort.sql.ColumnProxy<?> p) {
                column = p.origin();
            }
            // a table's column only: a lightweight column() may be typed unlike the real one
            boolean textAffinity = column instanceof dev.retort.schema.Column<?> c && c.type() != null && c.type().kind() != TypeKind.NULL
                    && SqliteInspector.affinity(DeclaredType.parse(dialect.typeDdl(c.type())).name()) == dev.retort.types.Types.TEXT;
            return selected || textAffinity ? new SqliteExactDecimal(type) : type;
        }

        /** SQLite has no CREATE / DROP SCHEMA: a schema is an attached database (ATTACH DATABASE). */
        @Override
        protected void checkSchemas(String statement) {
            throw new dev.retort.exc.CompileException(statement + " is not available on dialect sqlite (a schema there is an attached database: ATTACH DATABASE)");
        }

        /** {@code schema.name ON table}: SQLite qualifies the index, not its table (which must be in the index's database). */
        @Override
        protected String indexOn(dev.retort.schema.Index ix) {
            return indexName(ix) + " ON " + tableIdentifier(ix.table());
        }

        @Override
        protected void checkViewOptions(boolean temporary, boolean orReplace, boolean materialized) {
            if (orReplace) {
                throw unsupportedView("CREATE OR REPLACE VIEW (drop and create it instead, or sqlite_if_not_exists)");
            }
            if (materialized) {
                throw unsupportedView("MATERIALIZED VIEW");
            }
        }

        /** {@code CREATE VIEW IF NOT EXISTS} from {@code sqlite_if_not_exists}, as SQLAlchemy's SQLite compiler. */
        @Override
        protected boolean viewIfNotExists(dev.retort.schema.CreateView cv) {
            return Boolean.TRUE.equals(option(cv, "if_not_exists"));
        }

        @Override
        protected String emptyValues() {
            return " DEFAULT VALUES";
        }

        /** SQLite resolves a foreign key's table in the referencing table's own schema: another schema's cannot be named. */
        @Override
        protected boolean rendersForeignKey(Table local, TableClause remote) {
            return Objects.equals(local.schema(), remote.schema());
        }

        @Override
        protected String referencedTableName(TableClause remote) {
            return tableIdentifier(remote);
        }

        /**
         * SQLite has no exclusive or: {@code (a | b) - (a & b)}. SQLAlchemy writes it without the
         * inner parentheses, which SQLite reads as {@code a | (b - a) & b} ({@code -} binds tighter).
         */
        @Override
        protected String bitwiseXor(String left, String right) {
            return "((" + left + " | " + right + ") - (" + left + " & " + right + "))";
        }

        /** SQLite has no ROLLUP, CUBE or GROUPING SETS. */
        @Override
        protected String groupingFunction(String keyword, List<ClauseElement> arguments) {
            throw unsupported(keyword);
        }

        @Override
        public String visitLateral(dev.retort.sql.Lateral l) {
            throw unsupported("LATERAL");
        }

        /** SQLite has no TABLESAMPLE: refused here rather than by the database's syntax error. */
        @Override
        public String visitTableSample(dev.retort.sql.TableSample t) {
            throw unsupported("TABLESAMPLE");
        }

        /** SQLite has table-valued functions (json_each) but no LATERAL, WITH ORDINALITY nor derived column lists. */
        @Override
        protected String lateralKeyword() {
            throw unsupported("LATERAL");
        }

        @Override
        protected String withOrdinality() {
            throw unsupported("WITH ORDINALITY");
        }

        @Override
        protected String derivedColumns(dev.retort.sql.TableValuedAlias t) {
            throw unsupported("A derived column list (AS name(col, ...))");
        }

        @Override
        public String visitScalarFunctionColumn(dev.retort.sql.ScalarFunctionColumn<?> c) {
            throw unsupported("A field of a function's row ((fn(...)).field)");
        }

        /** {@code UPDATE t SET a=v.column1 FROM (VALUES (?, ?), ...) AS v WHERE t.id = v.column2} (SQLite 3.33+; no limit of 500 rows as a UNION has). */
        @Override
        public String updateFromValues(dev.retort.schema.Table table, List<dev.retort.schema.Column<?>> set, List<dev.retort.schema.Column<?>> match,
                int rows, List<dev.retort.schema.Column<?>> returning) {
            return updateFromValues(table, set, match, rows, returning, false);
        }

        /**
         * SQLite cannot name a derived table's columns, and a UNION ALL of SELECTs stops at 500
         * rows (its compound-SELECT limit, which a VALUES list is free of): the VALUES list's own
         * columns ({@code column1}, ...) are renamed by a SELECT around it,
         * {@code SELECT column1 AS id, column2 AS label FROM (VALUES (?, ?), (?, ?))}.
         */
        @Override
        public String visitValues(dev.retort.sql.Values v) {
            StringJoiner names = new StringJoiner(", ", "SELECT ", " FROM (");
            for (int i = 0; i < v.columns().size(); i++) {
                names.add("column" + (i + 1) + " AS " + quote(v.columns().get(i).name()));
            }
            return names + super.visitValues(v) + ")";
        }

        /** {@code WITH w(id, label) AS (VALUES ...)}: SQLite refuses the renaming SELECT in a CTE of many rows ("Expression tree is too large"). */
        @Override
        protected String cteValues(dev.retort.sql.Values v) {
            return super.visitValues(v);
        }

        @Override
        protected String valuesColumns(dev.retort.sql.Values v) {
            return "";
        }

        /** SQLite has no ordered-set aggregates. */
        @Override
        public String visitWithinGroup(dev.retort.sql.WithinGroup<?> w) {
            throw unsupported("WITHIN GROUP");
        }

        /**
         * LIMIT always with OFFSET, as SQLAlchemy's SQLite dialect writes them: a missing LIMIT is a bound -1
         * (no limit) and a missing OFFSET a bound 0.
         */
        @Override
        protected String limitOffset(dev.retort.sql.ClauseElement limit, dev.retort.sql.ClauseElement offset) {
            if (limit == null && offset == null) {
                return "";
            }
            String l = process(limit != null ? limit : dev.retort.sql.SQL.literal(-1));
            return "\n LIMIT " + l + " OFFSET " + process(offset != null ? offset : dev.retort.sql.SQL.literal(0));
        }

        /** SQLite has no FETCH FIRST. */
        @Override
        public String fetchClause(dev.retort.sql.Fetch f, dev.retort.sql.ClauseElement offset) {
            return fetchAsLimit(f, offset);
        }

        /**
         * An empty IN / NOT IN list as an empty SELECT, as SQLAlchemy writes it for SQLite (whose older
         * versions do not take the generic {@code (NULL) AND (1 != 1)}); one column of 1s per tuple element.
         */
        @Override
        protected String emptyInForm(boolean in, int arity) {
            String ones = String.join(", ", java.util.Collections.nCopies(arity, "1"));
            return "SELECT " + ones + " FROM (SELECT " + ones + ") WHERE 1!=1";
        }

        /** SQLite takes a list of rows after IN only as a VALUES list. */
        @Override
        protected String tupleRowsBefore() {
            return "VALUES ";
        }

        /**
         * {@code RETURNING id, name}: SQLite's RETURNING sees only the modified table, and
         * SQLAlchemy writes its columns without the table name.
         */
        @Override
        protected boolean unqualifiedReturning() {
            return true;
        }

        // ---- upsert ----

        @Override
        public String visitOnDuplicateKey(dev.retort.sql.OnDuplicateKey d) {
            throw upsertUnavailable("ON DUPLICATE KEY UPDATE", "onConflictDoUpdate");
        }

        /** SQLite's ON CONFLICT names the columns of a unique index, never a constraint. */
        @Override
        protected String conflictConstraint(String name) {
            throw upsertUnavailable("ON CONFLICT ON CONSTRAINT", "the unique index's columns (ConflictTarget.of)");
        }

        /**
         * Whether the table's {@code sqlite_autoincrement} puts {@code PRIMARY KEY AUTOINCREMENT}
         * on this column: the lone integer primary key column, without a foreign key.
         */
        private boolean inlineAutoincrement(Column<?> c) {
            Table t = c.table();
            return Boolean.TRUE.equals(option(t, "autoincrement", Boolean.class)) && c.isPrimaryKey()
                    && t.primaryKeyColumns().size() == 1 && c.foreignKeys().isEmpty() && INTEGERS.contains(c.type().kind());
        }

        /** AUTOINCREMENT is only allowed on a column declared exactly INTEGER. */
        @Override
        protected String columnType(Column<?> c) {
            return inlineAutoincrement(c) ? "INTEGER" : super.columnType(c);
        }

        @Override
        protected String defaultClause(String text) {
            return isExpressionDefault(text) ? "(" + text + ")" : text;
        }

        /**
         * An enum is a VARCHAR whose CHECK admits its labels only; with {@code createConstraint}
         * the table's CHECK ({@link #typeCheck}) does it instead.
         */
        @Override
        protected String columnSpec(Column<?> c) {
            StringBuilder sb = new StringBuilder(super.columnSpec(c));
            if (c.type().dialectImpl(dialect) instanceof EnumType<?> e && !e.isCreateConstraint()) {
                StringJoiner labels = new StringJoiner(", ", " CHECK (" + columnName(c) + " IN (", "))");
                e.labels().forEach(l -> labels.add(dialect.renderLiteral(TypeKind.STRING, l)));
                sb.append(labels);
            }
            if (!c.isNullable()) {
                // The base spec ends with NOT NULL, which the clause qualifies.
                sb.append(onConflict(c, "on_conflict_not_null"));
            }
            if (inlineAutoincrement(c)) {
                sb.append(" PRIMARY KEY").append(onConflict(c, "on_conflict_primary_key")).append(" AUTOINCREMENT");
            }
            return sb.toString();
        }

        @Override
        protected String constraintSpec(Constraint c) {
            if (c instanceof PrimaryKeyConstraint && c.columns().size() == 1 && inlineAutoincrement(c.columns().get(0))) {
                return null;
            }
            String spec = super.constraintSpec(c);
            String clause = onConflict(c, "on_conflict");
            if (clause.isEmpty() && c.columns().size() == 1) {
                // A single-column constraint also takes its column's option for it.
                String columnOption = c instanceof PrimaryKeyConstraint ? "on_conflict_primary_key" : c instanceof UniqueConstraint ? "on_conflict_unique" : null;
                clause = columnOption == null ? "" : onConflict(c.columns().get(0), columnOption);
            }
            return spec == null ? null : spec + clause;
        }

        /** {@code " ON CONFLICT <resolution>"} when the option is set, else "". */
        private String onConflict(DialectKwArgs<?> construct, String argument) {
            String resolution = optionWord(construct, argument);
            if (resolution == null) {
                return "";
            }
            if (!CONFLICT_RESOLUTIONS.contains(resolution.toUpperCase(Locale.ROOT))) {
                throw badOption(construct, argument, "must be one of ROLLBACK, ABORT, FAIL, IGNORE, REPLACE, got '" + resolution + "'");
            }
            return " ON CONFLICT " + resolution.toUpperCase(Locale.ROOT);
        }

        @Override
        protected String tableOptions(Table t) {
            StringJoiner out = new StringJoiner(",\n ", "\n ", "").setEmptyValue("");
            if (Boolean.FALSE.equals(option(t, "with_rowid", Boolean.class))) {
                out.add("WITHOUT ROWID");
            }
            if (Boolean.TRUE.equals(option(t, "strict", Boolean.class))) {
                out.add("STRICT");
            }
            return out.toString();
        }

        @Override
        protected String indexOptions(Index ix) {
            return partialIndexWhere(ix);
        }

        /** SQLite has no identity columns: an INTEGER PRIMARY KEY is the rowid, generated anyway. */
        @Override
        protected boolean supportsIdentityColumns() {
            return false;
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

        /** Intervals are microseconds in a BIGINT and times are text here: no arithmetic that would keep both exact. */
        @Override
        protected String intervalArithmetic(dev.retort.sql.Operator op, String left, String interval) {
            throw new dev.retort.exc.CompileException("Date arithmetic with an INTERVAL is not available on dialect sqlite: " + left + " " + op.sql() + " " + interval);
        }

        /** The same reason as {@link #intervalArithmetic}. */
        @Override
        protected String timeDifference(String later, String earlier) {
            throw new dev.retort.exc.CompileException("The INTERVAL between two times (durationSince) is not available on dialect sqlite: " + later + " - " + earlier);
        }

        // ---- ALTER TABLE (schema changes): what SQLite cannot do; a migration rebuilds the table instead ----

        /** SQLite has no ALTER TABLE ... ADD CONSTRAINT (and needs none: a foreign key may name a table created later). */
        @Override
        public String visitAddConstraint(dev.retort.schema.AddConstraint ac) {
            throw new dev.retort.exc.CompileException("SQLite cannot add a constraint to an existing table ("
                    + (ac.constraint() != null ? ac.constraint() : ac.foreignKey().parent() + " -> " + ac.foreignKey().target()) + " of " + ac.table().name() + ")");
        }

        @Override
        public String visitDropConstraint(dev.retort.schema.DropConstraint dc) {
            throw new dev.retort.exc.CompileException("SQLite cannot drop a constraint of an existing table (" + dc.constraint() + " of " + dc.table().name() + ")");
        }

        @Override
        public String visitAlterColumn(dev.retort.schema.AlterColumn ac) {
            throw new dev.retort.exc.CompileException("SQLite cannot alter a column (" + ac.column() + ")");
        }

        @Override
        public String visitSetTableComment(dev.retort.schema.SetTableComment sc) {
            throw new dev.retort.exc.CompileException("SQLite keeps no comments (table " + sc.table().name() + ")");
        }

        @Override
        public String visitSetColumnComment(dev.retort.schema.SetColumnComment sc) {
            throw new dev.retort.exc.CompileException("SQLite keeps no comments (column " + sc.column() + ")");
        }

        // ---- end of ALTER TABLE ----

        /** SQLite locks the whole database and has no FOR UPDATE; SQLAlchemy leaves the clause out, and so does Retort. */
        @Override
        public String visitForUpdate(dev.retort.sql.ForUpdate f) {
            return "";
        }

        @Override
        protected String regexpMatch(String left, String right, boolean negated) {
            throw unsupported("A regular-expression match (no regexp function is registered on SQLite connections)");
        }

        @Override
        protected String regexpMatch(String left, String right, boolean negated, String flags) {
            return regexpMatch(left, right, negated);
        }

        @Override
        protected String regexpReplace(String left, String pattern, String replacement, String flags) {
            throw unsupported("A regular-expression replacement");
        }

        /** SQLite has no ANY / ALL (SQLAlchemy writes them all the same): refused, not sent. */
        @Override
        protected String collectionAggregate(dev.retort.sql.Operator op, String groupedOperand) {
            throw unsupported(op.sql() + " (...)");
        }

        /** The database has no BETWEEN SYMMETRIC (SQLAlchemy writes it all the same): refused, not sent. */
        @Override
        protected String betweenSymmetric(String left, String bounds, boolean negated) {
            throw unsupported("BETWEEN SYMMETRIC");
        }

        /** strftime codes for the EXTRACT fields SQLite can compute (SQLAlchemy's map). */
        private static final java.util.Map<String, String> STRFTIME = java.util.Map.of("year", "%Y", "month", "%m", "day", "%d",
                "hour", "%H", "minute", "%M", "second", "%S", "doy", "%j", "dow", "%w", "week", "%W", "epoch", "%s");

        @Override
        public String visitExtract(dev.retort.sql.Extract e) {
            String code = STRFTIME.get(e.field().toLowerCase(Locale.ROOT));
            if (code == null) {
                throw unsupported("EXTRACT(" + e.field() + ")");
            }
            return "CAST(STRFTIME('" + code + "', " + process(e.expr()) + ") AS INTEGER)";
        }

        /** SQLite's IS / IS NOT compare NULLs as values. */
        @Override
        protected String distinctFrom(String left, String right, boolean distinct) {
            return left + (distinct ? " IS NOT " : " IS ") + right;
        }

        /** SQLite divides integers to an integer; adding 0.0 makes the division true, as SQLAlchemy does. */
        @Override
        protected String trueDivision(String left, ColumnElement<?> right) {
            return left + " / (" + process(right) + " + 0.0)";
        }

        @Override
        protected String aggregateStrings(String expr, String separator, String orderBy) {
            return "group_concat(" + expr + ", " + separator + orderBy + ")";
        }

        @Override
        protected String genericFunction(String name, List<ClauseElement> arguments) {
            if (arguments.isEmpty()) {
                if (name.equals("now")) {
                    return "CURRENT_TIMESTAMP";
                }
                if (name.equals("localtimestamp")) {
                    return "DATETIME(CURRENT_TIMESTAMP, 'localtime')";
                }
            }
            if (name.equals("char_length")) {
                return call("length", arguments);
            }
            return super.genericFunction(name, arguments);
        }

        /**
         * SQLite has no multi-table DELETE: the criteria move into a correlated
         * {@code EXISTS (SELECT 1 FROM other WHERE ...)}, which deletes the same rows.
         */
        @Override
        public String visitDelete(Delete d) {
            List<FromClause> extra = extraFroms(d.target(), d.whereCriteria(), List.of());
            if (extra.isEmpty()) {
                return super.visitDelete(d);
            }
            Select rows = SQL.select(SQL.literalColumn("1")).selectFrom(extra.toArray(new FromClause[0]))
                    .where(d.whereCriteria().toArray(new ClauseElement[0]));
            Delete rewritten = (d.target() instanceof dev.retort.sql.Alias a ? SQL.delete(a) : SQL.delete(d.table())).where(SQL.exists(rows)).returning(d.returningColumns().toArray());
            for (int i = 0; i < d.addedCtes().size(); i++) {
                rewritten = d.addedCtesNestHere().get(i) ? rewritten.addNestedCte(d.addedCtes().get(i)) : rewritten.addCte(d.addedCtes().get(i));
            }
            return super.visitDelete(rewritten);
        }

        /** Members of a compound SELECT cannot be parenthesised in SQLite; a subquery groups them instead. */
        @Override
        protected String groupedMember(String member) {
            return "SELECT * FROM (" + member + ")";
        }
    }
}
