package dev.retort.orm;

import static dev.retort.sql.SQL.desc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.orm.SeedModel.Address;
import dev.retort.orm.SeedModel.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The SQL of ORM constructs, compared with what SQLAlchemy 2.1 renders for the same (labels aside). */
class OrmCompileTest {
    static final SeedModel M = new SeedModel();
    static final SessionFactory FACTORY = SessionFactory.of(dev.retort.testing.Databases.sqlite());

    @AfterAll
    static void unmap() {
        M.close();
    }

    @Test
    void attributesAreColumnExpressions() {
        assertThat(M.sql(ORM.attr(User.class, "name").eq("ed"))).isEqualTo("users.name = :name_1");
        assertThat(M.sql(ORM.attr(User::getName).like("e%"))).isEqualTo("users.name LIKE :name_1");
        assertThat(ORM.attr(User::getName)).isSameAs(ORM.attr(User.class, "name"));
        assertThat(ORM.attr(Address.class, "user_id")).isSameAs(ORM.attr(Address.class, "user_id"));
    }

    @Test
    void anyHasAndInstanceComparison() {
        assertThat(M.sql(ORM.attr(User.class, "addresses").any(ORM.attr(Address.class, "email").eq("x"))))
                .isEqualTo("EXISTS (SELECT 1 FROM addresses, users WHERE users.id = addresses.user_id AND addresses.email = :email_1)");
        assertThat(M.sql(ORM.attr(Address.class, "user").has(ORM.attr(User.class, "name").eq("x"))))
                .isEqualTo("EXISTS (SELECT 1 FROM users, addresses WHERE users.id = addresses.user_id AND users.name = :name_1)");
        User u = new User();
        u.id = 8;
        assertThat(M.sql(ORM.attr(Address.class, "user").eq(u))).isEqualTo(":param_1 = addresses.user_id");
        assertThat(M.sql(ORM.attr(Address.class, "user").eq(null))).isEqualTo("addresses.user_id IS NULL");
    }

    @Test
    void queries() {
        Session s = FACTORY.open();
        assertThat(M.sql(s.query(User.class).filter(ORM.attr(User.class, "name").eq("ed")).options(ORM.joinedLoad(ORM.attr(User.class, "addresses")))))
                .isEqualTo("SELECT users.id, users.name, addresses_1.id AS id_1, addresses_1.email, addresses_1.user_id FROM users "
                        + "LEFT OUTER JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id WHERE users.name = :name_1 ORDER BY addresses_1.id");
        User u = new User();
        u.id = 8;
        assertThat(M.sql(s.query(Address.class).filter(ORM.attr(Address.class, "user").eq(u)).orderBy(desc(ORM.attr(Address.class, "email")))))
                .isEqualTo("SELECT addresses.id, addresses.email, addresses.user_id FROM addresses WHERE :param_1 = addresses.user_id ORDER BY addresses.email DESC");
        AliasedEntity<User> ua = ORM.aliased(User.class);
        assertThat(M.sql(s.query(User.class, ua).join(ua, ORM.attr(User.class, "id").lt(ua.attr("id"))).filter(ORM.attr(User.class, "id").lt(9))
                .orderBy(ORM.attr(User.class, "id"), ua.attr("id"))))
                .isEqualTo("SELECT users.id, users.name, users_1.id AS id_1, users_1.name AS name_1 FROM users JOIN users AS users_1 ON users.id < users_1.id "
                        + "WHERE users.id < :id_2 ORDER BY users.id, users_1.id");
        assertThat(M.sql(s.query(ua).join(ua.attr("addresses")).filter(ORM.attr(Address.class, "email").like("%fred%"))))
                .isEqualTo("SELECT users_1.id, users_1.name FROM users AS users_1 JOIN addresses ON users_1.id = addresses.user_id WHERE addresses.email LIKE :email_1");
    }

