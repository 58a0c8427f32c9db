package dev.retort.orm;

import static dev.retort.sql.SQL.desc;
import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.literalColumn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Row;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.orm.SeedModel.Address;
import dev.retort.orm.SeedModel.User;
import dev.retort.testing.Databases;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seeds' ORM serializer scenarios, each query dumped and loaded with the metadata and the
 * scoped session before it runs: on every database, in both protocols.
 */
class SeedScenarioTest extends SeedDatabaseTest {
    private ScopedSession Session;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        Databases.all().forEach(db -> {
            for (Protocol p : Protocol.values()) {
                out.add(Arguments.of(db, p));
            }
        });
        return out.stream();
    }

    /** Removes the scoped session's session before the seeds' tables go. */
    @AfterEach
    void removeScopedSession() {
        if (Session != null) {
            Session.remove();
        }
    }

    /** The seeds' fresh tables and rows in {@code db}, and a scoped session on them. */
    @Override
    void setUp(Databases.Database db) {
        super.setUp(db);
        Session = new ScopedSession(SessionFactory.of(engine));
    }

    @SuppressWarnings("unchecked")
    private <T> Query<T> roundTrip(Query<T> q, Protocol p) {
        Object back = QuerySerializer.loads(QuerySerializer.dumps(q, p), M.metadata, Session);
        assertThat(back).isInstanceOf(Query.class);
        assertThat(((Query<T>) back).session()).isSameAs(Session.get());
        return (Query<T>) back;
    }

    private int statements(Runnable r) {
        AtomicInteger n = new AtomicInteger();
        dev.retort.engine.ExecutionListener l = (sql, params) -> n.incrementAndGet();
        engine.addListener(l);
        try {
            r.run();
        } finally {
            engine.removeListener(l);
        }
        return n.get();
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("cases")
    void theSeedsUsageExample(Databases.Database db, Protocol p) {
        setUp(db);
        Query<User> query = Session.query(User.class).filter(ORM.attr(User.class, "name").eq("ed")).orderBy(ORM.attr(User.class, "id"));
        byte[] serialized = QuerySerializer.dumps(query, p);
        @SuppressWarnings("unchecked")
        Query<User> query2 = (Query<User>) QuerySerializer.loads(serialized, M.metadata, Session);
        assertThat(query2.all()).extracting(u -> u.name).containsExactly("ed");
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("cases")
    void joinedLoadOfAddressesInOneStatement(Databases.Database db, Protocol p) {
        setUp(db);
        Query<User> q2 = roundTrip(Session.query(User.class).filter(ORM.attr(User.class, "name").eq("ed"))
                .options(ORM.joinedLoad(ORM.attr(User.class, "addresses"))), p);
        List<User> users = new ArrayList<>();
        int n = statements(() -> {
            users.addAll(q2.all());
            users.forEach(u -> u.addresses.forEach(a -> a.user.name.length()));
        });
        assertThat(n).isEqualTo(1);
        assertThat(users).hasSize(1);
        assertThat(users.get(0).name).isEqualTo("ed");
        assertThat(users.get(0).addresses).extracting(a -> a.id).containsExactly(2, 3, 4);
        assertThat(users.get(0).addresses).allSatisfy(a -> assertThat(a.user).isSameAs(users.get(0)));

        Object count = q2.join(ORM.attr(User.class, "addresses")).filter(ORM.attr(Address.class, "email").eq("ed@bettyboop.com"))
                .withEntities(func("count", literalColumn("*"))).scalar();
        assertThat(((Number) count).intValue()).isEqualTo(1);
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("cases")
    void addressesOfAUserOrderedByEmailDescending(Databases.Database db, Protocol p) {
        setUp(db);
        User u8 = Session.get(User.class, 8);
        Query<Address> q2 = roundTrip(Session.query(Address.class).filter(ORM.attr(Address.class, "user").eq(u8))
                .orderBy(desc(ORM.attr(Address.class, "email"))), p);
        assertThat(q2.all()).extracting(a -> a.email).containsExactly("ed@wood.com", "ed@lala.com", "ed@bettyboop.com");
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("cases")
    void joinAlongARelationship(Databases.Database db, Protocol p) {
        setUp(db);
        Query<User> q2 = roundTrip(Session.query(User.class).join(ORM.attr(User.class, "addresses"))
                .filter(ORM.attr(Address.class, "email").like("%fred%")), p);
        assertThat(q2.all()).extracting(u -> u.name).containsExactly("fred");
        assertThat(q2.withEntities(ORM.attr(User.class, "id"), ORM.attr(User.class, "name")).all())
                .extracting(r -> ((Row) r).toList()).containsExactly(List.of(9, "fred"));
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("cases")
    void aliasedEntityJoinedToAddresses(Databases.Database db, Protocol p) {
        setUp(db);
        AliasedEntity<User> ua = ORM.aliased(User.class);
        Query<User> q2 = roundTrip(Session.query(ua).join(ua.attr("addresses")).filter(ORM.attr(Address.class, "email").like("%fred%")), p);
        assertThat(q2.all()).extracting(u -> u.name).containsExactly("fred");
        AliasedEntity<?> ua2 = (AliasedEntity<?>) q2.entities().get(0);
        assertThat(q2.withEntities(ua2.attr("id"), ua2.attr("name")).all()).extracting(r -> ((Row) r).toList()).containsExactly(List.of(9, "fred"));
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("cases")
    void selfJoinThroughAnAlias(Databases.Database db, Protocol p) {
        setUp(db);
        List<User> all = Session.query(User.class).orderBy(ORM.attr(User.class, "id")).all();
        User u7 = all.get(0), u8 = all.get(1), u9 = all.get(2), u10 = all.get(3);
        AliasedEntity<User> ualias = ORM.aliased(User.class);
        Query<Row> q = Session.query(User.class, ualias).join(ualias, ORM.attr(User.class, "id").lt(ualias.attr("id")))
                .filter(ORM.attr(User.class, "id").lt(9)).orderBy(ORM.attr(User.class, "id"), ualias.attr("id"));
        List<List<Object>> expected = List.of(List.of(u7, u8), List.of(u7, u9), List.of(u7, u10), List.of(u8, u9), List.of(u8, u10));
        assertThat(q.all()).extracting(Row::toList).isEqualTo(expected);
        assertThat(roundTrip(q, p).all()).extracting(Row::toList).isEqualTo(expected);
    }
}
