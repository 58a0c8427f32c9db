package dev.retort.orm;

import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Connection;
import dev.retort.exc.DBAPIException;
import dev.retort.orm.SeedModel.Address;
import dev.retort.orm.SeedModel.User;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The unit of work: identity map, flush order, dirty checking, commit, rollback. */
class SessionTest extends SeedDatabaseTest {
    private List<List<Object>> rows(String table, String... cols) {
        var t = M.metadata.tables().get(table + M.suffix);
        Object[] c = new Object[cols.length];
        for (int i = 0; i < cols.length; i++) {
            c[i] = t.c(cols[i]);
        }
        try (Connection conn = engine.connect()) {
            List<List<Object>> out = new ArrayList<>();
            conn.execute(select(c).orderBy(t.c("id"))).all().forEach(r -> out.add(r.toList()));
            return out;
        }
    }

    @EachDatabase
    void oneInstancePerPrimaryKey(Databases.Database db) {
        setUp(db);
        User a = session.get(User.class, 8);
        sql.clear();
        assertThat(session.get(User.class, 8L)).isSameAs(a);
        assertThat(sql).isEmpty();
        assertThat(session.query(User.class).filter(ORM.attr(User.class, "name").eq("ed")).one()).isSameAs(a);
        assertThat(session.get(User.class, 99)).isNull();
    }

    @EachDatabase
    void aUserWithThreeAddressesInOneFlushParentFirst(Databases.Database db) {
        setUp(db);
        User u = new User("zed");
        u.addresses = new ArrayList<>(List.of(new Address("z1@x"), new Address("z2@x"), new Address("z3@x")));
        session.add(u);
        assertThat(session.contains(u.addresses.get(2))).isTrue();
        sql.clear();
        session.flush();
        // The addresses' generated keys come back from one multi-row INSERT ... RETURNING (a JDBC batch on MySQL).
        assertThat(sql).hasSize(2);
        assertThat(sql.get(0)).startsWith("INSERT INTO users");
        assertThat(sql.get(1)).startsWith("INSERT INTO addresses");
        assertThat(u.id).isNotNull();
        assertThat(u.addresses).allSatisfy(a -> {
            assertThat(a.id).isNotNull();
            assertThat(a.userId).isEqualTo(u.id);
            assertThat(a.user).isSameAs(u);
        });
        session.commit();
        assertThat(rows("addresses", "email", "user_id")).contains(List.of("z1@x", u.id), List.of("z3@x", u.id));
    }

    @EachDatabase
    void rowsWithTheirKeysGoInOneBatch(Databases.Database db) {
        setUp(db);
        User u = new User("yan");
        u.id = 20;
        for (int i = 0; i < 3; i++) {
            Address a = new Address("y" + i + "@x");
            a.id = 20 + i;
            a.user = u;
            session.add(a);
        }
        sql.clear();
        session.flush();
        assertThat(sql).containsExactly("INSERT INTO users (id, name) VALUES (?, ?)", "INSERT INTO addresses (id, email, user_id) VALUES (?, ?, ?)");
        assertThat(session.get(Address.class, 22).userId).isEqualTo(20);
    }

    @EachDatabase
    void updatesTheChangedColumnsOnly(Databases.Database db) {
        setUp(db);
        Address a = session.get(Address.class, 2);
        sql.clear();
        session.flush();
        assertThat(sql).isEmpty();
        a.email = "ed@oak.com";
        session.flush();
        assertThat(sql).containsExactly("UPDATE addresses SET email=? WHERE addresses.id = ?");
        session.commit();
        assertThat(rows("addresses", "id", "email")).contains(List.of(2, "ed@oak.com"), List.of(3, "ed@bettyboop.com"));
    }

    @EachDatabase
    void deletingAParentDetachesItsChildrenFirst(Databases.Database db) {
        setUp(db);
        session.delete(session.get(User.class, 8));
        sql.clear();
        session.commit();
        assertThat(sql.get(0)).startsWith("SELECT");          // the addresses, to detach
        if (session.factory().isUpdateFromValues()) {
            // The addresses in one statement joining their keys (PostgreSQL's default).
            assertThat(sql.get(1)).startsWith("UPDATE addresses SET user_id=").contains(" FROM (VALUES ");
        } else {
            assertThat(sql.get(1)).isEqualTo("UPDATE addresses SET user_id=? WHERE addresses.id = ?");
        }
        assertThat(sql.get(2)).isEqualTo("DELETE FROM users WHERE users.id = ?");
        assertThat(rows("addresses", "id", "user_id")).contains(java.util.Arrays.asList(2, null), java.util.Arrays.asList(3, null),
                java.util.Arrays.asList(4, null));
        assertThat(session.get(User.class, 8)).isNull();
    }

