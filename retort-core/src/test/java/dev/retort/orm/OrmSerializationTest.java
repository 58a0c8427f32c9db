package dev.retort.orm;

import static dev.retort.sql.SQL.cast;
import static dev.retort.sql.SQL.func;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Engine;
import dev.retort.exc.RetortException;
import dev.retort.exc.SerializationException;
import dev.retort.exc.UnresolvedReferenceException;
import dev.retort.ext.serializer.Deserializer;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.ext.serializer.Serializer;
import dev.retort.orm.SeedModel.Address;
import dev.retort.orm.SeedModel.User;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** ORM constructs through the serializer: what is written, and what loading re-binds. */
class OrmSerializationTest {
    static final SeedModel M = new SeedModel();
    static final ScopedSession SESSION = new ScopedSession(SessionFactory.of(Databases.sqlite()));

    @AfterAll
    static void unmap() {
        SESSION.remove();
        M.close();
    }

    static Object roundTrip(Object o, Protocol p) {
        return QuerySerializer.loads(QuerySerializer.dumps(o, p), M.metadata, SESSION);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void mappersAndAttributesLoadAsTheVeryObjects(Protocol p) {
        Mapper<User> m = ORM.mapper(User.class);
        assertThat(roundTrip(m, p)).isSameAs(m);
        assertThat(QuerySerializer.loads(QuerySerializer.dumps(m, p))).as("no metadata: every live registry").isSameAs(m);
        assertThat(roundTrip(ORM.attr(User.class, "name"), p)).isSameAs(ORM.attr(User.class, "name"));
        assertThat(roundTrip(ORM.attr(User.class, "addresses"), p)).isSameAs(ORM.attr(User.class, "addresses"));
        assertThat(roundTrip(M.users, p)).isSameAs(M.users);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void relationshipCriteriaKeepTheirSql(Protocol p) {
        var any = ORM.attr(User.class, "addresses").any(ORM.attr(Address.class, "email").eq("x"));
        assertThat(M.sql((dev.retort.sql.ClauseElement) roundTrip(any, p))).isEqualTo(M.sql(any));
        User u = new User();
        u.id = 8;
        var is = ORM.attr(Address.class, "user").eq(u);
        assertThat(((dev.retort.sql.ClauseElement) roundTrip(is, p)).compare(is)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aQueryKeepsItsLockAndTheEntitiesItNames(Protocol p) {
        Query<?> q = SESSION.query(User.class).withForUpdate(
                dev.retort.sql.ForUpdate.share().of(ORM.mapper(User.class), ORM.attr(User.class, "id")).nowait());
        assertThat(q.compare(SESSION.query(User.class))).as("the lock is part of the shape").isFalse();
        Query<?> back = (Query<?>) roundTrip(q, p);
        assertThat(back.compare(q)).isTrue();
        assertThat(back.cacheKey()).isEqualTo(q.cacheKey());
        assertThat(back.statement().compile(dev.retort.dialect.Dialects.postgresql()).string())
                .isEqualTo(q.statement().compile(dev.retort.dialect.Dialects.postgresql()).string());
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aQueryKeepsItsGroupingCorrelationAndNamedJoins(Protocol p) {
        Query<?> plain = SESSION.query(User.class).join(ORM.attr(User.class, "addresses"));
        Query<?> q = SESSION.query(User.class).joinFrom(User.class, Address.class, ORM.attr(User.class, "addresses"))
                .groupBy(ORM.attr(User.class, "id"), ORM.attr(User.class, "name")).having(func("count", ORM.attr(Address.class, "id")).gt(1))
                .correlateExcept(Address.class);
        assertThat(q.compare(plain)).as("grouping and the named left side are part of the shape").isFalse();
        assertThat(((Query<?>) roundTrip(plain, p)).compare(plain)).as("a query without them needs no newer format").isTrue();
        Query<?> back = (Query<?>) roundTrip(q, p);
        assertThat(back.compare(q)).isTrue();
        assertThat(back.cacheKey()).isEqualTo(q.cacheKey());
        assertThat(M.sql(back)).isEqualTo(M.sql(q));
    }

    /**
     * The correlation flags are written only at their non-default values (autoCorrelate false,
     * correlatesExcept true); before, any other value loaded as that one, so a document saying
     * {@code "autoCorrelate": true} loaded a query that did not auto-correlate.
     */
    @Test
    void aCorrelationFlagOtherThanTheOneWrittenIsRefused() {
        String json = new String(QuerySerializer.dumps(SESSION.query(User.class).correlateExcept(Address.class), Protocol.JSON), StandardCharsets.UTF_8);
        // a value that is no boolean is refused by the flag's declaration, as on any node
        for (String[] flag : new String[][] {{"autoCorrelate", "false", "true", " is written only as false"},
                {"correlatesExcept", "true", "false", " is written only as true"}, {"autoCorrelate", "false", "\"no\"", "' of 'orm_query' must be a boolean"}}) {
            String written = "\"" + flag[0] + "\" : " + flag[1];
            assertThat(json).contains(written);
            byte[] bad = json.replace(written, "\"" + flag[0] + "\" : " + flag[2]).getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> QuerySerializer.loads(bad, M.metadata, SESSION)).as(flag[2]).isInstanceOf(SerializationException.class)
                    .hasMessageContaining(flag[0] + flag[3]);
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aQueryKeepsItsShapeAliasesAndOptions(Protocol p) {
        AliasedEntity<User> ua = ORM.aliased(User.class);
        Query<?> q = SESSION.query(User.class, ua).join(ua, ORM.attr(User.class, "id").lt(ua.attr("id")))
                .outerJoin(ORM.attr(User.class, "addresses")).filter(ORM.attr(User.class, "name").in(java.util.List.of("ed", "fred")))
                .options(ORM.selectinLoad(ua.attr("addresses"))).orderBy(ua.attr("name")).limit(3).offset(1).distinct();
        Query<?> back = (Query<?>) roundTrip(q, p);
        assertThat(back.compare(q)).isTrue();
        assertThat(back.cacheKey()).isEqualTo(q.cacheKey());
        assertThat(M.sql(back)).isEqualTo(M.sql(q));
        AliasedEntity<?> ua2 = (AliasedEntity<?>) back.entities().get(1);
        assertThat(ua2).isNotSameAs(ua);
        assertThat(ua2.mapper()).isSameAs(ua.mapper());
        assertThat(back.session()).isSameAs(SESSION.get());
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void anEntityAliasedToASubqueryKeepsIt(Protocol p) {
        dev.retort.sql.Alias recent = ORM.select(User.class).where(ORM.attr(User.class, "id").gt(7)).statement().subquery("recent");
        AliasedEntity<User> ru = ORM.aliased(User.class, recent);
        Query<?> q = SESSION.query(ru).filter(ru.attr("name").eq("ed")).orderBy(ru.attr("id"));
        Query<?> back = (Query<?>) roundTrip(q, p);
        assertThat(back.compare(q)).isTrue();
        assertThat(M.sql(back)).isEqualTo(M.sql(q)).contains("AS recent");
        AliasedEntity<?> ru2 = (AliasedEntity<?>) back.entities().get(0);
        assertThat(ru2.alias().element()).isInstanceOf(dev.retort.sql.Select.class);
    }

    @Test
    void theFormatNamesEntitiesNeverClasses() {
        Query<User> q = SESSION.query(User.class).filter(ORM.attr(User.class, "name").eq("ed")).options(ORM.joinedLoad(ORM.attr(User.class, "addresses")));
        String json = new String(QuerySerializer.dumps(q, Protocol.JSON), StandardCharsets.UTF_8);
        assertThat(json).contains("\"entityRef\" : \"User\"", "\"sessionRef\" : true", "\"node\" : \"orm_query\"")
                .doesNotContain("dev.retort", "SeedModel", "java.");
        String binary = new String(QuerySerializer.dumps(q), StandardCharsets.ISO_8859_1);
        assertThat(binary).doesNotContain("dev.retort", "SeedModel");
    }

    @Test
    void anUnknownEntityIsNamed() {
        MetaData other = new MetaData();
        new Table("t", other, Column.of("id", Types.INTEGER).primaryKey());
        byte[] data = QuerySerializer.dumps(SESSION.query(User.class));
        assertThatThrownBy(() -> QuerySerializer.loads(data, other, SESSION)).isInstanceOf(UnresolvedReferenceException.class)
                .hasMessageContaining("'User'").hasMessageContaining("map: nothing");
    }

    @Test
    void malformedOrmNodesRaiseSerializationException() {
        String doc = "{\"format\": \"retort-query\", \"version\": \"1.1\", \"root\": {\"node\": \"orm_attribute\", \"id\": 0, \"attrs\": {\"entity\": null, \"key\": \"x\"}}}";
        assertThatThrownBy(() -> QuerySerializer.loads(doc.getBytes(StandardCharsets.UTF_8), M.metadata)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("orm_attribute");
        String query = "{\"format\": \"retort-query\", \"version\": \"1.1\", \"root\": {\"node\": \"orm_query\", \"id\": 0, \"attrs\": {\"entities\": []}}}";
        assertThatThrownBy(() -> QuerySerializer.loads(query.getBytes(StandardCharsets.UTF_8), M.metadata)).isInstanceOf(SerializationException.class);
    }

    @Test
    void withoutAScopedSessionAQueryLoadsUnbound() {
        Query<?> back = (Query<?>) QuerySerializer.loads(QuerySerializer.dumps(SESSION.query(User.class)), M.metadata);
        assertThat(back.session()).isNull();
        assertThatThrownBy(back::all).isInstanceOf(RetortException.class).hasMessageContaining("withSession");
        assertThat(back.withSession(SESSION.get()).session()).isSameAs(SESSION.get());
    }

    /** An application object holding a query and an engine. */
    public static final class SavedSearch implements Serializable {
        private static final long serialVersionUID = 1L;
        final Object query;
        final Object engine;

        SavedSearch(Object query, Object engine) {
            this.query = query;
            this.engine = engine;
        }
    }

    @Test
    void theJavaStreamsRebindQueriesSessionsAndEngines() throws Exception {
        Engine engine = Databases.sqlite();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Query<User> q = SESSION.query(User.class).filter(ORM.attr(User.class, "name").eq("ed"));
        try (Serializer out = new Serializer(bytes)) {
            out.writeObject(new SavedSearch(q, engine));
        }
        try (Deserializer in = new Deserializer(new ByteArrayInputStream(bytes.toByteArray()), M.metadata, SESSION, null, SavedSearch.class.getName())) {
            SavedSearch back = (SavedSearch) in.readObject();
            assertThat(((Query<?>) back.query).compare(q)).isTrue();
            assertThat(((Query<?>) back.query).session()).isSameAs(SESSION.get());
            assertThat(back.engine).isSameAs(engine);
            assertThat(in.getEngine()).isSameAs(engine);
        }
    }

    @Test
    void aComputedAttributeKeepsItsSharedParameter() {
        MetaData md = new MetaData();
        Table test = new Table("test", md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("some_id", Types.STRING));
        Registry r = new Registry(md);
        try {
            r.mapImperatively(Item.class, test, Map.of("somePrimaryId", ORM.columnProperty(cast(func("left", test.c("some_id"), 6), Types.INTEGER))));
            Query<Item> q = SESSION.query(Item.class).filter(ORM.attr(Item.class, "somePrimaryId").eq(123456));
            // As SQLAlchemy renders select(Item) of this imperative mapping, the column property first under an
            // anonymous label; unlike its serializer, the one parameter stays one after loading.
            String expected = "SELECT CAST(left(test.some_id, :left_1) AS INTEGER) AS anon_1, test.id, test.some_id FROM test "
                    + "WHERE CAST(left(test.some_id, :left_1) AS INTEGER) = :param_1";
            assertThat(M.sql(q)).isEqualTo(expected);
            Query<?> back = (Query<?>) QuerySerializer.loads(QuerySerializer.dumps(q), md, SESSION);
            assertThat(M.sql(back)).isEqualTo(expected);
            assertThat(back.statement().compile().params()).isEqualTo(Map.of("left_1", 6, "param_1", 123456));
        } finally {
            r.dispose();
        }
    }

    /** The seeds' ColumnPropertyWParamTest class. */
    public static class Item {
        Integer id;
        String someId;
        Integer somePrimaryId;
    }
}
