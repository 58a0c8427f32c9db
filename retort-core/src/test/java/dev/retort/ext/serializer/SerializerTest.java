package dev.retort.ext.serializer;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.exc.SerializationException;
import dev.retort.exc.UnresolvedReferenceException;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.BindParameter;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.FunctionCall;
import dev.retort.sql.Select;
import dev.retort.sql.TableClause;
import dev.retort.testing.UsersAndAddresses;
import dev.retort.types.Types;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class SerializerTest {
    final UsersAndAddresses schema = UsersAndAddresses.withAge();
    final MetaData md = schema.metadata;
    final Table users = schema.users;
    final Table addresses = schema.addresses;

    static Object roundTrip(Object o, MetaData md, Protocol p) {
        return QuerySerializer.loads(QuerySerializer.dumps(o, p), md);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void tablesAndColumnsLoadAsTheVeryObjectsOfTheMetadata(Protocol p) {
        assertThat(roundTrip(users, md, p)).isSameAs(users);
        assertThat(roundTrip(users.c("name"), md, p)).isSameAs(users.c("name"));
        Select s = (Select) roundTrip(select(users).where(users.c("id").eq(5)), md, p);
        assertThat(s.columns().get(0)).isSameAs(users.c("id"));
        MetaData other = new MetaData();
        Table otherUsers = new Table("users", other, Column.of("id", Types.INTEGER), Column.of("name", Types.STRING), Column.of("age", Types.INTEGER));
        Select rebound = (Select) roundTrip(select(users.c("name")), other, p);
        assertThat(rebound.columns().get(0)).isSameAs(otherUsers.c("name"));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void selectWithJoinAndLimitRunsAfterLoading(Protocol p) {
        Select s = select(users.c("name"), addresses.c("email")).selectFrom(users.join(addresses))
                .where(addresses.c("email").like("%@x%")).orderBy(users.c("id")).limit(1);
        Select back = (Select) roundTrip(s, md, p);
        Engine engine = Engine.create("jdbc:sqlite::memory:");
        try {
            md.createAll(engine);
            try (Connection c = engine.begin()) {
                c.execute(insert(users), List.of(Map.of("id", 1, "name", "ann"), Map.of("id", 2, "name", "bob")));
                c.execute(insert(addresses), List.of(Map.of("id", 1, "email", "a@x.org", "user_id", 2), Map.of("id", 2, "email", "b@x.org", "user_id", 1)));
            }
            try (Connection c = engine.connect()) {
                assertThat(c.execute(back).all()).extracting(r -> r.toList()).containsExactly(List.of("ann", "b@x.org"));
            }
        } finally {
            engine.dispose();
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void unicodeAndOddKeys(Protocol p) {
        MetaData m = new MetaData();
        Table t = new Table("tæbl€ 表", m, Column.of("ключ:1", Types.INTEGER).primaryKey(), Column.of("naïve \"x\"", Types.STRING).key("a:b.c"));
        Select s = select(t).where(t.c("a:b.c").eq("ü"));
        Select back = (Select) roundTrip(s, m, p);
        assertThat(back.compile().string()).isEqualTo(s.compile().string());
        assertThat(back.columns().get(1)).isSameAs(t.c("a:b.c"));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void theSixWindowFrames(Protocol p) {
        FunctionCall<Object> f = func("max", users.c("age"));
        List<ColumnElement<?>> frames = List.of(
                f.over().orderBy(users.c("id")).rows(null, 0), f.over().orderBy(users.c("id")).rows(-2, 1),
                f.over().orderBy(users.c("id")).range(null, null), f.over().orderBy(users.c("id")).range(0, null),
                f.over().orderBy(users.c("id")).groups(-1, 1), f.over().partitionBy(users.c("name")));
        for (ColumnElement<?> frame : frames) {
            Select s = select(frame.label("m"));
            Select back = (Select) roundTrip(s, md, p);
            assertThat(back.compile().string()).isEqualTo(s.compile().string());
            assertThat(back.compare(s)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void valuesRoundTripExactly(Protocol p) {
        List<Object> values = List.of(1, 2L, (short) 3, 1.5d, 2.5f, "s", true, new BigDecimal("1.500"), new java.math.BigInteger("123456789012345678901234567890"),
                LocalDate.of(2024, 2, 29), LocalTime.of(1, 2, 3, 4), LocalDateTime.of(2024, 1, 2, 3, 4, 5, 6),
                OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(-7)), Instant.ofEpochSecond(12345, 6),
                UUID.randomUUID(), Double.NaN, Long.MIN_VALUE, Integer.MIN_VALUE);
        for (Object v : values) {
            BindParameter<?> b = (BindParameter<?>) ((Select) roundTrip(select(literal(v)), md, p)).columns().get(0);
            assertThat(b.value()).as(v.getClass().getName()).isEqualTo(v);
            assertThat(b.value()).isExactlyInstanceOf(v.getClass());
        }
        byte[] bytes = {0, 1, -1, 127};
        assertThat((byte[]) ((BindParameter<?>) ((Select) roundTrip(select(literal(bytes)), md, p)).columns().get(0)).value()).containsExactly(bytes);
    }

    enum Status { OPEN, DONE }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void userValuesNeedARegisteredCodec(Protocol p) {
        Select s = select(users.c("id")).where(users.c("name").eq(literal(Status.DONE)));
        assertThatThrownBy(() -> QuerySerializer.dumps(s, p)).isInstanceOf(SerializationException.class).hasMessageContaining(Status.class.getName());
        Codecs.register(ValueCodec.ofEnum("test-status", Status.class));
        try {
            Select back = (Select) roundTrip(s, md, p);
            assertThat(back.compare(s)).isTrue();
        } finally {
            Codecs.unregister("test-status");
        }
        Codecs.register(ValueCodec.ofEnum("test-status", Status.class));
        byte[] withCodec = QuerySerializer.dumps(s, p);
        Codecs.unregister("test-status");
        assertThatThrownBy(() -> QuerySerializer.loads(withCodec, md)).isInstanceOf(SerializationException.class).hasMessageContaining("test-status");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void jsonDocumentValuesTravelAsJsonAndOnlyAsJson(Protocol p) {
        Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("a", List.of(1, "two", Map.of("b", true)));
        doc.put("n", null);
        Select s = select(users.c("id")).where(users.c("name").eq(literal(doc)));
        BindParameter<?> b = (BindParameter<?>) ((dev.retort.sql.BinaryExpression<?>) ((Select) roundTrip(s, md, p)).whereCriteria().get(0)).getChildren().get(1);
        assertThat(b.value()).isEqualTo(doc);
        // The codec reads a JSON object and nothing else: an array or invalid text is refused by name.
        String json = new String(QuerySerializer.dumps(s, Protocol.JSON), java.nio.charset.StandardCharsets.UTF_8);
        String tampered = json.replace("{\\\"a\\\":", "[\\\"a\\\",").replace("\\\"n\\\":null}", "\\\"n\\\"]");
        assertThat(tampered).isNotEqualTo(json);
        assertThatThrownBy(() -> QuerySerializer.loads(tampered.getBytes(java.nio.charset.StandardCharsets.UTF_8), md))
                .isInstanceOf(SerializationException.class).hasMessageContaining("retort.json");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void sharedBindParametersStayShared(Protocol p) {
        BindParameter<Object> b = bindparam("x", 5);
        Select s = select(users.c("id")).where(users.c("id").eq(b)).where(users.c("age").eq(b));
        Select back = (Select) roundTrip(s, md, p);
        ColumnElement<?> first = (ColumnElement<?>) back.whereCriteria().get(0).getChildren().get(1);
        ColumnElement<?> second = (ColumnElement<?>) back.whereCriteria().get(1).getChildren().get(1);
        assertThat(first).isSameAs(second);
        assertThat(back.compile().params()).containsExactly(Map.entry("x", 5));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void lightweightTablesTravelByValue(Protocol p) {
        TableClause t = table("t", column("a"), column("b", Types.INTEGER));
        Select s = select(t.c("a"), literalColumn("1"), column("free")).where(t.c("b").gt(1));
        Select back = (Select) roundTrip(s, null, p);
        assertThat(back.compare(s)).isTrue();
        assertThat(back.compile().string()).isEqualTo(s.compile().string());
        ClauseElement text = text("SELECT :x").bindparams(Map.of("x", 1));
        assertThat(((ClauseElement) roundTrip(text, null, p)).compare(text)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void unresolvedReferencesNameWhatIsMissing(Protocol p) {
        byte[] data = QuerySerializer.dumps(select(addresses.c("email")), p);
        MetaData other = new MetaData();
        new Table("users", other, Column.of("id", Types.INTEGER));
        assertThatThrownBy(() -> QuerySerializer.loads(data, other)).isInstanceOf(UnresolvedReferenceException.class)
                .hasMessageContaining("'addresses'").hasMessageContaining("users");
        new Table("addresses", other, Column.of("id", Types.INTEGER));
        assertThatThrownBy(() -> QuerySerializer.loads(data, other)).isInstanceOf(UnresolvedReferenceException.class)
                .hasMessageContaining("'email'").hasMessageContaining("'addresses'").hasMessageContaining("id");
        assertThatThrownBy(() -> QuerySerializer.loads(data)).isInstanceOf(UnresolvedReferenceException.class).hasMessageContaining("no MetaData");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void referencesAreListedWithoutASchema(Protocol p) {
        Select s = select(users.c("name"), addresses.c("email")).selectFrom(users.join(addresses)).where(users.c("age").gt(3));
        QueryReferences refs = QuerySerializer.references(QuerySerializer.dumps(s, p));
        assertThat(refs.tables()).containsOnlyKeys("users", "addresses");
        assertThat(refs.tables().get("users")).containsExactlyInAnyOrder("name", "id", "age");
        assertThat(refs.tables().get("addresses")).containsExactlyInAnyOrder("email", "user_id");
        assertThat(refs.entities()).isEmpty();
        assertThatThrownBy(() -> QuerySerializer.references(new byte[] {(byte) 0x89, 'R', 'Q', 'S', 1, 0, 99}))
                .isInstanceOf(SerializationException.class);
    }

    /** Format 1.18: a binary type's length (Types.largeBinary), BLOB(n) on MySQL. */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void sizedBinaryTypeKeepsItsLength(Protocol p) {
        var cast = dev.retort.sql.SQL.cast(users.c("name"), Types.largeBinary(300));
        Object back = roundTrip(select(cast), md, p);
        assertThat(((Select) back).compile(dev.retort.dialect.Dialects.mysql()).string())
                .isEqualTo(select(cast).compile(dev.retort.dialect.Dialects.mysql()).string());
        assertThat(dev.retort.dialect.Dialects.mysql().typeDdl(((Select) back).columns().get(0).type())).isEqualTo("BLOB(300)");
    }

    @Test
    void binaryIsCompactAndJsonReadable() {
        Select s = select(users.c("name"), addresses.c("email")).selectFrom(users.join(addresses))
                .where(users.c("age").gt(18), users.c("name").like("a%"), users.c("id").in(List.of(1, 2, 3)), addresses.c("email").isNotNull())
                .orderBy(desc(users.c("name"))).limit(10);
        byte[] bin = QuerySerializer.dumps(s);
        assertThat(bin.length).isLessThan(400);
        String json = new String(QuerySerializer.dumps(s, Protocol.JSON), StandardCharsets.UTF_8);
        assertThat(json).contains("\"format\" : \"retort-query\"").contains("\"node\" : \"select\"").contains("\"tableRef\" : \"users\"");
        assertThat(QuerySerializer.protocolOf(bin)).isEqualTo(Protocol.BINARY);
        assertThat(QuerySerializer.protocolOf(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(Protocol.JSON);
    }

    @Test
    void newerMajorVersionsAreRefused() {
        byte[] bin = QuerySerializer.dumps(users);
        bin[4] = 2;
        assertThatThrownBy(() -> QuerySerializer.loads(bin, md)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("version 2.").hasMessageContaining("newer");
        String json = new String(QuerySerializer.dumps(users, Protocol.JSON), StandardCharsets.UTF_8).replaceFirst("\"version\" : \"[0-9.]+\"", "\"version\" : \"7.3\"");
        assertThatThrownBy(() -> QuerySerializer.loads(json.getBytes(StandardCharsets.UTF_8), md)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("7.3").hasMessageContaining("newer");
    }

    @Test
    void malformedInputGivesTheByteOffset() {
        byte[] good = QuerySerializer.dumps(select(users).where(users.c("id").eq(5)));
        for (int cut = 1; cut < good.length; cut++) {
            byte[] truncated = java.util.Arrays.copyOf(good, cut);
            assertThatThrownBy(() -> QuerySerializer.loads(truncated, md)).isInstanceOf(SerializationException.class)
                    .hasMessageContaining("at byte");
        }
        assertThatThrownBy(() -> QuerySerializer.loads("{\"format\":\"retort-query\",\"version\":\"1.0\",\"root\":{\"node\":\"evil\",\"id\":0,\"attrs\":{}}}".getBytes(StandardCharsets.UTF_8), md))
                .isInstanceOf(SerializationException.class).hasMessageContaining("unknown node kind 'evil'");
        assertThatThrownBy(() -> QuerySerializer.loads("{\"format\":\"retort-query\",\"version\":\"1.0\",\"root\":{\"node\":\"binary\",\"id\":0,\"attrs\":{\"left\":\"x\"}}}".getBytes(StandardCharsets.UTF_8), md))
                .isInstanceOf(SerializationException.class).hasMessageContaining("'left'");
    }

    @Test
    void limitsBoundSizeDepthAndNodes() {
        ColumnElement<Boolean> deep = users.c("id").eq(0);
        for (int i = 1; i < 60; i++) {
            deep = not(or(deep, users.c("id").eq(i)));
        }
        byte[] data = QuerySerializer.dumps(select(users.c("id")).where(deep));
        QuerySerializer strict = QuerySerializer.withLimits(new SerializerLimits(1 << 20, 50, 100_000));
        assertThatThrownBy(() -> strict.read(data, md)).isInstanceOf(SerializationException.class).hasMessageContaining("maxDepth");
        assertThatThrownBy(() -> QuerySerializer.withLimits(new SerializerLimits(100, 500, 100_000)).read(data, md))
                .isInstanceOf(SerializationException.class).hasMessageContaining("maxBytes");
        assertThatThrownBy(() -> QuerySerializer.withLimits(new SerializerLimits(1 << 20, 500, 20)).read(data, md))
                .isInstanceOf(SerializationException.class).hasMessageContaining("maxNodes");
        assertThat(QuerySerializer.loads(data, md)).isNotNull();
    }

    @Test
    void onlySqlElementsAreWritten() {
        assertThatThrownBy(() -> QuerySerializer.dumps("a string")).isInstanceOf(SerializationException.class).hasMessageContaining("java.lang.String");
        assertThatThrownBy(() -> QuerySerializer.dumps(new dev.retort.schema.CreateTable(users))).isInstanceOf(SerializationException.class);
    }
}
