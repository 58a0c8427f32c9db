package dev.retort.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * CTEs a statement declares whether or not anything in it refers to them (SQLAlchemy's
 * {@code add_cte}), in order, each with whether it is declared in this statement's own WITH
 * clause ({@code nest_here=True}) rather than at the top.
 */
record AddedCtes(List<CTE> ctes, List<Boolean> nestHere) {
    static final AddedCtes NONE = new AddedCtes(List.of(), List.of());

    AddedCtes {
        ctes = List.copyOf(ctes);
        nestHere = List.copyOf(nestHere);
    }

    /** Rebuilt from a node's attributes: the CTE list and the flags (null when none nests here). */
    @SuppressWarnings("unchecked")
    static AddedCtes of(Object ctes, Object nestHere) {
        if (ctes == null || ((List<?>) ctes).isEmpty()) {
            return NONE;
        }
        List<CTE> list = (List<CTE>) ctes;
        // A loaded list holds what its document says: another kind would fail only when compiled.
        for (Object o : list) {
            if (!(o instanceof CTE)) {
                throw new dev.retort.exc.ArgumentException("addCte: the added CTEs are cte nodes, not " + (o == null ? "null" : o.getClass().getSimpleName()));
            }
        }
        if (nestHere == null) {
            return new AddedCtes(list, java.util.Collections.nCopies(list.size(), false));
        }
        List<Boolean> flags = (List<Boolean>) nestHere;
        for (Object o : flags) {
            if (!(o instanceof Boolean)) {
                throw new dev.retort.exc.ArgumentException("addCte: the nest-here flags are booleans, not " + o);
            }
        }
        if (flags.size() != list.size()) {
            throw new dev.retort.exc.ArgumentException("addCte: " + list.size() + " CTEs but " + flags.size() + " nest-here flags");
        }
        return new AddedCtes(list, flags);
    }

    AddedCtes plus(CTE[] more, boolean here) {
        List<CTE> c = new ArrayList<>(ctes);
        List<Boolean> n = new ArrayList<>(nestHere);
        for (CTE x : more) {
            if (x == null) {
                throw new dev.retort.exc.ArgumentException("null is not a CTE");
            }
            c.add(x);
            n.add(here);
        }
        return new AddedCtes(c, n);
    }

    /** The flags as a node attribute: null when none is set, so a statement without them needs no newer format. */
    List<Boolean> nestHereAttribute() {
        return nestHere.contains(Boolean.TRUE) ? nestHere : null;
    }
}
