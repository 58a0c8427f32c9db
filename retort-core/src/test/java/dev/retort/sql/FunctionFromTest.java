package dev.retort.sql;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.exc.CompileException;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.MetaData;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Select#selectFrom(FunctionCall)} (format 1.15): a function in FROM without a name. The
 * expected SQL is SQLAlchemy 2.1.1's for {@code select(...).select_from(func.fn(...))}.
 */
class FunctionFromTest {
    private static final TableClause USERS = table("users", column("id"), column("name"));

    @Test
    void rendersTheCallAlone() {
        assertThat(select(column("foo")).selectFrom(func("rows", "foo")).toString()).isEqualTo("SELECT foo \nFROM rows(:rows_1)");
        assertThat(select(column("foo")).selectFrom(func("rows", "foo")).compile(Dialects.sqlite()).string())
                .isEqualTo("SELECT foo \nFROM rows(?)");
        FromClause calculate = select(column("q"), column("z"))
                .selectFrom(func("calculate", bindparam("x", null), bindparam("y", null))).subquery();
        assertThat(select(USERS).where(USERS.c("id").gt(calculate.c("z"))).toString())
                .isEqualTo("SELECT users.id, users.name \nFROM users, (SELECT q, z \nFROM calculate(:x, :y)) AS anon_1 \nWHERE users.id > anon_1.z");
    }

    @Test
    void joinsTheOtherFromsAndIsADistinctKind() {
        Select two = select(column("v")).selectFrom(func("generate_series", 1, 3)).selectFrom(USERS);
        assertThat(two.toString()).isEqualTo("SELECT v \nFROM generate_series(:generate_series_1, :generate_series_2), users");
        Select named = select(column("foo")).selectFrom(func("rows", "foo").alias("bar"));
        Select unnamed = select(column("foo")).selectFrom(func("rows", "foo"));
        assertThat(unnamed.cacheKey()).isNotEqualTo(named.cacheKey());
        assertThat(unnamed.cacheKey()).isNotEqualTo(select(column("foo")).selectFrom(func("other", "foo")).cacheKey());
        assertThat(unnamed.cacheKey()).isEqualTo(select(column("foo")).selectFrom(func("rows", "foo")).cacheKey());
    }

    @Test
    void refusedWhereFunctionsCannotBeInFrom() {
        Select s = select(column("foo")).selectFrom(func("rows", "foo"));
        assertThatThrownBy(() -> s.compile(Dialects.mariadb())).isInstanceOf(CompileException.class)
                .hasMessage("A function in FROM is not supported by dialect mariadb");
    }

    @Test
    void roundTripsFromFormat115() {
        Select stmt = select(column("foo")).selectFrom(func("rows", "foo"));
        for (Protocol p : Protocol.values()) {
            ClauseElement back = (ClauseElement) QuerySerializer.loads(QuerySerializer.dumps(stmt, p), new MetaData());
            assertThat(back.compare(stmt)).isTrue();
            assertThat(back.toString()).isEqualTo(stmt.toString());
        }
    }

    @EachDatabase
    void selectsTheFunctionsRows(Database db) {
        // PostgreSQL names the one column of a function in FROM after the function; SQLite's json_each has a value column
        Select s = db == Database.POSTGRESQL
                ? select(column("generate_series")).selectFrom(func("generate_series", 1, 3)).orderBy(column("generate_series"))
                : select(column("value")).selectFrom(func("json_each", literal("[1, 2, 3]", Types.STRING))).orderBy(column("value"));
        try (Connection c = db.engine().connect()) {
            if (db == Database.MARIADB) {
                assertThatThrownBy(() -> c.execute(s)).isInstanceOf(CompileException.class)
                        .hasMessage("A function in FROM is not supported by dialect mariadb");
                return;
            }
            List<Integer> got = new ArrayList<>();
            c.execute(s).all().forEach(r -> got.add(((Number) r.toList().get(0)).intValue()));
            assertThat(got).containsExactly(1, 2, 3);
        }
    }
}
