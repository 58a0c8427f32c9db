package dev.retort.sql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Stand-ins for captured plain values while a lambda runs for analysis, recognisable among the
 * bind parameters of the statement it builds: that is how Retort learns which parameter each
 * captured value became, without a second run. Java has no proxies for an {@code int} or a
 * {@code String}, which SQLAlchemy's lambdas use instead.
 *
 * <p>Values with identity (strings, decimals, dates, UUIDs) are replaced by an equal copy and
 * recognised by identity, so the lambda computes exactly what it would with the real value.
 * Numbers are boxed by the lambda itself, so they are replaced by an improbable value of the
 * same type and sign and recognised by equality. A list or set is replaced element by element.
 * Values with too few possible values to be recognised (booleans, enums, characters, bytes,
 * null) get no stand-in: they enter the cache key by value instead.
 */
final class LambdaProbes {
    /** Equal copies with a new identity, by the value's class. */
    private static final List<Copier> COPIERS = List.of(
            new Copier(String.class, s -> new String((String) s)),
            new Copier(BigDecimal.class, d -> new BigDecimal(((BigDecimal) d).unscaledValue(), ((BigDecimal) d).scale())),
            new Copier(BigInteger.class, b -> new BigInteger(((BigInteger) b).toByteArray())),
            new Copier(UUID.class, u -> new UUID(((UUID) u).getMostSignificantBits(), ((UUID) u).getLeastSignificantBits())),
            new Copier(LocalDate.class, d -> LocalDate.ofEpochDay(((LocalDate) d).toEpochDay())),
            new Copier(LocalTime.class, t -> LocalTime.ofNanoOfDay(((LocalTime) t).toNanoOfDay())),
            new Copier(LocalDateTime.class, t -> LocalDateTime.of(((LocalDateTime) t).toLocalDate(), ((LocalDateTime) t).toLocalTime())),
            new Copier(OffsetDateTime.class, t -> OffsetDateTime.of(((OffsetDateTime) t).toLocalDateTime(), ((OffsetDateTime) t).getOffset())),
            new Copier(Instant.class, t -> Instant.ofEpochSecond(((Instant) t).getEpochSecond(), ((Instant) t).getNano())));

    private record Copier(Class<?> type, UnaryOperator<Object> copy) {
    }

    /** A probe and how to recognise it. */
    record Probe(Object value, boolean byIdentity) {
        /** Whether a bind parameter's value is this probe. */
        boolean matches(Object bound) {
            if (value instanceof Collection<?> probes) {
                if (!(bound instanceof Collection<?> items) || items.size() != probes.size() || items.isEmpty()) {
                    return false;
                }
                var it = items.iterator();
                for (Object p : probes) {
                    if (!(byIdentity ? it.next() == p : p.equals(it.next()))) {
                        return false;
                    }
                }
                return true;
            }
            return byIdentity ? bound == value : value.equals(bound);
        }
    }

    private LambdaProbes() {
    }

    /**
     * A probe for {@code value}, passed where a parameter of type {@code declared} is expected,
     * numbered {@code n} among the probes of one analysis; null when it cannot have one.
     */
    static Probe probe(Object value, Class<?> declared, int n) {
        if (value == null) {
            // a null element of a captured list (a null variable keys by value before it gets here)
            return null;
        }
        if (value instanceof Collection<?> items) {
            return collection(items, declared, n);
        }
        Object copy = copy(value);
        if (copy != null) {
            return new Probe(copy, true);
        }
        Object number = number(value, n);
        return number == null ? null : new Probe(number, false);
    }

    /**
     * What of a trackable value shapes the statement the lambda builds (the type its
     * parameter gets): its class, or for a collection its kind and its first element's class.
     * Null when {@link #probe} could not stand in for it.
     */
    static Object shape(Object value) {
        if (value instanceof Collection<?> items) {
            Object first = items.isEmpty() ? null : items.iterator().next();
            Object element = first == null ? null : shape(first);
            return element == null ? null : List.of(items instanceof Set ? Set.class : List.class, element);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Double || value instanceof Float) {
            return value.getClass();
        }
        for (Copier c : COPIERS) {
            if (c.type() == value.getClass()) {
                return value.getClass();
            }
        }
        return null;
    }

