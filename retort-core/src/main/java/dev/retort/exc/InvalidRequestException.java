package dev.retort.exc;

/**
 * An operation the object's state does not allow (SQLAlchemy's {@code InvalidRequestError}): expiring
 * an instance that is not persistent in the session, or {@code merge(obj, false)} of a changed or
 * never-persisted instance.
 *
 * <pre>{@code
 * session.add(newUser);
 * session.expire(newUser);   // InvalidRequestException: Instance '...' is not persistent within this Session
 * }</pre>
 */
public class InvalidRequestException extends RetortException {
    public InvalidRequestException(String message) {
        super(message);
    }
}
