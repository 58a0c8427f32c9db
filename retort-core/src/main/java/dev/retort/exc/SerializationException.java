package dev.retort.exc;

/** See the package documentation of {@code dev.retort.exc} for when each exception is raised. */
public class SerializationException extends RetortException {
    public SerializationException(String message) {
        super(message);
    }

    public SerializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
