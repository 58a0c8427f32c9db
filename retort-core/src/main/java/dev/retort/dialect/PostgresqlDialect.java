package dev.retort.dialect;

import dev.retort.schema.Column;
import dev.retort.schema.Constraint;
import dev.retort.schema.CreateIndex;
import dev.retort.schema.DialectKwArgs;
import dev.retort.schema.DropIndex;
import dev.retort.schema.Index;
import dev.retort.schema.PrimaryKeyConstraint;
import dev.retort.schema.Table;
import dev.retort.schema.UniqueConstraint;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnClause;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.Label;
import dev.retort.sql.SchemaTranslateMap;
import dev.retort.exc.CompileException;
import dev.retort.types.ArrayType;
import dev.retort.types.DomainType;
import dev.retort.types.EnumType;
import dev.retort.types.NamedType;
import dev.retort.types.SqlType;
import dev.retort.types.TypeEngine;
import dev.retort.types.TypeKind;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * PostgreSQL: native BOOLEAN, UUID, BYTEA, JSON, TIMESTAMP WITH TIME ZONE, ILIKE, RETURNING.
 *
 * <p>Dialect-specific options, as in SQLAlchemy: on an {@link Index} {@code postgresql_where}
 * (a partial index), {@code postgresql_using} (access method), {@code postgresql_include}
 * (covering columns), {@code postgresql_ops} (operator class per column key),
 * {@code postgresql_concurrently}, {@code postgresql_with} (storage parameters) and
 * {@code postgresql_tablespace}; on a {@link Table} {@code postgresql_with},
 * {@code postgresql_tablespace}, {@code postgresql_inherits} (a parent table, or its name as one
 * identifier, quoted as needed; or a list of them) and {@code postgresql_partition_by} ({@code RANGE (col)}, {@code LIST (col)},
 * {@code HASH (col)}; checked, see {@link SqlCompiler#partitionSpec}), {@code postgresql_using}
 * (a table access method), {@code postgresql_with_oids} and {@code postgresql_on_commit}
 * ({@code preserve_rows}, {@code delete_rows}, {@code drop}, for temporary tables); on a primary key or unique
 * constraint {@code postgresql_include}; on an index or a unique constraint
 * {@code postgresql_nulls_not_distinct} (true: {@code NULLS NOT DISTINCT}, false: {@code NULLS
 * DISTINCT}; PostgreSQL 15+); on a foreign key or check constraint
 * {@code postgresql_not_valid} (true: {@code NOT VALID}, for {@code AddConstraint}).
 */
final class PostgresqlDialect extends BuiltInDialect {
    /** What ON COMMIT takes, as postgresql_on_commit spells it with underscores. */
    private static final java.util.Set<String> ON_COMMIT = java.util.Set.of("PRESERVE ROWS", "DELETE ROWS", "DROP");
    private static final JdbcBinder BINDER = new PostgresqlJdbcBinder();
    private static final ConstructArguments ARGUMENTS = ConstructArguments.builder()
            .on(Index.class).arg("where").arg("using").arg("include").arg("ops", Map.of()).arg("concurrently", false)
            .arg("with", Map.of()).arg("tablespace").arg("nulls_not_distinct")
            .on(Table.class).arg("with", Map.of()).arg("tablespace").arg("inherits").arg("partition_by").arg("using").arg("with_oids").arg("on_commit")
            .on(PrimaryKeyConstraint.class, UniqueConstraint.class).arg("include")
            .on(UniqueConstraint.class).arg("nulls_not_distinct")
            .on(dev.retort.schema.ForeignKeyConstraint.class, dev.retort.schema.CheckConstraint.class).arg("not_valid", false)
            .on(dev.retort.schema.CreateView.class).arg("with", Map.of())
            .build();

    PostgresqlDialect() {
        super("postgresql", BINDER, new PostgresqlInspector(), true, ARGUMENTS);
    }

    @Override
    public boolean supportsMultiTableDeleteReturning() {
        return true;
    }

    @Override
    public boolean supportsSequences() {
        return true;
    }

    @Override
    public boolean supportsNativeEnum() {
        return true;
    }

    @Override
    public boolean supportsUpdateFromValues() {
        return true;
    }

    @Override
    public boolean prefersUpdateFromValues() {
        return true;
    }

    @Override
    public int maxBindParameters() {
        return 65535;
    }

    @Override
    protected Set<String> reservedWords() {
        return ReservedWords.POSTGRESQL;
    }

    /** Adds the server's shutdown codes: admin_shutdown, crash_shutdown, cannot_connect_now (57P01-57P03). */
    @Override
    protected boolean isDisconnectError(SQLException e) {
        String state = e.getSQLState();
        return super.isDisconnectError(e) || "57P01".equals(state) || "57P02".equals(state) || "57P03".equals(state);
    }

    /** Adds deadlock_detected (40P01) to serialization_failure. */
    @Override
    protected boolean isSerializationFailureError(SQLException e) {
        return super.isSerializationFailureError(e) || "40P01".equals(e.getSQLState());
    }

    /** NAMEDATALEN - 1: PostgreSQL cuts a longer name silently, so two long names that share a prefix become one. */
    @Override
    public int maxIdentifierLength() {
        return 63;
    }

    @Override
    public SqlCompiler newCompiler() {
        return new PostgresqlCompiler(this);
    }

    /** CREATE/DROP INDEX CONCURRENTLY refuses to run inside a transaction block. */
    /** PostgreSQL keeps comments with COMMENT ON, after CREATE TABLE. */
    @Override
    public boolean separateCommentStatements() {
        return true;
    }

    @Override
    public boolean requiresAutocommit(ClauseElement ddl) {
        Index ix = ddl instanceof CreateIndex ci ? ci.index() : ddl instanceof DropIndex di ? di.index() : null;
        return ix != null && Boolean.TRUE.equals(ix.dialectOption(name(), "concurrently"));
    }

    @Override
    public String typeDdl(TypeEngine<?> type) {
        return typeDdl(type, null);
    }

    /** Enum types and domains are named in their schema translated by {@code map}, as SQLAlchemy's {@code format_type}. */
    @Override
    public String typeDdl(TypeEngine<?> type, SchemaTranslateMap map) {
        TypeEngine<?> t = type.dialectImpl(this);
        if (t instanceof EnumType<?> e && e.isNativeEnum()) {
            return qualifiedEnumName(e, map);
        }
        if (t instanceof DomainType<?> d) {
            return domainName(d, map);
        }
        if (t instanceof ArrayType<?> a) {
            // a collated element's COLLATE after the brackets (VARCHAR(30)[] COLLATE "C"): before them is a syntax error
            return castTypeName(a.elementType(), map) + "[]".repeat(a.dimensions() == null ? 1 : a.dimensions()) + castCollation(a.elementType());
        }
        if (t instanceof dev.retort.types.RangeType<?> || t instanceof dev.retort.types.HstoreType) {
            return t.visitName();
        }
        if (t instanceof SqlType<?> s) {
            switch (s.kind()) {
                case JSONB: return "JSONB";
                case INTERVAL: return "INTERVAL";
                case DOUBLE: return "DOUBLE PRECISION";
                case FLOAT: return "FLOAT" + precisionDdl(s);
                case BINARY: return "BYTEA";
                case TIME: return "TIME" + precisionDdl(s) + " WITHOUT TIME ZONE";
                case TIMETZ: return "TIME" + precisionDdl(s) + " WITH TIME ZONE";
                case DATETIME: return "TIMESTAMP" + precisionDdl(s) + " WITHOUT TIME ZONE";
                case TIMESTAMP: return "TIMESTAMP" + precisionDdl(s) + " WITH TIME ZONE";
                default: break;
            }
        }
        return super.typeDdl(type);
    }

    /** A named type's cast name: its schema translated by {@code map}, like its DDL name. */
    @Override
    public String castTypeName(TypeEngine<?> type, SchemaTranslateMap map) {
        TypeEngine<?> t = type.dialectImpl(this);
        return map != null && (t instanceof EnumType<?> || t instanceof DomainType<?> || t instanceof ArrayType<?>) ? typeDdl(type, map) : castTypeName(type);
    }

    /** An enum type's name as DDL and casts write it, qualified by its schema translated by {@code map} (null: none). */
    private String qualifiedEnumName(EnumType<?> e, SchemaTranslateMap map) {
        return qualified(e.schema(), enumName(e), map);
    }

    /** {@code schema.name}, the schema translated by {@code map}; the name alone where no schema results. */
    private String qualified(String schema, String name, SchemaTranslateMap map) {
        String s = map == null ? schema : map.schemaFor(schema);
        return s == null ? quoteIdentifier(name) : quoteIdentifier(s) + "." + quoteIdentifier(name);
    }

    private static String enumName(EnumType<?> e) {
        if (e.name() == null) {
            throw new CompileException("An enum type needs a name on PostgreSQL, where it is a type of its own: " + e.labels()
                    + " (Types.enumOf(name, labels...))");
        }
        return e.name();
    }

    /** CREATE TYPE ... AS ENUM and CREATE DOMAIN, of the type or its array's elements, skipped when the type exists. */
    @Override
    public List<String> createTypeStatements(TypeEngine<?> type) {
        return createTypeStatements(type, null);
    }

    @Override
    public List<String> createTypeStatements(TypeEngine<?> type, SchemaTranslateMap map) {
        TypeEngine<?> t = type.dialectImpl(this);
        if (t instanceof ArrayType<?> a) {
            return createTypeStatements(a.elementType(), map);
        }
        String create;
        if (t instanceof EnumType<?> e) {
            if (!e.isCreateType() || !e.isNativeEnum()) {
                return List.of();
            }
            create = createEnum(e, map);
        } else if (t instanceof DomainType<?> d) {
            if (!d.isCreateType()) {
                return List.of();
            }
            List<String> out = new ArrayList<>(createTypeStatements(d.baseType(), map));
            out.add(ignoringDuplicate(createDomain(d, map)));
            return out;
        } else {
            return List.of();
        }
        return List.of(ignoringDuplicate(create));
    }

    /** {@code CREATE TYPE name AS ENUM ('a', 'b')}, as SQLAlchemy writes it. */
    private String createEnum(EnumType<?> e, SchemaTranslateMap map) {
        StringJoiner labels = new StringJoiner(", ", "(", ")");
        e.labels().forEach(l -> labels.add(quoteString(l)));
        return "CREATE TYPE " + qualifiedEnumName(e, map) + " AS ENUM " + labels;
    }

    /** A domain's name, qualified by its schema translated by {@code map} (null: none). */
    private String domainName(DomainType<?> d, SchemaTranslateMap map) {
        return qualified(d.schema(), d.name(), map);
    }

    /** {@code CREATE DOMAIN name AS type [COLLATE c] [DEFAULT x] [CONSTRAINT n] [NOT NULL] [CHECK (...)]}, as SQLAlchemy writes it. */
    private String createDomain(DomainType<?> d, SchemaTranslateMap map) {
        StringBuilder sb = new StringBuilder("CREATE DOMAIN ").append(domainName(d, map)).append(" AS ").append(typeDdl(d.baseType(), map));
        if (d.collation() != null) {
            sb.append(" COLLATE ").append(d.collationSchema() == null ? "" : quoteIdentifier(d.collationSchema()) + ".").append(quoteIdentifier(d.collation()));
        }
        if (d.defaultSql() != null) {
            sb.append(" DEFAULT ").append(d.defaultSql());
        }
        if (d.constraintName() != null) {
            sb.append(" CONSTRAINT ").append(quoteIdentifier(d.constraintName()));
        }
        if (d.isNotNull()) {
            sb.append(" NOT NULL");
        }
        if (d.check() != null) {
            sb.append(" CHECK (").append(d.check()).append(')');
        }
        return d.constraints() == null ? sb.toString() : sb + " " + d.constraints();
    }

    /**
     * PostgreSQL has no CREATE TYPE IF NOT EXISTS: a DO block ignores the duplicate instead. Its
     * dollar quote's tag is one the statement does not hold: an enum label or a domain's check
     * holding it would end the block early, and the rest would run as statements of its own.
     */
    private static String ignoringDuplicate(String ddl) {
        String tag = "$retort$";
        for (int n = 1; ddl.contains(tag); n++) {
            tag = "$retort" + n + "$";
        }
        return "DO " + tag + " BEGIN " + ddl + "; EXCEPTION WHEN duplicate_object THEN NULL; END " + tag;
    }

    @Override
    public List<String> dropTypeStatements(TypeEngine<?> type) {
        return dropTypeStatements(type, null);
    }

    @Override
    public List<String> dropTypeStatements(TypeEngine<?> type, SchemaTranslateMap map) {
        TypeEngine<?> t = type.dialectImpl(this);
        if (t instanceof ArrayType<?> a) {
            return dropTypeStatements(a.elementType(), map);
        }
        if (t instanceof EnumType<?> e) {
            return e.isCreateType() && e.isNativeEnum() ? List.of("DROP TYPE IF EXISTS " + qualifiedEnumName(e, map)) : List.of();
        }
        if (t instanceof DomainType<?> d) {
            return d.isCreateType() ? List.of("DROP DOMAIN IF EXISTS " + domainName(d, map)) : List.of();
        }
        return List.of();
    }

    /** The element type name {@code Connection.createArrayOf} takes. */
    static String arrayElementName(TypeEngine<?> element) {
        if (element instanceof EnumType<?> e) {
            return e.isNativeEnum() ? enumName(e) : "varchar";
        }
        if (element instanceof DomainType<?> d) {
            return arrayElementName(d.baseType());
        }
        if (element instanceof NamedType<?> n) {
            return n.name();
        }
        switch (element.kind()) {
            case INTEGER: return "int4";
            case BIGINT: return "int8";
            case SMALLINT: return "int2";
            case BOOLEAN: return "bool";
            case FLOAT: return "float4";
            case DOUBLE: return "float8";
            case NUMERIC: return "numeric";
            case STRING: return "varchar";
            case DATE: return "date";
            case TIME: return "time";
            case TIMETZ: return "timetz";
            case DATETIME: return "timestamp";
            case TIMESTAMP: return "timestamptz";
            case BINARY: return "bytea";
            case UUID: return "uuid";
            case JSON: return "json";
            case JSONB: return "jsonb";
            case INTERVAL: return "interval";
            default: return "text";
        }
    }

    @Override
    protected String intervalLiteral(java.time.Duration d) {
        return quoteString(PostgresqlJdbcBinder.intervalText(d)) + "::interval";
    }

    @Override
    protected String renderBoolean(boolean b) {
        return b ? "true" : "false";
    }

    @Override
    protected String renderBinary(byte[] b) {
        return "'\\x" + JdbcBinder.hex(b) + "'::bytea";
    }

    /**
     * A string holding a backslash is written {@code E'...'} with the backslash doubled: that
     * reads the same whether {@code standard_conforming_strings} is on or off, where a plain
     * {@code '...'} would not.
     */
    @Override
    protected String quoteString(String s) {
        String quoted = super.quoteString(s);
        return s.indexOf('\\') < 0 ? quoted : "E" + quoted.replace("\\", "\\\\");
    }

    @Override
    protected String uuidText(java.util.UUID u) {
        return u.toString();
    }

    @Override
    public String renderLiteral(TypeKind kind, Object value) {
        String s = super.renderLiteral(kind, value);
        switch (kind) {
            case DATE: return s + "::date";
            case TIME: return s + "::time";
            case TIMETZ: return s + "::timetz";
            case DATETIME: return s + "::timestamp";
            case TIMESTAMP: return s + "::timestamptz";
            case UUID: return s + "::uuid";
            default: return s;
        }
    }

    /** PostgreSQL spells case-insensitive LIKE natively. */
    static final class PostgresqlCompiler extends SqlCompiler {
        /** NULL: an identity column is NOT NULL unless said otherwise here (SQLAlchemy's PGDDLCompiler). */
        @Override
        protected String nullableIdentity() {
            return " NULL";
        }

        /** PostgreSQL 15's {@code ON DELETE SET NULL (a, b)}: the columns to set, as plain names. */
        private static final Pattern SET_COLUMNS = Pattern.compile("(?i)SET (?:NULL|DEFAULT)\\s*\\(\\s*\\w+(?:\\s*,\\s*\\w+)*\\s*\\)");

        @Override
        protected String referentialAction(String action, boolean onDelete) {
            return onDelete && SET_COLUMNS.matcher(action).matches() ? action : super.referentialAction(action, onDelete);
        }

        /** PostgreSQL's one table hint is {@code ONLY} (leave out the table's inheritors), written before the table. */
        @Override
        protected String fromHint(String sql, String hint) {
            if (!hint.equalsIgnoreCase("ONLY")) {
                throw new CompileException("Unrecognized hint for PostgreSQL: '" + hint + "' (only ONLY is)");
            }
            return "ONLY " + sql;
        }

        PostgresqlCompiler(Dialect d) {
            super(d);
        }

        /**
         * {@code EXCLUDE USING method (element [opclass] WITH op, ...) [WHERE (predicate)]}, as
         * SQLAlchemy's PGDDLCompiler: elements unqualified, the predicate as a statement writes it,
         * both with values inline.
         */
        @Override
        protected String constraintSpec(Constraint c) {
            if (!(c instanceof dev.retort.schema.ExcludeConstraint x)) {
                return super.constraintSpec(c);
            }
            StringJoiner elements = new StringJoiner(", ");
            for (int i = 0; i < x.elements().size(); i++) {
                ClauseElement e = x.expressions().get(i);
                String opclass = e instanceof dev.retort.sql.ColumnClause<?> col ? x.ops().get(col.key()) : null;
                elements.add(ddlExpression(e) + (opclass == null ? "" : " " + opclass) + " WITH " + x.elements().get(i).operator());
            }
            return (c.name() == null ? "" : "CONSTRAINT " + quote(c.name()) + " ") + "EXCLUDE USING " + x.using() + " (" + elements + ")"
                    + (x.where() == null ? "" : " WHERE (" + inline(x.where(), false) + ")") + deferrability(c);
        }

        @Override
        public String visitCreateEnumType(dev.retort.schema.CreateEnumType ct) {
            return ((PostgresqlDialect) dialect).createEnum(ct.type(), schemaTranslateMap());
        }

        @Override
        public String visitCreateDomainType(dev.retort.schema.CreateDomainType cd) {
            return ((PostgresqlDialect) dialect).createDomain(cd.type(), schemaTranslateMap());
        }

        @Override
        public String visitDropDomainType(dev.retort.schema.DropDomainType dd) {
            return "DROP DOMAIN " + ((PostgresqlDialect) dialect).domainName(dd.type(), schemaTranslateMap());
        }

        @Override
        public String visitDropEnumType(dev.retort.schema.DropEnumType dt) {
            return "DROP TYPE " + ((PostgresqlDialect) dialect).qualifiedEnumName(dt.type(), schemaTranslateMap());
        }

        /** PostgreSQL's materialized views are neither temporary nor replaced in place. */
        @Override
        protected void checkViewOptions(boolean temporary, boolean orReplace, boolean materialized) {
            if (materialized && temporary) {
                throw unsupportedView("TEMPORARY MATERIALIZED VIEW");
            }
            if (materialized && orReplace) {
                throw unsupportedView("CREATE OR REPLACE MATERIALIZED VIEW (drop and create it instead)");
            }
        }

        /** {@code WITH (security_barrier = true)} from {@code postgresql_with}, as SQLAlchemy writes it. */
        @Override
        protected String createViewOptions(dev.retort.schema.CreateView cv) {
            return storage(cv, "", "");
        }

        @Override
        protected String emptyValues() {
            return " DEFAULT VALUES";
        }

        /**
         * {@code INSERT INTO t (a, b) SELECT p0::T, p1::U FROM (VALUES (?, ?, 0), ...) AS
         * imp_sen(p0, p1, sen_counter) ORDER BY sen_counter}: a multi-row VALUES list does not
         * promise that a sequence numbers its rows in their order, an INSERT from an ordered
         * SELECT does. The casts give the VALUES columns the target columns' types (a string
         * casts to VARCHAR without its length, so that too long a value fails rather than being
         * cut).
         */
        @Override
        public String insertManyValues(String head, List<? extends ColumnClause<?>> columns, String row, int rows, String tail) {
            StringBuilder sb = new StringBuilder(head.length() + tail.length() + rows * (row.length() + 10) + 64 * columns.size());
            sb.append(head).append(" SELECT ");
            StringJoiner names = new StringJoiner(", ", "imp_sen(", ", sen_counter)");
            for (int i = 0; i < columns.size(); i++) {
                TypeEngine<?> type = columns.get(i).type();
                boolean string = type.dialectImpl(dialect()).kind() == TypeKind.STRING;
                sb.append(i == 0 ? "p" : ", p").append(i).append("::").append(string ? "VARCHAR" : dialect().castTypeName(type, schemaTranslateMap()));
                names.add("p" + i);
            }
            sb.append(" FROM (VALUES ");
            String open = row.substring(0, row.length() - 1);
            for (int r = 0; r < rows; r++) {
                sb.append(r == 0 ? "" : ", ").append(open).append(", ").append(r).append(')');
            }
            return sb.append(") AS ").append(names).append(" ORDER BY sen_counter").append(tail).toString();
        }

        /** {@code UPDATE t SET a=v.p0 FROM (VALUES (?::INTEGER, ?::DATE), ...) AS v (p0, p1) WHERE t.id = v.p1}. */
        @Override
        public String updateFromValues(dev.retort.schema.Table table, List<dev.retort.schema.Column<?>> set, List<dev.retort.schema.Column<?>> match,
                int rows, List<dev.retort.schema.Column<?>> returning) {
            return updateFromValues(table, set, match, rows, returning, true);
        }

        @Override
        public String visitForUpdate(dev.retort.sql.ForUpdate f) {
            StringBuilder sb = new StringBuilder(f.isRead() ? (f.isKeyShare() ? " FOR KEY SHARE" : " FOR SHARE")
                    : f.isKeyShare() ? " FOR NO KEY UPDATE" : " FOR UPDATE");
            if (!f.of().isEmpty()) {
                sb.append(" OF ").append(lockTargets(f.of()));
            }
            return sb.append(f.isNowait() ? " NOWAIT" : f.isSkipLocked() ? " SKIP LOCKED" : "").toString();
        }

        @Override
        protected String distinctOn(List<dev.retort.sql.ColumnElement<?>> expressions) {
            return "DISTINCT ON (" + list(new java.util.ArrayList<>(expressions)) + ") ";
        }

        /** PostgreSQL has FETCH FIRST ... ONLY and WITH TIES (13+), not PERCENT; SQLAlchemy parenthesises the numbers. */
        @Override
        public String fetchClause(dev.retort.sql.Fetch f, dev.retort.sql.ClauseElement offset) {
            refuseFetch(f, false, true);
            return fetchClause(f, offset, true);
        }

        /** PostgreSQL's {@code ^} raises to a power; its exclusive or is {@code #}. */
        @Override
        protected String bitwiseXor(String left, String right) {
            return left + " # " + right;
        }

        @Override
        protected String regexpMatch(String left, String right, boolean negated) {
            return left + (negated ? " !~ " : " ~ ") + right;
        }

        @Override
        protected String deleteUsing(dev.retort.sql.FromClause target, List<dev.retort.sql.FromClause> extra) {
            return " USING " + fromList(extra);
        }

        @Override
        protected String aggregateStrings(String expr, String separator, String orderBy) {
            return "string_agg(" + expr + ", " + separator + orderBy + ")";
        }

        /** PostgreSQL spells {@code pow} as {@code power}, and {@code substring} in its SQL-standard form. */
        @Override
        protected String genericFunction(String name, List<ClauseElement> arguments) {
            if (name.equals("pow")) {
                return call("power", arguments);
            }
            if (name.equals("substring") && (arguments.size() == 2 || arguments.size() == 3)) {
                return "SUBSTRING(" + process(arguments.get(0)) + " FROM " + process(arguments.get(1))
                        + (arguments.size() == 3 ? " FOR " + process(arguments.get(2)) : "") + ")";
            }
            return super.genericFunction(name, arguments);
        }

        @Override
        protected String caseFolded(String operand) {
            return operand;
        }

        @Override
        protected String ilikeOperator(String left, boolean negated) {
            return left + (negated ? " NOT ILIKE" : " ILIKE");
        }

        /** {@code ~*} for exactly {@code "i"}, as SQLAlchemy; other flags inline in the pattern. */
        @Override
        protected String regexpMatch(String left, String right, boolean negated, String flags) {
            if (flags.equals("i")) {
                return left + (negated ? " !~* " : " ~* ") + right;
            }
            return regexpMatch(left, inlineFlags(right, flags), negated);
        }

        /**
         * {@code x @@ plainto_tsquery(q)}: a text search of the words of {@code q}; with a regconfig,
         * {@code plainto_tsquery('english', q)} (a literal, as SQLAlchemy writes it).
         */
        @Override
        protected String match(String left, String right, boolean negated, dev.retort.sql.BinaryExpression<?> binary) {
            String config = binary.regconfig() == null ? "" : dialect.renderLiteral(dev.retort.types.TypeKind.STRING, binary.regconfig()) + ", ";
            return (negated ? "NOT " : "") + left + " @@ plainto_tsquery(" + config + right + ")";
        }

        /** Cast: PostgreSQL would take an untyped parameter after {@code timestamptz -} for a timestamptz. */
        @Override
        protected String intervalArithmetic(dev.retort.sql.Operator op, String left, String interval) {
            return left + " " + op.sql() + " CAST(" + interval + " AS INTERVAL)";
        }

        /**
         * PostgreSQL's operators as SQLAlchemy writes them, but {@code ?}, {@code ?&}, {@code ?|}
         * and {@code @?} with the question mark doubled: the JDBC driver reads {@code ??} as
         * {@code ?} where a lone one would be a parameter.
         */
        @Override
        protected String arrayOperator(dev.retort.sql.Operator op, String left, String right) {
            String text = super.arrayOperator(op, left, right);
            text = op.sql().indexOf('?') < 0 ? text : left + " " + op.sql().replace("?", "??") + " " + right;
            return EAGER.contains(op) && enclosedByOperator() ? "(" + text + ")" : text;
        }

        /**
         * The operators SQLAlchemy groups eagerly: parenthesised whenever they are an operand of
         * another operator ({@code (doc @> ?) = true}, {@code (data -> ?) IS NULL}).
         */
        private static final Set<dev.retort.sql.Operator> EAGER = java.util.EnumSet.of(dev.retort.sql.Operator.CONTAINS_ALL,
                dev.retort.sql.Operator.CONTAINED_BY, dev.retort.sql.Operator.HAS_KEY, dev.retort.sql.Operator.HAS_ALL,
                dev.retort.sql.Operator.HAS_ANY, dev.retort.sql.Operator.DELETE_PATH, dev.retort.sql.Operator.PATH_EXISTS,
                dev.retort.sql.Operator.PATH_MATCH);

        /** {@code ?::INT4RANGE}: a range or multirange parameter says its type, as SQLAlchemy writes it (its {@code render_bind_cast}). */
        @Override
        protected String bindCast(dev.retort.sql.BindParameter<?> b, String slot) {
            return b.type().dialectImpl(dialect()) instanceof dev.retort.types.RangeType<?> r ? slot + "::" + r.visitName() : slot;
        }

        /**
         * {@code data['k'] = to_jsonb(?)}: a scalar compared with a JSONB element binds as itself (as
         * SQLAlchemy, for MariaDB and SQLite), and PostgreSQL has no {@code jsonb = integer}; unlike
         * SQLAlchemy, whose {@code = ?::INTEGER} is an error here, the value is made a document.
         */
        @Override
        protected ColumnElement<?> comparedBindExpression(dev.retort.sql.BindParameter<?> b, ColumnElement<?> other) {
            TypeKind bound = b.type() == null ? TypeKind.NULL : b.type().kind();
            return other.type().kind() == TypeKind.JSONB && !bound.isJson() && bound != TypeKind.NULL
                    ? dev.retort.sql.SQL.func("to_jsonb", b) : null;
        }

        /** {@code data -> ?}, {@code data ->> ?}, {@code data #> ?}, {@code data #>> ?}, {@code arr[?]}. */
        @Override
        protected String item(dev.retort.sql.BinaryExpression<?> b, String left, String key, boolean text) {
            TypeEngine<?> container = ((ColumnElement<?>) b.left()).type();
            if (container instanceof dev.retort.types.HstoreType || container.kind() == TypeKind.ARRAY) {
                // PostgreSQL 14's subscript for HSTORE, as SQLAlchemy writes it
                return subscripted(b, left) + "[" + key + "]";
            }
            boolean path = b.operator() == dev.retort.sql.Operator.GETPATH || b.operator() == dev.retort.sql.Operator.GETPATH_TEXT;
            if (!path && !text && ((ColumnElement<?>) b.left()).type().kind() == TypeKind.JSONB) {
                // PostgreSQL 14's subscript, as SQLAlchemy writes it for JSONB
                return subscripted(b, left) + "[" + key + "]";
            }
            String arrow = left + (path ? (text ? " #>> " : " #> ") : (text ? " ->> " : " -> ")) + key;
            return enclosedByOperator() ? "(" + arrow + ")" : arrow;
        }

        /**
         * The left of a subscript: a function call (filtered or not) or a CAST grouped, which
         * PostgreSQL's grammar requires ({@code array_cat(a, b)[1]} is a syntax error).
         */
        private static String subscripted(dev.retort.sql.BinaryExpression<?> b, String left) {
            boolean group = b.left() instanceof dev.retort.sql.FunctionCall<?> || b.left() instanceof dev.retort.sql.FunctionFilter<?>
                    || b.left() instanceof dev.retort.sql.Cast<?>;
            return group ? "(" + left + ")" : left;
        }

        /** {@code nextval('schema.name')}: the name as a string literal, its quotes doubled. */
        @Override
        public String visitNextValue(dev.retort.sql.NextValue<?> nv) {
            return "nextval('" + sequenceName(nv.sequenceSchema(), nv.sequenceName()).replace("'", "''") + "')";
        }

        @Override
        protected String sequenceDataType(dev.retort.schema.Sequence s) {
            return s.dataType() == null ? "" : " AS " + dialect.typeDdl(s.dataType(), schemaTranslateMap());
        }

        /** A generated key is SERIAL unless an identity or a sequence of its own (not an optional one) makes its values. */
        @Override
        protected String columnType(dev.retort.schema.Column<?> c) {
            if (c.isAutoincrement() && c.identity() == null && !dialect.usesSequence(c)) {
                switch (c.type().kind()) {
                    case BIGINT: return "BIGSERIAL";
                    case SMALLINT: return "SMALLSERIAL";
                    default: return "SERIAL";
                }
            }
            return super.columnType(c);
        }

        @Override
        protected String limitOffset(dev.retort.sql.ClauseElement limit, dev.retort.sql.ClauseElement offset) {
            if (limit == null && offset != null) {
                return "\n LIMIT ALL OFFSET " + process(offset);
            }
            return super.limitOffset(limit, offset);
        }

        // ---- upsert ----

        @Override
        public String visitOnDuplicateKey(dev.retort.sql.OnDuplicateKey d) {
            throw upsertUnavailable("ON DUPLICATE KEY UPDATE", "onConflictDoUpdate");
        }

        @Override
        public String visitOnConflict(dev.retort.sql.OnConflict oc) {
            if (!oc.isDoNothing() && oc.constraint() == null && oc.indexElements().isEmpty()) {
                // PostgreSQL: "ON CONFLICT DO UPDATE requires inference specification or constraint name"
                throw upsertUnavailable("ON CONFLICT DO UPDATE without a conflict target", "onConflictDoUpdate(ConflictTarget, set)");
            }
            return super.visitOnConflict(oc);
        }

        // ---- DDL options (as SQLAlchemy's PGDDLCompiler renders them) ----

        @Override
        protected String indexKeyword(Index ix) {
            return concurrently(ix) ? "INDEX CONCURRENTLY" : "INDEX";
        }

        private boolean concurrently(Index ix) {
            return Boolean.TRUE.equals(option(ix, "concurrently", Boolean.class));
        }

        /** DROP INDEX CONCURRENTLY, for an index created so. */
        @Override
        public String visitDropIndex(DropIndex di) {
            return "DROP INDEX " + (concurrently(di.index()) ? "CONCURRENTLY " : "") + (di.isIfExists() ? "IF EXISTS " : "") + indexName(di.index());
        }

        @Override
        protected String indexMethod(Index ix) {
            String using = optionWord(ix, "using");
            return using == null ? "" : " USING " + using.toLowerCase(Locale.ROOT);
        }

        /** An expression grouped as an operand ({@code (data + 5)}), then its operator class, found by column key or label name. */
        @Override
        protected String indexElement(Index ix, ColumnElement<?> element) {
            Map<?, ?> ops = option(ix, "ops", Map.class);
            Object key = element instanceof ColumnClause<?> c ? c.key() : element instanceof Label<?> l ? l.name() : null;
            Object opclass = ops != null && key != null ? ops.get(key) : null;
            String text = super.indexElement(ix, element instanceof ColumnClause<?> ? element : element.selfGroup(null));
            return text + (opclass == null ? "" : " " + sqlWord(ix, "ops", opclass));
        }

        @Override
        protected String indexOptions(Index ix) {
            return include(ix, ix.table()) + nulls(ix, " NULLS NOT DISTINCT", " NULLS DISTINCT") + storage(ix, " ", "") + partialIndexWhere(ix);
        }

        @Override
        protected String uniqueNulls(UniqueConstraint c) {
            return nulls(c, "NULLS NOT DISTINCT ", "NULLS DISTINCT ");
        }

        /**
         * postgresql_nulls_not_distinct (PostgreSQL 15+): true writes {@code notDistinct}, false
         * {@code distinct} (NULLs distinct, the default, said), unset nothing.
         */
        private String nulls(DialectKwArgs<?> construct, String notDistinct, String distinct) {
            Boolean option = option(construct, "nulls_not_distinct", Boolean.class);
            return option == null ? "" : option ? notDistinct : distinct;
        }

        /** {@code INHERITS (a, b)}, {@code PARTITION BY ...}, then storage, in SQLAlchemy's order. */
        @Override
        protected String tableOptions(Table t) {
            StringBuilder sb = new StringBuilder();
            Object inherits = option(t, "inherits");
            if (inherits != null) {
                StringJoiner names = new StringJoiner(", ", "\n INHERITS (", ")");
                for (Object parent : inherits instanceof List<?> l ? l : List.of(inherits)) {
                    // A Table is named with its schema; a string is one identifier, quoted as needed.
                    names.add(parent instanceof dev.retort.sql.TableClause tc ? tableName(tc) : quote(parent.toString()));
                }
                sb.append(names);
            }
            String partitionBy = partitionSpec(t, "partition_by");
            if (partitionBy != null) {
                sb.append("\n PARTITION BY ").append(partitionBy);
            }
            String using = optionWord(t, "using");
            if (using != null) {
                sb.append("\n USING ").append(using);
            }
            StringBuilder afterWith = new StringBuilder();
            Boolean oids = option(t, "with_oids", Boolean.class);
            if (oids != null) {
                afterWith.append(oids ? "\n WITH OIDS" : "\n WITHOUT OIDS");
            }
            String onCommit = optionWord(t, "on_commit");
            if (onCommit != null) {
                String action = onCommit.replace('_', ' ').toUpperCase(Locale.ROOT);
                if (!ON_COMMIT.contains(action)) {
                    throw badOption(t, "on_commit", "must be preserve_rows, delete_rows or drop, got '" + onCommit + "'");
                }
                afterWith.append("\n ON COMMIT ").append(action);
            }
            return sb.append(storage(t, "\n ", afterWith.toString())).toString();
        }

        /** {@code NOT VALID}: the constraint holds for new rows; existing ones are checked by a later VALIDATE CONSTRAINT. */
        @Override
        protected String constraintSuffix(Constraint c) {
            return Boolean.TRUE.equals(option(c, "not_valid", Boolean.class)) ? " NOT VALID" : "";
        }

        @Override
        protected String constraintOptions(Constraint c) {
            boolean includes = c instanceof PrimaryKeyConstraint || c instanceof UniqueConstraint;
            return includes ? include(c, c.table()) : "";
        }

        /** {@code " INCLUDE (a, b)"} from the include option: column keys or columns of {@code table}. */
        private String include(DialectKwArgs<?> construct, Table table) {
            List<?> include = option(construct, "include", List.class);
            if (include == null || include.isEmpty()) {
                return "";
            }
            List<Column<?>> cols = new ArrayList<>();
            for (Object ref : include) {
                cols.add(ref instanceof Column<?> c ? c : table.c(ref.toString()));
            }
            return " INCLUDE (" + columnNames(cols) + ")";
        }

        /**
         * {@code WITH (param = value, ...)}, then {@code between}, then {@code TABLESPACE name}, each
         * when its option is set, each after {@code sep}.
         */
        private String storage(DialectKwArgs<?> construct, String sep, String between) {
            StringBuilder sb = new StringBuilder();
            Map<?, ?> with = option(construct, "with", Map.class);
            if (with != null && !with.isEmpty()) {
                StringJoiner params = new StringJoiner(", ", sep + "WITH (", ")");
                with.forEach((k, v) -> params.add(sqlWord(construct, "with", k) + (v == null ? "" : " = " + sqlWord(construct, "with", v))));
                sb.append(params);
            }
            sb.append(between);
            String tablespace = option(construct, "tablespace", String.class);
            if (tablespace != null) {
                sb.append(sep).append("TABLESPACE ").append(quote(tablespace));
            }
            return sb.toString();
        }
    }
}
