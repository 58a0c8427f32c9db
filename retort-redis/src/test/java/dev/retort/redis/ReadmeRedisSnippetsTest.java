package dev.retort.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.testing.ReadmeSnippets;
import org.junit.jupiter.api.Test;

/** The README's retort-redis blocks (retort-core's ReadmeSnippetsTest leaves them here) compile against this module. */
class ReadmeRedisSnippetsTest {
    @Test
    void redisBlocksCompile() throws Exception {
        var result = ReadmeSnippets.compileModuleBlocks(s -> s.code().contains("RedisResultCache.builder()"),
                "import dev.retort.redis.*; import dev.retort.schema.Table; import dev.retort.engine.Connection;",
                "protected dev.retort.engine.Engine engine; protected dev.retort.engine.Connection conn; protected dev.retort.schema.Table users;");
        assertThat(result.errors()).as("compile errors in README java blocks").isEmpty();
    }
}
