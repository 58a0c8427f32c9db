package dev.retort.exc;

/**
 * An attribute was used that a loader option or the mapping said must not load
 * ({@code raiseload}): {@link #entity()} and {@link #attribute()} name it.
 *
 * <pre>{@code
 * User u = session.query(User.class).options(ORM.defer(ORM.attr(User.class, "bio"), true)).one();
 * session.loadAttribute(u, "bio");   // RaiseloadException: 'User.bio' is not available due to raiseload
 * }</pre>
 */
public class RaiseloadException extends RetortException {
    private final String entity;
    private final String attribute;

    public RaiseloadException(String entity, String attribute) {
        super("'" + entity + "." + attribute + "' is not available due to raiseload");
        this.entity = entity;
        this.attribute = attribute;
    }

    /** The entity name of the attribute's class. */
    public String entity() {
        return entity;
    }

    /** The attribute's key. */
    public String attribute() {
        return attribute;
    }
}
