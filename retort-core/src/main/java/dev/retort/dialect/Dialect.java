package dev.retort.dialect;

import dev.retort.exc.CompileException;
import dev.retort.sql.ClauseElement;
import dev.retort.types.ArrayType;
import dev.retort.types.DomainType;
import dev.retort.types.EnumType;
import dev.retort.types.MysqlType;
import dev.retort.types.NamedType;
import dev.retort.types.SpelledType;
import dev.retort.types.SqlType;
import dev.retort.types.TypeEngine;
import dev.retort.types.TypeKind;
import dev.retort.types.Types;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What Retort knows about one database: how to quote identifiers, name types, render literals,
 * bind values through JDBC, and which compiler turns statements into its SQL. Instances are
 * immutable and shared; get them from {@link Dialects}.
 *
 * <pre>{@code
 * String sql = select(users).compile(Dialects.postgresql()).string();
 * }</pre>
 */
public abstract class Dialect implements Cloneable {
    private static final Pattern LEGAL = Pattern.compile("^[a-z_][a-z0-9_$]*$");
    private static final Inspector JDBC_INSPECTOR = new Inspector();
    /** A length for generated labels other than {@link #maxIdentifierLength()}, or 0; set only on a fresh copy. */
    private int labelLength;
    /** The compilations of the application's constructs ({@link #withCompiles}) by class; set only on a fresh copy. */
    private java.util.Map<Class<?>, CustomCompiler<?>> compiles = java.util.Map.of();

    /** The dialect's name: "default", "sqlite", "postgresql", "mysql" or "mariadb". */
    public abstract String name();

    /** Whether parameters render as JDBC {@code ?} (true) or as named {@code :name} (false). */
    public boolean positional() {
        return true;
    }

    /** A new compiler for one compilation. */
    public abstract SqlCompiler newCompiler();

    /** The words this database reserves, lower case. */
    protected Set<String> reservedWords() {
        return ReservedWords.GENERIC;
    }

    /** The character that opens and closes a quoted identifier. */
    protected char quoteChar() {
        return '"';
    }

    /** Whether an identifier must be quoted: reserved words, upper or mixed case, odd characters. */
    public boolean requiresQuotes(String identifier) {
        return !LEGAL.matcher(identifier).matches() || reservedWords().contains(identifier);
    }

    /** The identifier, quoted when the database needs it (embedded quote characters doubled). */
    public String quoteIdentifier(String identifier) {
        return quoteIdentifier(identifier, null);
    }

    /**
     * The identifier with its quoting forced: {@code true} quoted, {@code false} as it is, null
     * quoted where the database needs it (SQLAlchemy's {@code quoted_name.quote}).
     */
    public String quoteIdentifier(String identifier, Boolean quote) {
        if (identifier.indexOf('\0') >= 0) {
            // Nodes refuse such names when built; this guards names that reach the compiler otherwise.
            throw new dev.retort.exc.ArgumentException("An identifier cannot contain a NUL character: '" + identifier.replace("\0", "\\0") + "'");
        }
        if (Boolean.FALSE.equals(quote) || quote == null && !requiresQuotes(identifier)) {
            return identifier;
        }
        String q = String.valueOf(quoteChar());
        return q + identifier.replace(q, q + q) + q;
    }

    /**
     * The longest identifier the database keeps: 63 on PostgreSQL (longer names are cut there
     * silently), 64 on MySQL and MariaDB, SQLAlchemy's 9999 elsewhere.
     */
    public int maxIdentifierLength() {
        return 9999;
    }

    /**
     * The longest label, alias or parameter name the compiler generates ({@code t_col},
     * {@code anon_1}, {@code col_1}); a longer one is cut and numbered, as SQLAlchemy's
     * {@code label_length} does: its first {@code labelLength() - 6} characters, {@code _}, a
     * hexadecimal counter. Names given by the application ({@code label("x")}, {@code alias("a")},
     * {@code bindparam("p")}) are never changed.
     */
    public int labelLength() {
        return labelLength != 0 ? labelLength : maxIdentifierLength();
    }

