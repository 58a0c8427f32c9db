package dev.retort.dialect;

import dev.retort.schema.Sequence;
import dev.retort.types.ArrayType;
import dev.retort.types.DomainType;
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

/**
 * PostgreSQL: columns, keys and indexes come through JDBC (its driver reads pg_catalog), with
 * PostgreSQL's type names ({@code int4}, {@code varchar}, {@code timestamptz}, ...) mapped to
 * Retort's; unique constraints come from {@code pg_constraint}, since JDBC reports them only as
 * the unique indexes behind them. A serial column's {@code nextval} default is reported as
 * autoincrement, which {@code createAll} turns back into SERIAL; a non-key column's {@code nextval}
 * default of a sequence the column does not own is kept as its default text.
 */
final class PostgresqlInspector extends Inspector {
    private static final Map<String, TypeEngine<?>> NAMES = Map.ofEntries(
            Map.entry("int2", Types.SMALLINT), Map.entry("smallserial", Types.SMALLINT), Map.entry("int4", Types.INTEGER),
            Map.entry("serial", Types.INTEGER), Map.entry("int8", Types.BIGINT), Map.entry("bigserial", Types.BIGINT),
            Map.entry("bool", Types.BOOLEAN), Map.entry("float4", Types.REAL), Map.entry("float8", Types.DOUBLE),
            Map.entry("text", Types.TEXT), Map.entry("date", Types.DATE), Map.entry("time", Types.TIME), Map.entry("timetz", Types.TIMETZ),
            Map.entry("timestamp", Types.DATETIME), Map.entry("timestamptz", Types.TIMESTAMP), Map.entry("bytea", Types.LARGE_BINARY),
            Map.entry("uuid", Types.UUID), Map.entry("json", Types.JSON), Map.entry("jsonb", Types.JSONB),
            Map.entry("interval", Types.INTERVAL));
    /** The constraints of a table that own an index, each column in key order. */
    private static final String CONSTRAINTS = "SELECT con.conname, con.contype, a.attname"
            + " FROM pg_catalog.pg_constraint con"
            + " JOIN pg_catalog.pg_class t ON t.oid = con.conrelid"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace"
            + " CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)"
            + " JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum"
            + " WHERE n.nspname = ? AND t.relname = ? AND con.contype IN ('p', 'u', 'x')"
            + " ORDER BY con.conname, k.ord";

    /** A column of a constraint, as {@link #CONSTRAINTS} lists it. */
    private record ConstraintColumn(String constraint, String type, String column) {
    }

    @Override
    public List<ConstraintInfo> uniqueConstraints(Connection c, String schema, String table) throws SQLException {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        for (ConstraintColumn cc : constraintColumns(c, schema, table)) {
            if (cc.type().equals("u")) {
                columns.computeIfAbsent(cc.constraint(), k -> new ArrayList<>()).add(cc.column());
            }
        }
        List<ConstraintInfo> out = new ArrayList<>();
        columns.forEach((name, cols) -> out.add(new ConstraintInfo(name, cols)));
        return out;
    }

