package dev.retort.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/** Rows for test data, written inline. */
public final class Rows {
    private Rows() {
    }

    /**
     * A row of alternating column names and values, in that order: {@code row("id", 1, "name", "ann")}.
     */
    public static Map<String, Object> row(Object... namesAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return m;
    }
}
