package dev.retort.ext.serializer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry of {@link ValueCodec}s and {@link TypeCodec}s the serializer consults for values
 * and types it does not know. Register codecs at start-up, on both the writing and the reading
 * side.
 *
 * <pre>{@code
 * Codecs.register(ValueCodec.ofEnum("status", Status.class));
 * }</pre>
 */
public final class Codecs {
    private static final Map<String, ValueCodec<?>> VALUES_BY_NAME = new ConcurrentHashMap<>();
    private static final Map<Class<?>, ValueCodec<?>> VALUES_BY_CLASS = new ConcurrentHashMap<>();
    private static final Map<String, TypeCodec<?>> TYPES_BY_NAME = new ConcurrentHashMap<>();
    private static final Map<Class<?>, TypeCodec<?>> TYPES_BY_CLASS = new ConcurrentHashMap<>();

    static {
        RichTypeCodecs.registerAll();
    }

    private Codecs() {
    }

    /** Registers a value codec; a name or class registered twice is an error. */
    public static synchronized void register(ValueCodec<?> codec) {
        claim(VALUES_BY_NAME, codec.name(), codec, "value codec");
        VALUES_BY_CLASS.put(codec.type(), codec);
    }

    /** Registers a type codec; a name registered twice is an error. */
    public static synchronized void register(TypeCodec<?> codec) {
        claim(TYPES_BY_NAME, codec.name(), codec, "type codec");
        TYPES_BY_CLASS.put(codec.type(), codec);
    }

    /** Removes the codecs of this name (for tests and plug-in unloading). */
    public static synchronized void unregister(String name) {
        ValueCodec<?> v = VALUES_BY_NAME.remove(name);
        if (v != null) {
            VALUES_BY_CLASS.remove(v.type());
        }
        TypeCodec<?> t = TYPES_BY_NAME.remove(name);
        if (t != null) {
            TYPES_BY_CLASS.remove(t.type());
        }
    }

    private static <C> void claim(Map<String, C> map, String name, C codec, String what) {
        C prior = map.putIfAbsent(name, codec);
        if (prior != null && prior != codec) {
            throw new dev.retort.exc.ArgumentException("A " + what + " named '" + name + "' is already registered");
        }
    }

    static ValueCodec<?> valueCodecFor(Class<?> type) {
        ValueCodec<?> c = VALUES_BY_CLASS.get(type);
        if (c == null) {
            for (ValueCodec<?> candidate : VALUES_BY_CLASS.values()) {
                if (candidate.type().isAssignableFrom(type)) {
                    return candidate;
                }
            }
        }
        return c;
    }

    static ValueCodec<?> valueCodec(String name) {
        return VALUES_BY_NAME.get(name);
    }

    static TypeCodec<?> typeCodecFor(Class<?> type) {
        return TYPES_BY_CLASS.get(type);
    }

    static TypeCodec<?> typeCodec(String name) {
        return TYPES_BY_NAME.get(name);
    }
}
