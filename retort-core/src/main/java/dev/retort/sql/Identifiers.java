package dev.retort.sql;

import dev.retort.exc.ArgumentException;

/** Checks on the names a statement renders into SQL. */
final class Identifiers {
    private Identifiers() {
    }

    /**
     * {@code name} itself (null passes), refused when it holds a NUL character: no database
     * accepts one in a name, and the compiled template reserves it.
     */
    static String check(String name, String what) {
        if (name != null && name.indexOf('\0') >= 0) {
            throw new ArgumentException("A " + what + " name cannot contain a NUL character: '" + name.replace("\0", "\\0") + "'");
        }
        return name;
    }
}
