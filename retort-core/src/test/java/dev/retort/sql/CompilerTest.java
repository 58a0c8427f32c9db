package dev.retort.sql;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.CompileException;
import dev.retort.exc.NoSuchColumnException;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.UsersAndAddresses;
import dev.retort.types.Types;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompilerTest {
    final UsersAndAddresses schema = UsersAndAddresses.withAge();
    final MetaData md = schema.metadata;
    final Table users = schema.users;
    final Table addresses = schema.addresses;

    static String sql(ClauseElement e) {
        return e.toString().replaceAll("\\s+", " ").trim();
    }

    static String sql(ClauseElement e, Dialect d, CompileOption... o) {
        return e.compile(d, o).string().replaceAll("\\s+", " ").trim();
    }

    @Test
    void selectWithJoinInferredFromForeignKey() {
        assertThat(sql(select(users.c("name"), addresses.c("email")).selectFrom(users.join(addresses))))
                .isEqualTo("SELECT users.name, addresses.email FROM users JOIN addresses ON users.id = addresses.user_id");
        assertThat(sql(select(users.c("name")).join(addresses).where(addresses.c("email").like("%x"))))
                .isEqualTo("SELECT users.name FROM users JOIN addresses ON users.id = addresses.user_id WHERE addresses.email LIKE :email_1");
        assertThat(sql(select(addresses.c("email")).selectFrom(addresses.outerJoin(users))))
                .isEqualTo("SELECT addresses.email FROM addresses LEFT OUTER JOIN users ON users.id = addresses.user_id");
    }

    @Test
    void joinWithoutForeignKeyNamesBothSides() {
        Table other = new Table("other", md, Column.of("x", Types.INTEGER));
        assertThatThrownBy(() -> users.join(other)).isInstanceOf(ArgumentException.class)
                .hasMessageContaining("'users'").hasMessageContaining("'other'");
    }

    @Test
    void unknownColumnKeyNamesTableAndKey() {
        assertThatThrownBy(() -> users.c("nope")).isInstanceOf(NoSuchColumnException.class)
                .hasMessageContaining("'nope'").hasMessageContaining("users").hasMessageContaining("id, name, age");
    }

    @Test
    void operatorsGroupByPrecedence() {
        ColumnElement<Integer> id = users.c("id", Integer.class);
        ColumnElement<Integer> age = users.c("age", Integer.class);
        assertThat(sql(select(users.c("id")).where(id.add(age).mul(2).gt(10))))
                .endsWith("WHERE (users.id + users.age) * :param_1 > :param_2");
        assertThat(sql(select(users.c("id")).where(and(or(id.eq(1), id.eq(2)), age.lt(3)))))
                .endsWith("WHERE (users.id = :id_1 OR users.id = :id_2) AND users.age < :age_1");
        assertThat(sql(select(users.c("id")).where(not(and(id.eq(1), age.eq(2))))))
                .endsWith("WHERE NOT (users.id = :id_1 AND users.age = :age_1)");
        assertThat(sql(select(users.c("id")).where(not(id.gt(5))))).endsWith("WHERE users.id <= :id_1");
        assertThat(sql(select(users.c("id")).where(users.c("name").eq(null)))).endsWith("WHERE users.name IS NULL");
        assertThat(sql(select(users.c("id")).where(users.c("name").ne(null)))).endsWith("WHERE users.name IS NOT NULL");
        assertThat(sql(select(id.neg()))).isEqualTo("SELECT -users.id FROM users");
        assertThat(sql(select(trueLiteral()))).isEqualTo("SELECT true AS anon_1");
    }

    @Test
    void inListsExpandAndEmptyListsStayValid() {
        ClauseElement s = select(users.c("id")).where(users.c("id").in(List.of(1, 2, 3)));
        assertThat(sql(s)).endsWith("WHERE users.id IN (:id_1_1, :id_1_2, :id_1_3)");
        assertThat(s.compile().params()).containsExactly(Map.entry("id_1_1", 1), Map.entry("id_1_2", 2), Map.entry("id_1_3", 3));
        assertThat(sql(s, Dialects.sqlite())).endsWith("WHERE users.id IN (?, ?, ?)");
        assertThat(sql(select(users.c("id")).where(users.c("id").in(List.of())))).endsWith("WHERE users.id IN (NULL) AND (1 != 1)");
        assertThat(sql(select(users.c("id")).where(users.c("id").notIn(List.of())))).endsWith("WHERE (users.id NOT IN (NULL) OR (1 = 1))");
        // the list length is not part of the shape
        assertThat(select(users.c("id")).where(users.c("id").in(List.of(1))).cacheKey()).isEqualTo(s.cacheKey());
    }

    @Test
    void positionalParametersFollowTheTextEvenWithCtes() {
        CTE t = select(addresses.c("user_id")).where(addresses.c("email").eq("a")).cte("t");
        Select s = select(users.c("name")).where(users.c("age").gt(30)).selectFrom(users.join(t, users.c("id").eq(t.c("user_id"))));
        Compiled c = s.compile(Dialects.sqlite());
        assertThat(c.string()).startsWith("WITH t AS");
        // the CTE is rendered after the WHERE is numbered, yet comes first in the text
        assertThat(c.bind(Map.of()).values()).containsExactly("a", 30);
    }

    @Test
    void identifiersAreQuotedWhereNeeded() {
        Table odd = new Table("Odd Table", new MetaData(), Column.of("select", Types.INTEGER), Column.of("naïve", Types.INTEGER),
                Column.of("MixedCase", Types.INTEGER), Column.of("has\"quote", Types.INTEGER), Column.of("has`tick", Types.INTEGER));
        Select s = select(odd);
        assertThat(sql(s, Dialects.postgresql())).isEqualTo(
                "SELECT \"Odd Table\".\"select\", \"Odd Table\".\"naïve\", \"Odd Table\".\"MixedCase\", \"Odd Table\".\"has\"\"quote\", \"Odd Table\".\"has`tick\" FROM \"Odd Table\"");
        assertThat(sql(s, Dialects.mysql())).isEqualTo(
                "SELECT `Odd Table`.`select`, `Odd Table`.`naïve`, `Odd Table`.`MixedCase`, `Odd Table`.`has\"quote`, `Odd Table`.`has``tick` FROM `Odd Table`");
    }

    @Test
    void literalBindsEscapePerDialect() {
        Select s = select(users.c("id")).where(users.c("name").eq("it's \\ '; DROP TABLE users; --"));
        assertThat(sql(s, Dialects.sqlite(), CompileOption.LITERAL_BINDS)).endsWith("WHERE users.name = 'it''s \\ ''; DROP TABLE users; --'");
        assertThat(sql(s, Dialects.mysql(), CompileOption.LITERAL_BINDS)).endsWith("WHERE users.name = 'it''s \\\\ ''; DROP TABLE users; --'");
        assertThat(sql(select(literal(true)), Dialects.postgresql(), CompileOption.LITERAL_BINDS)).isEqualTo("SELECT true AS anon_1");
        assertThat(sql(select(literal(true)), Dialects.sqlite(), CompileOption.LITERAL_BINDS)).isEqualTo("SELECT 1 AS anon_1");
        assertThat(sql(select(literal(LocalDate.of(2024, 2, 29))), Dialects.sqlite(), CompileOption.LITERAL_BINDS)).isEqualTo("SELECT '2024-02-29' AS anon_1");
        assertThat(sql(select(users.c("id")).where(users.c("id").in(List.of(1, 2))).limit(3), Dialects.postgresql(), CompileOption.LITERAL_BINDS))
                .endsWith("WHERE users.id IN (1, 2) LIMIT 3");
    }

    @Test
    void literalBindsRejectWhatCannotBeRendered() {
        Select s = select(users.c("id")).where(users.c("name").eq(literal(new Object())));
        assertThatThrownBy(() -> s.compile(Dialects.sqlite(), CompileOption.LITERAL_BINDS)).isInstanceOf(CompileException.class)
                .hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> select(literal(Double.NaN)).compile(Dialects.sqlite(), CompileOption.LITERAL_BINDS))
                .isInstanceOf(CompileException.class).hasMessageContaining("NaN");
    }

    @Test
    void anonymousAliasIsNumberedBeforeWhatItAliases() {
        // SQL from SQLAlchemy 2.1.1, whose visit_alias names an anonymous alias before compiling its subquery
        // (found by tools/corpus --profile judge5: the alias and the subquery's anonymous label came out swapped)
        FromClause sub = select(users.c("id"), literal(1).label(null), users.c("age").add(7)).subquery();
        Alias a = sub.alias();
        Alias b = sub.alias();
        Select stmt = select(b.columns().get(2), b.columns().get(0).add(1).label(null))
                .selectFrom(a.join(b, a.columns().get(0).eq(b.columns().get(0)))).orderBy(desc(a.columns().get(0)));
        assertThat(sql(stmt)).isEqualTo("SELECT anon_2.anon_1, anon_2.id + :id_1 AS anon_3 FROM (SELECT users.id AS id, :param_1 AS anon_5, "
                + "users.age + :age_1 AS anon_1 FROM users) AS anon_4 JOIN (SELECT users.id AS id, :param_1 AS anon_5, users.age + :age_1 AS anon_1 "
                + "FROM users) AS anon_2 ON anon_4.id = anon_2.id ORDER BY anon_4.id DESC");
    }

    @Test
    void dialectSpellings() {
        ColumnElement<?> name = users.c("name");
        // SQL from SQLAlchemy 2.1.1 (PGDialect / MySQLDialect with paramstyle qmark)
        Select s = select(name.concat("x")).where(name.ilike("%A%")).offset(2);
        assertThat(sql(s, Dialects.postgresql())).isEqualTo("SELECT users.name || ? AS anon_1 FROM users WHERE users.name ILIKE ? LIMIT ALL OFFSET ?");
        assertThat(sql(s, Dialects.sqlite())).isEqualTo("SELECT users.name || ? AS anon_1 FROM users WHERE lower(users.name) LIKE lower(?) LIMIT ? OFFSET ?");
        assertThat(sql(s, Dialects.mariadb())).isEqualTo("SELECT concat(users.name, ?) AS anon_1 FROM users WHERE lower(users.name) LIKE lower(?) LIMIT ?, 18446744073709551615");
        assertThat(sql(select(cast(users.c("age"), Types.STRING)), Dialects.mysql())).isEqualTo("SELECT CAST(users.age AS CHAR) AS age FROM users");
        // the keyword, as SQLAlchemy's MySQL compiler writes true() (it adds "= 1" after a bare boolean in WHERE);
        // MySQL and MariaDB take TRUE alone, and only TRUE after IS (BooleanLiteralOnServersTest)
        assertThat(sql(select(users.c("id")).where(trueLiteral()), Dialects.mysql())).endsWith("WHERE true");
        assertThat(sql(select(users.c("id")).where(trueLiteral()))).endsWith("WHERE true");
    }

    @Test
    void windowFrames() {
        FunctionCall<Object> max = func("max", users.c("age"));
        assertThat(sql(select(max.over().partitionBy(users.c("name")).orderBy(users.c("id")).rows(-2, 1))))
                .isEqualTo("SELECT max(users.age) OVER (PARTITION BY users.name ORDER BY users.id ROWS BETWEEN :param_1 PRECEDING AND :param_2 FOLLOWING) AS anon_1 FROM users");
        assertThat(sql(select(max.over().range(null, 0)))).contains("OVER (RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)");
        assertThat(sql(select(max.over().groups(0, null)))).contains("OVER (GROUPS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)");
        assertThatThrownBy(() -> max.over().rows(2, 1)).isInstanceOf(ArgumentException.class);
        assertThat(sql(select(func("count")))).isEqualTo("SELECT count(*) AS count_1");
    }

    @Test
    void labelsAndDeduplication() {
        assertThat(sql(select(users.c("id"), addresses.c("id"), users.c("id"), func("count", users.c("id")))))
                .startsWith("SELECT users.id, addresses.id AS id_1, users.id AS id__1, count(users.id) AS count_1");
    }

    @Test
    void subqueriesCorrelate() {
        Select inner = select(func("max", addresses.c("id"))).where(addresses.c("user_id").eq(users.c("id")));
        assertThat(sql(select(users.c("name"), inner.label("m"))))
                .isEqualTo("SELECT users.name, (SELECT max(addresses.id) AS max_1 FROM addresses WHERE addresses.user_id = users.id) AS m FROM users");
        assertThat(sql(select(users.c("name")).where(exists(select(addresses.c("id")).where(addresses.c("user_id").eq(users.c("id")))))))
                .endsWith("WHERE EXISTS (SELECT addresses.id FROM addresses WHERE addresses.user_id = users.id)");
        Alias sub = select(users.c("id"), users.c("name")).where(users.c("age").gt(3)).subquery();
        assertThat(sql(select(sub.c("name")))).isEqualTo("SELECT anon_1.name FROM (SELECT users.id AS id, users.name AS name FROM users WHERE users.age > :age_1) AS anon_1");
    }

    @Test
    void dml() {
        assertThat(sql(insert(users).values(Map.of("name", "x", "id", 1)))).isEqualTo("INSERT INTO users (id, name) VALUES (:id, :name)");
        assertThat(sql(insert(users).values(List.of(Map.of("id", 1, "name", "a"), Map.of("id", 2, "name", "b")))))
                .isEqualTo("INSERT INTO users (id, name) VALUES (:id_m0, :name_m0), (:id_m1, :name_m1)");
        assertThat(sql(insert(users))).isEqualTo("INSERT INTO users (id, name, age) VALUES (:id, :name, :age)");
        assertThat(sql(insert(users).forExecution(java.util.Set.of("id", "age")))).isEqualTo("INSERT INTO users (id, age) VALUES (:id, :age)");
        // executed without parameters: a row of defaults (SQLAlchemy 2.1.1's compile(column_keys=[]))
        assertThat(sql(insert(users).forExecution(java.util.Set.of()))).isEqualTo("INSERT INTO users () VALUES ()");
        assertThat(sql(insert(users).fromSelect(List.of("id", "name"), select(addresses.c("id"), addresses.c("email")))))
                .isEqualTo("INSERT INTO users (id, name) SELECT addresses.id, addresses.email FROM addresses");
        assertThat(sql(update(users).where(users.c("id").eq(5)).values(Map.of("age", users.c("age").add(1)))))
                .isEqualTo("UPDATE users SET age=(users.age + :age_1) WHERE users.id = :id_1");
        assertThat(sql(delete(users).where(users.c("id").eq(5)).returning(users.c("id"), users.c("name")), Dialects.postgresql()))
                .isEqualTo("DELETE FROM users WHERE users.id = ? RETURNING users.id, users.name");
        assertThatThrownBy(() -> insert(users).values(Map.of("bogus", 1))).isInstanceOf(NoSuchColumnException.class).hasMessageContaining("bogus");
        assertThatThrownBy(() -> delete(users).returning(users.c("id")).compile(Dialects.mysql())).isInstanceOf(CompileException.class);
    }

    @Test
    void textClauseBindsParameters() {
        TextClause t = text("SELECT * FROM users WHERE name = :name AND id > :id AND note = 'a\\:b'").bindparams(Map.of("name", "ed", "id", 3));
        assertThat(t.compile().string()).isEqualTo("SELECT * FROM users WHERE name = :name AND id > :id AND note = 'a:b'");
        assertThat(t.compile().params()).containsExactly(Map.entry("name", "ed"), Map.entry("id", 3));
        assertThat(t.compile(Dialects.postgresql()).string()).isEqualTo("SELECT * FROM users WHERE name = ? AND id > ? AND note = 'a:b'");
        assertThatThrownBy(() -> t.bindparams(Map.of("nope", 1))).isInstanceOf(ArgumentException.class).hasMessageContaining(":nope");
    }

    @Test
    void paramsAndUniqueParamsCopyTheTree() {
        ColumnElement<Object> e = column("x").add(bindparam("foo"));
        assertThat(e.compile().params()).containsEntry("foo", null);
        ColumnElement<Object> p = e.params(Map.of("foo", 7));
        assertThat(p.compile().params()).containsExactly(Map.entry("foo", 7));
        assertThat(e.compile().params()).containsEntry("foo", null);
        Select s = select(users.c("id")).where(users.c("id").eq(bindparam("uid")));
        Select s7 = s.params(Map.of("uid", 7));
        assertThat(s7).isInstanceOf(Select.class);
        assertThat(s7.compare(s)).isFalse();
        assertThat(s7.compare(s.params(Map.of("uid", 7)))).isTrue();
        assertThat(s7.cacheKey()).isEqualTo(s.cacheKey());
        Select u = s.uniqueParams(Map.of("uid", 8));
        assertThat(sql(union(s7, u))).isEqualTo("SELECT users.id FROM users WHERE users.id = :uid UNION SELECT users.id FROM users WHERE users.id = :uid_1");
        assertThat(union(s7, u).compile().params()).containsExactly(Map.entry("uid", 7), Map.entry("uid_1", 8));
    }

    @Test
    void childrenAndCompare() {
        ColumnElement<Boolean> crit = users.c("id").eq(5);
        assertThat(crit.getChildren()).hasSize(2);
        assertThat(crit.getChildren().get(0)).isSameAs(users.c("id"));
        assertThat(crit.compare(users.c("id").eq(5))).isTrue();
        assertThat(crit.compare(users.c("id").eq(6))).isFalse();
        assertThat(crit.compare(addresses.c("id").eq(5))).isFalse();
        assertThat(crit.cacheKey()).isEqualTo(users.c("id").eq(6).cacheKey());
        assertThat(crit.cacheKey()).isNotEqualTo(users.c("id").gt(6).cacheKey());
        assertThat(crit.cacheKey().bindParams()).extracting(BindParameter::value).containsExactly(5);
    }

    @Test
    void lightweightTables() {
        TableClause t = table("t", column("a"), column("b"));
        assertThat(sql(select(t.c("a")).where(t.c("b").eq(1)))).isEqualTo("SELECT t.a FROM t WHERE t.b = :b_1");
        assertThat(select(t.c("a")).compare(select(table("t", column("a"), column("b")).c("a")))).isTrue();
        assertThat(sql(select(literalColumn("1")))).isEqualTo("SELECT 1");
    }

    @Test
    void selectStaysImmutable() {
        Select base = select(users.c("id"));
        Select filtered = base.where(users.c("id").gt(1));
        assertThat(sql(base)).isEqualTo("SELECT users.id FROM users");
        assertThat(sql(filtered)).isEqualTo("SELECT users.id FROM users WHERE users.id > :id_1");
    }
}
