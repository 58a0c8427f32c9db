package dev.retort.ext.serializer;

import dev.retort.types.TypeEngine;
import java.util.Objects;
import java.util.function.Function;

/**
 * How a user-defined SQL type (a {@code TypeDecorator}, say) is written and rebuilt. Built-in
 * types need none; a statement holding a user type without a codec fails in {@code dumps},
 * naming the type.
 *
 * <pre>{@code
 * Codecs.register(TypeCodec.of("money", Money.class, t -> "", s -> new Money()));
 * }</pre>
 *
 * @param <T> the type class
 */
public final class TypeCodec<T extends TypeEngine<?>> {
    private final String name;
    private final Class<T> type;
    private final Function<T, String> encoder;
    /** Null for {@link #fromMetaData}. */
    private final Function<String, T> decoder;

    private TypeCodec(String name, Class<T> type, Function<T, String> encoder, Function<String, T> decoder) {
        if (name == null || name.isEmpty()) {
            throw new dev.retort.exc.ArgumentException("A type codec needs a name");
        }
        this.name = name;
        this.type = Objects.requireNonNull(type, "type");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.decoder = decoder;
    }

    /** A codec for instances of exactly {@code type}, its state written as text. */
    public static <T extends TypeEngine<?>> TypeCodec<T> of(String name, Class<T> type, Function<T, String> encoder, Function<String, T> decoder) {
        return new TypeCodec<>(name, type, encoder, Objects.requireNonNull(decoder, "decoder"));
    }

    /**
     * A codec for a type that text cannot rebuild (it holds functions, say): {@code loads} gives
     * back the type on a column of the {@code MetaData} it was given whose encoding is the
     * payload, and fails without one. Nothing is built from the data.
     *
     * <pre>{@code
     * Codecs.register(TypeCodec.fromMetaData("cents", CentsType.class, CentsType::currency));
     * }</pre>
     */
    public static <T extends TypeEngine<?>> TypeCodec<T> fromMetaData(String name, Class<T> type, Function<T, String> encoder) {
        return new TypeCodec<>(name, type, encoder, null);
    }

    public String name() {
        return name;
    }

    public Class<T> type() {
        return type;
    }

    String encode(TypeEngine<?> t) {
        return encoder.apply(type.cast(t));
    }

    /** Whether {@code loads} takes this codec's types from the loading MetaData's columns ({@link #fromMetaData}). */
    boolean fromMetaData() {
        return decoder == null;
    }

    T decode(String text) {
        if (decoder == null) {
            throw new IllegalArgumentException("its types come from the columns of the MetaData given to loads, which a type nested in another's payload cannot name");
        }
        return decoder.apply(text);
    }
}
