package dev.retort.ext.serializer;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.SerializationException;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.Select;
import dev.retort.types.Types;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A JSON document whose attribute name is misspelt (found by the fuzz test: {@code "separat.r"}
 * in a VALUES row) used to load with that attribute missing and fail later, at compile time,
 * with a NullPointerException. It is refused on load, naming the node and the attribute.
 */
class MisnamedAttributeTest {
    final MetaData md = new MetaData();
    final Table users = new Table("users", md, Column.of("id", Types.INTEGER).primaryKey());

    String json() {
        Select s = select(users.c("id")).where(users.c("id").in(List.of(1, 42)));
        return new String(QuerySerializer.dumps(s, Protocol.JSON), StandardCharsets.UTF_8);
    }

    @Test
    void anUnknownAttributeNameIsRefusedNamingNodeAndAttribute() {
        String doc = json();
        assertThat(doc).contains("\"escape\"");
        byte[] bad = doc.replaceFirst("\"escape\"", "\"esc.pe\"").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> QuerySerializer.loads(bad, md))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("binary")
                .hasMessageContaining("esc.pe");
    }

    @Test
    void aClauseListWithoutItsSeparatorIsRefusedOnLoad() {
        Select rows = select(users.c("id")).where(users.c("id").in(values(column("id", Types.INTEGER)).data(List.of(List.of(1), List.of(42))).scalarValues()));
        String withRows = new String(QuerySerializer.dumps(rows, Protocol.JSON), StandardCharsets.UTF_8);
        assertThat(withRows).contains("\"separator\"");
        byte[] bad = withRows.replaceFirst("\"separator\" : \\{[^}]*\\},", "").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> QuerySerializer.loads(bad, md))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("clause_list");
    }
}
