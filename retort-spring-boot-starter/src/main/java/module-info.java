/**
 * Spring Boot auto-configuration for Retort. The package is open because Spring binds the
 * {@code retort.*} properties and proxies the configuration classes reflectively.
 */
module dev.retort.spring {
    requires transitive dev.retort.core;
    requires static dev.retort.redis;
    requires static dev.retort.micrometer;
    requires static micrometer.core;
    requires static micrometer.observation;
    requires spring.beans;
    requires spring.boot;
    requires spring.boot.autoconfigure;
    requires spring.boot.jdbc;
    requires spring.context;
    requires spring.core;
    requires spring.jdbc;
    requires spring.tx;

    exports dev.retort.spring;
    opens dev.retort.spring;
}