    /** Lambda loader criteria, made for the class and adapted to aliases and eager-join aliases (SQL from SQLAlchemy 2.1.1). */
    @Test
    @SuppressWarnings("unchecked")
    void lambdaLoaderCriteriaAreAdaptedToAliasesAndEagerJoins() {
        Session s = FACTORY.open();
        LoaderCriteria.Criterion named = m -> (dev.retort.sql.ColumnElement<Boolean>) (dev.retort.sql.ColumnElement<?>) m.attr("name").ne("x");
        AliasedEntity<User> ua = ORM.aliased(User.class);
        assertThat(M.sql(s.query(ua).join(ua.attr("addresses")).options(ORM.withLoaderCriteria(User.class, named).includeAliases())))
                .isEqualTo("SELECT users_1.id, users_1.name FROM users AS users_1 JOIN addresses ON users_1.id = addresses.user_id WHERE users_1.name != :name_1");
        assertThat(M.sql(s.query(ua).options(ORM.withLoaderCriteria(User.class, named)))).isEqualTo("SELECT users_1.id, users_1.name FROM users AS users_1");
        assertThat(M.sql(s.query(Address.class).options(ORM.joinedLoad(ORM.attr(Address.class, "user")), ORM.withLoaderCriteria(User.class, named))))
                .isEqualTo("SELECT addresses.id, addresses.email, addresses.user_id, users_1.id AS id_1, users_1.name FROM addresses "
                        + "LEFT OUTER JOIN users AS users_1 ON users_1.id = addresses.user_id AND users_1.name != :name_1");
        assertThat(M.sql(s.query(User.class).options(ORM.joinedLoad(ORM.attr(User.class, "addresses")),
                ORM.withLoaderCriteria(Address.class, m -> (dev.retort.sql.ColumnElement<Boolean>) (dev.retort.sql.ColumnElement<?>) m.attr("email").like("%@x")),
                ORM.withLoaderCriteria(User.class, named)).limit(2)))
                .isEqualTo("SELECT anon_1.id, anon_1.name, addresses_1.id AS id_1, addresses_1.email, addresses_1.user_id FROM (SELECT users.id AS id, users.name AS name "
                        + "FROM users WHERE users.name != :name_1 LIMIT :param_1) AS anon_1 LEFT OUTER JOIN addresses AS addresses_1 "
                        + "ON anon_1.id = addresses_1.user_id AND addresses_1.email LIKE :email_1 ORDER BY addresses_1.id");
        s.close();
    }

    @Test
    void joinedCollectionWithLimitWrapsTheQuery() {
        Session s = FACTORY.open();
        assertThat(M.sql(s.query(User.class).filter(ORM.attr(User.class, "name").eq("ed")).options(ORM.joinedLoad(ORM.attr(User.class, "addresses"))).limit(2)))
                .isEqualTo("SELECT anon_1.id, anon_1.name, addresses_1.id AS id_1, addresses_1.email, addresses_1.user_id FROM (SELECT users.id AS id, users.name AS name "
                        + "FROM users WHERE users.name = :name_1 LIMIT :param_1) AS anon_1 LEFT OUTER JOIN addresses AS addresses_1 ON anon_1.id = addresses_1.user_id ORDER BY addresses_1.id");
    }

    @Test
    void orderingByASelectedLabelWritesItsName() {
        // a selected expression given to order_by() is that very column, as a Core select's label (SQLAlchemy #5470)
        dev.retort.sql.Label<?> label = ORM.attr(User.class, "id").add(2).label("label");
        assertThat(M.sql(ORM.select(label).selectFrom(ORM.mapper(User.class)).orderBy(desc(label)).distinct().statement()))
                .isEqualTo("SELECT DISTINCT users.id + :id_1 AS label FROM users ORDER BY label DESC");
        assertThat(M.sql(ORM.select(label).selectFrom(ORM.mapper(User.class)).orderBy(label).statement()))
                .isEqualTo("SELECT users.id + :id_1 AS label FROM users ORDER BY label");
    }

