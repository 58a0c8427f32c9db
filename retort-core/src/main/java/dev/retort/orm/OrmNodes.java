package dev.retort.orm;

import dev.retort.sql.Traversal;
import java.util.List;

/**
 * The ORM's node kinds, so that a reader can find them by name before any ORM class was used
 * (a kind registers when its class initialises; initialising this class initialises them all).
 */
public final class OrmNodes {
    static final List<Traversal<?>> ALL = List.of(Mapper.TRAVERSAL, QueryableAttribute.TRAVERSAL, AliasedEntity.TRAVERSAL,
            LoaderOption.TRAVERSAL, JoinStep.TRAVERSAL, Query.TRAVERSAL, LoaderCriteria.TRAVERSAL,
            QueryOrigin.TRAVERSAL, Bundle.TRAVERSAL);

    static {
        // So that a loads naming a converted type without the MetaData mapping it says which, not that the codec is unknown.
        ConvertedType.registerCodec();
    }

    private OrmNodes() {
    }

    /** Registers the ORM's node kinds (calling it initialises this class, which does the work). */
    public static void ensureLoaded() {
        // Initialisation of this class does the work.
    }
}
