package dev.retort.sql;

import static dev.retort.sql.SQL.delete;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.CompileException;
import dev.retort.ext.serializer.LoadOptions;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Select.withHint / withStatementHint and Update/Delete withHint and limit (SQLAlchemy's
 * with_hint, with_statement_hint, mysql_limit). Expected SQL: SQLAlchemy 2.1.1 (PGDialect,
 * MySQLDialect, SQLiteDialect with paramstyle qmark; the string compiler for the default dialect).
 */
class HintsTest {
    private static final MetaData MD = new MetaData();
    private static final Table USERS = new Table("users", MD, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(20)));
    private static final Table ADDRESSES = new Table("addresses", MD, Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("user_id", Types.INTEGER), Column.of("email", Types.string(20)));

    private static String sql(ClauseElement stmt, Dialect d) {
        return stmt.compile(d).string().replaceAll("\\s+", " ").trim();
    }

    @Test
    void aTableHintGoesWhereTheDialectPutsIt() {
        Select s = select(USERS.c("id")).withHint(USERS, "USE INDEX (ix_%(name)s_name)", "mysql").withHint(USERS, "ONLY", "postgresql");
        assertThat(sql(s, Dialects.postgresql())).isEqualTo("SELECT users.id FROM ONLY users");
        assertThat(sql(s, Dialects.mysql())).isEqualTo("SELECT users.id FROM users USE INDEX (ix_users_name)");
        assertThat(sql(s, Dialects.mariadb())).isEqualTo("SELECT users.id FROM users USE INDEX (ix_users_name)");
        assertThat(sql(s, Dialects.sqlite())).isEqualTo("SELECT users.id FROM users");
        assertThat(sql(s, Dialects.defaultDialect())).isEqualTo("SELECT users.id FROM users");
    }

    @Test
    void anAliasInAJoinIsHintedByItsName() {
        Alias u = USERS.alias("u");
        Select s = select(u.c("id"), ADDRESSES.c("email")).selectFrom(u.join(ADDRESSES, u.c("id").eq(ADDRESSES.c("user_id"))))
                .withHint(u, "FORCE INDEX (PRIMARY)", "mysql").withHint(u, "ONLY", "postgresql");
        assertThat(sql(s, Dialects.postgresql())).isEqualTo("SELECT u.id, addresses.email FROM ONLY users AS u JOIN addresses ON u.id = addresses.user_id");
        assertThat(sql(s, Dialects.mysql()))
                .isEqualTo("SELECT u.id, addresses.email FROM users AS u FORCE INDEX (PRIMARY) INNER JOIN addresses ON u.id = addresses.user_id");
        assertThat(sql(s, Dialects.sqlite())).isEqualTo("SELECT u.id, addresses.email FROM users AS u JOIN addresses ON u.id = addresses.user_id");
    }

    @Test
    void aHintForEveryDialect() {
        Select s = select(USERS.c("id")).withHint(USERS, "NO_INDEX(%(name)s)").limit(2);
        assertThat(sql(s, Dialects.mysql())).isEqualTo("SELECT users.id FROM users NO_INDEX(users) LIMIT ?");
        assertThat(sql(s, Dialects.defaultDialect())).isEqualTo("SELECT users.id FROM users [NO_INDEX(users)] LIMIT :param_1");
        assertThatThrownBy(() -> s.compile(Dialects.postgresql())).isInstanceOf(CompileException.class).hasMessageContaining("NO_INDEX(users)");
    }

    @Test
    void statementHintsFollowTheStatement() {
        Select s = select(USERS.c("id")).where(USERS.c("id").gt(1)).withStatementHint("STMT ONE").withStatementHint("STMT TWO", "mysql")
                .withForUpdate(ForUpdate.update());
        assertThat(sql(s, Dialects.postgresql())).isEqualTo("SELECT users.id FROM users WHERE users.id > ? FOR UPDATE STMT ONE");
        assertThat(sql(s, Dialects.mysql())).isEqualTo("SELECT users.id FROM users WHERE users.id > ? FOR UPDATE STMT ONE STMT TWO");
        assertThat(sql(s, Dialects.sqlite())).isEqualTo("SELECT users.id FROM users WHERE users.id > ? STMT ONE");
        assertThat(sql(s, Dialects.defaultDialect())).isEqualTo("SELECT users.id FROM users WHERE users.id > :id_1 FOR UPDATE STMT ONE");
    }

    @Test
    void aSubqueryKeepsItsOwnHints() {
        Select s = select(USERS.c("name")).where(USERS.c("id").in(select(ADDRESSES.c("user_id")).withHint(ADDRESSES, "IGNORE INDEX (ix)", "mysql")));
        assertThat(sql(s, Dialects.mysql())).isEqualTo("SELECT users.name FROM users WHERE users.id IN (SELECT addresses.user_id FROM addresses IGNORE INDEX (ix))");
        assertThat(sql(s, Dialects.postgresql())).isEqualTo("SELECT users.name FROM users WHERE users.id IN (SELECT addresses.user_id FROM addresses)");
        // the outer SELECT's hint is not the subquery's
        Select outer = select(USERS.c("name")).where(USERS.c("id").in(select(ADDRESSES.c("user_id")))).withHint(ADDRESSES, "X", "mysql");
        assertThat(sql(outer, Dialects.mysql())).isEqualTo("SELECT users.name FROM users WHERE users.id IN (SELECT addresses.user_id FROM addresses)");
    }

    @Test
    void updateAndDeleteHintTheirTable() {
        Update u = update(USERS).values(Map.of("name", "x")).where(USERS.c("id").eq(1)).withHint("ONLY", "postgresql").withHint("LOW_HINT", "mysql");
        assertThat(sql(u, Dialects.postgresql())).isEqualTo("UPDATE ONLY users SET name=? WHERE users.id = ?");
        assertThat(sql(u, Dialects.mysql())).isEqualTo("UPDATE users LOW_HINT SET name=? WHERE users.id = ?");
        assertThat(sql(u, Dialects.sqlite())).isEqualTo("UPDATE users SET name=? WHERE users.id = ?");
        Delete d = delete(USERS).where(USERS.c("id").eq(1)).withHint("ONLY", "postgresql");
        assertThat(sql(d, Dialects.postgresql())).isEqualTo("DELETE FROM ONLY users WHERE users.id = ?");
        assertThat(sql(d, Dialects.mysql())).isEqualTo("DELETE FROM users WHERE users.id = ?");
    }

    @Test
    void updateAndDeleteLimitOnMysql() {
        Update u = update(USERS).values(Map.of("name", "x")).where(USERS.c("id").gt(1)).limit(10);
        assertThat(sql(u, Dialects.mysql())).isEqualTo("UPDATE users SET name=? WHERE users.id > ? LIMIT 10");
        assertThat(sql(u, Dialects.mariadb())).isEqualTo("UPDATE users SET name=? WHERE users.id > ? LIMIT 10");
        assertThat(sql(delete(USERS).where(USERS.c("id").gt(1)).limit(0), Dialects.mysql())).isEqualTo("DELETE FROM users WHERE users.id > ? LIMIT 0");
        assertThat(sql(delete(USERS).limit(5).limit(null), Dialects.mysql())).isEqualTo("DELETE FROM users");
        assertThatThrownBy(() -> u.compile(Dialects.postgresql())).isInstanceOf(CompileException.class).hasMessageContaining("postgresql");
        assertThatThrownBy(() -> delete(USERS).limit(-1)).isInstanceOf(ArgumentException.class).hasMessageContaining("-1");
    }

    @Test
    void comparedAndKeyedWithTheirHints() {
        Select a = select(USERS.c("id")).withHint(USERS, "X", "mysql");
        assertThat(a.compare(select(USERS.c("id")).withHint(USERS, "X", "mysql"))).isTrue();
        assertThat(a.compare(select(USERS.c("id")).withHint(USERS, "Y", "mysql"))).isFalse();
        assertThat(a.compare(select(USERS.c("id")))).isFalse();
        assertThat(a.cacheKey()).isNotEqualTo(select(USERS.c("id")).withHint(USERS, "X", "postgresql").cacheKey());
        assertThat(update(USERS).limit(3).cacheKey()).isNotEqualTo(update(USERS).limit(4).cacheKey());
        assertThat(a.getChildren()).anyMatch(c -> c instanceof Hint);
    }

    @ParameterizedTest
    @ValueSource(strings = {"BINARY", "JSON"})
    void survivesTheSerializer(String protocol) {
        Alias u = USERS.alias("u");
        List<ClauseElement> statements = List.of(
                select(u.c("id")).withHint(u, "USE INDEX (PRIMARY)", "mysql").withStatementHint("SH"),
                update(USERS).values(Map.of("name", "x")).withHint("ONLY", "postgresql").limit(7),
                delete(USERS).limit(2));
        for (ClauseElement stmt : statements) {
            ClauseElement back = (ClauseElement) QuerySerializer.loads(QuerySerializer.dumps(stmt, Protocol.valueOf(protocol)), MD);
            assertThat(back.compare(stmt)).isTrue();
            assertThat(sql(back, Dialects.mysql())).isEqualTo(sql(stmt, Dialects.mysql()));
        }
        byte[] hinted = QuerySerializer.dumps(statements.get(0), Protocol.valueOf(protocol));
        assertThatThrownBy(() -> QuerySerializer.with(LoadOptions.DEFAULTS.allowRawSql(false)).read(hinted, MD))
                .hasMessageContaining("hint");
    }

    /** The hints run: MariaDB takes an index hint and a DELETE ... LIMIT, PostgreSQL ONLY, SQLite leaves them out. */
    @EachDatabase
    void hintedStatementsRun(Database db) {
        Engine engine = db.engine();
        MetaData md = new MetaData();
        Table t = new Table("hint_" + UUID.randomUUID().toString().substring(0, 8), md,
                Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(20)));
        md.createAll(engine);
        try (Connection conn = engine.connect()) {
            conn.execute(SQL.insert(t), List.of(Map.of("id", 1, "name", "a"), Map.of("id", 2, "name", "b"), Map.of("id", 3, "name", "c")));
            Select s = select(t.c("name")).where(t.c("id").gt(1)).orderBy(t.c("id"))
                    .withHint(t, "USE INDEX (PRIMARY)", "mysql").withHint(t, "ONLY", "postgresql");
            assertThat(conn.execute(s).scalars()).containsExactly("b", "c");
            assertThat(conn.execute(update(t).values(Map.of("name", "z")).where(t.c("id").eq(1)).withHint("ONLY", "postgresql")).rowCount()).isEqualTo(1);
            if (db == Database.MARIADB) {
                assertThat(conn.execute(delete(t).where(t.c("id").gt(0)).limit(2)).rowCount()).isEqualTo(2);
                assertThat(((Number) conn.execute(select(SQL.func("count", t.c("id")))).scalar()).intValue()).isEqualTo(1);
            }
            conn.rollback();
        } finally {
            md.dropAll(engine);
        }
    }
}
