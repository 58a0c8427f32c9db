package dev.retort.testing;

import static org.assertj.core.api.Assertions.fail;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures a refusal of hostile input reports of the work it counted (keys of one hash compared, bytes the reader
 * had read, ...): what tests hold it to, rather than the time it took, which depends on the machine.
 */
public final class Refusal {
    private Refusal() {
    }

    /** The figure {@code pattern} (one group of digits) finds in the message of {@code refused} or of a cause. */
    public static long figure(Throwable refused, String pattern) {
        Pattern p = Pattern.compile(pattern);
        for (Throwable t = refused; t != null; t = t.getCause()) {
            Matcher m = t.getMessage() == null ? null : p.matcher(t.getMessage());
            if (m != null && m.find()) {
                return Long.parseLong(m.group(1));
            }
        }
        return fail("no figure '" + pattern + "' in the refusal " + refused, refused);
    }

    /** The keys of one hash its set had compared the refused key with: the comparisons grow as their square. */
    public static long keysBefore(Throwable refused) {
        return figure(refused, "(\\d+) before this one");
    }

    /** The bytes of the stream read (by the reader, or by the scan measuring ahead of it) when it was refused. */
    public static long bytesRead(Throwable refused) {
        return figure(refused, "\\((\\d+) bytes read\\)");
    }
}
