package dev.retort.engine;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.SqlCompiler;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.BindParameter;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Compiled;
import dev.retort.sql.SQL;
import dev.retort.sql.SchemaTranslateMap;
import dev.retort.types.TypeEngine;
import dev.retort.types.TypeKind;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Connection#updateRows} runs for one shape of rows (table, columns set, matched and
 * returned, rows per statement), made once per engine ({@link Engine#updateRowsPlan}): a flush
 * updating a thousand rows would otherwise write out, and the driver's statement cache hash, the
 * same thousand-row SQL on every call. Immutable.
 */
final class UpdateRowsPlan {
    /** The shape, as the engine's cache key: columns and tables compare by identity; the schema translations (null: none) by value. */
    record Shape(SchemaTranslateMap translate, Table table, List<Column<?>> set, List<Column<?>> match, int rows, List<Column<?>> returning) {
        /** Whether this is the shape of those arguments: {@link #equals} without a shape made to compare. */
        boolean is(SchemaTranslateMap translate, Table table, List<Column<?>> set, List<Column<?>> match, int rows, List<Column<?>> returning) {
            return table == this.table && rows == this.rows && java.util.Objects.equals(translate, this.translate) && set.equals(this.set)
                    && match.equals(this.match) && returning.equals(this.returning);
        }
    }

    /** The shape this plan is for. */
    final Shape shape;

    /** {@code UPDATE t SET a=:p0 WHERE t.id = :p1}: what listeners see, and what runs where there is no VALUES form. */
    final ClauseElement perRow;
    /** The per-row statement's parameter names, {@code p0, p1, ...}: the set columns', then the matched ones'. */
    final List<String> names;
    /** Each value's column type, set columns first. */
    final List<TypeEngine<?>> types;
    /** Each value's kind when it binds directly (see {@link RowsPlan#plainKind}), else null. */
    final TypeKind[] plain;
    final List<Compiled.ResultColumn> returning;
    /** How many rows {@link #sql} updates. */
    final int rows;
    /** The statement of {@link #rows} rows joining a VALUES list; null where the dialect has none. */
    final String sql;

    private UpdateRowsPlan(Shape shape, ClauseElement perRow, List<String> names, List<TypeEngine<?>> types, TypeKind[] plain,
            List<Compiled.ResultColumn> returning, int rows, String sql) {
        this.shape = shape;
        this.perRow = perRow;
        this.names = names;
        this.types = types;
        this.plain = plain;
        this.returning = returning;
        this.rows = rows;
        this.sql = sql;
    }

    static UpdateRowsPlan of(Shape shape, Dialect dialect, ZoneId zone) {
        int width = shape.set().size() + shape.match().size();
        Map<Object, Object> values = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(width);
        List<TypeEngine<?>> types = new ArrayList<>(width);
        // each value is stored into, or compared with, its column: it binds as the dialect binds it there
        SqlCompiler compiler = dialect.newCompiler().schemaTranslateMap(shape.translate());
        for (Column<?> c : shape.set()) {
            values.put(c, param(names, types, c, compiler));
        }
        List<ClauseElement> where = new ArrayList<>(shape.match().size());
        for (Column<?> c : shape.match()) {
            where.add(c.eq(param(names, types, c, compiler)));
        }
        ClauseElement perRow = SQL.update(shape.table()).values(values).where(where.toArray(new ClauseElement[0]));
        TypeKind[] plain = new TypeKind[width];
        for (int i = 0; i < width; i++) {
            plain[i] = RowsPlan.plainKind(types.get(i), dialect, zone);
        }
        List<Compiled.ResultColumn> returning = new ArrayList<>(shape.returning().size());
        shape.returning().forEach(c -> returning.add(new Compiled.ResultColumn(c.key(), c.type())));
        String sql = dialect.supportsUpdateFromValues()
                ? compiler.updateFromValues(shape.table(), shape.set(), shape.match(), shape.rows(), shape.returning())
                : null;
        return new UpdateRowsPlan(shape, perRow, List.copyOf(names), List.copyOf(types), plain, List.copyOf(returning), shape.rows(), sql);
    }

    /** The next parameter, {@code p<n>}, bound through {@code c}'s type as the compiler binds it at {@code c} (raw: a bind parameter takes any type). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static BindParameter<?> param(List<String> names, List<TypeEngine<?>> types, Column<?> c, SqlCompiler compiler) {
        String name = "p" + names.size();
        names.add(name);
        types.add(compiler.boundType(c.type(), c, false));
        return SQL.bindparam(name, null, (TypeEngine) c.type());
    }
}
