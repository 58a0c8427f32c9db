package dev.retort.types;

import dev.retort.dialect.Dialect;

/**
 * The type of the key or index in {@code json.item(k)}: bound as it is on PostgreSQL
 * ({@code data -> ?}), and as a JSON path ({@code $."k"}, {@code $[0]}) where the database takes
 * a path ({@code JSON_EXTRACT(data, ?)} on MySQL, MariaDB and SQLite), as SQLAlchemy binds it.
 */
public final class JsonPathType extends TypeEngine<Object> {
    /** The one instance. */
    public static final JsonPathType INSTANCE = new JsonPathType();

    private JsonPathType() {
    }

    @Override
    public Class<Object> javaType() {
        return Object.class;
    }

    @Override
    public String visitName() {
        return "JSON_PATH";
    }

    /** Text, as the path is where the database takes one; see {@link #setParameter} for PostgreSQL's integer index. */
    @Override
    public TypeKind kind() {
        return TypeKind.STRING;
    }

    /**
     * Binds a key as text and, on PostgreSQL, an index as an integer ({@code data -> 0} is the
     * array element) and a path ({@code data #> ?}) as a {@code text[]}.
     */
    @Override
    public void setParameter(java.sql.PreparedStatement ps, int index, Object value, Dialect dialect) throws java.sql.SQLException {
        Object v = bindValue(value, dialect);
        if (v instanceof java.util.List<?> path) {
            ps.setArray(index, ps.getConnection().createArrayOf("text", path.stream().map(Object::toString).toArray()));
            return;
        }
        dialect.jdbcBinder().bind(ps, index, TypeKind.of(v), v);
    }

    @Override
    protected Object coerce(Object value) {
        return value;
    }

    @Override
    public boolean cacheOk() {
        return true;
    }

    @Override
    protected Object bindValue(Object value, Dialect dialect) {
        if (dialect.name().equals("postgresql") || dialect.name().equals("default")) {
            return value;
        }
        if (value instanceof java.util.List<?> path) {
            StringBuilder sb = new StringBuilder("$");
            path.forEach(step -> sb.append(step(step)));
            return sb.toString();
        }
        return "$" + step(value);
    }

    /** One step of a JSON path: {@code [0]} for an index, {@code ."key"} for a key. */
    private static String step(Object keyOrIndex) {
        return keyOrIndex instanceof Number n ? "[" + n.longValue() + "]" : ".\"" + keyOrIndex.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
