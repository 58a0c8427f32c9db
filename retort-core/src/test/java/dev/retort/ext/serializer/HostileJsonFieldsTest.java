package dev.retort.ext.serializer;

import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.SerializationException;
import dev.retort.exc.UnresolvedReferenceException;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.ClauseElement;
import dev.retort.types.Types;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Hand-written JSON documents whose structural fields (ids, references, a scalar's text, names) hold what no writer
 * writes: each is refused quickly (thread CPU time) by a {@link SerializationException} naming the field, and a
 * refusal quotes at most a short piece of a huge name.
 */
class HostileJsonFieldsTest {
    final MetaData md = new MetaData();
    final Table users = new Table("users", md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.STRING));
    /** {@code SELECT lower(users.name) WHERE lower(users.name) = ?}: the function is node 1, written once and then as {@code {"ref" : 1}}. */
    final ClauseElement shared = select(func("lower", users.c("name"))).where(func("lower", users.c("name")).eq("x"));

    String json() {
        var f = func("lower", users.c("name"));
        return new String(QuerySerializer.dumps(select(f).where(f.eq("x")), Protocol.JSON), StandardCharsets.UTF_8);
    }

    void refused(String doc, String... message) {
        byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
        var thrown = assertThatThrownBy(() -> QuerySerializer.loads(bytes, md)).isInstanceOf(SerializationException.class);
        for (String m : message) {
            thrown.hasMessageContaining(m);
        }
    }

    @Test
    void theDocumentLoadsAsWritten() {
        assertThat(json()).contains("\"ref\" : 1");
        assertThat(((ClauseElement) QuerySerializer.loads(json().getBytes(StandardCharsets.UTF_8), md)).compare(shared)).isTrue();
    }

    /**
     * Before, an id or reference was any number read as a long: {@code 1.5} rounded to node 1, and 2^64 + 1 wrapped
     * onto it, so a reference no writer writes loaded as a reference to another node.
     */
    @Test
    void aReferenceOrIdThatIsNotAnIntegerIsRefusedNamingTheField() {
        refused(json().replace("\"ref\" : 1", "\"ref\" : 1.5"), "field 'ref' must be an integer id, not 1.5");
        refused(json().replace("\"ref\" : 1", "\"ref\" : 18446744073709551617"), "field 'ref' must be an integer id, not 18446744073709551617");
        refused(json().replace("\"ref\" : 1", "\"ref\" : \"1\""), "field 'ref' must be an integer id, not 1");
        refused(json().replace("\"id\" : 1,", "\"id\" : 1e0,"), "field 'id' must be an integer id, not 1.0");
        refused(json().replace("\"typeRef\" : 0", "\"typeRef\" : 0.25"), "field 'typeRef' must be an integer id, not 0.25");
        refused(json().replace("\"id\" : 1,", ""), "field 'id' must be an integer id, not null");
    }

    @Test
    void aScalarOrReferenceOfTheWrongShapeIsRefusedNamingTheField() {
        refused(json().replace("\"value\" : \"x\"", "\"value\" : {\"date\" : {\"int\" : 5}}"), "field 'date' must be a string, not 5");
        refused(json().replace("\"value\" : \"x\"", "\"value\" : {\"uuid\" : true}"), "field 'uuid' must be a string, not true");
        refused(json().replace("\"columnRef\" : \"name\"", "\"columnRef\" : 7"), "field 'columnRef' must be a string, not 7");
        refused(json().replace("\"name\" : \"EQ\"", "\"name\" : null"), "field 'name' must be a string, not null");
    }

    @Test
    void aMemberWrittenTwiceIsRefusedNamingIt() {
        refused(json().replace("\"limit\" : null,", "\"limit\" : null, \"limit\" : {\"int\" : 1},"), "Duplicate field 'limit'");
        refused(json().replace("\"ref\" : 1", "\"ref\" : 1, \"ref\" : 0"), "Duplicate field 'ref'");
    }

    /** A refusal quotes a name read from the document: a megabyte kind, type, constant or table name is cut short. */
    @Test
    void aHugeNameIsQuotedShort() {
        String huge = "k".repeat(1_000_000);
        for (String doc : new String[] {json().replace("\"node\" : \"binary\"", "\"node\" : \"" + huge + "\""),
            json().replace("\"type\" : \"BOOLEAN\"", "\"type\" : \"" + huge + "\""),
            json().replace("\"name\" : \"EQ\"", "\"name\" : \"" + huge + "\""),
            json().replace("\"value\" : \"x\"", "\"value\" : {\"date\" : \"" + huge + "\"}"),
            json().replace("\"value\" : \"x\"", "\"value\" : {\"decimal\" : \"" + "k".repeat(9_000) + "\"}")}) {
            byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> QuerySerializer.loads(bytes, md)).isInstanceOf(SerializationException.class)
                    .hasMessageContaining("kkkkk...").satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
        }
        byte[] table = json().replace("\"table\" : \"users\"", "\"table\" : \"" + huge + "\"").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> QuerySerializer.loads(table, md)).isInstanceOf(UnresolvedReferenceException.class)
                .hasMessageContaining("refers to table 'kkkkk").satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
    }
}
