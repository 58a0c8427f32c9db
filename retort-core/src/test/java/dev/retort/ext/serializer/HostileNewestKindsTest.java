package dev.retort.ext.serializer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.exc.SerializationException;
import dev.retort.orm.ORM;
import dev.retort.schema.Table;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.LabelStyle;
import dev.retort.sql.SQL;
import dev.retort.testing.CpuTime;
import dev.retort.testing.Refusal;
import dev.retort.types.MysqlTypes;
import dev.retort.types.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hostile variants of documents holding format 1.17's kinds and attributes ({@code returnDefaults} with supplemental
 * columns, {@code from_dml_column}, a statement's {@code origin}, a bound loader wildcard, a query's label style,
 * TIMETZ and MySQL ENUM / SET types with a character set): each of those attributes replaced by a value of every
 * wrong shape (other scalars, other kinds, an unknown kind, a reference to a node not yet complete, an oversized list,
 * deep nesting), and the binary dumps truncated at every byte and with each byte changed. Each variant loads (and then
 * passes {@link SerializerFuzzTest#check}) or is refused with a {@link SerializationException} naming the node, the
 * attribute or the limit; never another exception, and quickly.
 */
class HostileNewestKindsTest {
    /**
     * The one bound here that is timed, as most variants have no counted figure to report (the large one does: see
     * {@link #aListWhereOneElementBelongsIsRefusedAtItsStart}): CPU time (not wall time, which a loaded machine
     * stretches), only to keep a runaway variant (a loop, a blow-up) from passing. 2 s tripped on a loaded CI machine
     * (a variant then took 0.9 s cold, here); 60 s is far past what any variant takes on a machine however busy.
     */
    private static final Duration QUICKLY = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The attributes of formats 1.17 to 1.19, by the kind of node that holds them. */
    private static final Map<String, List<String>> NEWEST = Map.ofEntries(
            Map.entry("insert", List.of("returnDefaults", "returnDefaultsColumns", "returnDefaultsSupplemental")),
            Map.entry("update", List.of("returnDefaults", "returnDefaultsColumns", "returnDefaultsSupplemental")),
            Map.entry("delete", List.of("returnDefaults", "returnDefaultsColumns", "returnDefaultsSupplemental")),
            Map.entry("from_dml_column", List.of("column")),
            Map.entry("select", List.of("origin")),
            Map.entry("orm_statement_origin", List.of("query", "inner")),
            Map.entry("orm_loader", List.of("bound", "expression")),
            Map.entry("orm_query", List.of("labelStyle")),
            // format 1.18 and 1.19: CASE's value, an attribute's of_type, TABLESAMPLE, bundles
            Map.entry("case", List.of("value")),
            Map.entry("orm_attribute", List.of("ofType")),
            Map.entry("tablesample", List.of("element", "name", "sampling", "seed")),
            Map.entry("orm_bundle", List.of("name", "columns", "recordType")),
            // older kinds the newest features build on: an alias's columns, a relationship's criteria, loader criteria,
            // a polymorphic alias (and above, a loader option's expression)
            Map.entry("column_proxy", List.of("parent", "index")),
            Map.entry("orm_loader_criteria", List.of("entity", "criterion", "includeAliases", "propagateToLoaders", "lambda", "root")),
            Map.entry("orm_aliased", List.of("entity", "alias", "withPolymorphic", "polymorphicMappers", "targetOf")));

    /** Documents holding each of the newest kinds and attributes. */
    static Map<String, ClauseElement> documents() {
        java.util.Objects.requireNonNull(SerializerFuzzTest.ORM_REGISTRY, "the fuzz classes mapped");
        Table users = SerializerFuzzTest.MD.tables().get("users");
        var user = SerializerFuzzTest.FuzzUser.class;
        var orders = ORM.<List<SerializerFuzzTest.FuzzOrder>>attr(user, "orders");
        Map<String, ClauseElement> m = new LinkedHashMap<>();
        m.put("insert", SQL.insert(users).values(Map.of("id", 1, "name", SQL.fromDmlColumn(users.c("id"))))
                .returnDefaults(List.of(users.c("id")), List.of(users.c("name"))));
        m.put("update", SQL.update(users).values(Map.of("name", SQL.fromDmlColumn(users.c("score")))).where(users.c("id").eq(3))
                .returnDefaults(List.of(), List.of(users.c("born"))));
        m.put("delete", SQL.delete(users).where(users.c("id").gt(1)).returnDefaults(List.of(users.c("id")), List.of(users.c("name"))));
        var query = ORM.select(user).where(ORM.attr(user, "id").gt(2)).options(ORM.load(user).lazyLoadAll(), ORM.defaultLoad(orders).raiseLoadAll());
        m.put("orm", ORM.select(user).where(ORM.attr(user, "id").in(ORM.select(ORM.attr(user, "id")).statement()))
                .options(ORM.load(user).lazyLoadAll()).labelStyle(LabelStyle.TABLENAME_PLUS_COL));
        m.put("origin", SQL.select(SQL.func("count")).selectFrom(query.statement().subquery()));
        m.put("types", SQL.select(SQL.cast(users.c("name"), Types.timetz(3)), SQL.cast(users.c("name"), Types.TIMETZ),
                SQL.cast(users.c("name"), MysqlTypes.enumOf(MysqlTypes.CHAR.charset("utf8mb4").collate("utf8mb4_bin"), "a", "b")),
                SQL.literal("r", MysqlTypes.set(MysqlTypes.CHAR.charset("latin1"), "r", "w"))));
        var sample = users.tablesample(SQL.func("bernoulli", 10), "s", SQL.func("random"));
        m.put("tablesample", SQL.select(sample.c("id"), SQL.cast(sample.c("name"), Types.CLOB)).selectFrom(sample)
                .where(SQL.caseOf(sample.c("id")).when(1, "a").otherwise("b").eq("a")));
        var bundle = ORM.bundle("b", ORM.attr(user, "id"), ORM.attr(user, "name"));
        m.put("bundle", ORM.select(bundle).where(bundle.c("id").gt(1)).orderBy(bundle));
        var node = SerializerFuzzTest.FuzzNode.class;
        m.put("of-type", ORM.select(node).join(ORM.attr(node, "children").ofType(node)));
        var order = SerializerFuzzTest.FuzzOrder.class;
        m.put("relationship-criteria", ORM.select(user).join(orders.and(ORM.attr(order, "id").gt(1)))
                .options(ORM.withLoaderCriteria(order, ORM.attr(order, "id").lt(9), true)));
        var people = ORM.withPolymorphic(SerializerFuzzTest.FuzzPerson.class, List.of(SerializerFuzzTest.FuzzEngineer.class, SerializerFuzzTest.FuzzBoss.class));
        m.put("polymorphic", ORM.select(people).where(people.attr("name").eq("x"))
                .options(ORM.selectinLoad(ORM.attr(node, "children"))));
        return m;
    }

    /** Stands for 5,000 nested arrays, written into the document's text (Jackson writes no deeper than 1,000). */
    private static final String DEEP = "@deep@";

    private static byte[] withDeepNesting(byte[] json) {
        String text = new String(json, java.nio.charset.StandardCharsets.UTF_8);
        return text.replace("\"" + DEEP + "\"", "[".repeat(5_000) + "]".repeat(5_000)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Values of every wrong shape for an attribute; {@code root} is the id of the document's root, never complete inside it. */
    private static List<JsonNode> wrongValues() throws Exception {
        List<JsonNode> v = new ArrayList<>();
        for (String s : new String[] {"null", "true", "\"banana\"", "\"TABLENAME_PLUS_COL\"", "\"named:x\"", "{\"int\" : 1}", "{\"long\" : 9999999999}",
                "{\"double\" : 1.5}", "[ ]", "[ null ]", "[ [ ] ]", "[ {\"int\" : 1} ]", "{\"tableRef\" : \"users\"}", "{\"tableRef\" : \"nope\"}",
                "{\"columnRef\" : \"nope\", \"table\" : \"users\"}", "{\"columnRef\" : \"id\", \"table\" : \"orders\"}", "{\"entityRef\" : \"FuzzUser\"}",
                "{\"entityRef\" : \"java.lang.Runtime\"}", "{\"ref\" : 0}", "{\"ref\" : 99999}", "{\"node\" : \"no_such_kind\", \"id\" : 9000, \"attrs\" : { }}",
                "{\"node\" : \"select\", \"id\" : 9001, \"attrs\" : { }}", "{\"node\" : \"orm_statement_origin\", \"id\" : 9002, \"attrs\" : {\"query\" : null}}",
                "{\"node\" : \"orm_statement_origin\", \"id\" : 9003, \"attrs\" : {\"query\" : {\"ref\" : 0}, \"inner\" : false}}",
                "{\"node\" : \"custom:java.lang.Runtime\", \"id\" : 9004, \"attrs\" : { }}", "{\"class\" : \"java.lang.Runtime\"}"}) {
            v.add(JSON.readTree(s));
        }
        v.add(bigList());
        v.add(JSON.getNodeFactory().textNode(DEEP));
        return v;
    }

    /** 50,000 column references: a list far larger than any attribute holds in the documents. */
    private static ArrayNode bigList() throws Exception {
        ArrayNode big = JSON.createArrayNode();
        JsonNode ref = JSON.readTree("{\"columnRef\" : \"id\", \"table\" : \"users\"}");
        for (int i = 0; i < 50_000; i++) {
            big.add(ref.deepCopy());
        }
        return big;
    }

    /**
     * Found by a CI run in which {@link #eachNewestAttributeOfAWrongShapeIsRefusedNamingIt} took 2 s of CPU on one
     * variant: 50,000 column references as a loader's 'expression' (which holds one SQL element) were all read and
     * resolved before the attribute's check refused the list. Now refused at the list's start, in both formats.
     */
    @Test
    void aListWhereOneElementBelongsIsRefusedAtItsStart() throws Exception {
        JsonNode tree = JSON.readTree(QuerySerializer.dumps(documents().get("origin"), Protocol.JSON));
        ObjectNode loader = (ObjectNode) tree.findParents("node").stream().filter(n -> n.path("node").asText().equals("orm_loader")).findFirst().orElseThrow();
        ((ObjectNode) loader.get("attrs")).set("expression", bigList());
        byte[] doc = JSON.writeValueAsBytes(tree);
        SerializationException refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> QuerySerializer.loads(doc, SerializerFuzzTest.MD), SerializationException.class);
        assertThat(refused).as("a 50,000-element list as orm_loader.expression")
                .hasMessageContaining("attribute 'expression' of 'orm_loader' must be a SQL element, not a list");
        assertThat(Refusal.figure(refused, "(\\d+) nodes read")).as("nodes read before the refusal (the list alone has 50,000)").isLessThan(100);
        // the binary format: a byte changed to a list's tag where a loader's 'expression' (null) was written
        byte[] dump = QuerySerializer.dumps(documents().get("origin"), Protocol.BINARY);
        java.util.Set<String> lists = new java.util.TreeSet<>();
        for (int at = 6; at < dump.length; at++) {
            byte[] changed = dump.clone();
            changed[at] = BinaryFormat.LIST;
            try {
                QuerySerializer.loads(changed, SerializerFuzzTest.MD);
            } catch (SerializationException e) {
                if (e.getMessage().contains("not a list (refused at its start")) {
                    lists.add(e.getMessage().replaceAll("[0-9]+", "N"));
                }
            }
        }
        assertThat(lists).as("binary refusals of a list at its start").anyMatch(m -> m.contains("attribute 'expression' of 'orm_loader' must be a SQL element"));
    }

    /** What a refusal says when it names nothing of the document: a Java runtime's own message passed on. */
    private static final java.util.regex.Pattern UNNAMED = java.util.regex.Pattern.compile(
            "cannot be cast|Cannot invoke|out of bounds|NullPointer|ClassCast|IndexOutOfBounds|^null$|^$");
    /**
     * {@link #UNNAMED}, except a cast failing in an older kind's constructor, which the refusal passes on naming the
     * node (a bindparam whose 'supplier' is a boolean): what a changed byte of a binary dump reaches.
     */
    private static final java.util.regex.Pattern UNNAMED_BYTES = java.util.regex.Pattern.compile(
            "^(?!.*node '[a-z_]+' has invalid attributes \\(ClassCastException).*(" + UNNAMED.pattern() + ")");
    final java.util.Set<String> refusals = new java.util.TreeSet<>();
    final java.util.Map<String, String> failures = new java.util.TreeMap<>();

    /** Loads {@code doc}: it loads and passes the fuzz target's checks, or is refused by a SerializationException saying what it refuses. */
    private void loadsOrIsRefused(byte[] doc, String what) {
        loadsOrIsRefused(doc, what, UNNAMED);
    }

    private void loadsOrIsRefused(byte[] doc, String what, java.util.regex.Pattern unnamed) {
        long start = CpuTime.now();
        try {
            SerializerFuzzTest.check(doc);
            QuerySerializer.loads(doc, SerializerFuzzTest.MD);
        } catch (SerializationException refused) {
            String message = String.valueOf(refused.getMessage());
            if (unnamed.matcher(message).find()) {
                failures.putIfAbsent(message.replaceAll("[0-9]+", "N"), what + " refused without naming what: " + message);
            }
            refusals.add(message.replaceAll("[0-9]+", "N"));
        } catch (RuntimeException | Error other) {
            failures.putIfAbsent(other.toString().replaceAll("[0-9]+", "N"), what + ": " + other);
        }
        Duration took = CpuTime.since(start);
        if (took.compareTo(QUICKLY) > 0) {
            failures.putIfAbsent("slow " + what, what + " took " + took);
        }
    }

    @org.junit.jupiter.api.AfterEach
    void noFailures() {
        assertThat(failures.values()).as("variants loaded otherwise than as a value or a SerializationException naming what it refuses").isEmpty();
    }

    @Test
    void eachNewestAttributeOfAWrongShapeIsRefusedNamingIt() throws Exception {
        List<JsonNode> wrong = wrongValues();
        int variants = 0;
        for (var e : documents().entrySet()) {
            JsonNode tree = JSON.readTree(QuerySerializer.dumps(e.getValue(), Protocol.JSON));
            List<ObjectNode> nodes = new ArrayList<>();
            tree.findParents("node").forEach(n -> nodes.add((ObjectNode) n));
            for (int n = 0; n < nodes.size(); n++) {
                List<String> attrs = NEWEST.get(nodes.get(n).path("node").asText());
                if (attrs == null) {
                    continue;
                }
                for (String attr : attrs) {
                    for (JsonNode value : wrong) {
                        JsonNode copy = tree.deepCopy();
                        List<JsonNode> inCopy = copy.findParents("node");
                        ObjectNode target = (ObjectNode) inCopy.get(n).get("attrs");
                        target.set(attr, value);
                        String kind = nodes.get(n).path("node").asText();
                        loadsOrIsRefused(withDeepNesting(JSON.writeValueAsBytes(copy)), e.getKey() + " " + kind + "." + attr + " = " + abbreviated(value));
                        variants++;
                    }
                    JsonNode copy = tree.deepCopy();
                    ((ObjectNode) copy.findParents("node").get(n).get("attrs")).remove(attr);
                    loadsOrIsRefused(JSON.writeValueAsBytes(copy), e.getKey() + " without " + attr);
                    variants++;
                }
            }
        }
        System.out.printf("HostileNewestKindsTest: %d JSON variants, %d kinds of refusal%n", variants, refusals.size());
        if (Boolean.getBoolean("retort.hostile.print")) {
            refusals.forEach(System.out::println);
        }
        assertThat(variants).isGreaterThan(500);
    }

    private static String abbreviated(JsonNode value) {
        String s = value.toString();
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    /**
     * Found by {@link #eachNewestAttributeOfAWrongShapeIsRefusedNamingIt}: these were cast unchecked when loaded, so the
     * refusal said only "ClassCastException: class dev.retort.schema.Table cannot be cast to class ..." (an attribute's
     * null key "NullPointerException", a named type's payload cut short "Index 0 out of bounds for length 0"); each
     * now says which attribute holds what.
     */
    @Test
    void theNewestAttributesOfAnotherTypeAreRefusedNamingThem() throws Exception {
        Map<String, ClauseElement> docs = documents();
        assertRefused(docs.get("insert"), "from_dml_column", "column", "{\"tableRef\" : \"users\"}", "from_dml_column's 'column' is a column, not users");
        assertRefused(docs.get("orm"), "orm_query", "labelStyle", "{\"int\" : 1}", "Unknown label style '1'");
        assertRefused(docs.get("orm"), "orm_loader", "bound", "{\"tableRef\" : \"users\"}", "'bound' is a mapped class or an aliased entity, not users");
        assertRefused(docs.get("orm"), "orm_attribute", "key", "null", "An attribute's key is its name, not null");
        assertRefused(docs.get("orm"), "orm_loader", "into", "{\"columnRef\" : \"id\", \"table\" : \"users\"}", "'into' is a mapped class or an aliased entity");
        String types = new String(QuerySerializer.dumps(docs.get("types"), Protocol.JSON), java.nio.charset.StandardCharsets.UTF_8);
        java.util.regex.Matcher named = java.util.regex.Pattern.compile("(\"typeCodec\" : \"retort.named\",\\s*\"value\" : )\"[^\"]*\"").matcher(types);
        assertThat(named.find()).as(types).isTrue();
        for (String payload : new String[] {"", "5:mysql", "5:mysql3:SET"}) {
            byte[] doc = named.replaceFirst("$1\"" + payload + "\"").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> QuerySerializer.loads(doc, SerializerFuzzTest.MD)).as(payload)
                    .isInstanceOf(SerializationException.class).hasMessageContaining("a retort.named type has 3 fields, not");
        }
    }

    /**
     * Found by the two tests above widened to TABLESAMPLE and bundles: a TABLESAMPLE's or a bundle's attribute of
     * another type was refused saying only "ClassCastException: ... cannot be cast ..."; a column of an alias by an
     * index it lacks "Index -1 out of bounds"; and a byte changed so that a TABLESAMPLE's element is a column escaped
     * loads (when compiled) as a raw ClassCastException: a SELECT's FROM list held a column.
     */
    @Test
    void aTablesampleOrBundleOfAnotherShapeIsRefusedNamingIt() throws Exception {
        Map<String, ClauseElement> docs = documents();
        byte[] dump = QuerySerializer.dumps(docs.get("tablesample"), Protocol.BINARY);
        for (int b : new int[] {1, 3}) {
            byte[] changed = dump.clone();
            changed[188] = (byte) b;
            // a column, not a FROM clause, in the SELECT's explicit FROM list: it loaded and failed when compiled
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> QuerySerializer.loads(changed, SerializerFuzzTest.MD)).as("byte 188 = " + b)
                    .isInstanceOf(SerializationException.class).hasMessageContaining("select's 'froms' holds FROM clauses, not");
        }
        assertRefused(docs.get("tablesample"), "tablesample", "name", "{\"int\" : 1}", "tablesample's 'name' is a string, not 1");
        assertRefused(docs.get("tablesample"), "tablesample", "element", "{\"columnRef\" : \"id\", \"table\" : \"users\"}",
                "tablesample's 'element' is a FROM clause, not");
        assertRefused(docs.get("tablesample"), "tablesample", "seed", "{\"tableRef\" : \"users\"}", "tablesample's 'seed' is a column or expression, not");
        assertRefused(docs.get("bundle"), "orm_bundle", "name", "true", "A bundle's 'name' is a string, not true");
        assertRefused(docs.get("tablesample"), "column_proxy", "index", "{\"int\" : -1}", "column_proxy's 'index' -1 is not one of the 4 columns of s");
        assertRefused(docs.get("tablesample"), "column_proxy", "index", "null", "column_proxy's 'index' null is not one of the 4 columns of s");
        // found when the wrong-shape test was widened to column_proxy: a table as the parent was a raw ClassCastException
        assertRefused(docs.get("tablesample"), "column_proxy", "parent", "{\"tableRef\" : \"users\"}",
                "column_proxy's 'parent' is an alias, subquery or CTE, not users");
    }

    private static void assertRefused(ClauseElement statement, String kind, String attr, String value, String message) throws Exception {
        JsonNode tree = JSON.readTree(QuerySerializer.dumps(statement, Protocol.JSON));
        ObjectNode node = (ObjectNode) tree.findParents("node").stream().filter(n -> n.path("node").asText().equals(kind)).findFirst().orElseThrow();
        ((ObjectNode) node.get("attrs")).set(attr, JSON.readTree(value));
        byte[] doc = JSON.writeValueAsBytes(tree);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> QuerySerializer.loads(doc, SerializerFuzzTest.MD)).as(kind + "." + attr)
                .isInstanceOf(SerializationException.class).hasMessageContaining(message).hasMessageNotContaining("ClassCastException");
    }

    @Test
    void binaryDumpsTruncatedOrWithAByteChangedAreRefusedQuickly() {
        int variants = 0;
        for (var e : documents().entrySet()) {
            byte[] dump = QuerySerializer.dumps(e.getValue(), Protocol.BINARY);
            for (int cut = 0; cut < dump.length; cut++) {
                loadsOrIsRefused(java.util.Arrays.copyOf(dump, cut), e.getKey() + " cut at " + cut, UNNAMED_BYTES);
                variants++;
            }
            for (int at = 6; at < dump.length; at++) {
                for (int b : new int[] {0x00, 0x01, 0x7F, 0x80, 0xFF, dump[at] + 1}) {
                    byte[] changed = dump.clone();
                    changed[at] = (byte) b;
                    loadsOrIsRefused(changed, e.getKey() + " byte " + at + " = " + b, UNNAMED_BYTES);
                    variants++;
                }
            }
        }
        System.out.printf("HostileNewestKindsTest: %d binary variants%n", variants);
    }
}
