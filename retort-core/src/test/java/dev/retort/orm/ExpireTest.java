package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.exc.InvalidRequestException;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code session.expire(obj)}, {@code expire(obj, names)}, {@code expire_all()} and {@code merge(obj, load=False)} as
 * SQLAlchemy 2.1.1 runs them (test/orm/test_expire.py, test_merge.py): expected SQL from SQLAlchemy.
 */
class ExpireTest {
    public static class U {
        Integer id;
        String name;
        String bio;
        List<A> addresses;
    }

    public static class A {
        Integer id;
        String email;
        Integer userId;
    }

    @AutoClose
    private final OrmTestDatabase orm = new OrmTestDatabase();
    private final Table users = new Table("users" + orm.suffix, orm.metadata,
            Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(50)), Column.of("bio", Types.string(50)));
    private final Table addresses = new Table("addresses" + orm.suffix, orm.metadata,
            Column.of("id", Types.INTEGER).primaryKey(), Column.of("email", Types.string(50)),
            Column.of("user_id", Types.INTEGER).foreignKey("users" + orm.suffix + ".id"));

    private Session start(Databases.Database db) {
        orm.registry.mapImperatively(U.class, users, Map.of("addresses", ORM.relationship(A.class).orderBy(addresses.c("id"))));
        orm.registry.mapImperatively(A.class, addresses);
        orm.start(db);
        Session s = orm.open();
        U u = new U();
        u.id = 1;
        u.name = "ed";
        u.bio = "b";
        A a = new A();
        a.id = 1;
        a.email = "e1";
        u.addresses = new java.util.ArrayList<>(List.of(a));
        s.add(u);
        s.commit();
        return s;
    }

    /** Changes the row in the session's transaction, behind its instances (another connection would wait for its locks). */
    private void changeRow(Session s, String name, String bio) {
        s.conn().execute(SQL.update(users).values(Map.of("name", name, "bio", bio)));
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void expireDiscardsTheChangeAndLoadsTheColumnsOnAccess(Databases.Database db) {
        Session s = start(db);
        U u = s.get(U.class, 1);
        changeRow(s, "db", "dbbio");
        u.name = "x";
        orm.take("");
        s.expire(u);
        assertThat(orm.take("")).isEmpty();
        assertThat(u.name).isEqualTo("ed");
        assertThat(s.loadAttribute(u, "name")).isEqualTo("db");
        assertThat(orm.take("SELECT")).containsExactly("SELECT users.id, users.name, users.bio FROM users WHERE users.id = ?");
        assertThat(u.bio).isEqualTo("dbbio");
        s.loadAttribute(u, "bio");
        s.commit();
        assertThat(orm.take("")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void expiredAttributesLoadTogetherAndTheOthersKeepTheirChanges(Databases.Database db) {
        Session s = start(db);
        U u = s.get(U.class, 1);
        changeRow(s, "db", "dbbio");
        u.name = "y";
        orm.take("");
        s.expire(u, List.of("name", "bio"));
        assertThat(u.name).isNull();
        assertThat(s.loadAttribute(u, "bio")).isEqualTo("dbbio");
        assertThat(orm.take("SELECT")).containsExactly("SELECT users.name, users.bio FROM users WHERE users.id = ?");
        assertThat(u.name).isEqualTo("db");
        s.commit();
        assertThat(orm.take("UPDATE")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aValueSetOnAnExpiredAttributeIsFlushedWithoutALoad(Databases.Database db) {
        Session s = start(db);
        U u = s.get(U.class, 1);
        orm.take("");
        s.expire(u, List.of("name"));
        u.name = "z";
        s.flush();
        assertThat(orm.take("")).containsExactly("UPDATE users SET name=? WHERE users.id = ?");
        assertThatThrownBy(() -> s.expire(u, List.of("id"))).isInstanceOf(ArgumentException.class);
        assertThatThrownBy(() -> s.expire(u, List.of("nope"))).isInstanceOf(ArgumentException.class);
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void refreshLoadsExpiredAttributesAndNothingIsLeftToLoad(Databases.Database db) {
        Session s = start(db);
        U u = s.get(U.class, 1);
        changeRow(s, "db", "dbbio");
        s.expire(u, List.of("name"));
        s.refresh(u);
        assertThat(u.name).isEqualTo("db");
        orm.take("");
        assertThat(s.loadAttribute(u, "name")).isEqualTo("db");
        assertThat(orm.take("")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void anActiveHistoryAttributeSetAfterItExpiredLoadsItsOldValue(Databases.Database db) {
        orm.registry.mapImperatively(U.class, users, Map.of("addresses", ORM.relationship(A.class))).activeHistory(users.c("bio"));
        orm.registry.mapImperatively(A.class, addresses);
        orm.start(db);
        Session s = orm.open();
        U u = new U();
        u.id = 1;
        u.name = "ed";
        u.bio = "b";
        s.add(u);
        s.commit();
        s.get(U.class, 1);
        s.expire(u, List.of("bio"));
        u.bio = "n";
        orm.take("");
        AttributeHistory h = s.history(u, "bio");
        assertThat(orm.take("")).containsExactly("SELECT users.bio FROM users WHERE users.id = ?");
        assertThat(h.added()).containsExactly("n");
        assertThat(h.deleted()).containsExactly("b");
        s.flush();
        assertThat(orm.take("")).containsExactly("UPDATE users SET bio=? WHERE users.id = ?");
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void anExpiredCollectionLoadsAgain(Databases.Database db) {
        Session s = start(db);
        U u = s.get(U.class, 1);
        assertThat(u.addresses).hasSize(1);
        s.conn().execute(SQL.insert(addresses).values(Map.of("id", 2, "email", "e2", "user_id", 1)));
        orm.take("");
        s.expire(u, List.of("addresses"));
        assertThat(u.addresses).hasSize(2);
        assertThat(orm.take("SELECT")).containsExactly(
                "SELECT addresses.id, addresses.email, addresses.user_id FROM addresses WHERE ? = addresses.user_id ORDER BY addresses.id");
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aPendingInstanceCannotExpire(Databases.Database db) {
        Session s = start(db);
        U p = new U();
        p.id = 2;
        s.add(p);
        assertThatThrownBy(() -> s.expire(p)).isInstanceOf(InvalidRequestException.class)
                .hasMessageEndingWith("is not persistent within this Session");
        assertThatThrownBy(() -> s.expire(p, List.of("name"))).isInstanceOf(InvalidRequestException.class);
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void expireAllExpiresEveryPersistentInstanceAndLeavesThePendingOnes(Databases.Database db) {
        Session s = start(db);
        U u = s.get(U.class, 1);
        U p = new U();
        p.id = 2;
        p.name = "new";
        s.add(p);
        u.name = "x";
        changeRow(s, "db", "dbbio");
        s.expireAll();
        assertThat(u.name).isEqualTo("ed");
        orm.take("");
        assertThat(s.get(U.class, 1).name).isEqualTo("db");
        s.commit();
        assertThat(orm.take("")).containsExactlyInAnyOrder("SELECT users.id, users.name, users.bio FROM users WHERE users.id = ?",
                "INSERT INTO users (id, name, bio) VALUES (?, ?, ?)");
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void mergeWithoutLoadCopiesTheStateWithoutSql(Databases.Database db) {
        Session s = start(db);
        s.close();
        Session s2 = orm.open();
        U d = s2.get(U.class, 1);
        s2.close();
        Session s3 = orm.open();
        orm.take("");
        U m = s3.merge(d, false);
        assertThat(m).isNotSameAs(d);
        assertThat(m.name).isEqualTo("ed");
        assertThat(s3.contains(m)).isTrue();
        assertThat(s3.get(U.class, 1)).isSameAs(m);
        s3.commit();
        assertThat(orm.take("")).isEmpty();
        d.name = "q";
        Session s4 = orm.open();
        assertThatThrownBy(() -> s4.merge(d, false)).isInstanceOf(InvalidRequestException.class)
                .hasMessage("merge() with load=False option does not support objects marked as 'dirty'.  "
                        + "flush() all changes on mapped instances before merging with load=False.");
        U t = new U();
        t.id = 9;
        assertThatThrownBy(() -> s4.merge(t, false)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("does not support objects transient");
        assertThat(orm.take("")).isEmpty();
    }
}
