package dev.retort.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * SQLite's NUMERIC text read from its UTF-8 bytes ({@link SqliteJdbcBinder#decimal}) is exactly
 * {@code new BigDecimal(text)}: value, scale and refusal alike, for generated texts of digits,
 * signs, points and exponents (SQLite's renderings among them) and for decimals of every size.
 */
class SqliteDecimalTextTest {
    private static final String ALPHABET = "0123456789012345678901234567890123456789..--+eE x\u00e9";

    @Test
    void bytesParseAsTheStringDoes() {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        for (int k = 0; k < 200_000; k++) {
            String text = k % 2 == 0 ? scrambled(random) : rendered(random);
            assertThat(outcome(() -> SqliteJdbcBinder.decimal(text.getBytes(StandardCharsets.UTF_8))))
                    .as("seed %d, text '%s'", seed, text).isEqualTo(outcome(() -> new BigDecimal(text)));
        }
    }

    /** Characters drawn at random, mostly digits: most are not numbers, many are. */
    private static String scrambled(SplittableRandom random) {
        StringBuilder b = new StringBuilder();
        for (int n = random.nextInt(24); n > 0; n--) {
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    /** A decimal written as SQLite or Java writes one: plain, scientific, with leading or trailing zeros. */
    private static String rendered(SplittableRandom random) {
        BigDecimal d = new BigDecimal(dev.retort.testing.Draws.bigInteger(random.nextInt(80) + 1, random).subtract(BigInteger.ONE.shiftLeft(random.nextInt(70))),
                random.nextInt(30) - 8);
        switch (random.nextInt(5)) {
            case 0: return d.toString();
            case 1: return d.toPlainString();
            case 2: return "00" + d.abs().toPlainString();
            case 3: return d.toPlainString() + (d.scale() > 0 ? "000" : ".");
            default: return d.stripTrailingZeros().toPlainString().replace("0.", ".");
        }
    }

    private static String outcome(java.util.function.Supplier<BigDecimal> parse) {
        try {
            BigDecimal d = parse.get();
            return d.unscaledValue() + " scale " + d.scale();
        } catch (RuntimeException e) {
            return "!" + e.getClass().getName() + ": " + e.getMessage();
        }
    }
}
