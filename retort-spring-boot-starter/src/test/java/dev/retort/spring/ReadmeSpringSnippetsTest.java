package dev.retort.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.testing.ReadmeSnippets;
import org.junit.jupiter.api.Test;

/** The README's Spring Boot block (retort-core's ReadmeSnippetsTest leaves it here) compiles against Spring's API. */
class ReadmeSpringSnippetsTest {
    @Test
    void springBlocksCompile() throws Exception {
        var result = ReadmeSnippets.compileModuleBlocks(s -> s.code().contains("@Service"),
                "import org.springframework.stereotype.Service; import org.springframework.jdbc.core.JdbcTemplate;"
                        + " import org.springframework.transaction.annotation.Transactional;"
                        + " import dev.retort.schema.Table; import dev.retort.engine.Connection;",
                // static: the block's class is a top-level class of the application, which reaches its tables statically
                "protected static dev.retort.schema.Table accounts;");
        assertThat(result.errors()).as("compile errors in README java blocks").isEmpty();
    }
}
