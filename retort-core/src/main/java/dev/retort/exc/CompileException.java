package dev.retort.exc;

/** See the package documentation of {@code dev.retort.exc} for when each exception is raised. */
public class CompileException extends RetortException {
    public CompileException(String message) {
        super(message);
    }

    public CompileException(String message, Throwable cause) {
        super(message, cause);
    }
}
