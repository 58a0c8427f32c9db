package dev.retort.exc;

/** See the package documentation of {@code dev.retort.exc} for when each exception is raised. */
public class ArgumentException extends RetortException {
    public ArgumentException(String message) {
        super(message);
    }

    public ArgumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
