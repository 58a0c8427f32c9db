package dev.retort.engine;

import dev.retort.exc.NoSuchColumnException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The column names of a result, shared by all its rows, with the look-up from name to position. */
final class RowKeys {
    private final List<String> names;
    /** Name to position, exact and case-folded: made on the first look-up by name (the ORM reads by position). */
    private volatile Lookup lookup;

    private record Lookup(Map<String, Integer> exact, Map<String, Integer> folded) {
    }

    RowKeys(List<String> names) {
        this.names = List.copyOf(names);
    }

    private Lookup lookup() {
        Lookup l = lookup;
        if (l == null) {
            Map<String, Integer> exact = new HashMap<>();
            Map<String, Integer> folded = new HashMap<>();
            // The first column of a name wins, as in SQL. A name also matches case-insensitively,
            // because PostgreSQL folds unquoted labels to lower case and the other databases do not.
            for (int i = names.size() - 1; i >= 0; i--) {
                exact.put(names.get(i), i);
                folded.put(fold(names.get(i)), i);
            }
            l = new Lookup(exact, folded);
            lookup = l;
        }
        return l;
    }

    List<String> names() {
        return names;
    }

    /** The position of the column named {@code name}. */
    int indexOf(String name) {
        Lookup l = lookup();
        Integer i = l.exact().get(name);
        if (i == null && name != null) {
            i = l.folded().get(fold(name));
        }
        if (i == null) {
            throw new NoSuchColumnException("No column '" + name + "' in the row; its columns are " + names);
        }
        return i;
    }

    /** Checks a position. */
    int checkIndex(int index) {
        if (index < 0 || index >= names.size()) {
            throw new NoSuchColumnException("No column at position " + index + " in the row; it has " + names.size() + " columns " + names);
        }
        return index;
    }

    private static String fold(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
