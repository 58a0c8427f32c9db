package dev.retort.dialect;

import dev.retort.types.TypeEngine;
import dev.retort.types.Types;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL: columns, keys and indexes come through JDBC (its driver reads pg_catalog), with
 * PostgreSQL's type names ({@code int4}, {@code varchar}, {@code timestamptz}, ...) mapped to
 * Retort's; unique constraints come from {@code pg_constraint}, since JDBC reports them only as
 * the unique indexes behind them. A serial column's {@code nextval} default is reported as
 * autoincrement, which {@code createAll} turns back into SERIAL.
 */
final class PostgresqlInspector extends Inspector {
    private static final Map<String, TypeEngine<?>> NAMES = Map.ofEntries(
            Map.entry("int2", Types.SMALLINT), Map.entry("smallserial", Types.SMALLINT), Map.entry("int4", Types.INTEGER),
            Map.entry("serial", Types.INTEGER), Map.entry("int8", Types.BIGINT), Map.entry("bigserial", Types.BIGINT),
            Map.entry("bool", Types.BOOLEAN), Map.entry("float4", Types.FLOAT), Map.entry("float8", Types.DOUBLE),
            Map.entry("text", Types.TEXT), Map.entry("date", Types.DATE), Map.entry("time", Types.TIME), Map.entry("timetz", Types.TIME),
            Map.entry("timestamp", Types.DATETIME), Map.entry("timestamptz", Types.TIMESTAMP), Map.entry("bytea", Types.LARGE_BINARY),
            Map.entry("uuid", Types.UUID), Map.entry("json", Types.JSON), Map.entry("jsonb", Types.JSON));
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
        return super.indexes(c, schema, table).stream().filter(ix -> !owned.contains(ix.name())).toList();
    }

    private static List<ConstraintColumn> constraintColumns(Connection c, String schema, String table) throws SQLException {
        return query(c, CONSTRAINTS, rs -> new ConstraintColumn(rs.getString(1), rs.getString(2), rs.getString(3)), schema, table);
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
