package dev.retort.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.testing.ReadmeSnippets;
import dev.retort.testing.ReadmeSnippets.Snippet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The README's retort-redis blocks (which retort-core's ReadmeSnippetsTest skips) compile against this module. */
class ReadmeRedisSnippetsTest {
    /** What the README's prose defines around the blocks. */
    static final String CONTEXT = """
            package readme;
            @SuppressWarnings("all")
            public abstract class Context {
                protected dev.retort.engine.Engine engine;
                protected dev.retort.engine.Connection conn;
                protected dev.retort.schema.Table users;
            }
            """;

    @Test
    void redisBlocksCompile() throws IOException {
        Path readme = Path.of("../README.md");
        Assumptions.assumeTrue(Files.exists(readme), "README snippets not checked: no ../README.md next to this module");
        List<Snippet> blocks = ReadmeSnippets.extract(readme).stream().filter(s -> s.code().contains("RedisResultCache.builder()")).toList();
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(3);
        ReadmeSnippets.Result result = ReadmeSnippets.compileBlocks(blocks, CONTEXT,
                s -> ReadmeSnippets.PRELUDE + " import dev.retort.redis.*; import dev.retort.schema.Table; import dev.retort.engine.Connection;",
                s -> "");
        System.out.println("README retort-redis snippets: " + result.compiled() + " compiled");
        assertThat(result.errors()).as("compile errors in README java blocks").isEmpty();
    }
}