    @Test
    void twoJoinedLoadsThroughOneRelationshipJoinItOnce() {
        // joinedLoad(User.addresses) and joinedLoad(User.addresses).joinedLoad(Address.user): one path, one join (SQLAlchemy's SQL)
        QueryableAttribute<?> addresses = ORM.attr(User.class, "addresses");
        Query<User> q = ORM.select(User.class).options(ORM.joinedLoad(addresses), ORM.joinedLoad(addresses).joinedLoad(ORM.attr(Address.class, "user")));
        assertThat(M.sql(q)).isEqualTo("SELECT users.id, users.name, addresses_1.id AS id_1, addresses_1.email, addresses_1.user_id, "
                + "users_1.id AS id_2, users_1.name AS name_1 FROM users LEFT OUTER JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id "
                + "LEFT OUTER JOIN users AS users_1 ON users_1.id = addresses_1.user_id ORDER BY addresses_1.id");
        dev.retort.engine.Engine engine = dev.retort.testing.Databases.sqlite();
        M.createAndFill(engine);
        try (Session s = SessionFactory.of(engine).open()) {
            User ed = s.query(User.class).filter(ORM.attr(User.class, "id").eq(8))
                    .options(ORM.joinedLoad(addresses), ORM.joinedLoad(addresses).joinedLoad(ORM.attr(Address.class, "user"))).one();
            assertThat(ed.addresses).extracting(a -> a.id).containsExactly(2, 3, 4);
            assertThat(ed.addresses).allSatisfy(a -> assertThat(a.user).isSameAs(ed));
        } finally {
            M.metadata.dropAll(engine);
        }
    }

    @Test
    void aStringOrderingNamesTheJoinedTableNotTheEagerLoadsAlias() {
        // order_by("email") is resolved in the query as written: the eager load's alias is not a candidate (SQLAlchemy's SQL)
        QueryableAttribute<?> addresses = ORM.attr(User.class, "addresses");
        assertThat(M.sql(ORM.select(User.class).join(addresses).options(ORM.joinedLoad(addresses)).orderBy(dev.retort.sql.SQL.labelReference("email"))))
                .isEqualTo("SELECT users.id, users.name, addresses_1.id AS id_1, addresses_1.email, addresses_1.user_id FROM users "
                        + "JOIN addresses ON users.id = addresses.user_id LEFT OUTER JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id "
                        + "ORDER BY addresses.email, addresses_1.id");
        assertThat(M.sql(ORM.select(User.class).join(addresses).options(ORM.joinedLoad(addresses)).orderBy(desc(dev.retort.sql.SQL.labelReference("email")))))
                .endsWith("ORDER BY addresses.email DESC, addresses_1.id");
        dev.retort.engine.Engine engine = dev.retort.testing.Databases.sqlite();
        M.createAndFill(engine);
        try (Session s = SessionFactory.of(engine).open()) {
            // users in the order of the address they are joined to, each with all of its addresses loaded
            java.util.List<User> users = s.query(User.class).join(addresses).filter(ORM.attr(Address.class, "email").like("ed@%"))
                    .options(ORM.joinedLoad(addresses)).orderBy(dev.retort.sql.SQL.labelReference("email")).all();
            assertThat(users).extracting(u -> u.id).containsExactly(8);
            assertThat(users.get(0).addresses).extracting(a -> a.id).containsExactly(2, 3, 4);
        } finally {
            M.metadata.dropAll(engine);
        }
    }

    @Test
    void aStringOrderingNamingATableQualifiedLabelSurvivesTheEagerLoadsWrapping() {
        // session.query(User).options(joinedload(User.addresses)).order_by(desc("users_name")).limit(1) (SQLAlchemy's SQL)
        QueryableAttribute<?> addresses = ORM.attr(User.class, "addresses");
        assertThat(M.sql(ORM.select(User.class).options(ORM.joinedLoad(addresses)).orderBy(desc(dev.retort.sql.SQL.labelReference(M.users.name() + "_name"))).limit(1)
                .labelStyle(dev.retort.sql.LabelStyle.TABLENAME_PLUS_COL).statement()))
                .isEqualTo("SELECT anon_1.users_id AS anon_1_users_id, anon_1.users_name AS anon_1_users_name, addresses_1.id AS addresses_1_id, "
                        + "addresses_1.email AS addresses_1_email, addresses_1.user_id AS addresses_1_user_id "
                        + "FROM (SELECT users.id AS users_id, users.name AS users_name FROM users ORDER BY users.name DESC LIMIT :param_1) AS anon_1 "
                        + "LEFT OUTER JOIN addresses AS addresses_1 ON anon_1.users_id = addresses_1.user_id ORDER BY anon_1.users_name DESC, addresses_1.id");
    }
}
