package dev.retort.exc;

/**
 * Root of every exception Retort throws. Unchecked, so fluent code stays readable.
 *
 * <pre>{@code
 * try { conn.execute(stmt); } catch (RetortException e) { log.warn(e.getMessage()); }
 * }</pre>
 */
public class RetortException extends RuntimeException {
    public RetortException(String message) {
        super(message);
    }

    public RetortException(String message, Throwable cause) {
        super(message, cause);
    }
}
