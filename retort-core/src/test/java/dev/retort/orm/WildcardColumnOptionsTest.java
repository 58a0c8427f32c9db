package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.RaiseloadException;
import dev.retort.orm.DeferredColumnPropertyTest.Person;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import org.junit.jupiter.api.Test;

/**
 * The wildcard column options {@link ORM#deferAll} and {@link ORM#undeferAll} (the seeds'
 * {@code defer('*')}, {@code undefer('*')}). Expected SQL is SQLAlchemy 2.1.1's for the same mapping
 * (users: id, name; nameUpper a deferred {@code upper(users.name)}).
 */
class WildcardColumnOptionsTest {
    private static QueryableAttribute<?> person(String key) {
        return ORM.attr(Person.class, key);
    }

    @Test
    void wildcardsSelectWhatSqlalchemySelectsAndOptionsForOneAttributeDecideOverThem() {
        try (OrmTestDatabase t = DeferredColumnPropertyTest.model()) {
            assertThat(t.sqlOf(ORM.select(Person.class).options(ORM.deferAll(false)))).isEqualTo("SELECT users.id FROM users");
            assertThat(t.sqlOf(ORM.select(Person.class).options(ORM.undeferAll())))
                    .isEqualTo("SELECT upper(users.name) AS upper_1, users.id, users.name FROM users");
            assertThat(t.sqlOf(ORM.select(Person.class).options(ORM.undeferAll(), ORM.defer(person("name")))))
                    .isEqualTo("SELECT upper(users.name) AS upper_1, users.id FROM users");
            assertThat(t.sqlOf(ORM.select(Person.class).options(ORM.defer(person("name")), ORM.undeferAll())))
                    .as("given after").isEqualTo("SELECT upper(users.name) AS upper_1, users.id FROM users");
            assertThat(t.sqlOf(ORM.select(Person.class).options(ORM.deferAll(false), ORM.undefer(person("name")))))
                    .isEqualTo("SELECT users.id, users.name FROM users");
        }
    }

    /** As SQLAlchemy renders {@code select(select(User).options(...).subquery())}: a query inside another heeds no column option. */
    @Test
    void aSubqueryOfTheQuerySelectsEveryColumnAttributeWhateverItsOptions() {
        try (OrmTestDatabase t = DeferredColumnPropertyTest.model()) {
            for (LoaderOption o : new LoaderOption[] {ORM.deferAll(false), ORM.undefer(person("nameUpper")), ORM.loadOnly(person("id"))}) {
                String sql = dev.retort.sql.SQL.select(ORM.select(Person.class).options(o).innerStatement().subquery()).compile().string()
                        .replace(t.suffix, "").replaceAll("\\s+", " ").trim();
                assertThat(sql).as(o.toString()).isEqualTo("SELECT anon_1.id, anon_1.name FROM (SELECT users.id AS id, users.name AS name FROM users) AS anon_1");
            }
        }
    }

    @Test
    void wildcardsRoundTripThroughTheSerializer() {
        try (OrmTestDatabase t = DeferredColumnPropertyTest.model()) {
            for (LoaderOption o : new LoaderOption[] {ORM.deferAll(true), ORM.undeferAll()}) {
                Query<Person> q = ORM.select(Person.class).options(o, ORM.defer(person("name")));
                for (Protocol p : Protocol.values()) {
                    Query<?> back = (Query<?>) QuerySerializer.loads(QuerySerializer.dumps(q, p), t.metadata);
                    assertThat(back.compare(q)).as(p.name()).isTrue();
                    assertThat(t.sqlOf(back)).isEqualTo(t.sqlOf(q));
                    assertThat(back.loaderOptions()).hasToString(q.loaderOptions().toString());
                }
            }
        }
    }

    @EachDatabase
    void aDeferredAttributeLoadsOnAccessAndARaisingOneRaises(Databases.Database db) {
        try (OrmTestDatabase t = DeferredColumnPropertyTest.model()) {
            t.start(db);
            DeferredColumnPropertyTest.fill(t);
            try (Session s = t.open()) {
                Person p = s.query(Person.class).options(ORM.deferAll(false)).orderBy(person("id")).all().get(0);
                assertThat(t.take("")).containsExactly("SELECT users.id FROM users ORDER BY users.id");
                assertThat(s.loadAttribute(p, "name")).isEqualTo("ed");
                assertThat(t.take("")).containsExactly("SELECT users.name FROM users WHERE users.id = ?");
            }
            try (Session s = t.open()) {
                Person p = s.query(Person.class).options(ORM.deferAll(true)).all().get(0);
                assertThatThrownBy(() -> s.loadAttribute(p, "name")).isInstanceOf(RaiseloadException.class).hasMessageContaining("name");
            }
            try (Session s = t.open()) {
                Person p = s.query(Person.class).options(ORM.undeferAll()).orderBy(person("id")).all().get(0);
                assertThat(p.nameUpper).isEqualTo("ED");
                assertThat(p.name).isEqualTo("ed");
            }
        }
    }
}