    /**
     * This dialect with a shorter {@link #labelLength()} (SQLAlchemy's {@code label_length}).
     *
     * <pre>{@code
     * Dialect shortLabels = Dialects.postgresql().withLabelLength(30);
     * }</pre>
     *
     * @throws dev.retort.exc.ArgumentException when {@code length} is below 1 or above {@link #maxIdentifierLength()}
     */
    public Dialect withLabelLength(int length) {
        if (length < 1 || length > maxIdentifierLength()) {
            throw new dev.retort.exc.ArgumentException("Label length " + length + " is outside 1.." + maxIdentifierLength()
                    + ", the maximum identifier length of dialect '" + name() + "'");
        }
        try {
            Dialect copy = (Dialect) clone();
            copy.labelLength = length;
            return copy;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * This dialect writing {@code type} (and its subclasses without one of their own) with
     * {@code compiler}: SQLAlchemy's {@code @compiles(MyThing, "postgresql")}. A later
     * registration for the same class replaces an earlier one; this dialect is unchanged.
     *
     * <pre>{@code
     * Dialect pg = Dialects.postgresql().withCompiles(SomeColThing.class, (t, c) -> "some_col_thing(" + c.process(t.clause()) + ")");
     * }</pre>
     */
    public <N extends dev.retort.sql.CustomElement<?>> Dialect withCompiles(Class<N> type, CustomCompiler<? super N> compiler) {
        java.util.Map<Class<?>, CustomCompiler<?>> more = new java.util.HashMap<>(compiles);
        more.put(java.util.Objects.requireNonNull(type, "type"), java.util.Objects.requireNonNull(compiler, "compiler"));
        try {
            Dialect copy = (Dialect) clone();
            copy.compiles = java.util.Map.copyOf(more);
            return copy;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    /** The compilation registered ({@link #withCompiles}) for {@code type} or its nearest superclass, or null. */
    public CustomCompiler<?> compilesFor(Class<?> type) {
        for (Class<?> c = type; c != null && !compiles.isEmpty(); c = c.getSuperclass()) {
            CustomCompiler<?> found = compiles.get(c);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /**
     * Whether the database has enum types of its own (PostgreSQL's named types, MySQL's
     * {@code ENUM(...)}); elsewhere an {@code EnumType} is a {@code VARCHAR}, which its
     * {@code createConstraint} checks. SQLAlchemy's {@code supports_native_enum}.
     */
    public boolean supportsNativeEnum() {
        return false;
    }

    /**
     * Whether BOOLEAN is a type of its own here, so that a {@code Types.checkedBoolean} column
     * needs no CHECK of 0 and 1. SQLAlchemy's {@code supports_native_boolean}.
     */
    public boolean supportsNativeBoolean() {
        return true;
    }

    /** Whether INSERT/UPDATE/DELETE ... RETURNING is available. */
    public boolean supportsReturning() {
        return false;
    }

    /**
     * Whether UPDATE ... RETURNING is available: where {@link #supportsReturning()} is, but on
     * MariaDB, whose UPDATE has none. An UPDATE's {@code returnDefaults()} RETURNs its defaults
     * only where it is, as SQLAlchemy's {@code update_returning}.
     */
    public boolean supportsUpdateReturning() {
        return supportsReturning();
    }

    /**
     * Whether a multi-table DELETE ({@code DELETE ... USING}) has RETURNING too: PostgreSQL's;
     * MariaDB's multi-table DELETE has none (its single-table one has). SQLAlchemy's
     * {@code delete_returning_multifrom}.
     */
    public boolean supportsMultiTableDeleteReturning() {
        return false;
    }

    /**
     * Whether the database has sequences ({@code CREATE SEQUENCE}, a next value in a statement):
     * PostgreSQL and MariaDB. Where it has not, {@code MetaData.createAll} passes sequences by and
     * a column's {@code Column.sequence} is not used, as SQLAlchemy's {@code supports_sequences}.
     */
    public boolean supportsSequences() {
        return false;
    }

    /**
     * Whether an UPDATE can join a VALUES list, {@code UPDATE t SET a=v.a FROM (VALUES ...) AS v
     * WHERE t.id = v.id}, so that many rows update in one statement (see
     * {@code Connection.updateRows}): PostgreSQL, SQLite 3.33+ (every driver this library
     * supports bundles a newer one); not MySQL or MariaDB.
     */
    public boolean supportsUpdateFromValues() {
        return false;
    }

    /**
     * Whether a session's flush sends a batch of UPDATEs as one {@code UPDATE ... FROM (VALUES ...)}
     * unless its factory says otherwise ({@code SessionFactory.updateFromValues}): where that is
     * faster than a JDBC batch of single-row UPDATEs. PostgreSQL: yes (the server runs a batch's
     * UPDATEs one by one); SQLite: yes (its driver binds, steps and resets each row of a batch
     * through JNI: 1,000 rows cost about a third more CPU than one joined statement); not where
     * {@link #supportsUpdateFromValues()} is false.
     *
     * <pre>{@code
     * Dialects.postgresql().prefersUpdateFromValues();   // true
     * }</pre>
     */
    public boolean prefersUpdateFromValues() {
        return false;
    }

    /**
     * Whether the column's values come from its sequence ({@code Column.sequence}) here: the
     * database has sequences and the sequence is not an optional one. Such a column is neither
     * SERIAL nor AUTO_INCREMENT, and an INSERT that gives it no value writes the next value.
     */
    public boolean usesSequence(dev.retort.schema.Column<?> c) {
        return supportsSequences() && c.sequence() != null && !c.sequence().optional();
    }

    /**
     * The most bind parameters one statement may carry. An executemany INSERT that returns keys
     * is sent in multi-row pages of at most this many parameters (and at most 1,000 rows).
     */
    public int maxBindParameters() {
        return 32700;
    }

    /**
     * Whether a single-row INSERT reads a key the database generated through JDBC's generated
     * keys (what the server reports anyway, as the last insert id) rather than by adding
     * RETURNING. Without RETURNING it is the only way; PostgreSQL adds RETURNING.
     */
    public boolean insertKeysFromGeneratedKeys() {
        return !supportsReturning();
    }

    /**
     * The dialect-specific arguments ({@code <name>_<argument>}) this dialect accepts on schema
     * constructs, with their defaults. The base declares none and so accepts any, unchecked, as
     * SQLAlchemy does for a dialect without {@code construct_arguments}; a third-party dialect
     * registered under {@code META-INF/services/dev.retort.dialect.Dialect} overrides it to have
     * its arguments validated and {@code DialectKwArgs.argumentFor} work for it.
     */
    public ConstructArguments constructArguments() {
        return ConstructArguments.unvalidated();
    }

    /**
     * Whether a DDL statement cannot run inside a transaction (PostgreSQL's
     * {@code CREATE INDEX CONCURRENTLY}); {@code MetaData.createAll} runs such statements after
     * committing the rest, each on its own in autocommit mode.
     */
    public boolean requiresAutocommit(ClauseElement ddl) {
        return false;
    }

    /**
     * Whether table and column comments need statements of their own after CREATE TABLE
     * ({@code COMMENT ON}, PostgreSQL) rather than being part of it (MySQL) or unknown (SQLite);
     * {@code MetaData.createAll} then runs {@code SetTableComment}/{@code SetColumnComment}.
     */
    public boolean separateCommentStatements() {
        return false;
    }

    /**
     * How reflection ({@code MetaData.reflect}) reads this database's tables. The base reads
     * JDBC's {@code DatabaseMetaData} alone; the built-in dialects read their catalogs too.
     */
    public Inspector inspector() {
        return JDBC_INSPECTOR;
    }

    /**
     * Whether a driver exception means the connection is lost: the server closed it, shut
     * down, or the network failed. Looks through the exception's causes and chained exceptions.
     * The engine invalidates its pool at the first such error, and reports it with
     * {@link dev.retort.exc.OperationalException#isDisconnect()}.
     */
    public final boolean isDisconnect(SQLException e) {
        return anyInChain(e, this::isDisconnectError);
    }

    /**
     * Whether a driver exception means the transaction lost a conflict with another (a
     * serialization failure or a deadlock) and running it again may succeed. Looks through the
     * causes like {@link #isDisconnect}.
     */
    public final boolean isSerializationFailure(SQLException e) {
        return anyInChain(e, this::isSerializationFailureError);
    }

    /**
     * {@link #isDisconnect} for one exception of the chain. The base knows the SQL standard's
     * connection exceptions (SQLSTATE class 08) and JDBC's connection exception type; dialects
     * add their server's codes.
     */
    protected boolean isDisconnectError(SQLException e) {
        return e instanceof SQLNonTransientConnectionException || (e.getSQLState() != null && e.getSQLState().startsWith("08"));
    }

    /** {@link #isSerializationFailure} for one exception of the chain; the base knows SQLSTATE 40001. */
    protected boolean isSerializationFailureError(SQLException e) {
        return "40001".equals(e.getSQLState());
    }

    /**
     * Makes a connection's transactions read-only or not ({@code Connection.readOnly},
     * {@code EngineOptions.readOnly}): JDBC's {@code setReadOnly}, which the PostgreSQL and
     * MariaDB drivers turn into the server's read-only transactions.
     */
    public void setReadOnly(java.sql.Connection c, boolean readOnly) throws SQLException {
        c.setReadOnly(readOnly);
    }

    /**
     * The statement that makes a new connection of a pool the engine builds read-only, or null
     * where the pool's own {@code setReadOnly} does it.
     */
    public String readOnlyInitSql() {
        return null;
    }

    /** Whether a connection's transactions are read-only; see {@link #setReadOnly}. */
    public boolean isReadOnly(java.sql.Connection c) throws SQLException {
        return c.isReadOnly();
    }

    /** Whether an exception, one of its causes or a chained exception passes {@code test}. */
    private static boolean anyInChain(SQLException e, Predicate<SQLException> test) {
        Throwable t = e;
        // The depth bound guards against cycles.
        for (int depth = 0; t != null && depth < 10; depth++) {
            if (t instanceof SQLException s && test.test(s)) {
                return true;
            }
            t = t.getCause() != null ? t.getCause() : t instanceof SQLException s ? s.getNextException() : null;
        }
        return false;
    }

    /** The adapter that binds and reads values for this database's driver. */
    public abstract JdbcBinder jdbcBinder();

    /**
     * The DDL name of a type with the schema of a named type (PostgreSQL's enum types and
     * domains) translated by {@code map}, as a compiler with a schema translate map writes it;
     * a null map is {@link #typeDdl(TypeEngine)}.
     * <pre>{@code
     * dialect.typeDdl(Types.enumOf("mood", "a", "b"), SchemaTranslateMap.of(map))   // "tenant_1".mood on PostgreSQL with {null: "tenant_1"}
     * }</pre>
     */
    public String typeDdl(TypeEngine<?> type, dev.retort.sql.SchemaTranslateMap map) {
        return typeDdl(type);
    }

    /** The type name inside {@code CAST(x AS ...)}, a named type's schema translated by {@code map} (see {@link #typeDdl(TypeEngine, dev.retort.sql.SchemaTranslateMap)}). */
    public String castTypeName(TypeEngine<?> type, dev.retort.sql.SchemaTranslateMap map) {
        return castTypeName(type);
    }

    /** {@link #createTypeStatements(TypeEngine)} with the types' schemas translated by {@code map} (null: none); {@code MetaData.createAll} runs them. */
    public java.util.List<String> createTypeStatements(TypeEngine<?> type, dev.retort.sql.SchemaTranslateMap map) {
        return createTypeStatements(type);
    }

    /** {@link #dropTypeStatements(TypeEngine)} with the types' schemas translated by {@code map} (null: none). */
    public java.util.List<String> dropTypeStatements(TypeEngine<?> type, dev.retort.sql.SchemaTranslateMap map) {
        return dropTypeStatements(type);
    }

    /** The DDL name of a type ("VARCHAR(50)", "INTEGER", "BYTEA", ...). */
    public String typeDdl(TypeEngine<?> type) {
        TypeEngine<?> t = type.dialectImpl(this);
        if (t instanceof NamedType<?> n) {
            if (!n.belongsTo(this)) {
                throw new CompileException("Type '" + n.name() + "' is a " + n.dialectName() + " type; dialect " + name()
                        + " has no such type (give the column a variant for it with withVariant)");
            }
            return n.name();
        }
        if (t instanceof DomainType<?> d) {
            return typeDdl(d.baseType());
        }
        if (t instanceof MysqlType<?> m) {
            return typeDdl(standardOf(m));
        }
        if (t instanceof EnumType<?> e) {
            return e.varcharDdl();
        }
        if (t instanceof SpelledType<?> s) {
            return s.visitName() + s.argumentsDdl() + (s.collation() == null ? "" : " COLLATE " + collationName(s.collation()));
        }
        if ((t instanceof dev.retort.types.RangeType<?> || t instanceof dev.retort.types.HstoreType) && !name().equals("default")) {
            throw new CompileException("Dialect " + name() + " has no type " + t.visitName() + ": range, multirange and HSTORE types are PostgreSQL only");
        }
        if (t instanceof ArrayType<?> a) {
            throw new CompileException("Dialect " + name() + " has no array type (" + typeDdlOrName(a.elementType()) + "[]): arrays are PostgreSQL only");
        }
        if (!(t instanceof SqlType<?> s)) {
            return t.visitName();
        }
        switch (s.kind()) {
            case STRING: return s.length() == null ? "VARCHAR" : "VARCHAR(" + s.length() + ")";
            case NUMERIC: return s.precision() == null ? "NUMERIC" : "NUMERIC(" + s.precision() + ", " + s.scale() + ")";
            case JSONB: return "JSON";
            case INTERVAL: return "BIGINT";
            case TIMETZ: return "TIME";   // no offset kept here: SQLAlchemy's Time(timezone=True) is TIME
            default: return s.visitName();
        }
    }

    /** {@code (p)} for a type with a precision ({@code Types.floatType(24)}, {@code Types.timestamp(3)}), else empty. */
    protected static String precisionDdl(SqlType<?> s) {
        return s.precision() == null ? "" : "(" + s.precision() + ")";
    }

    /** The DDL name of a type for a message, or its generic name when this dialect has none. */
    private String typeDdlOrName(TypeEngine<?> type) {
        try {
            return typeDdl(type);
        } catch (CompileException e) {
            return type.toString();
        }
    }

    /**
     * Statements that create the database objects a column type needs before a table using it
     * (PostgreSQL's enum types and domains), each tolerating an object that already exists;
     * empty where none are needed. {@code MetaData.createAll} runs them.
     */
    public java.util.List<String> createTypeStatements(TypeEngine<?> type) {
        return java.util.List.of();
    }

    /** Statements that drop what {@link #createTypeStatements} created, if it exists; run by {@code MetaData.dropAll} after the tables. */
    public java.util.List<String> dropTypeStatements(TypeEngine<?> type) {
        return java.util.List.of();
    }

    /**
     * The standard type a {@link MysqlType} is on this (not MySQL) dialect, as SQLAlchemy falls
     * back to the generic type; a name only MySQL has is an error, as there.
     */
    private TypeEngine<?> standardOf(MysqlType<?> m) {
        TypeEngine<?> standard = m.standardType();
        if (standard != null) {
            return standard;
        }
        if (name().equals("default")) {
            return Types.named(name(), m.name());   // the default dialect writes any type's name
        }
        throw new CompileException("Type '" + m.name() + "' is a mysql type; dialect " + name()
                + " has no such type (give the column a variant for it with withVariant)");
    }

    /** The type name used inside {@code CAST(x AS ...)}. */
    public String castTypeName(TypeEngine<?> type) {
        if (type.dialectImpl(this) instanceof MysqlType<?> m) {
            return castTypeName(standardOf(m));
        }
        if (type.dialectImpl(this) instanceof SpelledType<?> s && s.collation() != null) {
            return s.visitName() + s.argumentsDdl();   // the collation follows the CAST: see castCollation
        }
        return typeDdl(type);
    }

    /**
     * What follows {@code CAST(x AS ...)} for a type: {@code  COLLATE name} for a string type
     * with a collation, as SQLAlchemy writes it, else empty.
     */
    public String castCollation(TypeEngine<?> type) {
        if (type.dialectImpl(this) instanceof MysqlType<?> m) {
            return castCollation(standardOf(m));
        }
        return type.dialectImpl(this) instanceof SpelledType<?> s && s.collation() != null ? " COLLATE " + collationName(s.collation()) : "";
    }

    /** A collation's name in DDL: an identifier, quoted where it needs to be. */
    protected String collationName(String collation) {
        return quoteIdentifier(collation);
    }

    /** Renders a JDBC-ready value of a kind as an inline SQL literal. */
    public String renderLiteral(TypeKind kind, Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof Boolean b) {
            return renderBoolean(b);
        }
        if (value instanceof BigDecimal d) {
            return dev.retort.types.Decimals.text(d);
        }
        if (value instanceof Number n) {
            double dv = n.doubleValue();
            if (Double.isNaN(dv) || Double.isInfinite(dv)) {
                throw new CompileException("No literal rendering of the floating-point value " + value + " for dialect " + name());
            }
            return n.toString();
        }
        if (value instanceof CharSequence s) {
            return quoteString(s.toString());
        }
        if (value instanceof byte[] b) {
            return renderBinary(b);
        }
        if (value instanceof java.time.temporal.Temporal) {
            return quoteString(formatTemporal(kind, value));
        }
        if (value instanceof java.time.Duration d) {
            return intervalLiteral(d);
        }
        if (value instanceof java.util.UUID u) {
            return quoteString(kind == TypeKind.UUID ? uuidText(u) : u.toString());
        }
        throw new CompileException("No literal rendering of " + value.getClass().getName() + " value '" + value + "' for dialect " + name());
    }

    /** An interval where the database has no interval type: its microseconds. */
    protected String intervalLiteral(java.time.Duration d) {
        return Long.toString(JdbcBinder.micros(d));
    }

    /** The text of a UUID as this database stores it. */
    protected String uuidText(java.util.UUID u) {
        return u.toString().replace("-", "");
    }

    /** Temporal values as the literal text this database accepts. */
    protected String formatTemporal(TypeKind kind, Object value) {
        return value.toString().replace('T', ' ');
    }

    protected String renderBoolean(boolean b) {
        return b ? "1" : "0";
    }

    protected String renderBinary(byte[] b) {
        return "X'" + JdbcBinder.hex(b) + "'";
    }

    /** A string literal; single quotes are doubled. */
    protected String quoteString(String s) {
        if (s.indexOf('\0') >= 0) {
            throw new CompileException("A NUL character cannot be rendered in a " + name() + " string literal");
        }
        return "'" + s.replace("'", "''") + "'";
    }

    /** The name used in messages. */
    @Override
    public String toString() {
        return name();
    }

    /** Lower-cases with the root locale, for case-insensitive comparisons of names. */
    protected static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
