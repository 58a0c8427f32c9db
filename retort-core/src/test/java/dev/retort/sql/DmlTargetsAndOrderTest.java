package dev.retort.sql;

import static dev.retort.sql.SQL.bindparam;
import static dev.retort.sql.SQL.delete;
import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.literalColumn;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.CompileException;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.Table;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * UPDATE without values, ordered SET, alias and join targets, and an aggregate's ORDER BY, by the
 * rows each database keeps (their SQL is compared with SQLAlchemy's in the ported suite). Data as
 * in {@link RenderingFixesTest#withData}: users 1 ann (30, 1.5), 2 bob (7, 2.0), 3 cy (30, null),
 * 4 dee (5, 0.5); address 1 of user 1, addresses 2 ("x") and 3 ("b@y") of user 2.
 */
class DmlTargetsAndOrderTest {
    /**
     * The new forms as trees: each its own cache key, and (from serializer format 1.10, whose
     * attributes they use) a round trip through both protocols; while 1.9 is written they are
     * refused with the version they need and the plain forms serialize as before.
     */
    @Test
    void theNewFormsHaveTheirOwnKeysAndSerialize() {
        RenderingFixesTest.Schema s = new RenderingFixesTest.Schema("");
        Table u = s.users;
        Alias x = u.alias("x");
        List<ClauseElement> variants = List.of(update(u), update(u).values(Map.of("age", 1, "name", "n")),
                update(u).orderedValues(Map.entry("age", 1), Map.entry("name", "n")), update(x).values(Map.of("age", 1, "name", "n")),
                update(u.join(s.addresses)).values(Map.of("age", 1, "name", "n")), update(u).values(Map.of(SQL.tuple(u.c("age"), u.c("name")), SQL.tuple(1, "n"))),
                delete(u), delete(x), func("array_agg", u.c("name")), func("array_agg", u.c("name")).aggregateOrderBy(u.c("age")),
                func("array_agg", u.c("name")).aggregateOrderBy(u.c("age").desc()));
        for (int i = 0; i < variants.size(); i++) {
            for (int j = 0; j < variants.size(); j++) {
                assertThat(variants.get(i).cacheKey().equals(variants.get(j).cacheKey())).as(i + " vs " + j).isEqualTo(i == j);
            }
        }
        for (ClauseElement v : variants) {
            for (Protocol p : Protocol.values()) {
                ClauseElement back = (ClauseElement) QuerySerializer.loads(QuerySerializer.dumps(v, p), s.md);
                assertThat(back.compare(v)).as(p + " " + v.getClass().getSimpleName()).isTrue();
                dev.retort.dialect.Dialect d = v instanceof Update up && up.target() instanceof Join ? Dialects.mariadb() : Dialects.postgresql();
                assertThat(back.compile(d).string()).isEqualTo(v.compile(d).string());
            }
        }
    }

    @EachDatabase
    void updateWithoutValuesSetsTheColumnsTheParametersName(Database db) {
        RenderingFixesTest.withData(db, (s, c) -> {
            Table u = s.users;
            Update stmt = update(u).where(u.c("id").eq(bindparam("uid")));
            assertThat(c.execute(stmt, Map.of("uid", 2, "name", "zed")).rowCount()).isEqualTo(1);
            c.execute(stmt, List.of(Map.of("uid", 3, "age", 31), Map.of("uid", 4, "age", 6)));
            assertThat(RenderingFixesTest.values(c, select(u.c("name")))).containsExactly("ann", "cy", "dee", "zed");
            // only the named columns are SET: bob keeps his age, cy and dee their names
            assertThat(RenderingFixesTest.values(c, select(u.c("age")).where(u.c("id").in(List.of(2, 3, 4))))).containsExactly(31L, 6L, 7L);
        });
    }

    @Test
    void updateCompiledWithoutValuesSetsEveryColumnAndAnEmptySetIsRefused() {
        Table u = new RenderingFixesTest.Schema("").users;
        assertThat(update(u).compile(Dialects.defaultDialect()).string()).isEqualTo("UPDATE users SET id=:id, name=:name, age=:age, score=:score");
        assertThat(update(u).forExecution(java.util.Set.of("age", "uid")).compile(Dialects.defaultDialect()).string()).isEqualTo("UPDATE users SET age=:age");
        assertThatThrownBy(() -> update(u).values(Map.of())).isInstanceOf(ArgumentException.class).hasMessageContaining("needs at least one value");
    }

    /**
     * Executed with parameter keys naming columns values() leaves out, those columns are written from their parameters in table
     * order, as SQLAlchemy's column_keys add them (expected SQL: SQLAlchemy 2.1.1's compile(column_keys=...)); a key naming
     * a parameter of the statement (the WHERE's {@code :id}, which SQLAlchemy refuses) is that parameter's, not a column's.
     */
    @Test
    void executionKeysAddTheColumnsValuesLeaveOut() {
        Table u = new RenderingFixesTest.Schema("").users;
        ClauseElement upd = update(u).values(Map.of("name", "x")).where(u.c("id").eq(bindparam("id")));
        assertThat(upd.forExecution(java.util.Set.of("id", "age")).compile(Dialects.defaultDialect()).string())
                .isEqualTo("UPDATE users SET name=:name, age=:age WHERE users.id = :id");
        ClauseElement ins = SQL.insert(u).values(Map.of("age", bindparam("a2")));
        assertThat(ins.forExecution(java.util.Set.of("a2", "name", "score")).compile(Dialects.defaultDialect()).string())
                .isEqualTo("INSERT INTO users (name, age, score) VALUES (:name, :a2, :score)");
    }

    /** MariaDB assigns SET left to right (a later value reads an earlier one's result); the others read the old row. */
    @EachDatabase
    void orderedValuesKeepTheirOrderWhichMariadbReads(Database db) {
        RenderingFixesTest.withData(db, (s, c) -> {
            Table u = s.users;
            Update ordered = update(u).orderedValues(Map.entry("score", u.c("age")), Map.entry("age", u.c("age").add(1))).where(u.c("id").eq(1));
            assertThat(ordered.compile(db.engine().dialect()).string()).matches("UPDATE \\S+ SET score=\\S+, age=.*");
            c.execute(ordered);
            assertThat(RenderingFixesTest.values(c, select(u.c("score")).where(u.c("id").eq(1)))).containsExactly(30L);
            // values() writes table order, age first: on MariaDB score then reads the new age
            c.execute(update(u).values(Map.of("score", u.c("age"), "age", u.c("age").add(1))).where(u.c("id").eq(1)));
            assertThat(RenderingFixesTest.values(c, select(u.c("score")).where(u.c("id").eq(1)))).containsExactly(db == Database.MARIADB ? 32L : 31L);
        });
    }

    @EachDatabase
    void updateAndDeleteOfAnAliasWriteTheTable(Database db) {
        RenderingFixesTest.withData(db, (s, c) -> {
            Table u = s.users;
            Alias x = u.alias("x");
            Table a = s.addresses;
            // the alias's columns, a string key, and a subquery correlated to the alias
            c.execute(update(x).values(Map.of(x.c("name"), "old", "score", select(func("count", a.c("id"))).where(a.c("user_id").eq(x.c("id"))).scalarSubquery()))
                    .where(x.c("age").gt(10)));
            assertThat(RenderingFixesTest.values(c, select(u.c("name"), u.c("score")).where(u.c("age").gt(10)))).containsExactly("old", "old");
            assertThat(RenderingFixesTest.values(c, select(u.c("score")).where(u.c("id").eq(1)))).containsExactly(1L);
            c.execute(delete(s.orders));
            c.execute(delete(a));
            if (db == Database.MARIADB) {
                assertThatThrownBy(() -> c.execute(delete(x).where(x.c("age").lt(10)).returning(x.c("id")))).isInstanceOf(CompileException.class)
                        .hasMessageContaining("RETURNING");
                assertThat(c.execute(delete(x).where(x.c("age").lt(10))).rowCount()).isEqualTo(2);
            } else {
                assertThat(RenderingFixesTest.values(c, delete(x).where(x.c("age").lt(10)).returning(x.c("id")))).containsExactly(2L, 4L);
            }
            assertThat(RenderingFixesTest.values(c, select(u.c("id")))).containsExactly(1L, 3L);
        });
    }

    @Test
    void anAliasTargetRefusesTheTablesOwnColumnAsAKey() {
        Table u = new RenderingFixesTest.Schema("").users;
        assertThatThrownBy(() -> update(u.alias("x")).values(Map.of(u.c("name"), "n"))).isInstanceOf(ArgumentException.class)
                .hasMessageContaining("alias of 'users'");
        assertThatThrownBy(() -> update(select(u.c("id")).subquery("q"))).isInstanceOf(ArgumentException.class).hasMessageContaining("UPDATE writes to a table");
    }

    /** toString() of a statement the default dialect cannot write says why instead of throwing (it threw before). */
    @Test
    void toStringOfAnUpdateOfAJoinSaysWhyItHasNoDefaultSql() {
        RenderingFixesTest.Schema s = new RenderingFixesTest.Schema("");
        Update stmt = update(s.users.join(s.addresses)).values(Map.of("age", 1));
        assertThat(stmt.toString()).startsWith("<Update: UPDATE of a join").contains("dialect default");
        assertThat(update(s.users).values(Map.of("age", 1)).toString()).startsWith("UPDATE users SET");
    }

    @EachDatabase
    void updateOfAJoinOnMariadbElseACompileException(Database db) {
        RenderingFixesTest.withData(db, (s, c) -> {
            Table u = s.users;
            Table a = s.addresses;
            Update stmt = update(u.join(a)).values(Map.of(u.c("name"), a.c("email"))).where(a.c("id").eq(3));
            if (db != Database.MARIADB) {
                assertThatThrownBy(() -> c.execute(stmt)).isInstanceOf(CompileException.class).hasMessageContaining("UPDATE of a join")
                        .hasMessageContaining(db.engine().dialect().name());
                return;
            }
            c.execute(stmt);
            assertThat(RenderingFixesTest.values(c, select(u.c("name")).where(u.c("id").eq(2)))).containsExactly("b@y");
            // a plain value keyed by name SETs the join's first table
            c.execute(update(u.join(a)).values(Map.of("age", 50)).where(a.c("email").eq("x")));
            assertThat(RenderingFixesTest.values(c, select(u.c("age")).where(u.c("id").eq(2)))).containsExactly(50L);
        });
    }

    @EachDatabase
    void aRowValueIsSetFromASelectOrATupleWhereTheDatabaseHasRowValues(Database db) {
        RenderingFixesTest.withData(db, (s, c) -> {
            Table u = s.users;
            Table a = s.addresses;
            Update fromSelect = update(u).values(Map.of(SQL.tuple(u.c("name"), u.c("age")),
                    select(a.c("email"), a.c("id")).where(a.c("user_id").eq(u.c("id"))).orderBy(a.c("id").desc()).limit(1))).where(u.c("id").eq(2));
            if (db == Database.MARIADB) {
                assertThatThrownBy(() -> c.execute(fromSelect)).isInstanceOf(CompileException.class).hasMessageContaining("row value");
                return;
            }
            c.execute(fromSelect);
            c.execute(update(u).orderedValues(Map.entry(SQL.tuple(u.c("age"), u.c("name")), SQL.tuple(40, "dd")), Map.entry("score", 9)).where(u.c("id").eq(4)));
            assertThat(RenderingFixesTest.values(c, select(u.c("name")).where(u.c("id").in(List.of(2, 4))))).containsExactly("b@y", "dd");
            assertThat(RenderingFixesTest.values(c, select(u.c("age")).where(u.c("id").in(List.of(2, 4))))).containsExactly(3L, 40L);
            assertThat(RenderingFixesTest.values(c, select(u.c("score")).where(u.c("id").eq(4)))).containsExactly(9L);
        });
    }

    @EachDatabase
    void aMultiTableUpdateSetsAnotherTablesColumnOnMariadbElseACompileException(Database db) {
        RenderingFixesTest.withData(db, (s, c) -> {
            Table u = s.users;
            Table a = s.addresses;
            Update stmt = update(u).values(Map.of(a.c("email"), u.c("name"), "age", 8)).where(a.c("user_id").eq(u.c("id")), u.c("id").eq(1));
            if (db != Database.MARIADB) {
                assertThatThrownBy(() -> c.execute(stmt)).isInstanceOf(CompileException.class).hasMessageContaining("cannot SET column 'email'");
                return;
            }
            c.execute(stmt);
            assertThat(RenderingFixesTest.values(c, select(a.c("email")).where(a.c("id").eq(1)))).containsExactly("ann");
            assertThat(RenderingFixesTest.values(c, select(u.c("age")).where(u.c("id").eq(1)))).containsExactly(8L);
            // the other table must be one the criteria name
            assertThatThrownBy(() -> c.execute(update(u).values(Map.of(a.c("email"), "e")).where(u.c("id").eq(1))))
                    .isInstanceOf(CompileException.class).hasMessageContaining("only when the statement's criteria name that table");
        });
    }

    @EachDatabase
    void anAggregatesOrderByOrdersItsInput(Database db) {
        RenderingFixesTest.withData(db, (s, c) -> {
            Table u = s.users;
            FunctionCall<String> agg = db == Database.POSTGRESQL ? func("string_agg", u.c("name"), literalColumn("','"))
                    : db == Database.SQLITE ? func("group_concat", u.c("name"), literalColumn("','")) : func("group_concat", u.c("name"));
            assertThat(c.execute(select(agg.aggregateOrderBy(u.c("age").desc(), u.c("name")))).scalar()).isEqualTo("ann,cy,bob,dee");
        });
    }
}
