package dev.retort.types;

import dev.retort.dialect.Dialect;
import java.util.Arrays;
import java.util.List;

/**
 * A BOOLEAN that, on a database without a native boolean (SQLite, MySQL, MariaDB), comes with a
 * table CHECK admitting 0 and 1 only, optionally named: SQLAlchemy's {@code
 * Boolean(create_constraint=True, name=...)}. Where BOOLEAN is native (PostgreSQL) it is a plain
 * BOOLEAN. Obtain one from {@link Types#checkedBoolean(String)}.
 *
 * <pre>{@code
 * new Table("flags", metadata, Column.of("on", Types.checkedBoolean("ck_flags_on")));
 * // SQLite: CREATE TABLE flags (on BOOLEAN, CONSTRAINT ck_flags_on CHECK (on IN (0, 1)))
 * }</pre>
 */
public final class CheckedBoolean extends TypeDecorator<Boolean, Boolean> {
    private final String name;

    CheckedBoolean(String name) {
        super(Types.BOOLEAN, Boolean.class);
        this.name = name;
    }

    /** The CHECK constraint's name, or null to leave it unnamed. */
    public String name() {
        return name;
    }

    @Override
    public Boolean processBindParam(Boolean value, Dialect dialect) {
        return value;
    }

    @Override
    public Boolean processResultValue(Boolean value, Dialect dialect) {
        return value;
    }

    @Override
    public boolean cacheOk() {
        return true;
    }

    @Override
    public List<Object> cacheKeyState() {
        return Arrays.asList(name);
    }

    @Override
    public String toString() {
        return name == null ? "CheckedBoolean" : "CheckedBoolean(" + name + ")";
    }
}
