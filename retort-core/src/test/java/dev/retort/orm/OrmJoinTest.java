package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Row;
import dev.retort.exc.ArgumentException;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.orm.SeedModel.Address;
import dev.retort.orm.SeedModel.User;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.Join;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ORM#join} (the seeds' {@code orm.join()}) in a query's FROM clause, and
 * {@link Query#withEntities} after joins (the joins keep their left sides). Expected SQL is
 * SQLAlchemy 2.1's for the same mapping (users, addresses, User.addresses).
 */
class OrmJoinTest {
    @AutoClose
    private final SeedModel m = new SeedModel();

    private static <V> QueryableAttribute<V> user(String key) {
        return ORM.attr(User.class, key);
    }

    private static <V> QueryableAttribute<V> address(String key) {
        return ORM.attr(Address.class, key);
    }

    @Test
    void aJoinOfAliasedEntitiesAlongARelationship() {
        AliasedEntity<User> ua = ORM.aliased(User.class);
        AliasedEntity<Address> aa = ORM.aliased(Address.class);
        assertThat(m.sql(ORM.join(ua, aa, ua.attr("addresses"))))
                .isEqualTo("users AS users_1 JOIN addresses AS addresses_1 ON users_1.id = addresses_1.user_id");
        Query<?> q = ORM.select(ua).selectFrom(ORM.join(ua, aa, ua.attr("addresses"))).where(aa.attr("email").like("ed%")).orderBy(ua.attr("id"));
        assertThat(m.sql(q)).isEqualTo("SELECT users_1.id, users_1.name FROM users AS users_1 JOIN addresses AS addresses_1 "
                + "ON users_1.id = addresses_1.user_id WHERE addresses_1.email LIKE :email_1 ORDER BY users_1.id");
    }

    @Test
    void outerFullInferredAndChainedJoins() {
        AliasedEntity<Address> aa = ORM.aliased(Address.class);
        AliasedEntity<Address> a2 = ORM.aliased(Address.class);
        assertThat(m.sql(ORM.outerJoin(User.class, Address.class))).isEqualTo("users LEFT OUTER JOIN addresses ON users.id = addresses.user_id");
        assertThat(m.sql(ORM.join(User.class, aa, user("id").eq(aa.attr("user_id")), false, true)))
                .isEqualTo("users FULL OUTER JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id");
        Join chained = ORM.join(ORM.join(User.class, aa, user("addresses")), a2, user("id").eq(a2.attr("user_id")));
        assertThat(m.sql(ORM.select(user("name"), a2.attr("email")).selectFrom(chained).where(aa.attr("email").eq("ed@wood.com")).orderBy(a2.attr("id"))))
                .isEqualTo("SELECT users.name, addresses_1.email FROM users JOIN addresses AS addresses_2 ON users.id = addresses_2.user_id "
                        + "JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id WHERE addresses_2.email = :email_1 ORDER BY addresses_1.id");
        assertThat(m.sql(ORM.select(address("email")).selectFrom(ORM.join(Address.class, User.class)).where(user("name").eq("ed"))))
                .isEqualTo("SELECT addresses.email FROM addresses JOIN users ON users.id = addresses.user_id WHERE users.name = :name_1");
    }

    @Test
    void joinsKeepTheirLeftSideAfterWithEntities() {
        assertThat(m.sql(ORM.select(User.class).join(Address.class).withEntities(address("email")).orderBy(address("id"))))
                .isEqualTo("SELECT addresses.email FROM users JOIN addresses ON users.id = addresses.user_id ORDER BY addresses.id");
        assertThat(m.sql(ORM.select(User.class).join(user("addresses")).withEntities(user("name"), address("email")).orderBy(address("id"))))
                .isEqualTo("SELECT users.name, addresses.email FROM users JOIN addresses ON users.id = addresses.user_id ORDER BY addresses.id");
        assertThat(m.sql(ORM.select(User.class).withEntities(address("email")))).as("without joins nothing is kept")
                .isEqualTo("SELECT addresses.email FROM addresses");
    }

    /** SQLAlchemy's test_criteria_select_from_w_join_left: loader criteria reach the left side of an ORM.join given to selectFrom. */
    @Test
    @SuppressWarnings("unchecked")
    void loaderCriteriaReachTheLeftSideOfAJoinSelectedFrom() {
        assertThat(m.sql(ORM.select(Address.class).selectFrom(ORM.join(User.class, Address.class, user("addresses")))
                .options(ORM.withLoaderCriteria(User.class, (ColumnElement<Boolean>) (ColumnElement<?>) user("name").ne("ed")))))
                .isEqualTo("SELECT addresses.id, addresses.email, addresses.user_id FROM users JOIN addresses ON users.id = addresses.user_id "
                        + "WHERE users.name != :name_1");
        AliasedEntity<User> ua = ORM.aliased(User.class);
        assertThat(m.sql(ORM.select(Address.class).selectFrom(ORM.join(ua, Address.class, ua.attr("addresses")))
                .options(ORM.withLoaderCriteria(ua, (ColumnElement<Boolean>) (ColumnElement<?>) ua.attr("name").ne("ed")))))
                .isEqualTo("SELECT addresses.id, addresses.email, addresses.user_id FROM users AS users_1 JOIN addresses ON users_1.id = addresses.user_id "
                        + "WHERE users_1.name != :name_1");
    }

    @Test
    void badSidesAndOnClausesAreNamed() {
        assertThatThrownBy(() -> ORM.join(User.class, "addresses")).isInstanceOf(ArgumentException.class)
                .hasMessageContaining("right side of ORM.join").hasMessageContaining("addresses");
        assertThatThrownBy(() -> ORM.join(null, Address.class)).isInstanceOf(ArgumentException.class).hasMessageContaining("left side of ORM.join");
        assertThatThrownBy(() -> ORM.join(User.class, Address.class, m.users)).isInstanceOf(ArgumentException.class)
                .hasMessageContaining("ON clause");
        assertThatThrownBy(() -> ORM.join(Address.class, User.class, user("addresses"))).isInstanceOf(ArgumentException.class)
                .hasMessageContaining("holds no User");
        assertThatThrownBy(() -> ORM.join(User.class, ORM.aliased(User.class), user("addresses"))).isInstanceOf(ArgumentException.class)
                .hasMessageContaining("leads to Address");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void queriesUsingThemSurviveTheSerializer(Protocol p) {
        AliasedEntity<User> ua = ORM.aliased(User.class);
        AliasedEntity<Address> aa = ORM.aliased(Address.class);
        List<Query<?>> queries = List.of(
                ORM.select(ua).selectFrom(ORM.outerJoin(ua, aa, ua.attr("addresses"))).where(aa.attr("id").isNull()),
                ORM.select(User.class).join(user("addresses")).withEntities(user("name"), address("email")).join(aa, aa.attr("user_id").eq(user("id"))));
        for (Query<?> q : queries) {
            Query<?> back = (Query<?>) QuerySerializer.loads(QuerySerializer.dumps(q, p), m.metadata);
            assertThat(back.compare(q)).isTrue();
            assertThat(back.cacheKey()).isEqualTo(q.cacheKey());
            assertThat(m.sql(back)).isEqualTo(m.sql(q));
        }
    }

    @EachDatabase
    void theJoinsLoadTheRightEntities(Databases.Database db) {
        m.createAndFill(db.engine());
        try (Session s = SessionFactory.of(db.engine()).open()) {
            check(s);
        } finally {
            m.metadata.dropAll(db.engine());
        }
    }

    /** Parents: jack (7, one address), ed (8, three), fred (9, one), chuck (10, none). */
    private static void check(Session s) {
        AliasedEntity<User> ua = ORM.aliased(User.class);
        AliasedEntity<Address> aa = ORM.aliased(Address.class);
        List<User> withEd = s.query(ua).selectFrom(ORM.join(ua, aa, ua.attr("addresses"))).filter(aa.attr("email").like("ed%"))
                .distinct().orderBy(ua.attr("id")).all();
        assertThat(withEd).extracting(u -> u.name).containsExactly("ed");
        List<User> none = s.query(User.class).selectFrom(ORM.outerJoin(User.class, aa, user("addresses"))).filter(aa.attr("id").isNull()).all();
        assertThat(none).extracting(u -> u.name).containsExactly("chuck");
        assertThat(none.get(0)).isSameAs(s.get(User.class, 10));
        List<Row> pairs = s.query(user("name"), aa.attr("email")).selectFrom(ORM.join(User.class, aa, user("id").eq(aa.attr("user_id"))))
                .filter(user("id").eq(8)).orderBy(aa.attr("id")).all();
        assertThat(pairs).extracting(r -> r.get(1)).containsExactly("ed@wood.com", "ed@bettyboop.com", "ed@lala.com");
        List<Address> fromJoin = s.query(Address.class).selectFrom(ORM.join(Address.class, User.class)).filter(user("name").eq("fred")).all();
        assertThat(fromJoin).extracting(a -> a.email).containsExactly("fred@fred.com");
        List<Row> emails = s.query(User.class).join(Address.class).filter(user("name").eq("jack")).<Row>withEntities(address("email")).all();
        assertThat(emails).extracting(r -> r.get(0)).containsExactly("jack@bean.com");
    }

    /** A base class and a subclass sharing its table (single-table inheritance), for the refusal below. */
    public static class Staff {
        Integer id;
        String type;
    }

    /** The subclass. */
    public static class Coder extends Staff {
    }

    @Test
    void aSubclassSharingItsBasesTableCannotBeTheLeftSide() {
        MetaData md = new MetaData();
        Table staff = new Table("staff", md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("type", Types.string(20)));
        Registry r = new Registry(md);
        try {
            r.mapImperatively(Staff.class, staff, Map.of(), ORM.polymorphicOn(staff.c("type")).identity("staff"));
            r.mapImperatively(Coder.class, staff, Map.of(), ORM.inherits(Staff.class).identity("coder"));
            AliasedEntity<Staff> other = ORM.aliased(Staff.class);
            assertThatThrownBy(() -> ORM.join(Coder.class, other, other.attr("id").eq(ORM.attr(Coder.class, "id"))))
                    .isInstanceOf(ArgumentException.class).hasMessageContaining("Coder").hasMessageContaining("joinFrom");
            // on the right side its rows are told apart in the ON clause, as SQLAlchemy's
            assertThat(ORM.join(other, Coder.class, other.attr("id").eq(ORM.attr(Coder.class, "id"))).compile().string().replaceAll("\\s+", " "))
                    .isEqualTo("staff AS staff_1 JOIN staff ON staff_1.id = staff.id AND staff.type IN (:type_1_1)");
        } finally {
            r.dispose();
        }
    }

    @Test
    void aJoinIsACoreJoin() {
        ClauseElement j = ORM.join(User.class, Address.class, user("addresses"));
        assertThat(j).isInstanceOf(Join.class);
        assertThat(((Join) j).left()).isSameAs(m.users);
    }
}
