/** Typed table classes generated from a database, and migrations generated from a model. */
module dev.retort.codegen {
    requires transitive dev.retort.core;
    // Model files (dev.retort.migrate.ModelFile) are read and written by Jackson's streaming API.
    requires com.fasterxml.jackson.core;

    exports dev.retort.codegen;
    exports dev.retort.migrate;
}
