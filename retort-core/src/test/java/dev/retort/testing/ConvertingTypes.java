package dev.retort.testing;

import dev.retort.dialect.Dialect;
import dev.retort.types.TypeDecorator;
import dev.retort.types.Types;
import java.math.BigDecimal;

/**
 * TypeDecorators of one SQL type whose instances convert otherwise by their state: statements
 * that differ only in these types compile to one SQL yet send other values or read other Java
 * values, so a cache key (compiled, offline, Redis) must tell them apart. Shared by the cache-key
 * properties of retort-core and the result cache's of retort-redis.
 */
public final class ConvertingTypes {
    private ConvertingTypes() {
    }

    /** Text stored with a prefix, the prefix its state: two instances convert alike only with equal prefixes. */
    public static final class Prefixed extends TypeDecorator<String, String> {
        private final String prefix;

        public Prefixed(String prefix) {
            super(Types.string(20));
            this.prefix = prefix;
        }

        @Override
        public String processBindParam(String v, Dialect d) {
            return prefix + v;
        }

        @Override
        public String processResultValue(String v, Dialect d) {
            return v.startsWith(prefix) ? v.substring(prefix.length()) : v;
        }

        @Override
        public boolean cacheOk() {
            return true;
        }
    }

    /** A decimal of {@code places} places as a whole count in a BIGINT, the places its state: one value sent otherwise per scale. */
    public static class Scaled extends TypeDecorator<BigDecimal, Long> {
        private final int places;

        public Scaled(int places) {
            super(Types.BIGINT);
            this.places = places;
        }

        @Override
        public Long processBindParam(BigDecimal v, Dialect d) {
            return v.movePointRight(places).longValue();
        }

        @Override
        public BigDecimal processResultValue(Long v, Dialect d) {
            return BigDecimal.valueOf(v, places);
        }

        @Override
        public boolean cacheOk() {
            return true;
        }
    }
}
