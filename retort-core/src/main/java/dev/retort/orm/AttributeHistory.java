package dev.retort.orm;

import java.util.Collections;
import java.util.List;

/**
 * What the next flush would write for one attribute of an instance (SQLAlchemy's {@code History}
 * of {@code attributes.get_history()}): the value set since the last load or flush
 * ({@code added}), the value as loaded when it is still the same ({@code unchanged}), and the
 * value it replaced ({@code deleted}, known when loaded: see {@link Mapper#activeHistory}).
 * {@link Session#history} gives it.
 *
 * <pre>{@code
 * User u = session.get(User.class, 1);       // name "ed"
 * session.history(u, "name");                // AttributeHistory[added=[], unchanged=[ed], deleted=[]]
 * u.name = "jack";
 * session.history(u, "name");                // AttributeHistory[added=[jack], unchanged=[], deleted=[ed]]
 * }</pre>
 *
 * @param added the new value, or nothing
 * @param unchanged the loaded value when unchanged, or nothing
 * @param deleted the value replaced, or nothing (also when it is not known)
 */
public record AttributeHistory(List<Object> added, List<Object> unchanged, List<Object> deleted) {
    static final AttributeHistory EMPTY = new AttributeHistory(List.of(), List.of(), List.of());

    public AttributeHistory {
        // a value may be null (an attribute set to NULL), which List.copyOf refuses
        added = Collections.unmodifiableList(new java.util.ArrayList<>(added));
        unchanged = Collections.unmodifiableList(new java.util.ArrayList<>(unchanged));
        deleted = Collections.unmodifiableList(new java.util.ArrayList<>(deleted));
    }

    /** Whether the attribute changed: something added or deleted. */
    public boolean hasChanges() {
        return !added.isEmpty() || !deleted.isEmpty();
    }

    /** Whether nothing is known of the attribute: no value added, unchanged or deleted. */
    public boolean isEmpty() {
        return added.isEmpty() && unchanged.isEmpty() && deleted.isEmpty();
    }
}
