/**
 * Retort's core: schema, SQL expression language, dialects, engine, ORM, types and the query
 * serializer. Every package is public API; JDBC drivers are found at run time through
 * {@link java.sql.DriverManager}, so none is required here.
 */
module dev.retort.core {
    requires transitive java.sql;
    requires com.zaxxer.hikari;
    requires com.github.benmanes.caffeine;
    requires com.fasterxml.jackson.core;
    requires static com.fasterxml.jackson.databind;
    // Annotated entity classes are read when present; the annotations are a compile-time dependency only.
    requires static jakarta.persistence;
    requires org.slf4j;

    uses dev.retort.dialect.Dialect;

    exports dev.retort.dialect;
    exports dev.retort.engine;
    exports dev.retort.exc;
    exports dev.retort.ext.serializer;
    exports dev.retort.orm;
    exports dev.retort.schema;
    exports dev.retort.sql;
    exports dev.retort.types;
    exports dev.retort.types.mutable;
}
