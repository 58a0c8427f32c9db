package dev.retort.sql;

import java.util.List;

/**
 * A statement's prefixes and suffixes ({@link Prefix}), in the order given: what SELECT, CTE and
 * the DML statements carry for {@code prefixWith} / {@code suffixWith}.
 */
record Affixes(List<Prefix> prefixes, List<Prefix> suffixes) {
    static final Affixes NONE = new Affixes(List.of(), List.of());

    Affixes {
        prefixes = List.copyOf(prefixes);
        suffixes = List.copyOf(suffixes);
    }

    /** Rebuilt from a node's attributes (absent, so null, in documents older than them). */
    static Affixes of(Object prefixes, Object suffixes) {
        List<Prefix> p = loaded(prefixes, "prefixes");
        List<Prefix> s = loaded(suffixes, "suffixes");
        return p.isEmpty() && s.isEmpty() ? NONE : new Affixes(p, s);
    }

    /**
     * A loaded list of prefixes, each checked: a loaded list holds whatever elements its
     * document says, and another kind would only fail when the statement compiles.
     */
    private static List<Prefix> loaded(Object list, String what) {
        if (list == null) {
            return List.of();
        }
        List<Prefix> out = new java.util.ArrayList<>();
        for (Object o : (List<?>) list) {
            if (!(o instanceof Prefix p)) {
                throw new dev.retort.exc.ArgumentException("The " + what + " of a statement are prefix nodes, not "
                        + (o == null ? "null" : o.getClass().getSimpleName()));
            }
            out.add(p);
        }
        return out;
    }

    Affixes prefixed(String dialect, Object[] items) {
        return new Affixes(Prefix.plus(prefixes, Prefix.of(dialect, items)), suffixes);
    }

    Affixes suffixed(String dialect, Object[] items) {
        return new Affixes(prefixes, Prefix.plus(suffixes, Prefix.of(dialect, items)));
    }
}
