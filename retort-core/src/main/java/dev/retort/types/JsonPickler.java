package dev.retort.types;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.SerializationException;
import java.io.IOException;
import java.lang.reflect.Type;

/**
 * JSON through Jackson databind; see {@link Picklers#json(Class)}. Only this class refers to
 * databind, an optional dependency, and it is loaded when a JSON pickler is first asked for.
 */
final class JsonPickler<T> implements ObjectPickler<T> {
    /** Jackson's defaults, which name no classes in the JSON; trailing data means corruption. */
    private static final ObjectMapper DEFAULT_MAPPER = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private final ObjectMapper mapper;
    private final JavaType type;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    private JsonPickler(ObjectMapper mapper, JavaType type) {
        this.mapper = mapper;
        this.type = type;
        this.reader = mapper.readerFor(type).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.writer = mapper.writerFor(type);
    }

    /**
     * A pickler of {@code type}, a {@code Class} or a {@code TypeReference}, with {@code mapper}
     * (Jackson's defaults when null). A mapper with default typing is refused: its JSON would
     * name the classes to create.
     */
    static <T> JsonPickler<T> create(ObjectMapper mapper, Object type) {
        ObjectMapper m = mapper == null ? DEFAULT_MAPPER : mapper;
        JavaType javaType = type instanceof TypeReference<?> r ? m.constructType(r) : m.constructType((Type) type);
        if (m.getDeserializationConfig().getDefaultTyper(javaType) != null) {
            throw new ArgumentException("Picklers.json refuses an ObjectMapper with default typing: stored JSON would choose the classes to instantiate");
        }
        return new JsonPickler<>(m, javaType);
    }

    @Override
    public byte[] dumps(T value, int protocol) {
        try {
            return writer.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new SerializationException("JSON serialization failed: " + e.getMessage(), e);
        }
    }

    @Override
    public T loads(byte[] data) {
        try {
            return reader.readValue(data);
        } catch (IOException e) {
            throw new SerializationException("JSON deserialization failed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonPickler<?> p && p.mapper == mapper && p.type.equals(type);
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(mapper) * 31 + type.hashCode();
    }

    @Override
    public String toString() {
        return "Picklers.json(" + type.toCanonical() + ")";
    }
}
