package dev.retort.sql;

import java.util.List;

/**
 * What a statement writes around its clauses, in the order given: prefixes and suffixes
 * ({@link Prefix}; SELECT, CTE and the DML statements' {@code prefixWith} / {@code suffixWith}),
 * hints ({@link Hint}; SELECT's {@code withHint} / {@code withStatementHint}, UPDATE's and
 * DELETE's {@code withHint}) and the row limit of an UPDATE or DELETE (MySQL's, null for none).
 */
record Affixes(List<Prefix> prefixes, List<Prefix> suffixes, List<Hint> hints, Integer limit) {
    static final Affixes NONE = new Affixes(List.of(), List.of(), List.of(), null);

    Affixes {
        prefixes = List.copyOf(prefixes);
        suffixes = List.copyOf(suffixes);
        hints = List.copyOf(hints);
    }

    /** Rebuilt from a node's attributes (absent, so null, in documents older than them). */
    static Affixes of(Object prefixes, Object suffixes) {
        return of(prefixes, suffixes, null, null);
    }

    /** As {@link #of(Object, Object)}, with hints and a limit. */
    static Affixes of(Object prefixes, Object suffixes, Object hints, Object limit) {
        List<Prefix> p = loaded(prefixes, "prefixes", Prefix.class);
        List<Prefix> s = loaded(suffixes, "suffixes", Prefix.class);
        List<Hint> h = loaded(hints, "hints", Hint.class);
        if (limit != null && !(limit instanceof Integer)) {
            throw new dev.retort.exc.ArgumentException("The limit of a statement is an integer, not " + limit.getClass().getSimpleName());
        }
        return p.isEmpty() && s.isEmpty() && h.isEmpty() && limit == null ? NONE : new Affixes(p, s, h, (Integer) limit);
    }

    /**
     * A loaded list of prefixes, each checked: a loaded list holds whatever elements its
     * document says, and another kind would only fail when the statement compiles.
     */
    private static <T> List<T> loaded(Object list, String what, Class<T> kind) {
        if (list == null) {
            return List.of();
        }
        List<T> out = new java.util.ArrayList<>();
        for (Object o : (List<?>) list) {
            if (!kind.isInstance(o)) {
                throw new dev.retort.exc.ArgumentException("The " + what + " of a statement are " + kind.getSimpleName().toLowerCase()
                        + " nodes, not " + (o == null ? "null" : o.getClass().getSimpleName()));
            }
            out.add(kind.cast(o));
        }
        return out;
    }

    Affixes prefixed(String dialect, Object[] items) {
        return new Affixes(Prefix.plus(prefixes, Prefix.of(dialect, items)), suffixes, hints, limit);
    }

    Affixes suffixed(String dialect, Object[] items) {
        return new Affixes(prefixes, Prefix.plus(suffixes, Prefix.of(dialect, items)), hints, limit);
    }

    Affixes hinted(Hint hint) {
        List<Hint> out = new java.util.ArrayList<>(hints);
        out.add(hint);
        return new Affixes(prefixes, suffixes, out, limit);
    }

    Affixes limited(Integer rows) {
        if (rows != null && rows < 0) {
            throw new dev.retort.exc.ArgumentException("A limit is at least 0, not " + rows);
        }
        return new Affixes(prefixes, suffixes, hints, rows);
    }
}
