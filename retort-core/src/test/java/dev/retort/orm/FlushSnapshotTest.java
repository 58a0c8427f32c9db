package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.orm.OrmEvents.InstanceEvent;
import dev.retort.orm.SeedModel.Address;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import java.util.List;

/**
 * What a flush leaves as the rows' snapshots, which the next flush compares with: the values
 * it wrote (made as it compared the columns), or, with an instance listener, the values the
 * instances hold once the statements ran.
 */
class FlushSnapshotTest extends SeedDatabaseTest {
    @EachDatabase
    void theNextFlushComparesWithTheValuesWritten(Databases.Database db) {
        setUp(db);
        List<Address> all = session.query(Address.class).orderBy(ORM.attr(Address.class, "id")).all();
        String firstEmail = all.get(0).email;
        all.get(0).email = "a@new";
        all.get(1).email = "b@new";
        session.flush();
        sql.clear();
        session.flush();
        assertThat(sql).as("nothing changed since the flush").isEmpty();
        // Back to the value it was loaded with: a change from what the row now holds.
        all.get(0).email = firstEmail;
        session.flush();
        assertThat(sql).containsExactly("UPDATE addresses SET email=? WHERE addresses.id = ?");
        session.commit();
        try (Session s = SessionFactory.of(engine).open()) {
            assertThat(s.get(Address.class, all.get(0).id).email).isEqualTo(firstEmail);
            assertThat(s.get(Address.class, all.get(1).id).email).isEqualTo("b@new");
        }
    }

    @EachDatabase
    void aChangeAnAfterUpdateListenerMakesIsInTheSnapshot(Databases.Database db) {
        setUp(db);
        session.events().listen(Address.class, InstanceEvent.AFTER_UPDATE, (s, a) -> a.email = a.email + "!");
        List<Address> all = session.query(Address.class).orderBy(ORM.attr(Address.class, "id")).all();
        all.get(0).email = "a@new";
        all.get(1).email = "b@new";
        session.flush();
        assertThat(all.get(0).email).isEqualTo("a@new!");
        sql.clear();
        // As before the flush made the snapshots as it compared: the listener's change counts as flushed.
        session.flush();
        assertThat(sql).isEmpty();
    }
}
