package dev.retort.ext.serializer;

/** Values written as text: their tag in the binary format and their key in JSON. */
enum ScalarTag {
    DECIMAL(9, "decimal"),
    BIG_INTEGER(10, "bigint"),
    DATE(13, "date"),
    TIME(14, "time"),
    DATETIME(15, "datetime"),
    OFFSET_DATETIME(16, "offsetDateTime"),
    INSTANT(17, "instant"),
    /** Since 1.3: a {@code java.time.Duration}, ISO-8601 ({@code PT1H30M}). */
    DURATION(35, "duration");

    final int code;
    final String json;

    ScalarTag(int code, String json) {
        this.code = code;
        this.json = json;
    }

    static ScalarTag byCode(int code) {
        for (ScalarTag t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    static ScalarTag byJson(String key) {
        for (ScalarTag t : values()) {
            if (t.json.equals(key)) {
                return t;
            }
        }
        return null;
    }
}