    @EachDatabase
    void queriesFlushFirst(Databases.Database db) {
        setUp(db);
        User u = new User("newcomer");
        session.add(u);
        assertThat(session.query(User.class).filter(ORM.attr(User.class, "name").eq("newcomer")).one()).isSameAs(u);
        session.rollback();     // SQLite: the other session's connection would wait for this one's lock
        Session manual = SessionFactory.of(engine).autoflush(false).open();
        try {
            manual.add(new User("quiet"));
            assertThat(manual.query(User.class).filter(ORM.attr(User.class, "name").eq("quiet")).all()).isEmpty();
        } finally {
            manual.close();
        }
    }

    @EachDatabase
    void rollbackForgetsNewInstancesAndRestoresTheOthers(Databases.Database db) {
        setUp(db);
        User ed = session.get(User.class, 8);
        ed.name = "edward";
        User nu = new User("nu");
        session.add(nu);
        User jack = session.get(User.class, 7);
        session.delete(jack);
        session.flush();
        assertThat(session.contains(jack)).isFalse();
        session.rollback();
        assertThat(ed.name).isEqualTo("ed");
        assertThat(session.contains(nu)).isFalse();
        assertThat(session.contains(ed)).isTrue();
        assertThat(session.contains(jack)).isTrue();
        assertThat(session.get(User.class, 7)).isSameAs(jack);
        assertThat(rows("users", "name")).extracting(r -> r.get(0)).containsExactly("jack", "ed", "fred", "chuck");
        assertThat(ed.addresses).extracting(a -> a.id).containsExactly(2, 3, 4);   // loads again
    }

    @EachDatabase
    void aFailedFlushLeavesNothingHalfWritten(Databases.Database db) {
        setUp(db);
        User u = new User("broken");
        Address clash = new Address("dup");
        clash.id = 1;                                      // taken
        u.addresses = new ArrayList<>(List.of(new Address("fine@x"), clash));
        session.add(u);
        assertThatThrownBy(session::flush).isInstanceOf(DBAPIException.class);
        assertThat(u.id).isNull();
        assertThat(u.addresses.get(0).id).isNull();
        assertThat(u.addresses.get(0).userId).isNull();
        assertThat(session.contains(u)).as("still pending, as before the flush").isTrue();
        assertThat(rows("users", "name")).hasSize(4);
        assertThat(rows("addresses", "email")).hasSize(5);
        clash.id = null;
        session.commit();
        assertThat(rows("addresses", "email")).hasSize(7);
    }

    @EachDatabase
    void commitExpiresSoTheNextQueryRefreshes(Databases.Database db) {
        setUp(db);
        User ed = session.get(User.class, 8);
        session.commit();
        engine.inTransaction(c -> c.execute(update(M.users).where(M.users.c("id").eq(8)).values(Map.of("name", "teddy"))));
        assertThat(ed.name).isEqualTo("ed");
        assertThat(session.get(User.class, 8)).isSameAs(ed);
        assertThat(ed.name).isEqualTo("teddy");
    }

    @EachDatabase
    void refreshDiscardsChangesAndExpungeForgets(Databases.Database db) {
        setUp(db);
        User ed = session.get(User.class, 8);
        ed.name = "changed";
        session.refresh(ed);
        assertThat(ed.name).isEqualTo("ed");
        session.expunge(ed);
        assertThat(session.contains(ed)).isFalse();
        assertThat(session.get(User.class, 8)).isNotSameAs(ed);
        assertThatThrownBy(() -> ed.addresses.size()).hasMessageContaining("no longer in a session");
    }

    @EachDatabase
    void changingReferencesAndCollectionsMovesForeignKeys(Databases.Database db) {
        setUp(db);
        User jack = session.get(User.class, 7);
        User ed = session.get(User.class, 8);
        Address a2 = ed.addresses.get(0);
        Address a3 = ed.addresses.get(1);
        a2.user = jack;                                    // many-to-one changed
        ed.addresses.remove(a3);                           // removed from the collection
        session.flush();
        assertThat(a2.userId).isEqualTo(7);
        assertThat(jack.addresses).contains(a2);
        assertThat(ed.addresses).extracting(a -> a.id).containsExactly(4);
        assertThat(a3.userId).isNull();
        assertThat(a3.user).isNull();
        session.commit();
        assertThat(rows("addresses", "id", "user_id")).contains(List.of(2, 7), java.util.Arrays.asList(3, null), List.of(4, 8));
    }
}
