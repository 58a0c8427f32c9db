package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import java.util.ArrayList;
import java.util.List;

/**
 * Write-only and dynamic collections with {@link Session#merge}, {@link Session#expunge} and the
 * {@link dev.retort.ext.serializer.QuerySerializer}, on each database: a merge carries the queued
 * changes over without loading the collection (SQLAlchemy's test_dynamic.py {@code test_merge_persistent},
 * "transient" and "empty"), an expunged parent's statements still name it, and a statement built from
 * a collection dumps and loads to the same SQL and rows.
 */
class CollectionWriterSessionTest {
    private static List<Integer> ids(Iterable<?> members) {
        List<Integer> out = new ArrayList<>();
        for (Object o : members) {
            out.add(o instanceof WriteOnlyCollectionTest.Address a ? a.id
                    : o instanceof DynamicCollectionTest.Address a ? a.id
                    : o instanceof WriteOnlyCollectionTest.Tag tg ? tg.id : ((DynamicCollectionTest.Tag) o).id);
        }
        out.sort(null);
        return out;
    }

    @EachDatabase
    void mergingATransientParentWritesItsQueuedMembers(Databases.Database db) {
        try (OrmTestDatabase t = WriteOnlyCollectionTest.mapped(null, true)) {
            t.start(db);
            Session s = t.open();
            // u1 = User(name="jack", addresses=[a2, a3]); u1 = sess.merge(u1); sess.add(a1); sess.flush()
            var u = new WriteOnlyCollectionTest.User(1);
            u.name = "jack";
            u.addresses.addAll(List.of(new WriteOnlyCollectionTest.Address(2, "a2"), new WriteOnlyCollectionTest.Address(3, "a3")));
            var merged = s.merge(u);
            s.add(new WriteOnlyCollectionTest.Address(1, "a1"));
            s.flush();
            assertThat(merged).isNotSameAs(u);
            assertThat(ids(s.execute(merged.addresses.select()).scalars())).containsExactly(2, 3);
            assertThat(u.addresses.queuedAdds()).hasSize(2);      // the merged instance's own queue is left as it was

            // "empty": User(id=u1.id, name="jane") merged leaves the collection alone, nothing loaded
            var jane = new WriteOnlyCollectionTest.User(1);
            jane.name = "jane";
            t.take("");
            assertThat(s.merge(jane)).isSameAs(merged);
            s.flush();
            assertThat(t.take("SELECT")).isEmpty();
            assertThat(merged.name).isEqualTo("jane");
            assertThat(ids(s.execute(merged.addresses.select()).scalars())).containsExactly(2, 3);
        }
    }

    @EachDatabase
    void mergingADetachedParentCarriesItsQueuedChanges(Databases.Database db) {
        try (OrmTestDatabase t = DynamicCollectionTest.mapped()) {
            t.start(db);
            Session s = t.open();
            var u = new DynamicCollectionTest.User(1);
            var a2 = new DynamicCollectionTest.Address(2, "a2");
            u.addresses.addAll(List.of(a2, new DynamicCollectionTest.Address(3, "a3")));
            s.add(u);
            var post = new DynamicCollectionTest.Post(1);
            var t1 = new DynamicCollectionTest.Tag(1, "t1");
            s.add(post);
            post.tags.addAll(List.of(t1, new DynamicCollectionTest.Tag(2, "t2")));
            s.commit();
            s.close();

            // detached: queue a1 in and a2 out, then merge into another session
            u.addresses.append(new DynamicCollectionTest.Address(1, "a1"));
            u.addresses.remove(a2);
            post.tags.remove(t1);
            Session s2 = t.open();
            var merged = s2.merge(u);
            var mergedPost = s2.merge(post);
            s2.commit();
            assertThat(ids(merged.addresses)).containsExactly(1, 3);
            assertThat(ids(mergedPost.tags)).containsExactly(2);
            assertThat(s2.get(DynamicCollectionTest.Address.class, 2).userId).isNull();
        }
    }

    @EachDatabase
    void anExpungedParentsStatementsStillNameIt(Databases.Database db) {
        try (OrmTestDatabase t = WriteOnlyCollectionTest.mapped(null, false)) {
            t.start(db);
            Session s = t.open();
            var u = new WriteOnlyCollectionTest.User(1);
            u.addresses.add(new WriteOnlyCollectionTest.Address(1, "a"));
            s.add(u);
            s.commit();
            s.expunge(u);
            assertThat(s.contains(u)).isFalse();
            Session s2 = t.open();
            assertThat(ids(s2.execute(u.addresses.select()).scalars())).containsExactly(1);
            var b = new WriteOnlyCollectionTest.Address(2, "b");
            u.addresses.add(b);                                // queued while detached: written once u joins a session
            assertThat(s.contains(b)).isFalse();
            s2.close();                                        // (its load of address 1 brought in its own User 1)
            Session s3 = t.open();
            s3.add(u);
            s3.commit();
            assertThat(ids(s3.execute(u.addresses.select()).scalars())).containsExactly(1, 2);
        }
    }

    @EachDatabase
    void aWriteOnlyCollectionsStatementsRoundTripTheSerializer(Databases.Database db) {
        try (OrmTestDatabase t = WriteOnlyCollectionTest.mapped(null, true)) {
            t.start(db);
            Session s = t.open();
            var u = new WriteOnlyCollectionTest.User(1);
            u.addresses.addAll(List.of(new WriteOnlyCollectionTest.Address(1, "a"), new WriteOnlyCollectionTest.Address(2, "b")));
            var p = new WriteOnlyCollectionTest.Post(1);
            s.add(u);
            s.add(p);
            p.tags.addAll(List.of(new WriteOnlyCollectionTest.Tag(1, "x"), new WriteOnlyCollectionTest.Tag(2, "y")));
            s.commit();
            t.assertRoundTrips(List.of(
                    u.addresses.select().withSession(s),
                    u.addresses.select().filter(ORM.attr(WriteOnlyCollectionTest.Address.class, "email").like("a%")).limit(1).withSession(s),
                    p.tags.select().withSession(s),
                    p.tags.select().filter(ORM.attr(WriteOnlyCollectionTest.Tag.class, "name").eq("y")).withSession(s)), s);
        }
    }

    @EachDatabase
    void aDynamicCollectionsQueriesRoundTripTheSerializer(Databases.Database db) {
        try (OrmTestDatabase t = DynamicCollectionTest.mapped()) {
            t.start(db);
            Session s = t.open();
            var u = new DynamicCollectionTest.User(1);
            u.addresses.addAll(List.of(new DynamicCollectionTest.Address(1, "a"), new DynamicCollectionTest.Address(2, "b")));
            var p = new DynamicCollectionTest.Post(1);
            s.add(u);
            s.add(p);
            p.tags.addAll(List.of(new DynamicCollectionTest.Tag(1, "x"), new DynamicCollectionTest.Tag(2, "y")));
            s.commit();
            t.assertRoundTrips(List.of(
                    u.addresses.query(),
                    u.addresses.filter(ORM.attr(DynamicCollectionTest.Address.class, "id").gt(1)).orderBy(ORM.attr(DynamicCollectionTest.Address.class, "id")),
                    u.addresses.limit(1).offset(1),
                    p.tags.query(),
                    p.tags.filterBy(java.util.Map.of("name", "x"))), s);
        }
    }
}
