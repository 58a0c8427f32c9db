/** Micrometer metrics and observations for Retort's statements, caches and pool. */
module dev.retort.micrometer {
    requires transitive dev.retort.core;
    requires transitive micrometer.core;
    requires transitive micrometer.observation;
    requires micrometer.commons;
    requires com.zaxxer.hikari;
    requires static dev.retort.redis;

    exports dev.retort.micrometer;
}
