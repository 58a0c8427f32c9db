package dev.retort.types;

import java.math.BigDecimal;

/**
 * The text of a {@link BigDecimal} wherever Retort writes one out (inline SQL literals, offline
 * cache keys, SQLite's text binding): every digit ({@code toPlainString}) when that is short, the
 * scientific form otherwise. {@code 1e999999999} is a few bytes as a value but a billion
 * characters written plainly; the scientific form keeps its text as small as its value.
 *
 * <pre>{@code
 * Decimals.text(new BigDecimal("1.50"));         // "1.50"
 * Decimals.text(new BigDecimal("1e999999999"));  // "1E+999999999"
 * }</pre>
 */
public final class Decimals {
    /** The longest plain text written; a longer one is written in scientific form. */
    public static final int MAX_PLAIN_LENGTH = 1000;

    private Decimals() {
    }

    /** {@code d.toPlainString()} if it is at most {@link #MAX_PLAIN_LENGTH} characters, else {@code d.toString()}. */
    public static String text(BigDecimal d) {
        long scale = d.scale();
        long plainLength = scale <= 0 ? d.precision() - scale : Math.max(d.precision(), scale) + 2;
        return plainLength <= MAX_PLAIN_LENGTH ? d.toPlainString() : d.toString();
    }
}
