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
    @SuppressWarnings("unchecked")
    static Affixes of(Object prefixes, Object suffixes) {
        List<Prefix> p = prefixes == null ? List.of() : (List<Prefix>) prefixes;
        List<Prefix> s = suffixes == null ? List.of() : (List<Prefix>) suffixes;
        return p.isEmpty() && s.isEmpty() ? NONE : new Affixes(p, s);
    }

    Affixes prefixed(String dialect, Object[] items) {
        return new Affixes(Prefix.plus(prefixes, Prefix.of(dialect, items)), suffixes);
    }

    Affixes suffixed(String dialect, Object[] items) {
        return new Affixes(prefixes, Prefix.plus(suffixes, Prefix.of(dialect, items)));
    }
}
