package dev.retort.ext.serializer;

import java.util.Objects;
import java.util.function.Function;

/**
 * How a value of a user class (an enum, a value type) is written as text and read back. The
 * serializer never names classes in its output: it writes the codec's name, and on load only a
 * registered codec of that name can turn the text back into an object.
 *
 * <pre>{@code
 * Codecs.register(ValueCodec.ofEnum("status", Status.class));
 * Codecs.register(ValueCodec.of("money", Money.class, Money::toString, Money::parse));
 * }</pre>
 *
 * @param <T> the class of the values
 */
public final class ValueCodec<T> {
    private final String name;
    private final Class<T> type;
    private final Function<T, String> encoder;
    private final Function<String, T> decoder;

    private ValueCodec(String name, Class<T> type, Function<T, String> encoder, Function<String, T> decoder) {
        if (name == null || name.isEmpty()) {
            throw new dev.retort.exc.ArgumentException("A codec needs a name");
        }
        this.name = name;
        this.type = Objects.requireNonNull(type, "type");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    /** A codec for {@code type} (and its subclasses) under {@code name}. */
    public static <T> ValueCodec<T> of(String name, Class<T> type, Function<T, String> encoder, Function<String, T> decoder) {
        return new ValueCodec<>(name, type, encoder, decoder);
    }

    /** A codec writing an enum constant by its name. */
    public static <E extends Enum<E>> ValueCodec<E> ofEnum(String name, Class<E> type) {
        return new ValueCodec<>(name, type, Enum::name, s -> Enum.valueOf(type, s));
    }

    public String name() {
        return name;
    }

    public Class<T> type() {
        return type;
    }

    String encode(Object value) {
        return encoder.apply(type.cast(value));
    }

    T decode(String text) {
        return decoder.apply(text);
    }
}