    /** JDBC's indexes, except those of primary key, unique and exclusion constraints, which share their constraint's name. */
    @Override
    public List<IndexInfo> indexes(Connection c, String schema, String table) throws SQLException {
        List<String> owned = constraintColumns(c, schema, table).stream().map(ConstraintColumn::constraint).toList();
        Map<String, Map<String, List<String>>> sorting = new LinkedHashMap<>();
        for (String[] row : query(c, INDEX_SORTING, rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}, schema, table)) {
            sorting.computeIfAbsent(row[0], k -> new LinkedHashMap<>()).put(row[1], List.of(row[2].split(" ")));
        }
        return super.indexes(c, schema, table).stream().filter(ix -> !owned.contains(ix.name()))
                .map(ix -> ix.withColumnSorting(sorting.getOrDefault(ix.name(), Map.of()))).toList();
    }

    /**
     * Each indexed column of a table's indexes not in the default order, with SQLAlchemy's words
     * for its order, from {@code pg_index.indoption}: bit 1 DESC, bit 2 NULLS FIRST (DESC's default).
     */
    private static final String INDEX_SORTING = "SELECT ic.relname, a.attname, CASE WHEN o.opt & 1 = 1"
            + " THEN CASE WHEN o.opt & 2 = 2 THEN 'desc' ELSE 'desc nulls_last' END ELSE 'nulls_first' END"
            + " FROM pg_catalog.pg_index i"
            + " JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid"
            + " JOIN pg_catalog.pg_class t ON t.oid = i.indrelid"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace"
            + " CROSS JOIN LATERAL unnest(i.indoption::int2[], i.indkey::int2[]) AS o(opt, attnum)"
            + " JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = o.attnum"
            + " WHERE n.nspname = ? AND t.relname = ? AND o.opt & 3 <> 0";

    private static List<ConstraintColumn> constraintColumns(Connection c, String schema, String table) throws SQLException {
        return query(c, CONSTRAINTS, rs -> new ConstraintColumn(rs.getString(1), rs.getString(2), rs.getString(3)), schema, table);
    }

    /** Each column's type as pg_catalog has it: its oid, modifier, name, and the name's schema. */
    private static final String COLUMN_TYPES = "SELECT a.attname, a.atttypid, a.atttypmod, t.typname, tn.nspname,"
            + " pg_catalog.pg_get_serial_sequence(pg_catalog.format('%I.%I', n.nspname, c.relname), a.attname) IS NOT NULL,"
            + " pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attndims"
            + " FROM pg_catalog.pg_attribute a"
            + " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            + " JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
            + " JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace"
            + " LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
            + " WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped";
    private static final String TYPE = "SELECT t.typname, t.typtype, t.typelem, t.typbasetype, t.typtypmod, t.typcategory,"
            + " pg_catalog.format_type(t.oid, ?), t.typnotnull FROM pg_catalog.pg_type t WHERE t.oid = ?";

    private record ColumnType(String column, long oid, int typmod, String typeName, String typeSchema, boolean ownsSequence, String defaultSql, int dimensions) {
    }

    private record PgType(String name, String typtype, long elem, long base, int baseTypmod, String category, String formatted, boolean notNull) {
    }

    /**
     * JDBC's columns, with the types JDBC cannot describe read from pg_catalog: enums (with their
     * labels), domains (with their base type and constraints), arrays (of their element type),
     * and any other type as a {@link dev.retort.types.NamedType} of its own name.
     */
    @Override
    public List<ColumnInfo> columns(Connection c, String schema, String table) throws SQLException {
        List<ColumnInfo> jdbc = super.columns(c, schema, table);
        Map<String, ColumnType> types = new LinkedHashMap<>();
        for (ColumnType ct : query(c, COLUMN_TYPES, rs -> new ColumnType(rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getString(4), rs.getString(5), rs.getBoolean(6), rs.getString(7), rs.getInt(8)), schema, table)) {
            types.put(ct.column(), ct);
        }
        List<ColumnInfo> out = new ArrayList<>(jdbc.size());
        for (ColumnInfo info : jdbc) {
            ColumnType ct = types.get(info.name());
            boolean builtIn = ct == null || "pg_catalog".equals(ct.typeSchema()) && isModelled(ct.typeName());
            TypeEngine<?> type = builtIn ? info.type() : inSchema(typeOf(c, ct.oid(), ct.typmod()), ct.typeSchema(), schema);
            if (ct != null) {
                type = builtIn ? withPrecision(type, ct.typeName(), ct.typmod()) : withDimensions(type, ct.dimensions());
            }
            // The driver calls any nextval default autoincrement. A non-key column drawing from a
            // sequence it does not own (serial and identity columns own theirs) keeps its default
            // text, as in SQLAlchemy; a key column stays generated (a SERIAL when recreated), as
            // dumps such as pagila declare their keys' sequences apart from the table.
            boolean generated = info.autoincrement() && (ct == null || ct.ownsSequence() || keyColumns(c, schema, table).contains(info.name()));
            String defaultSql = info.autoincrement() && !generated ? ct.defaultSql() : info.defaultSql();
            out.add(new ColumnInfo(info.name(), type, info.nullable(), defaultSql, generated));
        }
        return out;
    }

    private List<String> keyColumns(Connection c, String schema, String table) throws SQLException {
        ConstraintInfo pk = primaryKey(c, schema, table);
        return pk == null ? List.of() : pk.columns();
    }

    /** An enum or domain type of another schema than its table's, with that schema (which its DDL and casts name). */
    private static TypeEngine<?> inSchema(TypeEngine<?> type, String typeSchema, String tableSchema) {
        if (typeSchema.equals(tableSchema)) {
            return type;
        }
        if (type instanceof dev.retort.types.EnumType<?> e) {
            return e.schema(typeSchema);
        }
        return type instanceof DomainType<?> d ? d.schema(typeSchema) : type;
    }

    /** The table's pg_class row, by schema and name: joined by the queries below. */
    private static final String TABLE = " FROM pg_catalog.pg_class t JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = ? AND t.relname = ?";
    private static final Pattern CHECK = Pattern.compile("^CHECK \\((.*)\\)( NOT VALID)?$", Pattern.DOTALL);

    @Override
    public List<String> viewNames(Connection c, String schema) throws SQLException {
        return query(c, "SELECT viewname FROM pg_catalog.pg_views WHERE schemaname = ? ORDER BY viewname", rs -> rs.getString(1), schema);
    }

    @Override
    public List<String> materializedViewNames(Connection c, String schema) throws SQLException {
        return query(c, "SELECT matviewname FROM pg_catalog.pg_matviews WHERE schemaname = ? ORDER BY matviewname", rs -> rs.getString(1), schema);
    }

    /** Views and materialized views (which pg_views leaves out), by their pg_class kind. */
    @Override
    public boolean hasView(Connection c, String schema, String view) throws SQLException {
        return !query(c, "SELECT 1" + TABLE + " AND t.relkind IN ('v', 'm')", rs -> true, schema, view).isEmpty();
    }

    @Override
    public String viewDefinition(Connection c, String schema, String view) throws SQLException {
        List<String> found = query(c, "SELECT definition FROM pg_catalog.pg_views WHERE schemaname = ? AND viewname = ?", rs -> rs.getString(1), schema, view);
        return found.isEmpty() ? null : found.get(0).trim();
    }

    /** From pg_constraint; PostgreSQL writes the condition as {@code CHECK ((n > 0))}, of which the outer {@code CHECK (...)} goes. */
    @Override
    public List<CheckInfo> checkConstraints(Connection c, String schema, String table) throws SQLException {
        return query(c, "SELECT con.conname, pg_catalog.pg_get_constraintdef(con.oid) FROM pg_catalog.pg_constraint con"
                + " JOIN pg_catalog.pg_class t ON t.oid = con.conrelid JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace"
                + " WHERE n.nspname = ? AND t.relname = ? AND con.contype = 'c' ORDER BY con.conname", rs -> {
                    Matcher m = CHECK.matcher(rs.getString(2));
                    return new CheckInfo(rs.getString(1), m.matches() ? m.group(1) : rs.getString(2));
                }, schema, table);
    }

    @Override
    public String tableComment(Connection c, String schema, String table) throws SQLException {
        List<String> found = query(c, "SELECT pg_catalog.obj_description(t.oid, 'pg_class')" + TABLE, rs -> rs.getString(1), schema, table);
        return found.isEmpty() ? null : found.get(0);
    }

    @Override
    public Map<String, String> columnComments(Connection c, String schema, String table) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String[] row : query(c, "SELECT a.attname, pg_catalog.col_description(t.oid, a.attnum)" + TABLE.replace(" WHERE ", " JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid WHERE ")
                + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum", rs -> new String[] {rs.getString(1), rs.getString(2)}, schema, table)) {
            if (row[1] != null) {
                out.put(row[0], row[1]);
            }
        }
        return out;
    }

    /** {@code with}: the storage parameters ({@code WITH (fillfactor = 70)}); {@code tablespace}: one other than the database's default. */
    @Override
    public Map<String, Object> tableOptions(Connection c, String schema, String table) throws SQLException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Object[] row : query(c, "SELECT t.reloptions, ts.spcname" + TABLE.replace(" WHERE ", " LEFT JOIN pg_catalog.pg_tablespace ts ON ts.oid = t.reltablespace WHERE "),
                rs -> new Object[] {rs.getArray(1) == null ? null : rs.getArray(1).getArray(), rs.getString(2)}, schema, table)) {
            if (row[0] instanceof String[] params && params.length > 0) {
                Map<String, String> with = new java.util.TreeMap<>();
                for (String p : params) {
                    int eq = p.indexOf('=');
                    with.put(eq < 0 ? p : p.substring(0, eq), eq < 0 ? null : p.substring(eq + 1));
                }
                out.put("with", with);
            }
            if (row[1] != null) {
                out.put("tablespace", row[1]);
            }
        }
        return out;
    }

    /** Identity columns ({@code attidentity}) and stored generated ones ({@code attgenerated}, with their expression). */
    @Override
    public List<GeneratedInfo> generatedColumns(Connection c, String schema, String table) throws SQLException {
        return query(c, "SELECT a.attname, a.attidentity, a.attgenerated, pg_catalog.pg_get_expr(d.adbin, d.adrelid)"
                + TABLE.replace(" WHERE ", " JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid"
                        + " LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE ")
                + " AND a.attnum > 0 AND NOT a.attisdropped AND (a.attidentity <> '' OR a.attgenerated <> '') ORDER BY a.attnum",
                rs -> rs.getString(3).isEmpty() ? new GeneratedInfo(rs.getString(1), null, true) : new GeneratedInfo(rs.getString(1), rs.getString(4), true),
                schema, table);
    }

    @Override
    public List<String> sequenceNames(Connection c, String schema) throws SQLException {
        return query(c, "SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = ? ORDER BY sequence_name", rs -> rs.getString(1), schema);
    }

    /** Leaves out the sequences of serial ('a', auto) and identity ('i') columns, which pg_depend ties to their column. */
    @Override
    public List<String> standaloneSequenceNames(Connection c, String schema) throws SQLException {
        return query(c, "SELECT s.relname FROM pg_catalog.pg_class s JOIN pg_catalog.pg_namespace n ON n.oid = s.relnamespace"
                + " WHERE s.relkind = 'S' AND n.nspname = ? AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d"
                + " WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = s.oid AND d.refclassid = 'pg_catalog.pg_class'::regclass"
                + " AND d.deptype IN ('a', 'i')) ORDER BY s.relname", rs -> rs.getString(1), schema);
    }

    /**
     * From {@code pg_sequence}; the type ({@code AS}) is set unless it is BIGINT, PostgreSQL's
     * default, and the bounds' defaults follow it (an INTEGER sequence ends at 2147483647).
     */
    @Override
    public Sequence sequence(Connection c, String schema, String sequence) throws SQLException {
        List<Sequence> found = query(c, "SELECT s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle, ty.typname"
                + " FROM pg_catalog.pg_sequence s JOIN pg_catalog.pg_class t ON t.oid = s.seqrelid"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace JOIN pg_catalog.pg_type ty ON ty.oid = s.seqtypid"
                + " WHERE n.nspname = ? AND t.relname = ?", rs -> {
                    TypeEngine<?> type = NAMES.get(rs.getString(7));
                    Sequence s = new SequenceRow(sequence, rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            rs.getBoolean(6), greatest(type), least(type), 1).sequence();
                    return type == Types.BIGINT ? s : s.dataType(type);
                }, schema, sequence);
        return found.isEmpty() ? null : found.get(0);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<dev.retort.types.EnumType<String>> enums(Connection c, String schema) throws SQLException {
        List<dev.retort.types.EnumType<String>> out = new ArrayList<>();
        for (long oid : typeOids(c, schema, "e")) {
            out.add((dev.retort.types.EnumType<String>) typeOf(c, oid, -1));
        }
        return out;
    }

    @Override
    public List<DomainType<?>> domains(Connection c, String schema) throws SQLException {
        List<DomainType<?>> out = new ArrayList<>();
        for (long oid : typeOids(c, schema, "d")) {
            out.add((DomainType<?>) typeOf(c, oid, -1));
        }
        return out;
    }

    /** The types of a kind ({@code typtype}) in the schema, by name. */
    private static List<Long> typeOids(Connection c, String schema, String typtype) throws SQLException {
        return query(c, "SELECT t.oid FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace"
                + " WHERE n.nspname = ? AND t.typtype = ? ORDER BY t.typname", rs -> rs.getLong(1), schema, typtype);
    }

    /** With its type, BIGINT when it has none (PostgreSQL's default), whose bounds are the default ones. */
    @Override
    public Sequence storedSequence(Sequence declared) {
        TypeEngine<?> type = declared.dataType() == null ? Types.BIGINT : declared.dataType();
        return explicit(declared, greatest(type), least(type), 1).dataType(type);
    }

    /** The greatest value of a sequence's type (SMALLINT, INTEGER or BIGINT). */
    private static long greatest(TypeEngine<?> type) {
        return type == Types.SMALLINT ? Short.MAX_VALUE : type == Types.INTEGER ? Integer.MAX_VALUE : Long.MAX_VALUE;
    }

    private static long least(TypeEngine<?> type) {
        return type == Types.SMALLINT ? Short.MIN_VALUE : type == Types.INTEGER ? Integer.MIN_VALUE : Long.MIN_VALUE;
    }

    /**
     * A time or timestamp declared with a precision ({@code TIMESTAMP(3) WITH TIME ZONE}: its
     * typmod is 3; -1 when none was given) as {@code Types.timestamp(3)} and the like.
     */
    private static TypeEngine<?> withPrecision(TypeEngine<?> type, String typeName, int typmod) {
        if (typmod < 0) {
            return type;
        }
        switch (typeName) {
            case "time": return Types.time(typmod);
            case "timetz": return Types.timetz(typmod);
            case "timestamp": return Types.datetime(typmod);
            case "timestamptz": return Types.timestamp(typmod);
            default: return type;
        }
    }

    /** An array column declared with several dimensions ({@code INTEGER[][]}), which pg_attribute records. */
    private static TypeEngine<?> withDimensions(TypeEngine<?> type, int dimensions) {
        return type instanceof ArrayType<?> a && dimensions > 1 ? a.dimensions(dimensions) : type;
    }

    /** Whether JDBC's description of a pg_catalog type maps to a Retort type. */
    private static boolean isModelled(String typeName) {
        return NAMES.containsKey(typeName) || typeName.equals("varchar") || typeName.equals("bpchar") || typeName.equals("numeric");
    }

    /** The Retort type of a pg_type, read from the catalog. */
    private TypeEngine<?> typeOf(Connection c, long oid, int typmod) throws SQLException {
        List<PgType> found = query(c, TYPE, rs -> new PgType(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getInt(5),
                rs.getString(6), rs.getString(7), rs.getBoolean(8)), typmod, oid);
        if (found.isEmpty()) {
            return Types.NULLTYPE;
        }
        PgType t = found.get(0);
        if (t.typtype().equals("e")) {
            List<String> labels = query(c, "SELECT enumlabel FROM pg_catalog.pg_enum WHERE enumtypid = ? ORDER BY enumsortorder", rs -> rs.getString(1), oid);
            return Types.enumOf(t.name(), labels.toArray(new String[0]));
        }
        if (t.typtype().equals("d")) {
            return domain(c, oid, t);
        }
        if (t.category().equals("A") && t.elem() != 0) {
            return Types.array(typeOf(c, t.elem(), typmod));
        }
        switch (t.name()) {
            case "varchar":
            case "bpchar": return typmod > 4 ? Types.string(typmod - 4) : Types.STRING;
            case "numeric": return typmod >= 4 ? Types.numeric(((typmod - 4) >> 16) & 0xffff, (typmod - 4) & 0xffff) : Types.NUMERIC;
            default:
                TypeEngine<?> named = NAMES.get(t.name());
                return named != null ? withPrecision(named, t.name(), typmod) : Types.named("postgresql", t.formatted());
        }
    }

    /**
     * A domain with its options: NOT NULL, DEFAULT, a COLLATE other than its base type's, and its
     * CHECKs. One CHECK is the domain's {@code check} (named by {@code constraintName} unless it
     * has PostgreSQL's own name, {@code <domain>_check}, or the name would fall to NOT NULL, which
     * the DDL writes first); further CHECKs are its constraints' text, each {@code CONSTRAINT name CHECK (...)}.
     */
    private DomainType<?> domain(Connection c, long oid, PgType t) throws SQLException {
        // quoted: the name as the constraints' SQL text writes it (a name of any characters)
        record Check(String name, String quoted, String condition) {
        }
        List<Check> checks = query(c, "SELECT conname, pg_catalog.quote_ident(conname), pg_catalog.pg_get_constraintdef(oid) FROM pg_catalog.pg_constraint"
                + " WHERE contypid = ? AND contype = 'c' ORDER BY conname",
                rs -> {
                    Matcher m = CHECK.matcher(rs.getString(3));
                    return new Check(rs.getString(1), rs.getString(2), unwrapped(m.matches() ? m.group(1) : rs.getString(3)));
                }, oid);
        Check first = null;
        List<String> rest = new ArrayList<>();
        for (Check ck : checks) {
            boolean ownName = ck.name().equals(t.name() + "_check");
            if (first == null && (ownName || !t.notNull())) {
                first = ownName ? new Check(null, null, ck.condition()) : ck;
            } else {
                rest.add((ownName ? "" : "CONSTRAINT " + ck.quoted() + " ") + "CHECK (" + ck.condition() + ")");
            }
        }
        DomainType<?> d = Types.domain(t.name(), typeOf(c, t.base(), t.baseTypmod()), String.join(" ", rest));
        List<String[]> more = query(c, "SELECT t.typdefault, CASE WHEN t.typcollation <> b.typcollation THEN co.collname END"
                + " FROM pg_catalog.pg_type t JOIN pg_catalog.pg_type b ON b.oid = t.typbasetype"
                + " LEFT JOIN pg_catalog.pg_collation co ON co.oid = t.typcollation WHERE t.oid = ?",
                rs -> new String[] {rs.getString(1), rs.getString(2)}, oid);
        if (more.get(0)[1] != null) {
            d = d.collation(more.get(0)[1]);
        }
        if (more.get(0)[0] != null) {
            d = d.defaultValue(dev.retort.sql.SQL.text(more.get(0)[0]));
        }
        if (t.notNull()) {
            d = d.notNull(true);
        }
        if (first != null) {
            d = (first.name() == null ? d : d.constraintName(first.name())).check(first.condition());
        }
        return d;
    }

    /** A condition without the parentheses PostgreSQL puts around a whole one ({@code (VALUE > 0)}). */
    private static String unwrapped(String condition) {
        if (!condition.startsWith("(") || !condition.endsWith(")")) {
            return condition;
        }
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < condition.length(); i++) {
            char ch = condition.charAt(i);
            if (ch == '\'') {
                quoted = !quoted;
            } else if (!quoted && ch == '(') {
                depth++;
            } else if (!quoted && ch == ')' && --depth == 0 && i < condition.length() - 1) {
                return condition;
            }
        }
        return condition.substring(1, condition.length() - 1);
    }

    @Override
    protected TypeEngine<?> type(String typeName, int jdbcType, int size, int digits) {
        switch (typeName) {
            case "varchar":
            case "bpchar": return size > 0 && size < Integer.MAX_VALUE ? Types.string(size) : Types.STRING;
            case "numeric": return size > 0 ? Types.numeric(size, digits) : Types.NUMERIC;
            default:
                TypeEngine<?> named = NAMES.get(typeName);
                return named != null ? named : super.type(typeName, jdbcType, size, digits);
        }
    }
}
