/** Retort's command line: the demo, and inspecting or running a dumped query. */
module dev.retort.cli {
    requires dev.retort.core;
    requires dev.retort.codegen;
    requires info.picocli;
    requires com.fasterxml.jackson.core;

    // picocli reads the command classes' annotated fields reflectively.
    opens dev.retort.cli to info.picocli;
}