    /**
     * Other values of {@code value}'s kind that a lambda might treat differently from it, for
     * checking that it does not: empty, blank and long strings; zero, one, minus one and large
     * numbers; distant dates; lists of one and of three elements. Only values that fit a
     * parameter of type {@code declared}.
     */
    static List<Object> edges(Object value, Class<?> declared) {
        List<Object> out = new ArrayList<>();
        if (value instanceof Collection<?> items && !items.isEmpty()) {
            List<Object> elements = edges(items.iterator().next(), Object.class);
            if (!elements.isEmpty()) {
                Collection<Object> one = items instanceof Set ? new LinkedHashSet<>() : new ArrayList<>();
                one.add(elements.get(0));
                Collection<Object> three = items instanceof Set ? new LinkedHashSet<>() : new ArrayList<>();
                three.addAll(elements.subList(0, Math.min(3, elements.size())));
                out.add(one);
                out.add(three);
            }
        } else if (value instanceof String) {
            out.addAll(List.of(new String(""), new String(" "), new String("x"), new String("%"), "stand-in ".repeat(8)));
        } else if (value instanceof Integer) {
            out.addAll(List.of(0, 1, -1, 1_000_000_007, -1_000_000_007));
        } else if (value instanceof Long) {
            out.addAll(List.of(0L, 1L, -1L, 10_000_000_019L, -10_000_000_019L));
        } else if (value instanceof Short) {
            out.addAll(List.of((short) 0, (short) 1, (short) -1, Short.MAX_VALUE));
        } else if (value instanceof Double) {
            out.addAll(List.of(0.0, 1.0, -1.5, 1e12));
        } else if (value instanceof Float) {
            out.addAll(List.of(0.0f, 1.0f, -1.5f, 1e9f));
        } else if (value instanceof BigDecimal) {
            out.addAll(List.of(new BigDecimal("0"), new BigDecimal("1"), new BigDecimal("-1.5"), new BigDecimal("123456789012.345")));
        } else if (value instanceof BigInteger) {
            out.addAll(List.of(new BigInteger("0"), new BigInteger("1"), new BigInteger("-1"), new BigInteger("123456789012345678901")));
        } else if (value instanceof LocalDate) {
            out.addAll(List.of(LocalDate.of(1970, 1, 1), LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31)));
        } else if (value instanceof LocalTime) {
            out.addAll(List.of(LocalTime.of(0, 0), LocalTime.of(23, 59, 59)));
        } else if (value instanceof LocalDateTime) {
            out.addAll(List.of(LocalDateTime.of(1970, 1, 1, 0, 0), LocalDateTime.of(9999, 12, 31, 23, 59)));
        } else if (value instanceof OffsetDateTime) {
            out.addAll(List.of(OffsetDateTime.parse("1970-01-01T00:00Z"), OffsetDateTime.parse("9999-12-31T23:59+14:00")));
        } else if (value instanceof Instant) {
            out.addAll(List.of(Instant.EPOCH, Instant.parse("9999-12-31T23:59:59Z")));
        } else if (value instanceof UUID) {
            out.addAll(List.of(new UUID(0, 0), new UUID(-1, -1)));
        }
        out.removeIf(v -> !fits(declared, v));
        return out;
    }

    private static boolean fits(Class<?> declared, Object v) {
        if (!declared.isPrimitive()) {
            return declared.isInstance(v);
        }
        return java.lang.invoke.MethodType.methodType(declared).wrap().returnType().isInstance(v);
    }

    private static Probe collection(Collection<?> items, Class<?> declared, int n) {
        if (items.isEmpty()) {
            return null;
        }
        Collection<Object> probes = items instanceof Set ? new LinkedHashSet<>() : new ArrayList<>();
        if (!declared.isInstance(probes)) {
            return null;
        }
        Boolean byIdentity = null;
        int i = n;
        for (Object item : items) {
            Probe p = item instanceof Collection ? null : probe(item, Object.class, i++);
            if (p == null || byIdentity != null && byIdentity != p.byIdentity()) {
                return null;
            }
            byIdentity = p.byIdentity();
            probes.add(p.value());
        }
        return probes.size() == items.size() ? new Probe(probes, byIdentity) : null;
    }

    /** An equal copy with its own identity, or null (also when the factory returned a cached instance). */
    private static Object copy(Object value) {
        for (Copier c : COPIERS) {
            if (c.type() == value.getClass()) {
                Object copy = c.copy().apply(value);
                return copy != value ? copy : null;
            }
        }
        return null;
    }

    /** An improbable number of the same type and sign, or null for other values. */
    private static Object number(Object value, int n) {
        // Far from the constants queries use, bounded so that a loop over one stays short.
        long magnitude = 918_273 + 7_919L * n;
        if (value instanceof Integer i) {
            return (int) (i < 0 ? -magnitude : magnitude);
        }
        if (value instanceof Long l) {
            return l < 0 ? -magnitude : magnitude;
        }
        if (value instanceof Short s) {
            int small = 12_289 + 7 * (n % 2_000);
            return (short) (s < 0 ? -small : small);
        }
        if (value instanceof Double d) {
            return d < 0 ? -(magnitude + 0.0625) : magnitude + 0.0625;
        }
        if (value instanceof Float f) {
            float small = 9_182.5625f + n % 2_000;
            return f < 0 ? -small : small;
        }
        return null;
    }
}
