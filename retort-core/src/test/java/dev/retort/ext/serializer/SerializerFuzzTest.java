package dev.retort.ext.serializer;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.retort.exc.SerializationException;
import dev.retort.schema.MetaData;

/**
 * Throws mutated inputs at {@code loads}: a malformed input may only ever raise a
 * {@link SerializationException}. Starts from valid documents of both protocols (the seeds in
 * SerializerFuzzTestInputs/loads). Runs in its own surefire execution with JAZZER_FUZZ=1.
 */
class SerializerFuzzTest {
    private static final MetaData MD = FormatFixtureTest.MD;
    private static final QuerySerializer SMALL = QuerySerializer.withLimits(new SerializerLimits(64 * 1024, 100, 5_000));

    @FuzzTest(maxExecutions = 150_000, maxDuration = "4m")
    void loads(byte[] input) {
        try {
            SMALL.read(input, MD);
        } catch (SerializationException expected) {
            // the only exception a malformed input may cause
        }
    }
}
