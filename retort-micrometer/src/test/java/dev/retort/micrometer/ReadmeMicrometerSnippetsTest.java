package dev.retort.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.testing.ReadmeSnippets;
import org.junit.jupiter.api.Test;

/** The README's retort-micrometer block (retort-core's ReadmeSnippetsTest leaves it here) compiles against this module. */
class ReadmeMicrometerSnippetsTest {
    @Test
    void micrometerBlocksCompile() throws Exception {
        var result = ReadmeSnippets.compileModuleBlocks(s -> s.code().contains("RetortMetrics"),
                "import dev.retort.micrometer.*;",
                "protected dev.retort.engine.Engine engine; protected io.micrometer.core.instrument.MeterRegistry meterRegistry;"
                        + " protected io.micrometer.observation.ObservationRegistry observationRegistry;"
                        + " protected dev.retort.redis.RedisResultCache resultCache;");
        assertThat(result.errors()).as("compile errors in README java blocks").isEmpty();
    }
}
