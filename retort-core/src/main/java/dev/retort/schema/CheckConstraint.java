package dev.retort.schema;

import dev.retort.sql.ClauseElement;
import java.util.List;

/** {@code [CONSTRAINT name] CHECK (condition)}: a SQL expression or text. */
public final class CheckConstraint extends Constraint {
    private final ClauseElement condition;

    public CheckConstraint(String name, ClauseElement condition) {
        super(name, List.of());
        this.condition = condition;
    }

    /** The condition, rendered with literal values. */
    public ClauseElement condition() {
        return condition;
    }
}
