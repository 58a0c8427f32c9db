package dev.retort.orm;

/** What tests in other packages read of a registry's kept query plans ({@link Registry#queryPlanCacheSize}). */
public final class QueryPlanProbe {
    private QueryPlanProbe() {
    }

    /** How many queries of {@code registry}'s classes took a kept plan since its cache was made. */
    public static long reused(Registry registry) {
        return registry.queryPlans().reused();
    }
}
