/** Typed table classes generated from a database, and migrations generated from a model. */
module dev.retort.codegen {
    requires transitive dev.retort.core;

    exports dev.retort.codegen;
    exports dev.retort.migrate;
}
