package dev.retort.ext.serializer;

/** Names of the JSON format. */
final class JsonFormat {
    private JsonFormat() {
    }

    static final String FORMAT = "retort-query";
}
