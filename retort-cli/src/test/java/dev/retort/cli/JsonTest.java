package dev.retort.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    /** A JSON column's value (a Map since Types.JSON holds Java values) prints as an object, not as {@code {a=1}}. */
    @Test
    void jsonDocumentsPrintAsObjects() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("a", 1);
        doc.put("tags", List.of("x", Map.of("k", true)));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", 7);
        row.put("doc", doc);
        assertThat(Json.object(row)).isEqualTo("{\"id\":7,\"doc\":{\"a\":1,\"tags\":[\"x\",{\"k\":true}]}}");
    }
}
